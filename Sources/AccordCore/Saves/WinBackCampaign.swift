/// A win-back list turned into work: who is in it (ranked as they were on the day it started),
/// when, and which offer of the concession tree goes out to them. Whether a member came back is
/// read from MRR (a reactivation or a new contract), never ticked by hand.
public struct WinBackCampaign: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case running
        case closed
    }

    /// A churned client as the ranking saw it when the campaign started.
    public struct Member: Sendable, Hashable, Codable {
        public var account: String
        public var name: String
        public var segment: String
        public var reason: ChurnReason?
        public var churnedOn: Day
        public var rank: Int
        /// The chance to return on the start day, 0–100.
        public var points: Int
        public var mrrCentsBefore: Int64

        public init(
            account: String, name: String, segment: String, reason: ChurnReason?, churnedOn: Day, rank: Int, points: Int, mrrCentsBefore: Int64
        ) {
            self.account = account
            self.name = name
            self.segment = segment
            self.reason = reason
            self.churnedOn = churnedOn
            self.rank = rank
            self.points = points
            self.mrrCentsBefore = mrrCentsBefore
        }
    }

    public var id: String
    public var name: String
    /// An offer id of the spec's concession tree; nil for a campaign that offers nothing but a conversation.
    public var offer: String?
    public var status: Status
    public var createdBy: String
    public var createdAt: Instant
    public var startedOn: Day
    public var members: [Member]
    public var closedBy: String?
    public var closedOn: Day?
    public var note: String?

    public init(
        id: String, name: String, offer: String?, status: Status = .running, createdBy: String, createdAt: Instant, startedOn: Day,
        members: [Member], closedBy: String? = nil, closedOn: Day? = nil, note: String? = nil
    ) {
        self.id = id
        self.name = name
        self.offer = offer
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.startedOn = startedOn
        self.members = members
        self.closedBy = closedBy
        self.closedOn = closedOn
        self.note = note
    }

    /// A member counts as won back when MRR returns this many days after the start at most: the
    /// same six months the ranking's backtest follows a leaver.
    public static let windowDays = WinBackRanking.followedDays

    public var windowEnd: Day { startedOn.adding(days: Self.windowDays) }
}
