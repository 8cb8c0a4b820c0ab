/// Each metric as one table (columns and rows), the same for the JSON detail and the CSV.
public struct MetricTable: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[CSVText.Cell]]

    public var csv: String { CSVText.encode(header: columns, rows: rows) }

    public static func of(_ id: String, board: Dashboard) -> MetricTable? {
        typealias C = CSVText.Cell
        func n(_ value: Double?) -> C { value.map { .number(($0 * 10_000).rounded() / 10_000) } ?? .empty }
        func i(_ value: Int?) -> C { value.map { .integer(Int64($0)) } ?? .empty }
        func dollars(_ cents: Int64?) -> C { cents.map { .number(Double($0) / 100) } ?? .empty }
        switch id {
        case "nrr_by_cohort", "grr_by_cohort":
            let nrr = id == "nrr_by_cohort"
            return MetricTable(
                columns: ["cohort", "source", "clients", "trailing_12_months"] + board.cohorts.periods,
                rows: board.cohorts.rows.map { row in
                    let cells = Dictionary(row.cells.map { ($0.period, $0) }, uniquingKeysWith: { first, _ in first })
                    return [.text(row.cohort), .text(row.source), i(row.clients), n(nrr ? row.trailingYear.nrr : row.trailingYear.grr)]
                        + board.cohorts.periods.map { n(nrr ? cells[$0]?.nrr : cells[$0]?.grr) }
                })
        case "mrr_movements":
            return MetricTable(
                columns: ["from", "to", "start_mrr", "new", "expansion", "reactivation", "contraction", "churn", "end_mrr"],
                rows: (board.mrrByMonth + [board.mrr]).map { m in
                    [
                        .text(m.period.from.iso), .text(m.period.to.iso), dollars(m.startCents), dollars(m.newCents), dollars(m.expansionCents),
                        dollars(m.reactivationCents), dollars(m.contractionCents), dollars(m.churnCents), dollars(m.endCents),
                    ]
                })
        case "time_to_first_value", "onboarding_velocity":
            let durations = id == "time_to_first_value" ? board.timeToFirstValue : board.onboardingVelocity
            func row(_ name: String, _ d: Durations) -> [C] { [.text(name), i(d.accounts), i(d.reached), i(d.censored), i(d.medianDays), i(d.p75Days)] }
            return MetricTable(
                columns: ["cohort", "clients", "reached", "censored", "median_days", "p75_days"],
                rows: [row("all", durations.all)] + durations.cohorts.keys.sorted().map { row($0, durations.cohorts[$0]!) })
        case "adoption_rate_90d":
            let a = board.adoption
            return MetricTable(
                columns: ["sales_rep", "closed", "adopted", "rate"],
                rows: [[.text("all"), i(a.closed), i(a.adopted), n(a.rate)]] + a.byRep.map { [.text($0.rep), i($0.closed), i($0.adopted), n($0.rate)] })
        case "stakeholder_coverage":
            let c = board.coverage
            return MetricTable(
                columns: ["active_clients", "mapped", "engaged", "ratio", "single_threaded", "unengaged"],
                rows: [[i(c.activeClients), i(c.mapped), i(c.engaged), n(c.ratio), i(c.singleThreadedIDs.count), i(c.unengagedIDs.count)]])
        case "expansion_qualified_rate":
            let e = board.expansion
            return MetricTable(columns: ["active_clients", "qualified", "rate"], rows: [[i(e.activeClients), i(e.qualified), n(e.rate)]])
        case "data_completeness":
            return MetricTable(
                columns: ["source", "field", "present", "expected", "score"],
                rows: board.completeness.fields.map { [.text($0.source), .text($0.field), i($0.present), i($0.expected), n($0.score)] })
        case "time_to_insight":
            return MetricTable(
                columns: [
                    "source", "refresh", "sampled", "lag_p50_seconds", "lag_p95_seconds", "last_received", "silent_for_seconds", "last_synced",
                    "since_sync_seconds", "stale",
                ],
                rows: board.timeToInsight.sources.map {
                    [
                        .text($0.source), .text($0.refresh), i($0.sampled), n($0.lagP50Seconds), n($0.lagP95Seconds),
                        $0.lastReceived.map { .text($0.iso) } ?? .empty, n($0.silentForSeconds), $0.lastSynced.map { .text($0.iso) } ?? .empty,
                        n($0.sinceSyncSeconds), .text($0.stale ? "yes" : "no"),
                    ]
                })
        case "csat":
            let c = board.csat
            return MetricTable(columns: ["responses", "satisfied", "score"], rows: [[i(c.responses), i(c.satisfied), n(c.score)]])
        case "nps":
            let s = board.nps
            return MetricTable(
                columns: ["responses", "promoters", "passives", "detractors", "score"],
                rows: [[i(s.responses), i(s.promoters), i(s.passives), i(s.detractors), n(s.score)]])
        case "clv":
            let v = board.lifetimeValue
            return MetricTable(
                columns: ["clients", "clv_seed", "average_years", "arpa", "gross_margin", "monthly_churn", "clv_saas"],
                rows: [
                    [i(v.clients), dollars(v.seedCents), n(v.averageYears), dollars(v.arpaCents), n(v.grossMargin), n(v.monthlyChurn), dollars(v.saasCents)]
                ])
        case "funnel":
            return MetricTable(
                columns: ["stage", "reached", "conversion", "drop_off"],
                rows: board.funnel.steps.map { [.text($0.stage), i($0.reached), n($0.conversion), n($0.dropOff)] })
        default:
            return nil
        }
    }
}
