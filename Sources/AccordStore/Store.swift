public import AccordCore

/// Where Accord keeps the client record. SQLite is the embedded default; a PostgreSQL store
/// satisfies the same protocol, and one conformance suite holds both to the same behaviour.
public protocol Store: Sendable {
    /// Replaces all client data with `dataset` in one transaction: either all of it is
    /// written or none. `progress` is told rows written so far and the total.
    func replaceAll(with dataset: Dataset, progress: @escaping @Sendable (Int, Int) -> Void) async throws

    /// Row counts per table and a digest of the whole content, for comparing two databases.
    func statistics() async throws -> StoreStatistics

    func accounts(_ query: AccountQuery) async throws -> AccountPage
    func account(id: String) async throws -> AccountDetail?
    /// The ids of the accounts in one book: what a book-limited request may see.
    func accountIDs(in book: Book) async throws -> Set<String>
    func headline(asOf: Day) async throws -> Headline

    func meta(_ key: String) async throws -> String?
    func setMeta(_ key: String, _ value: String) async throws

    /// Whether the database answers, for `/health`.
    func ping() async throws

    /// Write transactions that changed rows, committed through this store object since it was
    /// opened: how caches in the same process notice new data without asking the database.
    var writeCount: Int { get }

    // MARK: Ingestion

    /// Writes several requests' messages in one transaction (group commit) and answers each
    /// request's receipt only after the commit. A message whose messageId is already on the log
    /// is counted as a duplicate and changes nothing.
    func ingest(_ batches: [IngestBatch]) async throws -> [IngestReceipt]
    func events(_ query: EventQuery) async throws -> EventPage
    func failedEvents(_ query: FailedEventQuery) async throws -> FailedEventPage
    /// Moves kept-aside events into the log, in one transaction. Returns how many moved.
    func resolveFailedEvents(_ moves: [FailedEventMove]) async throws -> Int
    func violationCounts() async throws -> [ViolationCount]

    // MARK: Sources

    /// Saves a source's key (new or rotated) and its audit entry in one transaction.
    func saveSourceKey(_ key: SourceKey, audit: AuditEntry) async throws
    func sourceKeys() async throws -> [SourceKey]

    // MARK: Access
    // Every change below is written with its audit entry in the same transaction: a change
    // without its entry, or an entry without its change, cannot happen.

    func setPassword(personID: String, hash: String, audit: AuditEntry) async throws
    func passwordHash(personID: String) async throws -> String?
    func peopleWithPasswords() async throws -> Set<String>

    func createSession(_ session: SessionRecord) async throws
    /// The session with this hash if it has not expired at `now`.
    func session(idHash: String, now: Instant) async throws -> SessionRecord?
    func deleteSession(idHash: String) async throws

