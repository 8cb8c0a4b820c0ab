import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// `accord report concessions` over HTTP and as a page: retention and net MRR kept 3, 6 and 12
/// months after each case, by reason and by concession, against the cases that got none.
struct ConcessionReportController {
    let desk: SaveDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/reports/concessions", .allowed(.readClientData), use: report)
        routes.get("/reports/concessions", .allowed(.readClientData), page: true, use: page)
    }

    @Sendable func report(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await desk.results(asOf: today()))
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let results = try await desk.results(asOf: today())
        // The longest horizon any case has reached: the columns that compare against no concession.
        let reached =
            ConcessionResults.horizons.indices.last { index in (results.byConcession + [results.none]).contains { $0.horizons[index].cases > 0 } }
            ?? 0
        func percent(_ share: Double?) -> String { share.map(Format.percent) ?? "—" }
        func rows(_ groups: [ConcessionResults.Group]) -> [[String: Any]] {
            groups.map { group -> [String: Any] in
                let horizons = group.horizons.map { figures -> [String: Any] in
                    [
                        "cases": Format.count(figures.cases), "retention": percent(figures.retention), "kept": percent(figures.netMRRKept),
                        "churned": Format.count(figures.churnedAnyway),
                        "against": figures.againstNone.map(\.pointsText) ?? "—",
                    ]
                }
                return [
                    "key": group.key, "label": group.label, "cases": Format.count(group.cases), "horizons": horizons, "year": horizons[reached],
                ] as [String: Any]
            }
        }
        return renderer.render(
            "concessions",
            [
                "asOf": results.asOf.iso, "cases": Format.count(results.cases.count),
                "granted": Format.count(results.cases.filter { $0.concession != nil }.count), "none": rows([results.none]),
                "byConcession": rows(results.byConcession), "byReason": rows(results.byReason),
                "horizons": ConcessionResults.horizons.map { "\($0) months" }, "reached": "\(ConcessionResults.horizons[reached]) months",
            ], context: context)
    }
}
