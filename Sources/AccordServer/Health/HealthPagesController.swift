import AccordApp
import AccordCore
import Hummingbird

/// The health validation page: the score against renewals, band by band.
struct HealthPagesController {
    let desk: HealthDesk
    let renderer: PageRenderer
    let today: @Sendable () -> Day

    func add(to routes: GuardedRoutes) {
        routes.get("/reports/health-validation", .allowed(.readClientData), page: true, use: validationPage)
    }

    @Sendable func validationPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let v = try await desk.validation(asOf: today())
        func percent(_ share: Double?) -> String { share.map(Format.percent) ?? "—" }
        let view: [String: Any] = [
            "accounts": Format.count(v.accounts), "renewed": Format.count(v.renewed), "churned": Format.count(v.churned),
            "auc90": percent(v.horizons.first { $0.daysBefore == 90 }?.auc), "auc180": percent(v.horizons.first { $0.daysBefore == 180 }?.auc),
            "flaggedChurn": "\(Format.count(v.churnedFlagged)) of \(Format.count(v.churned))",
            "lead": v.medianLeadDays.map { "a median of \(Format.count($0)) days before renewal" } ?? "none was flagged",
            "flagged": v.flagged.map { HealthViews.factorNames[$0] ?? $0.rawValue }.joined(separator: ", "), "hasFlagged": !v.flagged.isEmpty,
            "horizons": v.horizons.map { horizon -> [String: Any] in
                [
                    "days": horizon.daysBefore,
                    "bands": horizon.bands.map { row -> [String: Any] in
                        [
                            "days": horizon.daysBefore, "band": row.band.rawValue, "name": HealthViews.bandNames[row.band] ?? row.band.rawValue,
                            "accounts": Format.count(row.accounts), "renewal": percent(row.renewalRate), "expansion": percent(row.expansionRate),
                        ]
                    },
                ]
            },
            "factors": v.factors.map { row -> [String: Any] in
                [
                    "factor": row.factor.rawValue, "name": HealthViews.factorNames[row.factor] ?? row.factor.rawValue,
                    "weight": Format.oneDecimal(row.weight), "without": percent(row.aucWithout), "helps": row.helps,
                ]
            },
        ]
        return renderer.render("health-validation", view, context: context)
    }
}
