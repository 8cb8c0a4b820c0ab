/// One version of an outcome model and its signatures. A version becomes active when the leader
/// of every signer function has signed it; any change is a new draft that needs them all again,
/// and the active version stays active until then.
public struct OutcomeModelVersion: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case draft, active, superseded
    }

    public struct Signature: Sendable, Hashable, Codable {
        public var function: String
        public var person: String
        public var at: Instant

        public init(function: String, person: String, at: Instant) {
            self.function = function
            self.person = person
            self.at = at
        }
    }

    public var model: OutcomeModel
    public var version: Int
    public var status: Status
    public var createdBy: String
    public var createdAt: Instant
    public var signatures: [Signature]
    public var activatedAt: Instant?

    public init(
        model: OutcomeModel, version: Int, status: Status, createdBy: String, createdAt: Instant, signatures: [Signature] = [], activatedAt: Instant? = nil
    ) {
        self.model = model
        self.version = version
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.signatures = signatures
        self.activatedAt = activatedAt
    }

    /// Signer functions that have not signed this version.
    public var missing: [String] { model.signers.filter { function in !signatures.contains { $0.function == function } } }
}

/// What changed between two versions, outcome by outcome, for people deciding whether to sign.
public enum OutcomeModelDiff {
    /// Targets as written: 2, 0.75 (not rounded: a ratio's second decimal matters).
    public static func number(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value) }

    public static func lines(from old: OutcomeModel, to new: OutcomeModel) -> [String] {
        var lines: [String] = []
        if old.segment != new.segment { lines.append("segment: \(old.segment) → \(new.segment)") }
        if old.signers != new.signers { lines.append("signers: \(old.signers.joined(separator: ", ")) → \(new.signers.joined(separator: ", "))") }
        let before = Dictionary(old.outcomes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.outcomes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for outcome in old.outcomes where after[outcome.id] == nil { lines.append("removed \(outcome.id)") }
        for outcome in new.outcomes {
            guard let earlier = before[outcome.id] else {
                lines.append("added \(outcome.id): target \(number(outcome.target)) by day \(outcome.day)")
                continue
            }
            if earlier.target != outcome.target { lines.append("\(outcome.id) target: \(number(earlier.target)) → \(number(outcome.target))") }
            if earlier.day != outcome.day { lines.append("\(outcome.id) day: \(earlier.day) → \(outcome.day)") }
            if earlier.measure != outcome.measure { lines.append("\(outcome.id) measure: \(earlier.measure.kind) changed") }
            if earlier.description != outcome.description { lines.append("\(outcome.id) description changed") }
        }
        return lines
    }
}
