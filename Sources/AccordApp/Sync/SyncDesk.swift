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
    public var syncedSources: [SourceDefinition] { spec.sources.filter { $0.sync != nil } }

    public func definition(_ id: String) throws(Failure) -> (SourceDefinition, SyncDefinition) {
        guard let source = spec.sources.first(where: { $0.id == id }) else { throw .unknownSource(id, known: spec.sources.map(\.id)) }
        guard let sync = source.sync else { throw .noTap(id, withTaps: syncedSources.map(\.id)) }
        return (source, sync)
    }

    /// Maps every raw record of the source's account and contact streams again, in pages, as one
    /// run of its own (`remap`): for a mapping fixed after the records arrived.
    public func remap(_ id: String, page: Int = 2000, progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> SyncRun {
        let (_, sync) = try definition(id)
        let loader = try await start(id, trigger: .remap)
        var done = 0
        for feed in sync.streams where feed.feeds != .raw {
            var after: String?
            while true {
                let records = try await store.syncRecords(source: id, stream: feed.stream, after: after, limit: page)
                guard let last = records.last else { break }
                try await loader.remap(records)
                after = last.key
                done += records.count
                progress(done)
            }
        }
        return try await loader.finish(exit: TapExit(code: 0), remapped: true)
    }

    /// What the end of `run` announces, judged against the source's run before it.
    func notices(_ run: SyncRun, source: SourceDefinition) async throws -> [Notice] {
        let previous = try await store.syncRuns(source: source.id, limit: 20).first { $0.id < run.id && $0.status != .running }
        return Notice.syncNotices(run, previous: previous?.status, source: source, spec: spec)
    }

    /// Starts a run and returns the loader that writes it. Refused while the source has a run going.
    /// `chunk` bounds the records held between commits.
    public func start(_ id: String, trigger: SyncRun.Trigger, chunk: Int = 5000) async throws -> SingerLoader {
        let (source, sync) = try definition(id)
        // A run left running by a process of this machine that is gone (killed, say) ends here as failed.
        for stale in try await store.runningSyncRuns(source: id) where SyncHolder.isGone(stale.holder) {
            let abandoned = try SyncRunStateMachine.abandon(stale, at: now())
            try await store.finishSyncRun(abandoned, notices: try await notices(abandoned, source: source))
        }
        let run = try await store.startSyncRun(
            source: id, trigger: trigger, holder: SyncHolder.current, at: now(), timeout: Int64(sync.timeoutSeconds) * 1000)
        return SingerLoader(desk: self, source: source, sync: sync, run: run, chunk: chunk)
    }
}
