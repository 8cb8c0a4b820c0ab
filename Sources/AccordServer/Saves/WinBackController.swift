import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// `/win-back`: churned clients ranked by an explained chance to return, as JSON, as CSV for
/// marketing tools, and as a page; with the ranking's backtest on past churn.
struct WinBackController {
    let desk: WinBackDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/win-back", .allowed(.readClientData), use: list)
        routes.get("/win-back", .allowed(.readClientData), page: true, use: page)
    }

    static let columns = ["rank", "account", "name", "segment", "churned_on", "reason", "score", "why", "expected_value", "offer"]

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        var list = try await desk.list(asOf: today())
        list.rows = context.scope.filter(list.rows, account: { $0.facts.account })
        if try MetricsController.wantsCSV(request) {
            let rows = list.rows.map { row -> [CSVText.Cell] in
                [
                    .integer(Int64(row.rank)), .text(row.facts.account), .text(row.facts.name), .text(row.facts.segment), .text(row.facts.churnedOn.iso),
                    .text(row.facts.reason?.rawValue ?? ""), .integer(Int64(row.score.points)),
                    .text(row.score.parts.map { "\(Format.signed(Double($0.points))): \($0.label)" }.joined(separator: "; ")),
                    .number(Double(row.expectedValueCents) / 100), row.offer.map(CSVText.Cell.text) ?? .empty,
                ]
            }
            return MetricsController.csv(CSVText.encode(header: Self.columns, rows: rows), name: "win-back-\(list.asOf.iso).csv")
        }
        return try JSON.response(list)
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let list = try await desk.list(asOf: today())
        let rows = context.scope.filter(list.rows, account: { $0.facts.account })
        let principal = try context.requireIdentity()
        let me = principal.personID.flatMap { desk.spec.person($0) }
        let canStart = me.map(WinBackCampaignMachine.mayRun) ?? false
        return renderer.render(
            "win-back",
            [
                "asOf": list.asOf.iso, "count": Format.count(rows.count),
                "value": Format.dollars(cents: rows.map(\.expectedValueCents).reduce(0, +)),
                "auc": list.backtestAUC.map(Format.percent) ?? "—", "backtestClients": Format.count(list.backtestClients),
                "backtestReturned": Format.count(list.backtestReturned),
                "rows": rows.prefix(200).map { row -> [String: Any] in
                    [
                        "rank": row.rank, "account": row.facts.account, "name": row.facts.name, "churned": row.facts.churnedOn.iso,
                        "reason": row.facts.reason?.label ?? "not recorded", "score": row.score.points,
                        "why": row.score.parts.map { ["points": Format.signed(Double($0.points)), "label": $0.label] },
                        "value": Format.dollars(cents: row.expectedValueCents), "offer": row.offerName ?? "—",
                    ]
                },
                "more": rows.count > 200 ? Format.count(rows.count - 200) : false,
                "canStart": canStart, "csrf": context.session?.csrfToken ?? false,
                "offers": (desk.spec.concessions?.offers ?? []).map { ["id": $0.id, "name": $0.name] },
                "reasons": ChurnReason.allCases.map { ["id": $0.rawValue, "label": $0.label] },
            ], context: context)
    }
}
