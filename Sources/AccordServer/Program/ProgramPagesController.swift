import AccordApp
import AccordCore
import Hummingbird

/// `/program`: the three phases with their checks, the day count and the renewals inside the program.
struct ProgramPagesController {
    let desk: ProgramDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day

    func add(to routes: GuardedRoutes) {
        routes.get("/program", .allowed(.readClientData), page: true, use: page)
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let status = try await desk.status(today: today())
        func checks(_ list: [ProgramStatus.Check]) -> [[String: Any]] {
            list.map { ["id": $0.id, "label": $0.label, "detail": $0.detail, "passed": $0.passed] }
        }
        func renewals(_ due: ProgramStatus.Renewals) -> [String: Any] {
            [
                "count": Format.count(due.count), "mrr": Format.dollars(cents: due.mrrCents), "from": due.from.iso, "to": due.to.iso,
                "first": due.first?.iso ?? false,
            ]
        }
        let phases = status.phases.map { phase -> [String: Any] in
            [
                "number": phase.number, "name": phase.name, "days": "Days \(phase.firstDay)–\(phase.lastDay)", "deliverable": phase.deliverable,
                "state": phase.state, "done": phase.done,
                "doneOn": phase.doneOn?.iso ?? false, "startedOn": phase.startedOn?.iso ?? false, "outOfOrder": phase.outOfOrder,
                "waitingOn": checks(phase.waitingOn), "hasWaiting": !phase.waitingOn.isEmpty, "checks": checks(phase.checks),
                "current": status.calendarPhase == phase.number,
            ]
        }
        return renderer.render(
            "program",
            [
                "day": Format.count(status.day), "start": status.start.iso, "today": status.today.iso, "variant": status.variant.rawValue,
                "calendar": status.calendarText,
                "phases": phases, "inside": renewals(status.renewalsInsideProgram), "next": renewals(status.renewalsNext90Days),
                "done": Format.count(status.phases.filter(\.done).count),
            ], context: context)
    }
}
