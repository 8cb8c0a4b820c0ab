public import AccordCore
import AccordStore

/// Loads one Singer message stream into the client record. Every record lands first in the raw
/// store, upserted on its key, in a transaction with the state that follows it, so a run that dies
/// resumes from its last state with nothing lost or doubled. Landed records of streams that feed
/// accounts or contacts are then mapped through the source's mappings and the identity engine, in
/// batches of their own (`MappingPace`); a record still waiting when a run dies is mapped by the
/// next. Feed it lines with `take`; end with `finish`.
public final class SingerLoader {
    let desk: SyncDesk
    let source: SourceDefinition
    let sync: SyncDefinition
    public internal(set) var run: SyncRun
    var intake: SingerIntake
    var line = 0
    /// The last state committed in this run.
    public private(set) var committedState: JSONValue?
    /// A state whose commit is not due yet: it goes with the next one. Taps that send a state
    /// after every record would otherwise cost a transaction each.
    var heldState: JSONValue?
    /// Set when reading must stop: the protocol is broken.
    public private(set) var problem: String?
    /// Nothing is written: what the run would do is counted (`--dry-run`).
    public let dryRun: Bool
    let commitEvery: Int64
    var lastCommit: Instant
    var pace: MappingPace
    /// In a dry run, the records that would await mapping.
    var dryRecords: [StreamRecord] = []
    /// Mapping again what was mapped before (a remap or a replay): each record counts as read.
    var remapping = false
    /// What the runner says about the run beyond the counts (a refresh it made), kept as warnings.
    var notes: [String] = []
    /// The run's last mapping: what still waits for something is rejected now rather than left.
    var finishing = false

    init(desk: SyncDesk, source: SourceDefinition, sync: SyncDefinition, run: SyncRun, options: SyncDesk.LoadOptions) {
        self.desk = desk
        self.source = source
        self.sync = sync
        self.run = run
        self.dryRun = options.dryRun
        self.commitEvery = options.commitEvery
        self.intake = SingerIntake(sync: sync, chunk: options.chunk)
        let now = desk.now()
        self.lastCommit = now
        self.pace = MappingPace(batch: options.chunk, every: options.mapEvery, startedAt: now)
    }

    /// Reads one line of the tap's stdout. Returns the state to announce when this line committed
    /// one (a Singer target echoes it only after its commit); throws nothing for a broken line but
    /// records the problem and asks the caller to stop (`problem` is set, the result is nil).
    public func take(_ text: some StringProtocol) async throws -> JSONValue? {
        line += 1
        guard problem == nil else { return nil }
        let message: SingerMessage
        do {
            guard let parsed = try SingerMessage.parse(text, line: line) else { return nil }
            message = parsed
        } catch {
            problem = error.description
            return nil
        }
        switch intake.take(message, line: line) {
        case .next: return nil
        case .stop(let reason):
            problem = reason
            return nil
        case .commit(let state):
            if let state { heldState = state }
            let now = desk.now()
            guard intake.pending.count >= intake.chunk || now.milliseconds - lastCommit.milliseconds >= commitEvery else { return nil }
            let announced = try await commit()
            if pace.due(at: desk.now()) { try await mapWaiting() }
            return announced
        }
    }

