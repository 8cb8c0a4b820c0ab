import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// The plays' pages: every play with its work, and one play with its runs, the tasks held back
/// past a cap, its backtest, and the switch between dry run and live.
struct PlayPagesController {
    let desk: PlayDesk
    let accounts: PlayAccounts
    let renderer: PageRenderer
    let policy: AccessPolicy
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/plays", .allowed(.readClientData), page: true, use: playsPage)
        routes.get("/plays/{id}", .allowed(.readClientData), page: true, use: playPage)
        routes.post("/plays/{id}/status", .signedIn, page: true, use: statusFromPage)
    }

    static func trigger(_ trigger: Play.Trigger) -> String {
        switch trigger {
        case .event(let name, let conditions):
            "event \(name)"
                + (conditions.isEmpty ? "" : " where " + conditions.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))
        case .outcome(let state): "an outcome turns \(state.rawValue.replacingOccurrences(of: "_", with: " "))"
        case .healthBand(let band): "health enters \(band.rawValue.replacingOccurrences(of: "_", with: " "))"
        case .renewal(let days, let risk): "renewal within \(days) days at \(risk.rawValue) risk or above"
        case .handoffRejected(let times): "the same handoff rejected \(times) times in 180 days"
        case .singleThreaded: "single-threaded"
        case .noDecisionMaker(let days): "no decision-maker engaged for \(days) days"
        case .npsDetractor: "an NPS detractor"
        case .syncFailed: "a failed sync holding the client"
        }
    }

    @Sendable func playsPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        var rows: [[String: Any]] = []
        for play in try await desk.plays() {
            let runs = context.scope.filter(try await desk.store.playRuns(play: play.id, account: nil, limit: 100_000), account: { $0.account })
            let tasks = context.scope.filter(try await desk.store.tasks(TaskQuery(play: play.id, limit: 5000)), account: { $0.account })
            let closed = tasks.filter { $0.status == .done || $0.status == .skipped }
            rows.append([
                "id": play.id, "name": play.name, "trigger": Self.trigger(play.trigger), "status": play.status.rawValue,
                "runs": Format.count(runs.count), "holdout": Format.count(runs.filter { $0.mode == .holdout }.count),
                "open": Format.count(tasks.filter { $0.status == .open }.count), "held": Format.count(tasks.filter { $0.status == .held }.count),
                "done": tasks.isEmpty
                    ? "—"
                    : Format.percent(
                        Double(tasks.filter { $0.status == .done }.count) / Double(max(1, closed.count + tasks.filter { $0.status == .open }.count))),
            ])
        }
        return renderer.render("plays", ["plays": rows], context: context)
    }

    @Sendable func playPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let play = try await desk.plays().first(where: { $0.id == id }) else {
            return renderer.render(
                "not-found", ["message": PlayDesk.Failure.unknownPlay(id, known: desk.spec.playbooks.map(\.id)).description], context: context,
                status: .notFound)
        }
        let principal = try context.requireIdentity()
        let accounts = try await self.accounts.accounts(asOf: today())
        let names = Dictionary(accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let runs = context.scope.filter(try await desk.store.playRuns(play: play.id, account: nil, limit: 200), account: { $0.account })
        let held = context.scope.filter(try await desk.store.tasks(TaskQuery(statuses: [.held], play: play.id, limit: 500)), account: { $0.account })
        var view: [String: Any] = [
            "id": play.id, "name": play.name, "trigger": Self.trigger(play.trigger), "status": play.status.rawValue, "live": play.status == .live,
            "holdout": Format.percent(play.holdout), "cooldown": Format.count(play.cooldownDays), "cap": Format.count(play.maxOpenTasks),
            "canSwitch": policy.allows(principal, .runPlays), "csrf": context.session?.csrfToken ?? false,
            "runs": runs.map { run -> [String: Any] in
                [
                    "id": run.id, "account": run.account, "name": names[run.account] ?? run.account, "started": run.startedOn.iso, "reason": run.reason,
                    "mode": run.mode.rawValue.replacingOccurrences(of: "_", with: " "), "status": run.status.rawValue,
                ]
            },
            "held": held.map { task -> [String: Any] in
                [
                    "id": task.id, "title": task.title, "account": task.account, "name": names[task.account] ?? task.account,
                    "owner": desk.spec.person(task.owner)?.name ?? task.owner, "ownerID": task.owner, "because": task.heldBecause ?? "",
                ]
            },
            "hasHeld": !held.isEmpty,
        ]
        if let effect = try await desk.effects(asOf: today(), accounts: accounts).first(where: { $0.play == play.id }) {
            func percent(_ share: Double?) -> String { share.map(Format.percent) ?? "—" }
            func arm(_ arm: PlayEffect.Arm) -> [String: Any] {
                [
                    "clients": Format.count(arm.clients), "retention": percent(arm.retention), "expansion": percent(arm.expansion),
                    "nrr": percent(arm.netMRRKept), "attainment": percent(arm.outcomeAttainment),
                ]
            }
            view["effect"] =
                [
                    "treated": arm(effect.treated), "heldOut": arm(effect.heldOut), "lift": effect.showsLift,
                    "difference": effect.retentionDifference.map { "\(Format.signed($0 * 100)) points" } ?? "—",
                    "interval": effect.differenceLow.map { "\(Format.signed($0 * 100)) to \(Format.signed((effect.differenceHigh ?? 0) * 100)) points" } ?? "—",
                    "done": Format.count(effect.tasksDone), "skipped": Format.count(effect.tasksSkipped), "open": Format.count(effect.tasksOpen),
                    "completion": percent(effect.completionRate), "daysToDone": effect.medianDaysToDone.map { Format.count($0) } ?? "—",
                ] as [String: Any]
        }
        if request.uri.queryParameters.text("backtest") != nil {
            let test = PlayBacktest.run(play, accounts: accounts, spec: desk.spec, asOf: today())
            func percent(_ share: Double?) -> String { share.map(Format.percent) ?? "—" }
            view["backtest"] =
                [
                    "from": test.from.iso, "to": test.to.iso, "firings": Format.count(test.firings.count), "clients": Format.count(test.clients),
                    "perWeek": test.tasksPerPersonWeekMean.map(Format.oneDecimal) ?? "—", "perWeekMax": Format.count(test.tasksPerPersonWeekMax),
                    "firedClients": Format.count(test.fired.clients), "firedChurn": percent(test.fired.churnRate),
                    "firedExpansion": percent(test.fired.expansionRate),
                    "otherClients": Format.count(test.notFired.clients), "otherChurn": percent(test.notFired.churnRate),
                    "otherExpansion": percent(test.notFired.expansionRate), "lead": test.medianDaysToRenewal.map { Format.count($0) } ?? "—",
                ] as [String: Any]
        }
        return renderer.render("play", view, context: context)
    }

    @Sendable func statusFromPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        guard policy.allows(principal, .runPlays) else { return Pages.forbidden(principal) }
        let fields = FormFields(try await request.body.collect(upTo: 16 * 1024))
        guard let status = fields.value("status").flatMap(Play.Status.init(rawValue:)) else {
            return renderer.render("not-found", ["message": "Choose live or dry_run."], context: context, status: .badRequest)
        }
        do {
            try await desk.switchPlay(id, to: status, by: principal.auditName, origin: context.origin, at: now())
        } catch let failure as PlayDesk.Failure {
            return renderer.render("not-found", ["message": failure.description], context: context, status: .notFound)
        }
        return Response(status: .seeOther, headers: [.location: "/plays/\(id)"])
    }
}
