public import AccordCore
public import AccordStore

/// Gathers the facts and computes the shared dashboard, the same for the API, the pages and the CLI.
public struct DashboardDesk: Sendable {
    public let spec: Spec
    public let store: any MetricStore & IngestionStore & HandoffStore & OutcomeStore & RecordStore

    public init(spec: Spec, store: any MetricStore & IngestionStore & HandoffStore & OutcomeStore & RecordStore) {
        self.spec = spec
        self.store = store
    }

    /// The usage target of the outcome models (weekly active / licensed seats), else 70%.
    public var adoptionThreshold: Double {
        spec.outcomeModels.flatMap(\.outcomes).first { $0.measure == .usageRatio }?.target ?? 0.7
    }

    public func facts(asOf: Day) async throws -> MetricFacts {
        let keys = try await store.sourceKeys().map(\.source)
        let sources = spec.sources.map(\.id) + keys.filter { key in !spec.sources.contains { $0.id == key } }
        return try await store.metricFacts(asOf: asOf, adoptionThreshold: adoptionThreshold, sources: Array(Set(sources)).sorted())
    }

    public func dashboard(asOf: Day, now: Instant) async throws -> (MetricFacts, Dashboard) {
        let facts = try await facts(asOf: asOf)
        var board = Dashboard.compute(
            facts, spec: spec, economics: .init(grossMargin: spec.dashboard.grossMargin, acquisitionCostCents: spec.dashboard.acquisitionCostCents), now: now)
        let sla = try await HandoffReportDesk(spec: spec, store: store).sla(from: asOf.adding(days: -89), to: asOf)
        let submitted = sla.rows.reduce(0) { $0 + $1.submitted }
        let breached = sla.rows.reduce(0.0) { $0 + ($1.breachRate ?? 0) * Double($1.submitted) }
        let rejected = sla.rows.reduce(0.0) { $0 + ($1.rejectionRate ?? 0) * Double($1.submitted) }
        board.setHeadline(
            "handoff_sla", value: submitted == 0 ? nil : (1 - breached / Double(submitted)) * 100, unit: "percent",
            note:
                "decided within SLA, last 90 days; \(Format.count(submitted)) submitted, \(Dashboard.display(submitted == 0 ? nil : rejected / Double(submitted) * 100, unit: "percent")) rejected"
        )
        let portfolio = try await HandoffReportDesk(spec: spec, store: store).portfolio(asOf: asOf)
        let attainment = portfolio.attainment
        board.setHeadline(
            "outcome_attainment", value: attainment.rate.map { $0 * 100 }, unit: "percent",
            note:
                "achieved or on track, of \(Format.count(attainment.judged)) outcomes under way across \(Format.count(portfolio.accounts)) clients; \(Format.count(attainment.missed)) missed, \(Format.count(attainment.atRisk)) at risk"
        )
        return (facts, board)
    }
}
