/// One client's save case: opened by its owner, walked question by question through the
/// concession tree, and closed by a concession granted (within the cap, or above it by the
/// approver) or by none. A prospect's case is the same walk for a deal, so sales offers what
/// renewals offer.
public struct SaveCase: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An active client who wants to leave or pay less.
        case renewal
        /// A deal not yet won: the same options for new business.
        case prospect
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case open
        case awaitingApproval = "awaiting_approval"
        case granted
        case closed
    }

    public struct Answer: Sendable, Hashable, Codable {
        public var question: ConcessionPolicy.Question
        public var answer: String
        public var by: String
        public var at: Instant

        public init(question: ConcessionPolicy.Question, answer: String, by: String, at: Instant) {
            self.question = question
            self.answer = answer
            self.by = by
            self.at = at
        }
    }

    /// What the owner asked for: an offer of the leaf and an amount (a percent, months, or 0).
    public struct Request: Sendable, Hashable, Codable {
        public var offer: String
        public var amount: Double
        public var by: String
        public var at: Instant
        public var comment: String?

        public init(offer: String, amount: Double, by: String, at: Instant, comment: String? = nil) {
            self.offer = offer
            self.amount = amount
            self.by = by
            self.at = at
            self.comment = comment
        }
    }

    /// The decision on a request: granted (asked vs granted, by whom) or declined by the approver.
    public struct Decision: Sendable, Hashable, Codable {
        public var offer: String
        public var asked: Double
        /// nil when declined.
        public var granted: Double?
        /// The approver, when the request was above the cap; nil when the owner granted within it.
        public var approver: String?
        public var at: Instant
        public var comment: String?

        public init(offer: String, asked: Double, granted: Double?, approver: String?, at: Instant, comment: String? = nil) {
            self.offer = offer
            self.asked = asked
            self.granted = granted
            self.approver = approver
            self.at = at
            self.comment = comment
        }
    }

    public var id: String
    public var account: String
    public var kind: Kind
    /// The person who opened the case and owns it.
    public var owner: String
    public var openedAt: Instant
    public var openedOn: Day
    public var mrrCentsAtOpen: Int64
    /// What the record said when the case was opened: the walk reads it, so it cannot move under the case.
    public var facts: SaveFacts
    public var answers: [Answer] = []
    public var status: Status = .open
    public var request: Request?
    /// Every decision, declines included, oldest first; the last one granted closes the case.
    public var decisions: [Decision] = []
    public var closedAt: Instant?
    public var closedBy: String?
    public var note: String?

    public init(id: String, account: String, kind: Kind, owner: String, openedAt: Instant, openedOn: Day, mrrCentsAtOpen: Int64, facts: SaveFacts) {
        self.id = id
        self.account = account
        self.kind = kind
        self.owner = owner
        self.openedAt = openedAt
        self.openedOn = openedOn
        self.mrrCentsAtOpen = mrrCentsAtOpen
        self.facts = facts
    }

    /// The concession granted, if any.
    public var grant: Decision? { status == .granted ? decisions.last { $0.granted != nil } : nil }

    /// The reason the client gave, once asked.
    public var reason: ChurnReason? { answers.first { $0.question == .reason }.flatMap { ChurnReason(rawValue: $0.answer) } }
}
