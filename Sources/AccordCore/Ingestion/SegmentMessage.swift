/// Why a request to the ingestion API cannot be accepted. Each case reads as one sentence that
/// says which message, which field and what the limit or the expected form is.
public enum IngestionProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(JSONParseError)
    case notAnObject
    case batchMissing
    case tooManyMessages(count: Int, limit: Int)
    case messageNotObject(index: Int?)
    case eventTooLarge(index: Int?, bytes: Int, limit: Int)
    case missingIdentity(index: Int?)
    case unknownType(index: Int?, type: String)
    case missingEventName(index: Int?)
    case missingGroupID(index: Int?)
    case badField(index: Int?, field: String, expected: String)
    case controlCharacter(index: Int?, field: String, scalar: UInt32)

    public var code: String {
        switch self {
        case .malformed, .notAnObject, .batchMissing, .messageNotObject: "invalid_json"
        case .eventTooLarge, .tooManyMessages: "too_large"
        default: "invalid_message"
        }
    }

    private static func hex(_ scalar: UInt32) -> String {
        let digits = String(scalar, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func which(_ index: Int?) -> String { index.map { "batch[\($0)]" } ?? "the message" }

    public var description: String {
        switch self {
        case .malformed(let error): "\(error)"
        case .notAnObject: "the body must be a JSON object"
        case .batchMissing: "the body must have a 'batch' array of messages"
        case .tooManyMessages(let count, let limit): "a batch holds at most \(limit) messages, got \(count)"
        case .messageNotObject(let index): "\(Self.which(index)) must be a JSON object"
        case .eventTooLarge(let index, let bytes, let limit):
            "\(Self.which(index)) is \(Format.count(bytes)) bytes; the limit is 32 KB (\(Format.count(limit)) bytes) per event"
        case .missingIdentity(let index): "\(Self.which(index)) needs a userId or an anonymousId"
        case .unknownType(let index, let type):
            "\(Self.which(index)) has type '\(type)'; expected one of \(SegmentCall.allCases.map(\.rawValue).joined(separator: ", "))"
        case .missingEventName(let index): "\(Self.which(index)) is a track call without an 'event' name"
        case .missingGroupID(let index): "\(Self.which(index)) is a group call without a 'groupId'"
        case .badField(let index, let field, let expected): "\(Self.which(index)).\(field) must be \(expected)"
        case .controlCharacter(let index, let field, let scalar):
            "\(Self.which(index)).\(field) holds the control character U+\(Self.hex(scalar)); ids and names must be printable text"
        }
    }
}

/// One message read from a request: the event, and the message itself for when it must be kept aside.
public struct ParsedMessage: Sendable {
    public var event: Event
    let message: [String: JSONValue]
    /// The event's properties and context as canonical JSON text: made once, for the size check
    /// and for storage.
    public var propertiesText: String
    public var contextText: String?

    /// The message as it would be replayed: original fields, messageId, type and sentAt settled.
    public var payload: JSONValue { SegmentEnvelope.payload(of: event, from: message) }
}

/// Reads Segment Tracking API bodies (`/v1/batch`, `/v1/track`, ...) into events.
public enum SegmentEnvelope {
    public static let maximumEventBytes = 32 * 1024
    public static let maximumBatchBytes = 500 * 1024
    public static let maximumBatchMessages = 2500

    /// The write key sent in the body, if any (`writeKey`).
    public static func writeKey(in body: JSONValue) -> String? {
        body["writeKey"]?.stringValue
    }

    /// Turns a parsed body into messages. `call` is the path's call (`/v1/track`), or nil for `/v1/batch`.
    /// The batch's own `context` and `integrations` merge into each message (the message wins),
    /// and its `sentAt` applies to messages without one.
    public static func messages(in body: JSONValue, call: SegmentCall?, source: String, receivedAt: Instant) throws(IngestionProblem) -> [ParsedMessage] {
        guard case let .object(top) = body else { throw .notAnObject }
        guard call == nil else {
            return [try message(top, index: nil, impliedType: call, batchSentAt: nil, source: source, receivedAt: receivedAt)]
        }
        guard case let .array(items)? = top["batch"] else { throw .batchMissing }
        guard items.count <= maximumBatchMessages else { throw .tooManyMessages(count: items.count, limit: maximumBatchMessages) }
        let batchSentAt = try instant(top["sentAt"], field: "sentAt", index: nil)
        var events: [ParsedMessage] = []
        events.reserveCapacity(items.count)
        let shared: [(String, [String: JSONValue])] = ["context", "integrations"].compactMap { key in
            if case let .object(members)? = top[key] { (key, members) } else { nil }
        }
        for (index, item) in items.enumerated() {
            guard case var .object(message) = item else { throw .messageNotObject(index: index) }
            for (key, members) in shared { message[key] = merge(members, into: message[key]) }
            events.append(try Self.message(message, index: index, impliedType: nil, batchSentAt: batchSentAt, source: source, receivedAt: receivedAt))
        }
        return events
    }

    static func payload(of event: Event, from message: [String: JSONValue]) -> JSONValue {
        var payload = message
        payload["messageId"] = .string(event.messageID)
        payload["type"] = .string(event.type.rawValue)
        if payload["sentAt"] == nil, let sentAt = event.sentAt { payload["sentAt"] = .string(sentAt.iso) }
        return .object(payload)
    }

    /// Reads one message. Also used by replay, on a stored payload.
    public static func message(
        _ message: [String: JSONValue], index: Int?, impliedType: SegmentCall?, batchSentAt: Instant?, source: String, receivedAt: Instant
    ) throws(IngestionProblem) -> ParsedMessage {
        // One pass over the members: each field the event needs is picked out by name (no lookup per
        // field), and the two big members are written out once; their text counts towards the size
        // and is stored as is.
        var fields = Fields()
        var size = 2 + max(0, message.count - 1)
        for (key, value) in message {
            var valueSize: Int?
            switch key {
            case "type": fields.type = value
            case "userId": fields.userID = value
            case "anonymousId": fields.anonymousID = value
            case "messageId": fields.messageID = value
            case "event": fields.event = value
            case "name": fields.name = value
            case "groupId": fields.groupID = value
            case "previousId": fields.previousID = value
            case "timestamp": fields.timestamp = value
            case "sentAt": fields.sentAt = value
            case "context":
                fields.context = value
                if case .object = value {
                    fields.contextText = value.canonicalText
                    valueSize = fields.contextText!.utf8.count
                }
            case "properties":
                fields.properties = value
                if case .object = value {
                    fields.propertiesText = value.canonicalText
                    valueSize = fields.propertiesText!.utf8.count
                }
            case "traits":
                fields.traits = value
                if case .object = value {
                    fields.traitsText = value.canonicalText
                    valueSize = fields.traitsText!.utf8.count
                }
            default: break
            }
            size += JSONValue.stringByteCount(key) + 1 + (valueSize ?? value.canonicalByteCount)
        }
        guard size <= maximumEventBytes else { throw .eventTooLarge(index: index, bytes: size, limit: maximumEventBytes) }
        let type: SegmentCall
        if let given = fields.type {
            guard let text = given.stringValue, let parsed = SegmentCall(rawValue: text) else {
                throw .unknownType(index: index, type: given.stringValue ?? given.canonicalText)
            }
            type = parsed
        } else if let impliedType {
            type = impliedType
        } else {
            throw .unknownType(index: index, type: "(none)")
        }
        let userID = try identifier(fields.userID, field: "userId", index: index)
        let anonymousID = try identifier(fields.anonymousID, field: "anonymousId", index: index)
        guard userID != nil || anonymousID != nil else { throw .missingIdentity(index: index) }
        let context = try object(fields.context, field: "context", index: index)
        var name: String
        var properties: JSONValue
        var groupID = try identifier(context?["groupId"], field: "context.groupId", index: index)
        switch type {
        case .track:
            guard let event = try text(fields.event, field: "event", index: index), !event.isEmpty else { throw .missingEventName(index: index) }
            name = event
            properties = try object(fields.properties, field: "properties", index: index) ?? .object([:])
        case .page, .screen:
            name = try text(fields.name, field: "name", index: index) ?? type.rawValue
            properties = try object(fields.properties, field: "properties", index: index) ?? .object([:])
        case .identify:
            name = "identify"
            properties = try object(fields.traits, field: "traits", index: index) ?? .object([:])
        case .group:
            name = "group"
            guard let group = try identifier(fields.groupID, field: "groupId", index: index) else { throw .missingGroupID(index: index) }
            groupID = group
            properties = try object(fields.traits, field: "traits", index: index) ?? .object([:])
            // The company's name becomes the account's name.
            if let company = properties["name"]?.stringValue { _ = try printable(company, field: "traits.name", index: index) }
        case .alias:
            name = "alias"
            let previous = try identifier(fields.previousID, field: "previousId", index: index)
            properties = .object(previous.map { ["previousId": .string($0)] } ?? [:])
        }
        let original = try instant(fields.timestamp, field: "timestamp", index: index)
        let sentAt = try instant(fields.sentAt, field: "sentAt", index: index) ?? batchSentAt
        // Segment's clock-skew correction: the sender's clock may be off, but the time between
        // the event and sending is measured on that one clock.
        var timestamp = original ?? receivedAt
        if let original, let sentAt {
            timestamp = Instant(milliseconds: receivedAt.milliseconds - (sentAt.milliseconds - original.milliseconds))
        }
        // One bad clock must not reach shared figures: a time before the plausible floor or after
        // it was received is the receipt time instead, the sent values kept beside it and the event noted.
        var notes: [String] = []
        if original != nil, let clamped = Self.plausible(timestamp, receivedAt: receivedAt) {
            notes.append(
                "timestamp: \(timestamp.iso) is implausible (before \(Self.earliest.day.iso) or after it was received); the receipt time is used, the sent timestamp is kept"
            )
            timestamp = clamped
        }
        let messageID =
            try text(fields.messageID, field: "messageId", index: index).flatMap { $0.isEmpty ? nil : $0 }
            ?? "auto-" + StableHash.hex(source + "\u{1F}" + JSONValue.object(message).canonicalText)
        let event = Event(
            messageID: messageID, type: type, name: name, accountID: nil, userID: userID, anonymousID: anonymousID, groupID: groupID,
            source: source, timestamp: timestamp, originalTimestamp: original, sentAt: sentAt, receivedAt: receivedAt,
            properties: properties, context: context, violations: notes)
        let text: String? =
            switch type {
            case .identify, .group: fields.traitsText
            case .alias: properties.canonicalText
            default: fields.propertiesText
            }
        return ParsedMessage(event: event, message: message, propertiesText: text ?? "{}", contextText: context == nil ? nil : fields.contextText)
    }

    /// The members of one message that its event is read from.
    private struct Fields {
        var type, userID, anonymousID, messageID, event, name, groupID, previousID, timestamp, sentAt: JSONValue?
        var context, properties, traits: JSONValue?
        var contextText, propertiesText, traitsText: String?
    }

    /// Event times before this are no product's clock (a device reset to 1970, year 0001 typed by hand).
    public static let earliest = Instant(iso: "2000-01-01T00:00:00Z")!
    /// How far after its receipt an event may be dated before it counts as a clock running ahead.
    public static let futureTolerance: Int64 = 10 * 60 * 1000

    /// The time to use instead of an implausible one, or nil when it is plausible.
    static func plausible(_ timestamp: Instant, receivedAt: Instant) -> Instant? {
        if timestamp < earliest || timestamp.milliseconds > receivedAt.milliseconds + futureTolerance { return receivedAt }
        return nil
    }

    static func merge(_ shared: [String: JSONValue], into own: JSONValue?) -> JSONValue {
        guard case let .object(mine)? = own else { return own == nil || own == .null ? .object(shared) : own! }
        return JSONValue.object(shared).mergedOver(mine)
    }

    /// A control character in an id or a name would be cut or hidden by the systems it goes to
    /// (a NUL ends a C string), so two different ids could show as one.
    private static func printable(_ text: String, field: String, index: Int?) throws(IngestionProblem) -> String {
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .controlCharacter(index: index, field: field, scalar: bad.value)
        }
        return text
    }

    private static func text(_ value: JSONValue?, field: String, index: Int?) throws(IngestionProblem) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return try printable(text, field: field, index: index)
        default: throw .badField(index: index, field: field, expected: "text")
        }
    }

    /// Ids may be text or numbers (some SDKs send numeric user ids); numbers are kept as their text.
    private static func identifier(_ value: JSONValue?, field: String, index: Int?) throws(IngestionProblem) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : try printable(text, field: field, index: index)
        case .number(let number)?: return JSONValue.number(number).canonicalText
        case .bigInteger(let digits)?: return digits
        default: throw .badField(index: index, field: field, expected: "text or a number")
        }
    }

    private static func object(_ value: JSONValue?, field: String, index: Int?) throws(IngestionProblem) -> JSONValue? {
        switch value {
        case nil, .null?: return nil
        case .object?: return value
        default: throw .badField(index: index, field: field, expected: "an object")
        }
    }

    private static func instant(_ value: JSONValue?, field: String, index: Int?) throws(IngestionProblem) -> Instant? {
        guard let text = try text(value, field: field, index: index) else { return nil }
        guard let instant = Instant(iso: text) else {
            throw .badField(index: index, field: field, expected: "an ISO 8601 time such as 2026-11-22T10:00:00Z, got '\(text)'")
        }
        return instant
    }
}

extension JSONValue {
    /// Keys of `other` win over this object's keys, recursively.
    public func mergedOver(_ other: [String: JSONValue]) -> JSONValue {
        guard case var .object(base) = self else { return .object(other) }
        for (key, value) in other {
            if case let .object(inner) = value, let existing = base[key], case .object = existing {
                base[key] = existing.mergedOver(inner)
            } else {
                base[key] = value
            }
        }
        return .object(base)
    }
}

/// A 128-bit FNV-1a hash in hex: a stable id for messages that arrive without a messageId, so
/// that an identical retry is still recognised. Not for secrets.
public enum StableHash {
    /// A stable share in [0, 1) for `text`: the same text always draws the same share.
    public static func unit(_ text: String) -> Double {
        // FNV's high bits barely move with the last bytes of an id, so the hash is mixed (splitmix64) first.
        var z = (UInt64(hex(text).prefix(16), radix: 16) ?? 0) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }

    public static func hex(_ text: String) -> String {
        var a: UInt64 = 0xCBF2_9CE4_8422_2325
        var b: UInt64 = 0x8422_2325_CBF2_9CE4
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 &+ 0x9E37
        }
        func pad(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return pad(a) + pad(b)
    }
}
