public import AccordCore
public import AccordStore
import Synchronization

/// The tracking plan ingestion checks events against: the spec's taxonomy with every approved
/// taxonomy proposal applied. Reread at most every two seconds, as write keys are, so an approval
/// on one replica reaches the others without a restart; the replica that approved refreshes at once.
public final class LiveTaxonomy: Sendable {
    private struct Snapshot {
        var plan: TrackingPlan
        var loadedAt: ContinuousClock.Instant?
    }

    private let spec: Taxonomy
    private let store: any ProgramStore
    private let snapshot: Mutex<Snapshot>
    private let refreshInterval: Duration

    public init(spec: Taxonomy, store: any ProgramStore, refreshInterval: Duration = .seconds(2)) {
        self.spec = spec
        self.store = store
        self.refreshInterval = refreshInterval
        snapshot = Mutex(Snapshot(plan: TrackingPlan(spec)))
    }

    public func plan() async throws -> TrackingPlan {
        let now = ContinuousClock.now
        let stale = snapshot.withLock { $0.loadedAt.map { now - $0 > refreshInterval } ?? true }
        if stale { try await refresh() }
        return snapshot.withLock { $0.plan }
    }

    public func refresh() async throws {
        let taxonomy = SpecProposal.taxonomyInEffect(spec, proposals: try await store.specProposals()).taxonomy
        let loaded = Snapshot(plan: TrackingPlan(taxonomy), loadedAt: .now)
        snapshot.withLock { $0 = loaded }
    }
}