    /// Writes what is pending unless the protocol broke (records after the last state are written
    /// without advancing the state: the next run sends them again and they are upserted), maps
    /// everything that waits, and ends the run.
    /// `metrics` are the tap's own counts, checked against what arrived when the tap ended normally.
    public func finish(exit: TapExit, stderrTail: String? = nil, remapped: Bool = false, metrics: SingerMetrics = SingerMetrics()) async throws -> SyncRun {
        var exit = exit
        if problem == nil {
            _ = try await commit()
        } else if exit.protocolProblem == nil {
            exit.protocolProblem = problem
        }
        finishing = true
        try await mapWaiting()
        run.streams = intake.counts
        // A remap reads only the streams that hold records; one that never received any is not missing.
        let expected = remapped ? Array(run.streams.keys) : sync.streams.map(\.stream)
        var finished = try SyncRunStateMachine.finish(
            run, exit: exit, expected: expected, quotaExitCodes: sync.quotaExitCodes,
            stateAfter: committedState ?? run.stateBefore, at: desk.now())
        finished.stderrTail = stderrTail
        if problem == nil && !exit.interrupted && !exit.timedOut {
            finished.warnings = metrics.mismatches(read: finished.streams, streams: sync.streams.map(\.stream))
        }
        finished.warnings = notes + finished.warnings
        if !dryRun {
            try await desk.store.finishSyncRun(finished, notices: try await desk.notices(finished, source: source))
            OperationalMetrics.syncRun(finished)
        }
        run = finished
        return finished
    }

    /// Lands the pending records with the held state. Returns the state it committed, if any.
    func commit() async throws -> JSONValue? {
        defer { lastCommit = desk.now() }
        let pending = intake.pending
        let state = heldState
        guard !pending.isEmpty || !intake.rejects.isEmpty || !intake.activations.isEmpty || state != nil else { return nil }
        var outcome: [String: StreamCounts] = [:]
        var landed: [LandedRecord] = []
        // A subscription whose item changed is mapped again, with the item as it is now.
        let itemParents = Dictionary(sync.streams.compactMap { s in s.items.map { ($0, s.stream) } }, uniquingKeysWith: { first, _ in first })
        var changedParents: [String: [String]] = [:]
        // An identical resend (taps deliver at least once) changes nothing in the client record.
        for (stream, records) in Dictionary(grouping: pending, by: \.stream) {
            let feed = sync.stream(stream)?.feeds ?? .raw
            let stored = try await desk.store.syncRecordTexts(source: source.id, stream: stream, keys: records.map(\.key))
            for record in records {
                if record.deleted {
                    outcome[stream, default: StreamCounts()].deleted += 1
                    landed.append(LandedRecord(record, awaitsMapping: feed != .raw))
                } else if let text = stored[record.key], case .object(let old)? = try? JSONParser.parse(text), StreamRecord.content(old) == record.content {
                    outcome[stream, default: StreamCounts()].unchanged += 1
                    landed.append(LandedRecord(record, awaitsMapping: false))
                } else {
                    if feed == .raw { outcome[stream, default: StreamCounts()].updated += 1 }
                    landed.append(LandedRecord(record, awaitsMapping: feed != .raw))
                    if let parent = itemParents[stream], let key = Self.parentKey(record) { changedParents[parent, default: []].append(key) }
                }
            }
        }
        intake.record(outcome)
        run.streams = intake.counts
        let waiting = landed.filter(\.awaitsMapping)
        pace.waiting += waiting.count
        if dryRun {
            dryRecords += waiting.map(\.record)
        } else {
            let at = desk.now()
            var batch = SyncBatch(source: source.id, run: run, at: at, audit: audit("sync.committed", at: at))
            batch.records = landed
            batch.activations = intake.activations
            batch.rejects = intake.rejects
            batch.state = state
            try await desk.store.commitSync(batch)
            for (stream, keys) in changedParents {
                pace.waiting += try await desk.store.markSyncRecordsUnmapped(source: source.id, stream: stream, keys: Array(Set(keys)))
            }
        }
        intake.committed()
        heldState = nil
        if let state { committedState = state }
        return state
    }

    /// The subscription an item belongs to (Stripe's `subscription`).
    static func parentKey(_ record: StreamRecord) -> String? {
        for name in ["subscription", "subscription_id", "parent"] {
            if case .string(let key)? = record.record[name], !key.isEmpty { return key }
        }
        return nil
    }

    func audit(_ action: String, at: Instant) -> AuditEntry {
        AuditEntry(at: at, actor: "sync:\(source.id)", origin: "local", action: action, target: "source:\(source.id)")
    }
}
