/// One lifecycle event on the log. Append-only; `messageID` is the idempotency key.
public struct Event: Sendable, Hashable, Codable {
    public var messageID: String
    public var name: String
    public var accountID: String?
    public var contactID: String?
    public var userID: String?
    public var anonymousID: String?
    public var source: String
    public var timestamp: Instant
    public var receivedAt: Instant
    public var properties: JSONValue

    public init(
        messageID: String, name: String, accountID: String?, contactID: String? = nil, userID: String? = nil,
        anonymousID: String? = nil, source: String, timestamp: Instant, receivedAt: Instant, properties: JSONValue
    ) {
        self.messageID = messageID
        self.name = name
        self.accountID = accountID
        self.contactID = contactID
        self.userID = userID
        self.anonymousID = anonymousID
        self.source = source
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.properties = properties
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

    public init() {}

    public var rowCount: Int {
        accounts.count + contacts.count + subscriptions.count + movements.count + events.count + usage.count + surveys.count
    }
}
