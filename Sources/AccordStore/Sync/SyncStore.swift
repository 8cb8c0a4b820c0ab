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
    /// A stream's raw records that are not deleted, in key order after `after`, at most `limit`.
    func syncRecords(source: String, stream: String, after: String?, limit: Int) async throws -> [StreamRecord]
    func syncRejects(source: String, limit: Int) async throws -> [StoredSyncReject]
}

/// What one commit of a sync writes.
public struct SyncBatch: Sendable {
    public var source: String
    public var run: SyncRun
    public var at: Instant
    public var records: [StreamRecord]
    public var activations: [(stream: String, version: Int)]
    public var rejects: [SyncReject]
    public var accounts: [ImportPlan]
    public var contacts: [ContactImportPlan]
    public var audit: AuditEntry
    /// The new bookmark: nil keeps the one stored.
    public var state: JSONValue?

    public init(
        source: String, run: SyncRun, at: Instant, records: [StreamRecord], activations: [(stream: String, version: Int)], rejects: [SyncReject],
        accounts: [ImportPlan], contacts: [ContactImportPlan], audit: AuditEntry, state: JSONValue?
    ) {
        self.source = source
        self.run = run
        self.at = at
        self.records = records
        self.activations = activations
        self.rejects = rejects
        self.accounts = accounts
        self.contacts = contacts
        self.audit = audit
        self.state = state
    }
}

public struct StoredSyncReject: Sendable, Hashable, Codable {
    public var id: Int64
    public var runID: Int64
    public var reject: SyncReject
    public var at: Instant
}
