/// A piece of marketing a person at a client consumed (a form filled in, an asset downloaded, a
/// webinar attended), as the marketing automation system's sync gives it.
public struct MarketingTouch: Sendable, Hashable, Codable {
    public var source: String
    public var stream: String
    public var key: String
    public var accountID: String
    public var contactID: String?
    public var email: String?
    /// What was consumed, as people name it ("NRR playbook (PDF)", the form's name).
    public var content: String
    /// Why the person said they came, when the form asked.
    public var motivation: String?
    public var occurredAt: Instant

    public init(
        source: String, stream: String, key: String, accountID: String, contactID: String? = nil, email: String? = nil, content: String,
        motivation: String? = nil, occurredAt: Instant
    ) {
        self.source = source
        self.stream = stream
        self.key = key
        self.accountID = accountID
        self.contactID = contactID
        self.email = email
        self.content = content
        self.motivation = motivation
        self.occurredAt = occurredAt
    }
}

/// How a client came, as marketing knows it: who sourced it, the original buying motivation
/// (the first one a person at the client gave) and the content consumed, in the order first
/// consumed. It is the context the close-to-onboarding handoff carries.
public struct MarketingContext: Sendable, Hashable, Codable {
    public var acquisitionSource: AcquisitionSource
    public var buyingMotivation: String?
    public var contentConsumed: [String]
    public var firstTouchOn: Day?
    public var touches: Int

    public static func of(_ account: Account, touches: [MarketingTouch]) -> MarketingContext {
        let ordered = touches.sorted { ($0.occurredAt.milliseconds, $0.key) < ($1.occurredAt.milliseconds, $1.key) }
        var seen = Set<String>()
        let content = ordered.map(\.content).filter { seen.insert($0.lowercased()).inserted }
        return MarketingContext(
            acquisitionSource: account.acquisitionSource, buyingMotivation: ordered.lazy.compactMap(\.motivation).first, contentConsumed: content,
            firstTouchOn: ordered.first?.occurredAt.day, touches: touches.count)
    }

    /// The fields of a handoff's payload this context fills: `content_consumed`,
    /// `buying_motivation` and `acquisition_source`, where the payload has them and they are known.
    public func prefill(_ payload: [String: PropertySchema]) -> [String: JSONValue] {
        var filled: [String: JSONValue] = [:]
        if payload["content_consumed"]?.type == .array, !contentConsumed.isEmpty { filled["content_consumed"] = .array(contentConsumed.map(JSONValue.string)) }
        if payload["buying_motivation"]?.type == .string, let buyingMotivation { filled["buying_motivation"] = .string(buyingMotivation) }
        if payload["acquisition_source"]?.type == .string { filled["acquisition_source"] = .string(acquisitionSource.rawValue) }
        return filled
    }
}
