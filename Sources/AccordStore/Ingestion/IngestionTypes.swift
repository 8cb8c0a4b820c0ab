public import AccordCore

/// One request's messages, in arrival order, with what each identify/group call sets on the record.
public struct IngestBatch: Sendable {
    public struct Entry: Sendable {
        public var item: IngestItem
        public var update: RecordUpdate?
        /// The accepted event's JSON columns, serialised where the entry is made (one request's
        /// task) rather than on the single writer's path.
        public var encoded: EncodedEvent?

        public init(item: IngestItem, update: RecordUpdate? = nil) {
            self.init(item: item, update: update, propertiesText: nil, contextText: nil)
        }

        /// With the message's properties and context already written out (`ParsedMessage`).
        public init(item: consuming IngestItem, update: RecordUpdate? = nil, propertiesText: String?, contextText: String?) {
            self.update = update
            switch consume item {
            case .accept(var event):
                encoded = EncodedEvent(event, propertiesText: propertiesText, contextText: contextText)
                // The writer stores the text; only identify reads the traits again. Dropping the
                // trees here frees them in the request's task instead of on the single writer.
                if event.type != .identify {
                    event.properties = .null
                    event.context = nil
                }
                self.item = .accept(event)
            case .quarantine(let failed):
                self.item = .quarantine(failed)
            }
        }
    }

    public var entries: [Entry]
    /// Segment for accounts that a group call creates, when its traits name none.
    public var defaultSegment: String

    public init(entries: [Entry], defaultSegment: String) {
        self.entries = entries
        self.defaultSegment = defaultSegment
    }
}

public struct IngestReceipt: Sendable, Hashable, Codable {
    public var accepted = 0
    public var duplicates = 0
    public var quarantined = 0

    public init(accepted: Int = 0, duplicates: Int = 0, quarantined: Int = 0) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.quarantined = quarantined
    }
}

public struct EventQuery: Sendable, Hashable {
    public var accountID: String?
    public var contactID: String?
    public var name: String?
    public var source: String?
    public var messageID: String?
    /// Inclusive lower and exclusive upper bound on the (corrected) timestamp.
    public var from: Instant?
    public var to: Instant?
    /// Events after this log position (the previous page's `nextCursor`).
    public var after: Int64?
    public var limit: Int

    public init(
        accountID: String? = nil, contactID: String? = nil, name: String? = nil, source: String? = nil, messageID: String? = nil, from: Instant? = nil,
        to: Instant? = nil, after: Int64? = nil, limit: Int = 100
    ) {
        self.accountID = accountID
        self.contactID = contactID
        self.name = name
        self.source = source
        self.messageID = messageID
        self.from = from
        self.to = to
        self.after = after
        self.limit = limit
    }

    public static let maximumLimit = 1000
}

/// An event with its position on the log.
public struct LoggedEvent: Sendable, Hashable, Codable {
    public var seq: Int64
    public var event: Event
}

public struct EventPage: Sendable, Hashable, Codable {
    public var events: [LoggedEvent]
    /// The position to ask after for the next page; present when this page is full.
    public var nextCursor: String?
    /// The last position seen, to follow the log from (present even on a short page).
    public var lastSeq: Int64?
}

public struct FailedEventQuery: Sendable, Hashable {
    public var source: String?
    public var name: String?
    public var kind: FailedEvent.Kind?
    public var after: Int64?
    public var limit: Int

    public init(source: String? = nil, name: String? = nil, kind: FailedEvent.Kind? = nil, after: Int64? = nil, limit: Int = 100) {
        self.source = source
        self.name = name
        self.kind = kind
        self.after = after
        self.limit = limit
    }
}

public struct KeptEvent: Sendable, Hashable, Codable {
    public var seq: Int64
    public var failed: FailedEvent
}

public struct FailedEventPage: Sendable, Hashable, Codable {
    public var failedEvents: [KeptEvent]
    public var total: Int
    public var nextCursor: String?
}

public struct FailedEventMove: Sendable, Hashable {
    public var seq: Int64
    public var event: Event

    public init(seq: Int64, event: Event) {
        self.seq = seq
        self.event = event
    }
}

/// How many events of one name from one source broke the tracking plan, and what became of them.
public struct ViolationCount: Sendable, Hashable, Codable {
    public var source: String
    public var event: String
    /// unplanned or invalid
    public var kind: String
    /// Accepted into the log with a flag.
    public var flagged: Int
    /// Kept aside in failed events.
    public var quarantined: Int

    public init(source: String, event: String, kind: String, flagged: Int, quarantined: Int) {
        self.source = source
        self.event = event
        self.kind = kind
        self.flagged = flagged
        self.quarantined = quarantined
    }
}

/// A source's write key, stored only as a hash.
public struct SourceKey: Sendable, Hashable, Codable {
    public var source: String
    public var system: String
    /// SHA-256 of the key, hex.
    public var keyHash: String
    /// The key's last four characters, so people can tell keys apart.
    public var hint: String
    public var createdAt: Instant
    public var rotatedAt: Instant?

    public init(source: String, system: String, keyHash: String, hint: String, createdAt: Instant, rotatedAt: Instant? = nil) {
        self.source = source
        self.system = system
        self.keyHash = keyHash
        self.hint = hint
        self.createdAt = createdAt
        self.rotatedAt = rotatedAt
    }
}

/// An event's JSON columns as stored text.
public struct EncodedEvent: Sendable {
    public var properties: String
    public var context: String?
    public var violations: String?

    public init(_ event: Event, propertiesText: String? = nil, contextText: String? = nil) {
        properties = propertiesText ?? event.properties.canonicalText
        context = event.context == nil ? nil : contextText ?? event.context?.canonicalText
        violations = event.violations.isEmpty ? nil : JSONValue.array(event.violations.map(JSONValue.string)).canonicalText
    }
}
