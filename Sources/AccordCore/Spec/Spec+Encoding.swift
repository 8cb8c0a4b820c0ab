// Readable JSON for the enums with payloads: `{"kind": "event_count", "event": ...}` rather than
// the compiler's nested `_0` form. The API serves these; nothing decodes them back yet.
extension Measure {
    private enum Keys: String, CodingKey { case kind, event, `where` }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(kind, forKey: .kind)
        if case let .eventCount(event, filter) = self {
            try container.encode(event, forKey: .event)
            try container.encode(filter, forKey: .where)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "usage_ratio": self = .usageRatio
        default:
            self = .eventCount(
                event: try container.decode(String.self, forKey: .event),
                where: try container.decodeIfPresent([String: String].self, forKey: .where) ?? [:])
        }
    }
}

extension AcceptanceRule.Check {
    private enum Keys: String, CodingKey { case check, value }

    public var name: String {
        switch self {
        case .present: "present"
        case .minimum: "min"
        case .maximum: "max"
        case .minItems: "min_items"
        case .minLength: "min_length"
        case .oneOf: "one_of"
        case .contactOfAccount: "contact_of_account"
        case .matchesOutcomeModel: "matches_outcome_model"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(name, forKey: .check)
        switch self {
        case .minimum(let v), .maximum(let v): try container.encode(v, forKey: .value)
        case .minItems(let v), .minLength(let v): try container.encode(v, forKey: .value)
        case .oneOf(let v): try container.encode(v, forKey: .value)
        case .present, .contactOfAccount, .matchesOutcomeModel: break
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        switch try container.decode(String.self, forKey: .check) {
        case "min": self = .minimum(try container.decode(Double.self, forKey: .value))
        case "max": self = .maximum(try container.decode(Double.self, forKey: .value))
        case "min_items": self = .minItems(try container.decode(Int.self, forKey: .value))
        case "min_length": self = .minLength(try container.decode(Int.self, forKey: .value))
        case "one_of": self = .oneOf(try container.decode([String].self, forKey: .value))
        case "contact_of_account": self = .contactOfAccount
        case "matches_outcome_model": self = .matchesOutcomeModel
        default: self = .present
        }
    }
}
