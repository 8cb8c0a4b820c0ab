public import AccordCore

/// What the shared dashboard's metrics are computed from.
public protocol MetricStore: Sendable {
    /// What the dashboard's metrics read, as of a day: every account with its milestones (the
    /// first day its weekly active / licensed seats reached `adoptionThreshold`), MRR movements,
    /// stakeholders, surveys, field presence, and for each of `sources` the arrival lag and plan
    /// conformance of its latest 1,000 events.
    func metricFacts(asOf: Day, adoptionThreshold: Double, sources: [String]) async throws -> MetricFacts
}
