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

    public func sla(from: Day, to: Day) async throws -> SLAReport {
        let handoffs = try await store.handoffs(HandoffQuery(submittedFrom: Instant(day: from), submittedBefore: Instant(day: to.adding(days: 1)), limit: 1_000_000))
        return HandoffReports.sla(handoffs, from: from, to: to, definitions: spec.handoffs)
    }
}
