public import AccordCore
import AccordStore
public import Foundation

/// The dashboard as last computed, served until the data changes.
///
/// Computing it reads every account, MRR movement, stakeholder and handoff of the period
/// (about a second at 10,000 accounts); serving a snapshot takes microseconds. A snapshot is
/// current while no write has been committed through the store since it began and it is younger
/// than `maxAge` (which bounds how long a write by another process, such as `accord import`,
/// stays unseen). A snapshot that is not current is still served while it began less than
/// `maxLag` ago, and a newer one is computed in the background; an older one makes the request
/// wait for a new one. So no figure misses a write committed more than `maxLag` ago.
public actor DashboardSnapshots {
    public struct Snapshot: Sendable {
        public var facts: MetricFacts
        public var board: Dashboard
        /// The dashboard as the API answers it, encoded once: encoding costs more than serving.
        public var json: Data
        /// The store's write count and the clock when the computation began: everything committed
        /// before then is in it.
        var writeCount: Int
        var began: ContinuousClock.Instant
    }

    public nonisolated let reading: DashboardDesk
    let maxLag: Duration
    let maxAge: Duration
    private var latest: Snapshot?
    private var running: (id: Int, task: Task<Snapshot, any Error>)?
    private var nextID = 0
    /// How many times the dashboard was computed; for tests and the benchmark.
    public private(set) var computations = 0
    /// When a request last asked; the background refresh runs only while someone is looking.
    private(set) var lastAsked: ContinuousClock.Instant?

    public init(reading: DashboardDesk, maxLag: Duration = .seconds(10), maxAge: Duration = .seconds(60)) {
        self.reading = reading
        self.maxLag = maxLag
        self.maxAge = maxAge
    }

    /// A snapshot for `asOf` that misses no write committed more than `maxLag` ago.
    public func snapshot(asOf: Day, now: @escaping @Sendable () -> Instant) async throws -> Snapshot {
        let asked = ContinuousClock.now
        lastAsked = asked
        func acceptable(_ snapshot: Snapshot) -> Bool {
            snapshot.board.asOf == asOf && (isCurrent(snapshot) || asked - snapshot.began < maxLag)
        }
        if let latest, acceptable(latest) {
            if !isCurrent(latest) { Task { _ = try? await self.refresh(asOf: asOf, now: now) } }
            return latest
        }
        return try await refresh(asOf: asOf, now: now, notBefore: asked - maxLag)
    }

    /// The facts and the dashboard of a snapshot, as the API and the pages read them.
    public func dashboard(asOf: Day, now: @escaping @Sendable () -> Instant) async throws -> (MetricFacts, Dashboard) {
        let snapshot = try await snapshot(asOf: asOf, now: now)
        return (snapshot.facts, snapshot.board)
    }

    /// Computes a new snapshot, or shares the one being computed when it began after `notBefore`.
    @discardableResult
    func refresh(asOf: Day, now: @escaping @Sendable () -> Instant, notBefore: ContinuousClock.Instant? = nil) async throws -> Snapshot {
        while let running {
            let snapshot = try await running.task.value
            if snapshot.board.asOf == asOf, notBefore.map({ snapshot.began >= $0 }) ?? true { return snapshot }
            if self.running?.id == running.id { break }
        }
        nextID += 1
        let id = nextID
        let reading = reading
        computations += 1
        let task = Task { () async throws -> Snapshot in
            let writeCount = reading.store.writeCount
            let began = ContinuousClock.now
            let (facts, board) = try await reading.dashboard(asOf: asOf, now: now())
            return Snapshot(facts: facts, board: board, json: try APIJSON.encoder.encode(board), writeCount: writeCount, began: began)
        }
        running = (id, task)
        defer { if running?.id == id { running = nil } }
        let snapshot = try await task.value
        if latest.map({ $0.began < snapshot.began }) ?? true { latest = snapshot }
        return snapshot
    }

    func isCurrent(_ snapshot: Snapshot) -> Bool {
        snapshot.writeCount == reading.store.writeCount && ContinuousClock.now - snapshot.began < maxAge
    }

    /// Recomputes a snapshot that is no longer current while someone looked in the last ten
    /// minutes, so that requests rarely wait.
    public func refreshIfWatched(asOf: Day, now: @escaping @Sendable () -> Instant) async throws {
        guard let lastAsked, ContinuousClock.now - lastAsked < .seconds(600) else { return }
        if let latest, latest.board.asOf == asOf, isCurrent(latest) { return }
        try await refresh(asOf: asOf, now: now)
    }
}
