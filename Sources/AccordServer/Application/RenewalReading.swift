public import AccordCore

/// The renewal calendar from the dashboard's snapshot and each client's outcome history.
public struct RenewalReading: Sendable {
    public let snapshots: DashboardSnapshots

    public init(snapshots: DashboardSnapshots) {
        self.snapshots = snapshots
    }

    public func calendar(asOf: Day, now: @escaping @Sendable () -> Instant, days: Int = 90) async throws -> RenewalCalendar {
        let (facts, board) = try await snapshots.dashboard(asOf: asOf, now: now)
        let reading = snapshots.reading
        let models = try await HandoffReporting(spec: reading.spec, store: reading.store).activeOrSpecModels()
        var names: Set<String> = []
        for outcome in models.flatMap(\.outcomes) { if case .eventCount(let event, _) = outcome.measure { names.insert(event) } }
        let histories = try await reading.store.outcomeHistories(segments: Set(models.map(\.segment)), events: names, account: nil)
        return RenewalCalendar.build(facts, board: board, histories: histories, models: models, days: days)
    }
}
