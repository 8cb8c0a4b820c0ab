public import AccordCore
import AccordStore

/// Loads one Singer message stream into the client record: every record lands in the raw store,
/// upserted on its key, and the records of streams that feed accounts or contacts go through the
/// source's mappings and the identity engine, as an import would. Records and the state that
/// follows them are committed together, so a run that dies resumes from its last state with
/// nothing lost or doubled. Feed it lines with `take`; end with `finish`.
public final class SingerLoader {
    let desk: SyncDesk
    let source: SourceDefinition
    let sync: SyncDefinition
    public private(set) var run: SyncRun
    var intake: SingerIntake
    var line = 0
    /// The last state committed in this run.
    public private(set) var committedState: JSONValue?
    /// Set when reading must stop: the protocol is broken.
    public private(set) var problem: String?

    init(desk: SyncDesk, source: SourceDefinition, sync: SyncDefinition, run: SyncRun, chunk: Int) {
        self.desk = desk
        self.source = source
        self.sync = sync
        self.run = run
        self.intake = SingerIntake(sync: sync, chunk: chunk)
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
            try await commit(state: state)
            return state
        }
    }

    /// Writes what is pending (records after the last state, without advancing the state: the
    /// next run sends them again and they are upserted) unless the protocol broke, and ends the run.
    public func finish(exit: TapExit, stderrTail: String? = nil, remapped: Bool = false) async throws -> SyncRun {
        var exit = exit
        if problem == nil {
            try await commit(state: nil)
        } else if exit.protocolProblem == nil {
            exit.protocolProblem = problem
        }
        run.streams = intake.counts
        // A remap reads only the streams that hold records; one that never received any is not missing.
        let expected = remapped ? Array(run.streams.keys) : sync.streams.map(\.stream)
        var finished = try SyncRunStateMachine.finish(
            run, exit: exit, expected: expected, quotaExitCodes: sync.quotaExitCodes,
            stateAfter: committedState ?? run.stateBefore, at: desk.now())
        finished.stderrTail = stderrTail
        try await desk.store.finishSyncRun(finished, notices: try await desk.notices(finished, source: source))
        run = finished
        return finished
    }

    func commit(state: JSONValue?) async throws {
        let pending = intake.pending
        guard !pending.isEmpty || !intake.rejects.isEmpty || !intake.activations.isEmpty || state != nil else { return }
        var outcome: [String: StreamCounts] = [:]
        var live: [StreamRecord] = []
        // An identical resend (taps deliver at least once) changes nothing in the client record.
        for (stream, records) in Dictionary(grouping: pending, by: \.stream) {
            let stored = try await desk.store.syncRecordTexts(source: source.id, stream: stream, keys: records.map(\.key))
            for record in records {
                if record.deleted {
                    outcome[stream, default: StreamCounts()].deleted += 1
                } else if let text = stored[record.key], case .object(let old)? = try? JSONParser.parse(text), StreamRecord.content(old) == record.content {
                    outcome[stream, default: StreamCounts()].unchanged += 1
                } else {
                    live.append(record)
                }
            }
        }
        var rejects = intake.rejects
        let accounts = try await rows(.accounts, live, &outcome, &rejects) { export in
            try await self.desk.imports.planAccounts(export, source: self.source, today: self.desk.today())
        }
        let contacts = try await rows(.contacts, live, &outcome, &rejects) { export in try await self.desk.imports.planContacts(export, source: self.source) }
        for record in live where sync.stream(record.stream)?.feeds == .raw { outcome[record.stream, default: StreamCounts()].updated += 1 }
        intake.record(outcome)
        run.streams = intake.counts
        let at = desk.now()
        let batch = SyncBatch(
            source: source.id, run: run, at: at, records: pending, activations: intake.activations, rejects: rejects, accounts: accounts, contacts: contacts,
            audit: AuditEntry(at: at, actor: "sync:\(source.id)", origin: "local", action: "sync.committed", target: "source:\(source.id)"),
            state: state)
        try await desk.store.commitSync(batch)
        intake.committed()
        if let state { committedState = state }
    }

    /// Maps raw records again, as they are stored, through the spec's mappings now: what a mapping
    /// fix changes reaches the client record without a new sync. The raw records stay as they are.
    public func remap(_ records: [StreamRecord]) async throws {
        var outcome: [String: StreamCounts] = [:]
        for record in records { outcome[record.stream, default: StreamCounts()].read += 1 }
        var rejects: [SyncReject] = []
        let accounts = try await rows(.accounts, records, &outcome, &rejects) { export in
            try await self.desk.imports.planAccounts(export, source: self.source, today: self.desk.today())
        }
        let contacts = try await rows(.contacts, records, &outcome, &rejects) { export in try await self.desk.imports.planContacts(export, source: self.source)
        }
        intake.record(outcome)
        run.streams = intake.counts
        let at = desk.now()
        try await desk.store.commitSync(
            SyncBatch(
                source: source.id, run: run, at: at, records: [], activations: [], rejects: rejects, accounts: accounts, contacts: contacts,
                audit: AuditEntry(at: at, actor: "sync:\(source.id)", origin: "local", action: "sync.remapped", target: "source:\(source.id)"), state: nil))
    }

    /// The import plans of one feed's changed records, one per stream, made by `plan` from them as
    /// export rows, with what each makes of its records counted and its rejected rows kept as rejects.
    func rows<Plan: ImportOutcome>(
        _ feed: StreamFeed.Feed, _ records: [StreamRecord], _ outcome: inout [String: StreamCounts], _ rejects: inout [SyncReject],
        plan: (ExportRows) async throws -> Plan
    ) async throws -> [Plan] {
        var plans: [Plan] = []
        let chosen = records.filter { sync.stream($0.stream)?.feeds == feed }
        for (stream, records) in Dictionary(grouping: chosen, by: \.stream).sorted(by: { $0.key < $1.key }) {
            let rows = records.map { ImportRow(line: $0.line, cells: $0.cells) }
            let export = ExportRows(header: Array(Set(rows.flatMap(\.cells.keys))).sorted(), rows: rows, unreadable: [])
            let byLine = Dictionary(records.map { ($0.line, $0) }, uniquingKeysWith: { first, _ in first })
            func reject(_ lines: [(line: Int, reason: String)]) {
                for (line, reason) in lines {
                    guard let record = byLine[line] else { continue }
                    rejects.append(SyncReject(stream: stream, key: record.key, line: line, reason: reason, record: .object(record.record)))
                }
            }
            do {
                let made = try await plan(export)
                reject(made.rejected)
                var counts = StreamCounts()
                counts.rejected = made.rejected.count
                counts.toReview = made.toReview
                counts.created = made.createdCount
                counts.updated = max(0, records.count - counts.created - counts.rejected - counts.toReview)
                outcome[stream, default: StreamCounts()] = outcome[stream, default: StreamCounts()] + counts
                plans.append(made)
            } catch let error as ImportError {
                // The stream's records cannot be mapped at all (its key field is missing, say): all kept aside.
                reject(records.map { ($0.line, "cannot be mapped: \(error.reason)") })
                outcome[stream, default: StreamCounts()].rejected += records.count
            }
        }
        return plans
    }
}

/// What the loader reads of an import plan to count a stream's records.
protocol ImportOutcome: Sendable {
    var rejected: [(line: Int, reason: String)] { get }
    var createdCount: Int { get }
    var toReview: Int { get }
}

extension ImportPlan: ImportOutcome {
    var createdCount: Int { created.count }
    var toReview: Int { reviews.count }
}

extension ContactImportPlan: ImportOutcome {
    var createdCount: Int { created.count }
    var toReview: Int { 0 }
}
