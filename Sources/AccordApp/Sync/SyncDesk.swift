public import AccordCore
public import AccordStore

/// Syncs through Singer: which sources have a tap, starting a run (one at a time per source),
/// the loader that writes what a tap sends, and the runs as the sync log keeps them.
public struct SyncDesk: Sendable {
    public let spec: Spec
    public let store: any SyncStore & IdentityStore
    public let imports: ImportDesk
    public let now: @Sendable () -> Instant
    public let today: @Sendable () -> Day

    public init(spec: Spec, store: any SyncStore & IdentityStore, now: @escaping @Sendable () -> Instant, today: @escaping @Sendable () -> Day) {
        self.spec = spec
        self.store = store
        self.imports = ImportDesk(spec: spec, store: store)
        self.now = now
        self.today = today
    }

    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case unknownSource(String, known: [String])
        case noTap(String, withTaps: [String])

        public var description: String {
            switch self {
            case .unknownSource(let id, let known): "source '\(id)' is not in the spec; its sources are \(known.joined(separator: ", "))"
            case .noTap(let id, let withTaps):
                "source '\(id)' has no sync.tap in the spec, so Accord runs nothing for it"
                    + (withTaps.isEmpty ? "; add sync.tap and sync.streams to a source" : "; sources with a tap: \(withTaps.joined(separator: ", "))")
            }
        }
    }

    /// The sources Accord runs a tap for.
    public var syncedSources: [SourceDefinition] { spec.sources.filter { $0.sync?.tap.isEmpty == false } }

    /// A source with sync streams: one Accord runs a tap for, or one another runner loads through `accord load`.
    public func definition(_ id: String) throws(Failure) -> (SourceDefinition, SyncDefinition) {
        guard let source = spec.sources.first(where: { $0.id == id }) else { throw .unknownSource(id, known: spec.sources.map(\.id)) }
        guard let sync = source.sync else { throw .noTap(id, withTaps: syncedSources.map(\.id)) }
        return (source, sync)
    }

    /// A source whose tap Accord runs.
    public func tapDefinition(_ id: String) throws(Failure) -> (SourceDefinition, SyncDefinition) {
        let (source, sync) = try definition(id)
        guard !sync.tap.isEmpty else { throw .noTap(id, withTaps: syncedSources.map(\.id)) }
        return (source, sync)
    }

    /// Maps every raw record of the source's account and contact streams again, as one run of its
    /// own (`remap`): for a mapping fixed after the records arrived.
    public func remap(_ id: String, progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> SyncRun {
        let loader = try await start(id, trigger: .remap)
        try await loader.remapAll(progress: progress)
        return try await loader.finish(exit: TapExit(code: 0), remapped: true)
    }

    /// What a replay did: the run that mapped the rejected records again, and the rejects it could
    /// not take because their record never reached the raw store (the tap must send them again).
    public struct Replay: Sendable {
        public var run: SyncRun?
        public var replayed: Int
        public var needTheTap: [StoredSyncReject]
    }

    /// Maps the source's rejected records again, as a run of its own (`remap`), after a mapping or
    /// the spec was fixed. A reject whose record is in the raw store (the mapping refused it) is
    /// taken again; one refused before it landed (no schema, no key) needs the tap to send it again.
    /// Each reject is replayed once; what fails again is a reject of the replay's run.
    public func replay(_ id: String) async throws -> Replay {
        let (_, sync) = try definition(id)
        let waiting = try await store.replayableSyncRejects(source: id, limit: 100_000)
        let mapped = Set(sync.streams.filter { $0.feeds != .raw }.map(\.stream))
        let (landed, needTheTap) = (
            waiting.filter { $0.reject.key != nil && mapped.contains($0.reject.stream) },
            waiting.filter { $0.reject.key == nil || !mapped.contains($0.reject.stream) }
        )
        guard !landed.isEmpty else { return Replay(run: nil, replayed: 0, needTheTap: needTheTap) }
        let loader = try await start(id, trigger: .remap)
        for (stream, rejects) in Dictionary(grouping: landed, by: \.reject.stream) {
            _ = try await store.markSyncRecordsUnmapped(source: id, stream: stream, keys: rejects.compactMap(\.reject.key))
        }
        try await loader.replayWaiting()
        let run = try await loader.finish(exit: TapExit(code: 0), remapped: true)
        try await store.markSyncRejectsReplayed(landed.map(\.id), at: now())
        return Replay(run: run, replayed: landed.count, needTheTap: needTheTap)
    }

    /// What the end of `run` announces, judged against the source's run before it.
    func notices(_ run: SyncRun, source: SourceDefinition) async throws -> [Notice] {
        let previous = try await store.syncRuns(source: source.id, limit: 20).first { $0.id < run.id && $0.status != .running }
        let wasStale = try await store.staleAlerts()[source.id] != nil
        return Notice.syncNotices(run, previous: previous?.status, wasStale: wasStale, source: source, spec: spec)
    }

    /// Tells the people of each source whose sync has not worked within twice its frequency, once
    /// until it works again: a tap Accord runs, or one another runner (Meltano) loads through
    /// `accord load`, once it has loaded. Returns the sources told now.
    public func checkStale() async throws -> [String] {
        let freshness = try await store.syncFreshness()
        let told = try await store.staleAlerts()
        var now: [String] = []
        for source in spec.sources where source.sync?.streams.isEmpty == false && told[source.id] == nil {
            guard let synced = freshness[source.id], let since = synced.staleSince(frequencySeconds: source.intervalSeconds(at: self.now()), now: self.now())
            else {
                continue
            }
            let notice = Notice.staleNotice(source: source, since: since, lastOK: synced.lastOK, spec: spec)
            if try await store.noteStale(source: source.id, since: since, at: self.now(), notices: [notice]) { now.append(source.id) }
        }
        return now
    }

    /// How a loader commits and maps.
    public struct LoadOptions: Sendable {
        /// Records held between commits, at most.
        public var chunk = 5000
        /// Milliseconds between commits of a tap that sends a state more often.
        public var commitEvery: Int64 = 1000
        /// Milliseconds after which landed records are mapped even when few wait.
        public var mapEvery: Int64 = 2000
        /// Write nothing: count what the run would do.
        public var dryRun = false

        public init(chunk: Int = 5000, commitEvery: Int64 = 1000, mapEvery: Int64 = 2000, dryRun: Bool = false) {
            self.chunk = chunk
            self.commitEvery = commitEvery
            self.mapEvery = mapEvery
            self.dryRun = dryRun
        }
    }

    /// Starts a run and returns the loader that writes it. Refused while the source has a run going.
    /// A dry run records no run and writes nothing.
    public func start(_ id: String, trigger: SyncRun.Trigger, options: LoadOptions = LoadOptions()) async throws -> SingerLoader {
        let (source, sync) = try definition(id)
        if options.dryRun {
            let run = SyncRun(
                id: 0, source: id, trigger: trigger, holder: SyncHolder.current, startedAt: now(), stateBefore: try await store.syncState(source: id))
            return SingerLoader(desk: self, source: source, sync: sync, run: run, options: options)
        }
        // A run left running by a process of this machine that is gone (killed, say) ends here as failed.
        for stale in try await store.runningSyncRuns(source: id) where SyncHolder.isGone(stale.holder) {
            let abandoned = try SyncRunStateMachine.abandon(stale, at: now())
            try await store.finishSyncRun(abandoned, notices: try await notices(abandoned, source: source))
        }
        let run = try await store.startSyncRun(
            source: id, trigger: trigger, holder: SyncHolder.current, at: now(), timeout: Int64(sync.timeoutSeconds) * 1000)
        return SingerLoader(desk: self, source: source, sync: sync, run: run, options: options)
    }
}
