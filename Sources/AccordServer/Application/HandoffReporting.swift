public import AccordCore
public import AccordStore

/// Builds the triage and SLA reports from the store, the same for the API, the pages and the CLI.
public struct HandoffReporting: Sendable {
    public let spec: Spec
    public let store: any Store

    public init(spec: Spec, store: any Store) {
        self.spec = spec
        self.store = store
    }

    public func triage(_ week: ISOWeek) async throws -> TriageReport {
        // Handoffs decided or breached in the week may have been submitted weeks before.
        let handoffs = try await store.handoffs(HandoffQuery(
            submittedFrom: Instant(day: week.monday.adding(days: -60)), submittedBefore: Instant(day: week.monday.adding(days: 7)), limit: 1_000_000))
        return HandoffReports.triage(handoffs, week: week, notes: try await store.triageNotes(week: week.description))
    }

    /// The quarterly refresh: for clients that reached renewal, does each outcome predict it?
    public func outcomeValidation(asOf: Day) async throws -> OutcomeValidation {
        let models = spec.outcomeModels
        var names: Set<String> = []
        for outcome in models.flatMap(\.outcomes) { if case .eventCount(let event, _) = outcome.measure { names.insert(event) } }
        let histories = try await store.outcomeHistories(segments: Set(models.map(\.segment)), events: names)
        let ids = models.flatMap(\.outcomes).map(\.id).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return OutcomeValidation.validate(OutcomeValidation.cases(histories, models: models, asOf: asOf), outcomes: ids)
    }

    public func sla(from: Day, to: Day) async throws -> SLAReport {
        let handoffs = try await store.handoffs(HandoffQuery(submittedFrom: Instant(day: from), submittedBefore: Instant(day: to.adding(days: 1)), limit: 1_000_000))
        return HandoffReports.sla(handoffs, from: from, to: to, definitions: spec.handoffs)
    }
}
