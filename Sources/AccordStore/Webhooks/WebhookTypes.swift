public import AccordCore

/// An outgoing webhook: a URL that hears about handoffs for one person, one function, or everyone.
public struct Webhook: Sendable, Hashable, Codable {
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
        /// Accord's own JSON body.
        case json
        /// `{"text": ...}`, what Slack's incoming webhooks (and Mattermost, Teams connectors) take.
        case slack
    }

    public var id: String
    public var url: String
    public var format: Format
    public var person: String?
    public var function: String?
    public var createdAt: Instant
    public var createdBy: String

    public init(id: String, url: String, format: Format, person: String?, function: String?, createdAt: Instant, createdBy: String) {
        self.id = id
        self.url = url
        self.format = format
        self.person = person
        self.function = function
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// One notice on its way to one webhook, with every attempt's outcome kept visible.
public struct WebhookDelivery: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pending, delivered, failed
    }

    public var id: Int64
    public var webhookID: String
    public var url: String
    public var kind: String
    public var body: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Instant?
    public var lastError: String?
    public var createdAt: Instant
    public var deliveredAt: Instant?
}
