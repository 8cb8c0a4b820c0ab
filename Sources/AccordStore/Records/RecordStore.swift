public import AccordCore

/// The client record as a whole: accounts, their detail and the headline, and the database itself.
public protocol RecordStore: Sendable {
    /// Replaces all client data with `dataset` in one transaction: either all of it is
    /// written or none. `progress` is told rows written so far and the total.
    func replaceAll(with dataset: Dataset, progress: @escaping @Sendable (Int, Int) -> Void) async throws

    /// Row counts per table and a digest of the whole content, for comparing two databases.
    func statistics() async throws -> StoreStatistics

    func accounts(_ query: AccountQuery) async throws -> AccountPage
    func account(id: String) async throws -> AccountDetail?
    /// The ids of the accounts in one book: what a book-limited request may see.
    func accountIDs(in book: Book) async throws -> Set<String>
    /// Account id → name for the ids that exist, so pages show clients by name; unknown ids are left out.
    func accountNames(_ ids: Set<String>) async throws -> [String: String]
    func headline(asOf: Day) async throws -> Headline

    func meta(_ key: String) async throws -> String?
    func setMeta(_ key: String, _ value: String) async throws

    /// Whether the database answers, for `/health`.
    func ping() async throws

    /// Write transactions that changed rows, committed through this store object since it was
    /// opened: how caches in the same process notice new data without asking the database.
    var writeCount: Int { get }
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

    public init(
        segment: String? = nil, stage: LifecycleStage? = nil, source: AcquisitionSource? = nil, search: String? = nil, limit: Int = 50, cursor: String? = nil
    ) {
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
    /// Support tickets from the support system's sync, open ones first, at most 50.
    public var tickets: [SupportTicket] = []
    /// Content people at the client consumed, from the marketing automation sync, first first, at most 200.
    public var touches: [MarketingTouch] = []
    /// How the client came: acquisition source, original buying motivation, content consumed.
    public var marketing: MarketingContext?
}
