/// What the client record knows that acceptance rules may check.
public struct AccountFacts: Sendable {
    public var contacts: [Contact]
    /// The signed outcome model's targets by outcome, once one is signed for the account's segment.
    public var outcomeTargets: [String: Double]?
    /// Transitions already accepted for the account.
    public var accepted: Set<String>

    public init(contacts: [Contact], outcomeTargets: [String: Double]? = nil, accepted: Set<String> = []) {
        self.contacts = contacts
        self.outcomeTargets = outcomeTargets
        self.accepted = accepted
    }
}

/// Checks a submission before it is recorded: the order of transitions, the payload schema and
/// the acceptance rules, each problem naming its field. No problems means it waits for the receiver.
public enum HandoffCheck {
    public static func problems(_ definition: HandoffDefinition, payload: JSONValue, facts: AccountFacts) -> [HandoffProblem] {
        var problems: [HandoffProblem] = []
        if let required = definition.requires, !facts.accepted.contains(required) {
            problems.append(.init(field: "handoff", message: "\(required) must be accepted for this account before \(definition.id) is submitted"))
        }
        for line in PropertyValidator.validate(payload, against: definition.payload, path: "payload") {
            // "payload.success_criteria[0].target: expected number, got string" → field and message.
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            let field = parts[0].hasPrefix("payload.") ? String(parts[0].dropFirst(8)) : parts[0]
            problems.append(.init(field: field, message: parts.count > 1 ? parts[1].trimmedWhitespace : line))
        }
        guard case .object(let fields) = payload else { return problems }
        // A field whose own type or presence is wrong is reported once, by the schema; problems
        // inside it (one item's value) do not hide a rule on the whole field.
        let schemaFields = Set(problems.map(\.field))
        for rule in definition.acceptance {
            // A field the schema already faulted (missing though required, wrong type) is said once.
            if schemaFields.contains(rule.field) { continue }
            if !holds(rule.check, fields[rule.field] ?? .null, facts: facts) {
                problems.append(.init(field: rule.field, message: rule.message))
            }
        }
        return problems
    }

    static func holds(_ check: AcceptanceRule.Check, _ value: JSONValue, facts: AccountFacts) -> Bool {
        switch (check, value) {
        case (.present, .null): return false
        case (.present, .string(let text)): return !text.trimmedWhitespace.isEmpty
        case (.present, _): return true
        case (.minimum(let bound), .number), (.minimum(let bound), .bigInteger): return value.numberValue! >= bound
        case (.maximum(let bound), .number), (.maximum(let bound), .bigInteger): return value.numberValue! <= bound
        case (.minItems(let count), .array(let items)): return items.count >= count
        case (.minLength(let count), .string(let text)): return text.count >= count
        case (.oneOf(let allowed), .string(let text)): return allowed.contains(text)
        case (.contactOfAccount, .string(let text)):
            let wanted = text.trimmedWhitespace.lowercased()
            return facts.contacts.contains { $0.id == text || $0.name.lowercased() == wanted || $0.email?.lowercased() == wanted }
        case (.matchesOutcomeModel, .array(let items)):
            // Until an outcome model is signed there is nothing to match against.
            guard let targets = facts.outcomeTargets else { return true }
            var given: [String: Double] = [:]
            for item in items { if let outcome = item["outcome"]?.stringValue, let target = item["target"]?.numberValue { given[outcome] = target } }
            return targets.allSatisfy { given[$0.key] == $0.value }
        default:
            return false
        }
    }
}
