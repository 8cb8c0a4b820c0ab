import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// `accord report win-back` over HTTP and as a page: campaigns by offer and by churn reason
/// against leavers no campaign reached, every churn by reason, and the ranking's backtest.
struct WinBackReportController {
    let desk: WinBackDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/reports/win-back", .allowed(.readClientData), use: report)
        routes.get("/reports/win-back", .allowed(.readClientData), page: true, use: page)
    }

    @Sendable func report(_ request: Request, context: AccordRequestContext) async throws -> Response {
        var results = try await desk.results(asOf: today())
        results.campaigns = results.campaigns.map { WinBackCampaignsController.visible($0, context) }
        return try JSON.response(results)
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let results = try await desk.results(asOf: today())
        func rows(_ groups: [WinBackResults.Group]) -> [[String: Any]] {
            groups.map { group in
                [
                    "key": group.key, "label": group.label, "clients": Format.count(group.clients), "wonBack": Format.count(group.wonBack),
                    "rate": WinBackCampaignPagesController.rate(group.rate), "mrr": Format.dollars(cents: group.mrrWonBackCents),
                    "against": group.againstNone.map(\.pointsText) ?? "—",
                ]
            }
        }
        return renderer.render(
            "win-back-report",
            [
                "asOf": results.asOf.iso, "campaigns": Format.count(results.campaigns.count),
                "members": Format.count(results.campaigns.map(\.members).reduce(0, +)),
                "wonBack": Format.count(results.campaigns.map(\.wonBack).reduce(0, +)),
                "mrr": Format.dollars(cents: results.campaigns.map(\.mrrWonBackCents).reduce(0, +)),
                "byOffer": rows(results.byOffer), "byReason": rows(results.byReason), "none": rows([results.none]),
                "churn": results.churnByReason.map { reason -> [String: Any] in
                    [
                        "reason": reason.reason, "label": reason.label, "clients": Format.count(reason.clients),
                        "lost": Format.dollars(cents: reason.mrrLostCents),
                        "back": Format.count(reason.cameBack), "rate": WinBackCampaignPagesController.rate(reason.rate),
                    ]
                },
                "auc": results.backtestAUC.map(Format.percent) ?? "—", "backtestClients": Format.count(results.backtestClients),
                "backtestReturned": Format.count(results.backtestReturned),
            ], context: context)
    }
}
