public import AccordCore

/// One system's record of an account or contact, and why it belongs there.
public struct SourceIdentity: Sendable, Hashable, Codable {
    public var source: String
    public var kind: String
    public var externalID: String
    public var accountID: String?
    public var contactID: String?
    public var rule: String?
    /// The account this record belonged to before that account was merged into this one.
    public var mergedFrom: String?
    public var updatedAt: Instant
}

/// A source record that may be an existing account: kept for a person to decide.
public struct IdentityReview: Sendable, Hashable, Codable {
    public enum Decision: String, Sendable, Hashable, Codable, CaseIterable {
        /// It is the candidate account.
        case link
        /// It is a company of its own.
        case separate
    }

    public var id: Int64
    public var source: String
    public var externalID: String
    public var candidateAccount: String
    public var probability: Double
    public var fields: [String: String]
    public var createdAt: Instant
    public var decision: Decision?
    public var decidedBy: String?
    public var decidedAt: Instant?
}
