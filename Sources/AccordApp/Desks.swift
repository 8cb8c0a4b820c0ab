public import AccordCore
public import AccordStore

/// Every desk, built once over one spec and one store: what the server's routes and services and
/// the command line call.
public struct Desks: Sendable {
    public let handoffs: HandoffDesk
    public let handoffReports: HandoffReportDesk
    public let outcomeModels: OutcomeModelDesk
    public let merges: MergeDesk
    public let imports: ImportDesk
    public let dashboard: DashboardDesk
    public let syncs: SyncDesk
    public let health: HealthDesk
    public let plays: PlayDesk
    public let saves: SaveDesk

    public init(spec: Spec, store: any Store, now: @escaping @Sendable () -> Instant, today: @escaping @Sendable () -> Day = { .today }) {
        handoffs = HandoffDesk(spec: spec, store: store, now: now)
        handoffReports = HandoffReportDesk(spec: spec, store: store)
        outcomeModels = OutcomeModelDesk(spec: spec, store: store)
        merges = MergeDesk(store: store)
        imports = ImportDesk(spec: spec, store: store)
        dashboard = DashboardDesk(spec: spec, store: store)
        syncs = SyncDesk(spec: spec, store: store, now: now, today: today)
        health = HealthDesk(spec: spec, store: store)
        plays = PlayDesk(spec: spec, store: store)
        saves = SaveDesk(spec: spec, store: store)
    }
}
