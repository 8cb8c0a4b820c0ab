public import AccordCore

/// One account folded into another, and whether a person has undone it.
public struct AccountMerge: Sendable, Hashable, Codable {
    public enum Origin: String, Sendable, Hashable, Codable {
        /// Found by an import or `accord resolve`.
        case automatic
        /// A person merged the two.
        case manual
    }

    public var id: Int64
    public var survivor: String
    public var absorbed: String
    /// The absorbed account's name when it was merged, so the record reads without a lookup.
    public var absorbedName: String
    public var origin: Origin
    public var reason: String
    public var mergedBy: String
    public var mergedAt: Instant
    /// Rows that moved to the survivor, per table.
    public var moved: [String: Int]
    public var unmergedBy: String?
    public var unmergedAt: Instant?
}