    func saveToken(_ token: APIToken, audit: AuditEntry) async throws
    func token(hash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    /// Marks a token revoked; nil when there is no such token. Revoking twice changes nothing.
    func revokeToken(id: String, at: Instant, audit: AuditEntry) async throws -> APIToken?
    func touchToken(id: String, at: Instant) async throws

    // MARK: Identity

    func accountsForMatching() async throws -> [ExistingAccount]
    /// A source's record ids of one kind (`account`, `group`, `user`) → the account they belong to.
    func sourceLinks(source: String, kind: String) async throws -> [String: String]
    /// Writes a whole import in one transaction with its audit entry: all of it or none.
    /// `progress` is told rows written so far and the total.
    func applyImport(_ plan: ImportPlan, source: String, at: Instant, audit: AuditEntry, progress: @escaping @Sendable (Int, Int) -> Void) async throws
    func identities(accountID: String) async throws -> [SourceIdentity]
    func identityReviews(openOnly: Bool) async throws -> [IdentityReview]
    func identityReview(id: Int64) async throws -> IdentityReview?
    /// Records a person's decision on a review: link the record to the candidate, or make it the
    /// given new account. Nil when there is no such review; an already decided one is returned unchanged.
    func decideReview(id: Int64, decision: IdentityReview.Decision, newAccount: Account?, at: Instant, audit: AuditEntry) async throws -> IdentityReview?
    func contactsForMatching() async throws -> [ExistingContact]
    /// A source's contact ids → (contact, account).
    func contactLinks(source: String) async throws -> [String: (contact: String, account: String)]
    func applyContactImport(_ plan: ContactImportPlan, source: String, at: Instant, audit: AuditEntry, progress: @escaping @Sendable (Int, Int) -> Void) async throws

    // MARK: Merges

    /// Folds each absorbed account into its survivor, in one transaction, with an audit entry per
    /// merge. An automatic merge of two accounts a person kept apart is refused.
    func mergeAccounts(_ proposals: [MergeProposal], origin: AccountMerge.Origin, audit: AuditEntry) async throws -> [AccountMerge]
    /// Restores an absorbed account with the rows that moved and what arrived since through its
    /// records; the two are kept apart from then on.
    func unmergeAccount(_ absorbed: String, audit: AuditEntry) async throws -> AccountMerge
    /// Every merge, or those an account took part in, oldest first.
    func merges(accountID: String?) async throws -> [AccountMerge]
    /// The live account an id stands for: itself, or where it was merged. Nil for an id never seen.
    func currentAccountID(_ id: String) async throws -> String?
    func keptApart() async throws -> Set<AccountPair>

    // MARK: Handoffs

    /// Records a submission (waiting or auto-rejected) with its events and audit entry.
    func saveHandoff(_ handoff: Handoff, effects: HandoffEffects, audit: AuditEntry) async throws
    /// The receiver's decision on a waiting handoff; an already decided one comes back unchanged,
    /// nil when there is none. `effects` makes the log entries and notices from the decided handoff.
    func decideHandoff(
        id: String, status: Handoff.Status, reason: Handoff.Reason?, comment: String?, at: Instant, effects: @escaping @Sendable (Handoff) -> HandoffEffects,
        audit: AuditEntry
    ) async throws -> Handoff?
    func handoff(id: String) async throws -> Handoff?
    func handoffs(_ query: HandoffQuery) async throws -> [Handoff]
    /// Marks every waiting handoff past its due time as breached, once, with its event and audit
    /// entry; returns those newly breached.
    func markBreached(at now: Instant, effects: @escaping @Sendable (Handoff) -> HandoffEffects, audit: AuditEntry) async throws -> [Handoff]

    func saveTriageNote(_ note: TriageNote, audit: AuditEntry) async throws
    func triageNotes(week: String) async throws -> [TriageNote]

    // MARK: Outcomes

    /// Clients of these segments (signed: their first new-business movement) with the events of
    /// these names, their weekly usage and their MRR movements; one client when `account` is given.
    func outcomeHistories(segments: Set<String>, events: Set<String>, account: String?) async throws -> [OutcomeHistory]

    // MARK: Metrics

    /// What the dashboard's metrics read, as of a day: every account with its milestones (the
    /// first day its weekly active / licensed seats reached `adoptionThreshold`), MRR movements,
    /// stakeholders, surveys, field presence, and for each of `sources` the arrival lag and plan
    /// conformance of its latest 1,000 events.
    func metricFacts(asOf: Day, adoptionThreshold: Double, sources: [String]) async throws -> MetricFacts

    /// Every version of every outcome model, oldest first per model.
    func outcomeModelVersions() async throws -> [OutcomeModelVersion]
    /// Adds a draft version (the next number); nothing when its content equals the newest version's.
    func proposeOutcomeModel(_ model: OutcomeModel, by: String, at: Instant, audit: AuditEntry) async throws -> OutcomeModelVersion?
    /// Records one function's signature on a draft; when every signer has signed, the draft becomes
    /// active and the earlier active version is superseded.
    func signOutcomeModel(id: String, version: Int, function: String, person: String, at: Instant, audit: AuditEntry) async throws -> OutcomeModelVersion

    /// Writes events Accord itself derives (outcome crossings); a message id already on the log changes nothing. Returns how many were new.
    func logDerivedEvents(_ events: [Event]) async throws -> Int
    /// Per account, the names of the events it has on the log among `names`.
    func eventNames(_ names: Set<String>) async throws -> [String: Set<String>]

    // MARK: Webhooks

    func saveWebhook(_ webhook: Webhook, audit: AuditEntry) async throws
    func webhooks() async throws -> [Webhook]
    /// Stops deliveries to it (pending ones too); nil when there is no such webhook.
    func removeWebhook(id: String, at: Instant, audit: AuditEntry) async throws -> Webhook?
    /// Pending deliveries whose next attempt is due, oldest first, claimed for `lease` milliseconds:
    /// no other replica gets them until then, and if this one dies they come due again after it.
    func claimDeliveries(at now: Instant, limit: Int, lease: Int64) async throws -> [WebhookDelivery]
    /// One attempt's outcome: delivered, or failed with the error and the next attempt (nil: given up).
    func recordAttempt(delivery id: Int64, delivered: Bool, error: String?, nextAttemptAt: Instant?, at: Instant) async throws
    func deliveries(status: WebhookDelivery.Status?, limit: Int) async throws -> [WebhookDelivery]

    // MARK: Background jobs

    /// Claims one run of a periodic job for `holder` when its last run started at least `every`
    /// milliseconds ago: true means run it now. One replica gets each run; when the holder dies,
    /// the next run goes to whichever replica asks first.
    func claimJob(_ name: String, holder: String, at now: Instant, every: Int64) async throws -> Bool
    /// Each job's latest run: who ran it, when it started and how many runs there have been.
    func jobs() async throws -> [JobRun]

    func appendAudit(_ entry: AuditEntry) async throws
    func audit(_ query: AuditQuery) async throws -> AuditPage
}

extension Store {
    public func applyImport(_ plan: ImportPlan, source: String, at: Instant, audit: AuditEntry) async throws {
        try await applyImport(plan, source: source, at: at, audit: audit) { _, _ in }
    }

