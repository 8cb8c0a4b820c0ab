/// A support ticket as the support system holds it, linked to the client it is about.
public struct SupportTicket: Sendable, Hashable, Codable {
    public var source: String
    public var key: String
    public var accountID: String
    public var subject: String
    /// The system's own status, lower-cased (new, open, pending, hold, solved, closed).
    public var status: String
    public var priority: String?
    public var openedAt: Instant?
    public var updatedAt: Instant?
    public var solvedAt: Instant?

    public init(
        source: String, key: String, accountID: String, subject: String, status: String, priority: String? = nil, openedAt: Instant? = nil,
        updatedAt: Instant? = nil, solvedAt: Instant? = nil
    ) {
        self.source = source
        self.key = key
        self.accountID = accountID
        self.subject = subject
        self.status = status
        self.priority = priority
        self.openedAt = openedAt
        self.updatedAt = updatedAt
        self.solvedAt = solvedAt
    }

    public static let closedStatuses: Set<String> = ["solved", "closed", "resolved", "done", "deleted"]

    /// Open until solved or closed.
    public var isOpen: Bool { !Self.closedStatuses.contains(status) && solvedAt == nil }

    /// Whole days since it was opened (or until it was solved).
    public func ageDays(now: Instant) -> Int? {
        guard let openedAt else { return nil }
        let end = solvedAt ?? now
        return max(0, Int((end.milliseconds - openedAt.milliseconds) / 86_400_000))
    }
}
