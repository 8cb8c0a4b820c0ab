public import AccordCore

/// Singer syncs: runs, the raw records taps send, each source's committed state, and rejects.
public protocol SyncStore: Sendable {
    /// Records a new run as running, with the source's state as it stands. Refused (a conflict)
    /// while another run of the source started less than `timeout` ago is still running.
    func startSyncRun(source: String, trigger: SyncRun.Trigger, holder: String, at: Instant, timeout: Int64) async throws -> SyncRun
    /// Runs of the source still marked running.
    func runningSyncRuns(source: String) async throws -> [SyncRun]
    /// The source's last committed state, nil before its first.
    func syncState(source: String) async throws -> JSONValue?
    /// The stored text of these records, by key, to tell an unchanged resend from a change.
    func syncRecordTexts(source: String, stream: String, keys: [String]) async throws -> [String: String]
    /// Writes one batch in one transaction: raw records upserted, older versions of activated
    /// streams marked deleted, rejects, what the records change in the client record, the run's
    /// counts so far and, when given, the new state. All of it or none.
    func commitSync(_ batch: SyncBatch) async throws
    /// The run as it ended, with the notices it gives (delivered by webhooks, in the same transaction).
    func finishSyncRun(_ run: SyncRun, notices: [Notice]) async throws
    func syncRuns(source: String?, limit: Int) async throws -> [SyncRun]
    /// Landed records of a stream the client record has not taken yet, deleted ones included, in key order.
    func unmappedSyncRecords(source: String, stream: String, limit: Int) async throws -> [StreamRecord]
    /// How many landed records of the source the client record has not taken yet.
    func unmappedSyncCount(source: String) async throws -> Int
    /// Marks the live records of these streams as not taken, so the next mapping takes them again
    /// through the spec's mappings as they are now. Returns how many.
    func markSyncRecordsUnmapped(source: String, streams: [String]) async throws -> Int
    /// Marks these live records of a stream as not taken (a replay of their rejects).
    func markSyncRecordsUnmapped(source: String, stream: String, keys: [String]) async throws -> Int
    /// Per source with runs: when its tap last worked and first ran.
    func syncFreshness() async throws -> [String: MetricFacts.SyncFreshness]
    /// Sources told to be stale since their tap last worked, and when they became stale.
    func staleAlerts() async throws -> [String: Instant]
    /// Remembers that the source is stale and delivers its notices, once: false when it was
    /// already told (by this replica or another) since its tap last worked.
    func noteStale(source: String, since: Instant, at: Instant, notices: [Notice]) async throws -> Bool
    /// Rejected records not replayed yet, oldest first.
    func replayableSyncRejects(source: String, limit: Int) async throws -> [StoredSyncReject]
    /// Marks rejects as replayed (they went through the loader again, and any that failed again
    /// are new rejects of the replay's run).
    func markSyncRejectsReplayed(_ ids: [Int64], at: Instant) async throws
    func syncRejects(source: String, limit: Int) async throws -> [StoredSyncReject]
    /// The client record ids these external ids of the source are linked to, as `kind` (account or contact).
    func linkedIDs(source: String, kind: String, externalIDs: [String]) async throws -> [String: String]
    /// Which of these records of a stream the client record already holds as `feed` (an item, a
    /// ticket, a response or an event), to count what a mapping creates.
    func heldFeedKeys(source: String, stream: String, feed: StreamFeed.Feed, keys: [String]) async throws -> Set<String>
    /// A client's support tickets, open ones first, newest first.
    func tickets(accountID: String, limit: Int) async throws -> [SupportTicket]
    /// The contacts with these emails (case aside), each with its account, by lower-cased email.
    func contactsByEmail(_ emails: [String]) async throws -> [String: (contactID: String, accountID: String)]
    /// A client's marketing touches, first consumed first.
    func touches(accountID: String, limit: Int) async throws -> [MarketingTouch]
}

/// A raw record as one commit lands it: whether the client record still has to take it (a new or
/// changed record of a stream that feeds accounts or contacts, or one deleted there) or not (an
/// identical resend, or a stream kept raw).
public struct LandedRecord: Sendable {
    public var record: StreamRecord
    public var awaitsMapping: Bool

    public init(_ record: StreamRecord, awaitsMapping: Bool) {
        self.record = record
        self.awaitsMapping = awaitsMapping
    }
}

/// What one commit of a sync writes: records landing in the raw store with the state after them,
/// or landed records mapped into the client record, or both.
public struct SyncBatch: Sendable {
    public var source: String
    public var run: SyncRun
    public var at: Instant
    public var records: [LandedRecord] = []
    public var activations: [(stream: String, version: Int)] = []
    public var rejects: [SyncReject] = []
    public var accounts: [ImportPlan] = []
    public var contacts: [ContactImportPlan] = []
    /// Raw records the client record has now taken, by stream.
    public var mapped: [String: [String]] = [:]
    /// Source records deleted in their system: the client no longer has them there, so their
    /// source identities go (the account or contact stays, with what other systems say).
    public var unlinked: [(kind: String, externalID: String)] = []
    /// Subscription items, tickets, survey responses and events the batch's records are now.
    public var feeds = FeedWrites()
    public var audit: AuditEntry
    /// The new bookmark: nil keeps the one stored.
    public var state: JSONValue?

    public init(source: String, run: SyncRun, at: Instant, audit: AuditEntry) {
        self.source = source
        self.run = run
        self.at = at
        self.audit = audit
    }
}

public struct StoredSyncReject: Sendable, Hashable, Codable {
    public var id: Int64
    public var runID: Int64
    public var reject: SyncReject
    public var at: Instant
    /// When `accord sync replay` took it again; nil while it waits for a fix.
    public var replayedAt: Instant?
}

/// What the streams beyond accounts and contacts write, their accounts resolved.
public struct FeedWrites: Sendable {
    public var items: [(stream: String, accountID: String, item: SubscriptionItem)] = []
    public var removedItems: [(stream: String, key: String)] = []
    public var tickets: [(stream: String, ticket: SupportTicket)] = []
    public var removedTickets: [(stream: String, key: String)] = []
    public var surveys: [SurveyResponse] = []
    public var removedSurveys: [String] = []
    public var events: [Event] = []
    /// Users of the system who are the spec's people: their id there → the person.
    public var owners: [(externalID: String, person: String)] = []
    public var removedOwners: [String] = []
    public var touches: [MarketingTouch] = []
    public var removedTouches: [(stream: String, key: String)] = []
    /// Records left waiting (not marked mapped): what they need has not arrived yet.
    public var deferred: [String] = []

    public init() {}

    public var isEmpty: Bool {
        items.isEmpty && removedItems.isEmpty && tickets.isEmpty && removedTickets.isEmpty && surveys.isEmpty && removedSurveys.isEmpty && events.isEmpty
            && owners.isEmpty && removedOwners.isEmpty && touches.isEmpty && removedTouches.isEmpty
    }
}
