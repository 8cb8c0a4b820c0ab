/// The kinds of Segment call an event can come from.
public enum SegmentCall: String, Sendable, Hashable, Codable, CaseIterable {
    case track, identify, group, page, screen, alias
}

/// How a track event measured up against the taxonomy when it arrived.
public enum PlanStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// In the taxonomy, properties valid.
    case planned
    /// Not in the taxonomy; accepted because the spec allows unplanned events.
    case unplanned
    /// In the taxonomy but its properties break the schema; accepted and flagged.
    case invalid
}

/// One message on the event log. Append-only; `messageID` is the idempotency key.
public struct Event: Sendable, Hashable, Codable {
    public var messageID: String
    public var type: SegmentCall
    /// The track event's name, the page or screen name, or the call type for the others.
    public var name: String
    public var accountID: String?
    public var contactID: String?
    public var userID: String?
    public var anonymousID: String?
    /// The group the message names (group call, or `context.groupId`), kept even when no account is known yet.
    public var groupID: String?
    public var source: String
    /// When it happened, corrected for the sender's clock skew.
    public var timestamp: Instant
    /// The sender's own `timestamp` and `sentAt`, kept as they came.
    public var originalTimestamp: Instant?
    public var sentAt: Instant?
    public var receivedAt: Instant
    /// Properties for track/page/screen; traits for identify/group.
    public var properties: JSONValue
    public var context: JSONValue?
    public var planStatus: PlanStatus?
    public var violations: [String]

    public init(
        messageID: String, type: SegmentCall = .track, name: String, accountID: String?, contactID: String? = nil,
        userID: String? = nil, anonymousID: String? = nil, groupID: String? = nil, source: String, timestamp: Instant,
        originalTimestamp: Instant? = nil, sentAt: Instant? = nil, receivedAt: Instant, properties: JSONValue,
        context: JSONValue? = nil, planStatus: PlanStatus? = nil, violations: [String] = []
    ) {
        self.messageID = messageID
        self.type = type
        self.name = name
        self.accountID = accountID
        self.contactID = contactID
        self.userID = userID
        self.anonymousID = anonymousID
        self.groupID = groupID
        self.source = source
        self.timestamp = timestamp
        self.originalTimestamp = originalTimestamp
        self.sentAt = sentAt
        self.receivedAt = receivedAt
        self.properties = properties
        self.context = context
        self.planStatus = planStatus
        self.violations = violations
    }
}

/// Product usage for one ISO week: the numerator and denominator of the adoption ratio.
public struct UsageWeek: Sendable, Hashable, Codable {
    public var accountID: String
    public var weekStart: Day
    public var activeSeats: Int
    public var licensedSeats: Int

    public init(accountID: String, weekStart: Day, activeSeats: Int, licensedSeats: Int) {
        self.accountID = accountID
        self.weekStart = weekStart
        self.activeSeats = activeSeats
        self.licensedSeats = licensedSeats
    }

    public var ratio: Double { licensedSeats > 0 ? Double(activeSeats) / Double(licensedSeats) : 0 }
}

public enum SurveyKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 1 (very unsatisfied) to 5 (very satisfied).
    case csat
    /// 0 to 10, "how likely are you to recommend us".
    case nps
}

public struct SurveyResponse: Sendable, Hashable, Codable {
    public var id: String
    public var accountID: String
    public var contactID: String?
    public var kind: SurveyKind
    public var score: Int
    public var respondedOn: Day

    public init(id: String, accountID: String, contactID: String?, kind: SurveyKind, score: Int, respondedOn: Day) {
        self.id = id
        self.accountID = accountID
        self.contactID = contactID
        self.kind = kind
        self.score = score
        self.respondedOn = respondedOn
    }
}

/// Everything one company's data layer holds, as plain values: what the demo generator makes
/// and what a store writes in one transaction.
public struct Dataset: Sendable, Hashable {
    public var accounts: [Account] = []
    public var contacts: [Contact] = []
    public var subscriptions: [Subscription] = []
    public var movements: [MRRMovement] = []
    public var events: [Event] = []
    public var usage: [UsageWeek] = []
    public var surveys: [SurveyResponse] = []
    public var handoffs: [Handoff] = []
    /// Support tickets, as the support system's sync keeps them.
    public var tickets: [SupportTicket] = []
    /// The source records each client is linked to.
    public var links: [DemoSystems.Link] = []
    /// The sync log the sources' runs left.
    public var syncRuns: [SyncRun] = []

    public init() {}

    public var rowCount: Int {
        accounts.count + contacts.count + subscriptions.count + movements.count + events.count + usage.count + surveys.count + handoffs.count
            + tickets.count + links.count + syncRuns.count
    }
}
