import AccordCore
import AccordStore
import Foundation

extension SingerLoader {
    /// Records read from the raw store per mapping: bounds memory however much waits.
    static let mappingPage = 50_000

    /// Maps every landed record that waits, accounts first (a contact, a subscription or a ticket
    /// finds its account among those mapped before it), a page at a time, each page in one
    /// transaction with its mark.
    func mapWaiting() async throws {
        let started = desk.now()
        var known = pace.known
        if dryRun {
            known = try await mapDry()
        } else {
            // Owners first: an account's owner id then names its person.
            // Touches after contacts: a touch finds its person by email.
            for feed in [StreamFeed.Feed.owners, .accounts, .contacts, .touches, .subscriptions, .tickets, .surveys, .events] {
                for stream in sync.streams where stream.feeds == feed {
                    while true {
                        let records = try await desk.store.unmappedSyncRecords(source: source.id, stream: stream.stream, limit: Self.mappingPage)
                        guard !records.isEmpty else { break }
                        let deferred: Int
                        (known, deferred) = try await map(records, stream: stream.stream, feed: feed, known: known)
                        // A page that only waits (its records need what has not arrived) is left for later.
                        if records.count < Self.mappingPage || deferred == records.count { break }
                    }
                }
            }
        }
        pace.mapped(from: started, to: desk.now(), known: known)
    }

    /// One page of one stream's waiting records into the client record; returns the accounts
    /// and contacts it now holds, as far as the plans tell.
    func map(_ records: [StreamRecord], stream: String, feed: StreamFeed.Feed, known: Int) async throws -> (known: Int, deferred: Int) {
        var outcome: [String: StreamCounts] = [:]
        var rejects: [SyncReject] = []
        let live = records.filter { !$0.deleted }
        let at = desk.now()
        var batch = SyncBatch(source: source.id, run: run, at: at, audit: audit(remapping ? "sync.remapped" : "sync.mapped", at: at))
        var known = known
        switch feed {
        case .accounts:
            batch.accounts = try await accountPlans(live, &outcome, &rejects)
            known = batch.accounts.map { $0.existing + $0.created.count }.max() ?? known
        case .contacts:
            let picked = picked(live, stream: stream, &outcome)
            batch.contacts = try await contactPlans(picked, &outcome, &rejects)
            known += batch.contacts.reduce(0) { $0 + $1.created.count }
            if !finishing {
                // A contact can land before its company in one run (tap-hubspot sends contacts
                // first): it waits for the run's accounts, and is rejected only if the run ends without one.
                let waiting = rejects.filter { $0.reason.hasPrefix(ContactImport.noAccountReason) }
                rejects.removeAll { $0.reason.hasPrefix(ContactImport.noAccountReason) }
                outcome[stream, default: StreamCounts()].rejected -= waiting.count
                batch.feeds.deferred += waiting.compactMap(\.key)
            }
        case .subscriptions, .tickets, .surveys, .events, .owners, .touches:
            guard let definition = sync.stream(stream) else { break }
            batch.feeds = try await feedWrites(records, stream: definition, outcome: &outcome, rejects: &rejects)
        case .raw:
            break
        }
        if feed == .accounts || feed == .contacts {
            let kind = feed == .contacts ? "contact" : "account"
            batch.unlinked = records.filter(\.deleted).map { (kind, externalID(of: $0, feed: feed)) }
        }
        batch.rejects = rejects
        let waiting = Set(batch.feeds.deferred)
        batch.mapped = [stream: records.map(\.key).filter { !waiting.contains($0) }]
        intake.record(outcome)
        run.streams = intake.counts
        batch.run = run
        try await desk.store.commitSync(batch)
        return (known, waiting.count)
    }

    /// The records a contacts stream's `when` picks (Zendesk's end users, not its agents); the
    /// rest stay raw, counted unchanged.
    func picked(_ records: [StreamRecord], stream: String, _ outcome: inout [String: StreamCounts]) -> [StreamRecord] {
        guard let when = sync.stream(stream)?.when, !when.isEmpty else { return records }
        let picked = records.filter { FeedEvent.matches(FeedFields(record: $0.record, mappings: source.mappings), when: when) }
        outcome[stream, default: StreamCounts()].unchanged += records.count - picked.count
        return picked
    }

    /// A dry run maps nothing it keeps: the plans of what would wait are made and counted.
    func mapDry() async throws -> Int {
        var outcome: [String: StreamCounts] = [:]
        var rejects: [SyncReject] = []
        let live = dryRecords.filter { !$0.deleted }
        let accounts = try await accountPlans(live, &outcome, &rejects)
        let byStream = Dictionary(grouping: live.filter { sync.stream($0.stream)?.feeds == .contacts }, by: \.stream)
        let contacts = byStream.sorted { $0.key < $1.key }.flatMap { stream, records in picked(records, stream: stream, &outcome) }
        _ = try await contactPlans(contacts, &outcome, &rejects)
        // Accounts a dry run would create are not linked, so what refers to them counts as rejected.
        for stream in sync.streams where stream.feeds.refersToAccount || stream.feeds == .touches {
            _ = try await feedWrites(dryRecords.filter { $0.stream == stream.stream }, stream: stream, outcome: &outcome, rejects: &rejects)
        }
        dryRecords.removeAll()
        intake.record(outcome)
        run.streams = intake.counts
        return accounts.map { $0.existing + $0.created.count }.max() ?? pace.known
    }

    /// The id under which the source's record is linked: its account or contact key column, as an
    /// import reads it, else the record's key.
    func externalID(of record: StreamRecord, feed: StreamFeed.Feed) -> String {
        let cells = record.cells
        for name in source.keyNames(contacts: feed == .contacts) {
            if let value = cells.first(where: { $0.key.lowercased() == name.lowercased() })?.value.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                return source.canonicalID(value)
            }
        }
        return record.key
    }

    /// Maps every live raw record of the source's mapped streams again, as they are
    /// stored, through the spec's mappings now: what a mapping fix changes reaches the client record
    /// without a new sync. The raw records and the tap's state stay as they are.
    public func remapAll(progress: @escaping @Sendable (Int) -> Void) async throws {
        let streams = sync.streams.filter { $0.feeds != .raw }
        let count = try await desk.store.markSyncRecordsUnmapped(source: source.id, streams: streams.map(\.stream))
        remapping = true
        progress(count)
        try await mapWaiting()
    }

    /// Maps what a replay marked again, counting each record as read.
    func replayWaiting() async throws {
        remapping = true
        try await mapWaiting()
    }

    func accountPlans(_ records: [StreamRecord], _ outcome: inout [String: StreamCounts], _ rejects: inout [SyncReject]) async throws -> [ImportPlan] {
        try await rows(.accounts, records, &outcome, &rejects) { export in
            try await self.desk.imports.planAccounts(export, source: self.source, today: self.desk.today())
        }
    }

    func contactPlans(_ records: [StreamRecord], _ outcome: inout [String: StreamCounts], _ rejects: inout [SyncReject]) async throws -> [ContactImportPlan] {
        try await rows(.contacts, records, &outcome, &rejects) { export in try await self.desk.imports.planContacts(export, source: self.source) }
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
            if remapping { outcome[stream, default: StreamCounts()].read += records.count }
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
