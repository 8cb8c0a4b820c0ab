/// An event kept aside instead of entering the log, with the full payload and why.
/// Nothing is dropped: `accord events replay` moves it into the log once the spec accepts it.
public struct FailedEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Its name is not in the taxonomy and the spec quarantines unplanned events.
        case unplanned
        /// Its properties break the event's schema and the spec quarantines violations.
        case invalid
    }

    public var messageID: String
    public var source: String
    public var type: SegmentCall
    public var name: String?
    public var kind: Kind
    /// Each precise reason, e.g. `properties.mrr: expected number, got string`.
    public var reasons: [String]
    /// The message as it arrived (batch context merged in, messageId and sentAt filled in).
    public var payload: JSONValue
    public var receivedAt: Instant

    public init(messageID: String, source: String, type: SegmentCall, name: String?, kind: Kind, reasons: [String], payload: JSONValue, receivedAt: Instant) {
        self.messageID = messageID
        self.source = source
        self.type = type
        self.name = name
        self.kind = kind
        self.reasons = reasons
        self.payload = payload
        self.receivedAt = receivedAt
    }
}

/// What the tracking plan decided for one incoming message.
public enum IngestItem: Sendable, Hashable {
    case accept(Event)
    case quarantine(FailedEvent)

    public var messageID: String {
        switch self {
        case .accept(let event): event.messageID
        case .quarantine(let failed): failed.messageID
        }
    }
}
