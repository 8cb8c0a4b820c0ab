public import AccordCore

/// The renewal calendar from the dashboard's snapshot and each client's outcome history.
public struct RenewalDesk: Sendable {
    public let snapshots: DashboardSnapshots

    public init(snapshots: DashboardSnapshots) {
        self.snapshots = snapshots
    }

    public func calendar(asOf: Day, now: @escaping @Sendable () -> Instant, days: Int = 90, scope: ClientScope = .everything) async throws -> RenewalCalendar {
        let (facts, board) = try await snapshots.dashboard(asOf: asOf, now: now)
        let reading = snapshots.reading
        let reporting = HandoffReportDesk(spec: reading.spec, store: reading.store)
        let models = try await reporting.activeOrSpecModels()
        return RenewalCalendar.build(facts, board: board, histories: try await reporting.histories(models), models: models, days: days).limited(to: scope)
    }
}
