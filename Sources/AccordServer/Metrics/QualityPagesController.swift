import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Pages for the renewals coming up and for the sources' data quality.
struct QualityPagesController {
    let snapshots: DashboardSnapshots
    let renderer: PageRenderer
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant
    let syncs: SyncDesk

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    func add(to routes: GuardedRoutes) {
        routes.get("/renewals", .allowed(.readClientData), page: true, use: renewalsPage)
        routes.get("/data-quality", .allowed(.readClientData), page: true, use: dataQualityPage)
    }

    @Sendable func renewalsPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let days: Int
        do { days = try MetricsController.horizon(request) } catch let error as APIError {
            return renderer.render("not-found", ["message": error.message], context: context, status: .badRequest)
        }
        let wanted = request.uri.queryParameters.text("risk").flatMap { $0.isEmpty ? nil : $0 }
        if let wanted, RenewalCalendar.Risk(rawValue: wanted) == nil {
            return renderer.render("not-found", ["message": "'\(wanted)' is not a risk level: high, medium or low."], context: context, status: .badRequest)
        }
        let calendar = try await RenewalDesk(snapshots: snapshots).calendar(asOf: today(), now: now, days: days, scope: context.scope)
        let people = Dictionary(snapshots.reading.spec.people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let labels = ["not_yet_due": "not yet due", "on_track": "on track", "at_risk": "at risk", "achieved": "achieved", "missed": "missed"]
        let rows = calendar.rows.filter { wanted == nil || $0.risk.rawValue == wanted }
        let months = Dictionary(grouping: rows) { $0.renewalOn.iso.prefix(7) }.sorted { $0.key < $1.key }.map { key, rows -> [String: Any] in
            let (y, m, _) = rows[0].renewalOn.components
            return [
                "month": "\(Self.months[m - 1]) \(y)",
                "rows": rows.map { row -> [String: Any] in
                    [
                        "account": row.account, "name": row.name, "renewal": row.renewalOn.iso,
                        "daysLeft": row.daysLeft == 0 ? "today" : row.daysLeft == 1 ? "in 1 day" : "in \(Format.count(row.daysLeft)) days",
                        "mrr": Format.dollars(cents: row.mrrCents), "csm": row.ownerCS.map { people[$0] ?? $0 } ?? "—", "csmID": row.ownerCS ?? false,
                        "risk": row.risk.rawValue,
                        "outcomes": row.outcomes.map { ["outcome": $0.outcome, "state": $0.state, "label": labels[$0.state] ?? $0.state] },
                        "reasons": row.reasons.isEmpty ? "—" : row.reasons.joined(separator: "; "), "expansion": row.expansionSignal,
                    ]
                },
            ]
        }
        return renderer.render(
            "renewals",
            [
                "days": days, "asOf": calendar.asOf.iso, "count": Format.count(calendar.rows.count), "mrr": Format.dollars(cents: calendar.mrrDueCents),
                "risks": RenewalCalendar.Risk.allCases.map { risk -> [String: Any] in
                    [
                        "id": risk.rawValue, "label": "\(risk.rawValue.capitalized) risk", "count": Format.count(calendar.byRisk[risk.rawValue] ?? 0),
                        "mrr": Format.dollars(cents: calendar.mrrByRiskCents[risk.rawValue] ?? 0),
                    ]
                },
                "riskOptions": [["value": "", "label": "Any", "selected": wanted == nil]]
                    + RenewalCalendar.Risk.allCases.map { ["value": $0.rawValue, "label": $0.rawValue, "selected": $0.rawValue == wanted] as [String: Any] },
                "months": months, "risk": wanted ?? false,
            ], context: context)
    }

    @Sendable func dataQualityPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let board = try await snapshots.dashboard(asOf: today(), now: now).1
        let spec = snapshots.reading.spec
        let violations = try await snapshots.reading.store.violationCounts()
        let insight = Dictionary(board.timeToInsight.sources.map { ($0.source, $0) }, uniquingKeysWith: { first, _ in first })
        func percent(_ value: Double?) -> String { Dashboard.display(value.map { $0 * 100 }, unit: "percent") }
        func seconds(_ value: Double?) -> String { value.map { Format.duration(seconds: $0) } ?? "—" }
        let ids = spec.sources.map(\.id) + board.timeToInsight.sources.map(\.source).filter { id in !spec.sources.contains { $0.id == id } }
        let sources = ids.map { id -> [String: Any] in
            let definition = spec.sources.first { $0.id == id }
            let fresh = insight[id]
            let mine = violations.filter { $0.source == id }
            return [
                "id": id, "system": definition?.system.rawValue ?? "not in the spec", "refresh": fresh?.refresh ?? definition?.schedule ?? "—",
                "completeness": percent(board.completeness.bySource[id]), "p50": seconds(fresh?.lagP50Seconds), "p95": seconds(fresh?.lagP95Seconds),
                "last": fresh?.lastReceived.map { Format.clock($0) } ?? "never",
                "flagged": Format.count(mine.reduce(0) { $0 + $1.flagged }), "quarantined": Format.count(mine.reduce(0) { $0 + $1.quarantined }),
            ]
        }
        let synced = try await syncHealth()
        return renderer.render(
            "data-quality",
            [
                "syncs": synced.sources, "runs": synced.runs, "hasRuns": !synced.runs.isEmpty,
                "computedAt": Format.clock(board.computedAt), "completeness": percent(board.completeness.score),
                "insight": seconds(board.timeToInsight.worstP95Seconds), "quarantined": Format.count(violations.reduce(0) { $0 + $1.quarantined }),
                "sources": sources,
                "fields": board.completeness.fields.map { field -> [String: Any] in
                    let share = field.score ?? 0
                    return [
                        "source": field.source, "field": field.field, "present": Format.count(field.present), "expected": Format.count(field.expected),
                        "share": percent(field.score), "bar": Int((share * 120).rounded()),
                        "fill": share >= 0.9 ? "#1f8a4c" : share >= 0.7 ? "#c98a00" : "#c0392b",
                    ]
                },
                "violations": violations.map { v -> [String: Any] in
                    ["source": v.source, "event": v.event, "kind": v.kind, "flagged": Format.count(v.flagged), "quarantined": Format.count(v.quarantined)]
                },
            ], context: context)
    }
}