    public func applyContactImport(_ plan: ContactImportPlan, source: String, at: Instant, audit: AuditEntry) async throws {
        try await applyContactImport(plan, source: source, at: at, audit: audit) { _, _ in }
    }
}

public struct JobRun: Sendable, Hashable, Codable {
    public var name: String
    public var holder: String
    public var startedAt: Instant
    public var runs: Int
}

public struct StoreStatistics: Sendable, Hashable, Codable {
    /// Table name → rows, in a fixed order.
    public var tables: [TableCount]
    /// SHA-256 over every row of client data in key order, hex.
    public var contentDigest: String

    public struct TableCount: Sendable, Hashable, Codable {
        public var table: String
        public var rows: Int
    }

    public func rows(_ table: String) -> Int { tables.first { $0.table == table }?.rows ?? 0 }
}

public struct AccountQuery: Sendable, Hashable {
    public var segment: String?
    public var stage: LifecycleStage?
    public var source: AcquisitionSource?
    /// Case-insensitive match on name or domain.
    public var search: String?
    public var limit: Int
    /// Opaque position from the previous page's `nextCursor`.
    public var cursor: String?
    /// Only the accounts one person owns, when the spec limits their role to their book.
    public var book: Book?

    public init(segment: String? = nil, stage: LifecycleStage? = nil, source: AcquisitionSource? = nil, search: String? = nil, limit: Int = 50, cursor: String? = nil) {
        self.segment = segment
        self.stage = stage
        self.source = source
        self.search = search
        self.limit = limit
        self.cursor = cursor
    }

    public static let maximumLimit = 500
}

public struct AccountSummary: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var domain: String?
    public var segment: String
    public var lifecycleStage: LifecycleStage
    public var acquisitionSource: AcquisitionSource
    public var cohort: String?
    public var licensedSeats: Int
    public var ownerCS: String?
    public var mrrCents: Int64
    public var renewalOn: Day?
}

public struct AccountPage: Sendable, Hashable, Codable {
    public var accounts: [AccountSummary]
    public var total: Int
    public var nextCursor: String?
}

public struct AccountDetail: Sendable, Hashable, Codable {
    public var account: Account
    public var subscription: Subscription?
    public var contacts: [Contact]
    public var movements: [MRRMovement]
    /// Newest first, at most 100.
    public var recentEvents: [Event]
    /// Newest first, at most 26 weeks.
    public var recentUsage: [UsageWeek]
    public var surveys: [SurveyResponse]
}
