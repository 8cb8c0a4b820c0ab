/// What win-back brought back: each campaign's members followed for six months from its start
/// (came back with a reactivation or a new contract, and at what MRR), grouped by offer and by
/// churn reason, against churned clients no campaign reached; every churn by reason; and the
/// ranking's backtest on past churn.
public struct WinBackResults: Sendable, Hashable, Codable {
    public struct MemberOutcome: Sendable, Hashable, Codable {
        public var account: String
        public var name: String
        public var segment: String
        public var reason: ChurnReason?
        public var churnedOn: Day
        public var rank: Int
        public var points: Int
        public var wonBackOn: Day?
        /// MRR on coming back.
        public var mrrCents: Int64
        /// MRR the day before it left: what a second lifetime is measured against.
        public var mrrCentsBefore: Int64
    }

    public struct Campaign: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var offer: String?
        public var status: WinBackCampaign.Status
        public var startedOn: Day
        public var windowEnd: Day
        /// The six months are over: the figures are final.
        public var final: Bool
        public var members: Int
        public var wonBack: Int
        public var rate: ShareInterval?
        public var mrrWonBackCents: Int64
        public var outcomes: [MemberOutcome]
    }

    public struct Group: Sendable, Hashable, Codable {
        public var key: String
        public var label: String
        public var clients: Int
        public var wonBack: Int
        public var rate: ShareInterval?
        public var mrrWonBackCents: Int64
        /// The rate minus that of churned clients no campaign reached, with its 95% interval.
        public var againstNone: ShareDifference?
    }

    public struct Reason: Sendable, Hashable, Codable {
        public var reason: String
        public var label: String
        public var clients: Int
        public var mrrLostCents: Int64
        public var cameBack: Int
        public var rate: ShareInterval?
    }

    public var asOf: Day
    public var campaigns: [Campaign]
    /// Churned clients no campaign reached, scored a month after leaving and followed six months.
    public var none: Group
    public var byOffer: [Group]
    public var byReason: [Group]
    /// Every churned client by why it left, whether or not it came back.
    public var churnByReason: [Reason]
    public var backtestAUC: Double?
    public var backtestClients: Int
    public var backtestReturned: Int

    /// `offerName` turns an offer id into what people call it.
    public static func measure(
        _ campaigns: [WinBackCampaign], churned: [WinBackFacts], movements: [MRRMovement], offerName: (String) -> String?, asOf: Day
    ) -> WinBackResults {
        let returns = Dictionary(grouping: movements.filter { $0.kind == .reactivation || $0.kind == .new }, by: \.accountID)
            .mapValues { $0.sorted { $0.occurredOn < $1.occurredOn } }
        func comeback(_ account: String, after churned: Day, from: Day, to: Day) -> MRRMovement? {
            returns[account]?.first { $0.occurredOn > churned && $0.occurredOn >= from && $0.occurredOn <= min(to, asOf) }
        }
        let measured = campaigns.sorted { ($0.startedOn, $0.id) > ($1.startedOn, $1.id) }.map {
            campaign -> (Campaign, [(WinBackCampaign.Member, MRRMovement?)]) in
            let outcomes = campaign.members.map { member in
                (member, comeback(member.account, after: member.churnedOn, from: campaign.startedOn, to: campaign.windowEnd))
            }
            let won = outcomes.filter { $0.1 != nil }
            return (
                Campaign(
                    id: campaign.id, name: campaign.name, offer: campaign.offer, status: campaign.status, startedOn: campaign.startedOn,
                    windowEnd: campaign.windowEnd, final: campaign.windowEnd <= asOf, members: outcomes.count, wonBack: won.count,
                    rate: ShareInterval(won.count, of: outcomes.count), mrrWonBackCents: won.compactMap(\.1?.mrrAfterCents).reduce(0, +),
                    outcomes: outcomes.map { member, back in
                        MemberOutcome(
                            account: member.account, name: member.name, segment: member.segment, reason: member.reason, churnedOn: member.churnedOn,
                            rank: member.rank, points: member.points,
                            wonBackOn: back?.occurredOn, mrrCents: back?.mrrAfterCents ?? 0, mrrCentsBefore: member.mrrCentsBefore)
                    }),
                outcomes
            )
        }
        let reached = Set(campaigns.flatMap { $0.members.map(\.account) })
        let unreached = churned.filter { !reached.contains($0.account) }.compactMap { client -> (Bool, Int64)? in
            let scored = client.churnedOn.adding(days: WinBackRanking.scoredAfterDays)
            guard scored.adding(days: WinBackRanking.followedDays) <= asOf else { return nil }
            if let won = client.wonBackOn, won <= scored { return nil }  // back before anyone could have asked
            let back = comeback(client.account, after: client.churnedOn, from: scored, to: scored.adding(days: WinBackRanking.followedDays))
            return (back != nil, back?.mrrAfterCents ?? 0)
        }
        let noneHits = unreached.filter(\.0).count
        let none = Group(
            key: "none", label: "no campaign", clients: unreached.count, wonBack: noneHits, rate: ShareInterval(noneHits, of: unreached.count),
            mrrWonBackCents: unreached.map(\.1).reduce(0, +), againstNone: nil)
        let pairs = measured.flatMap { campaign, outcomes in outcomes.map { (offer: campaign.offer, member: $0.0, back: $0.1) } }
        func group(key: String, label: String, _ rows: [(offer: String?, member: WinBackCampaign.Member, back: MRRMovement?)]) -> Group {
            let hits = rows.filter { $0.back != nil }.count
            return Group(
                key: key, label: label, clients: rows.count, wonBack: hits, rate: ShareInterval(hits, of: rows.count),
                mrrWonBackCents: rows.compactMap(\.back?.mrrAfterCents).reduce(0, +),
                againstNone: ShareDifference(
                    rows.isEmpty ? nil : Double(hits) / Double(rows.count), of: rows.count, minus: none.rate?.share, of: none.clients))
        }
        let byOffer = Dictionary(grouping: pairs, by: { $0.offer ?? "" }).map { offer, rows in
            group(key: offer.isEmpty ? "conversation" : offer, label: offer.isEmpty ? "a conversation, no offer" : offerName(offer) ?? offer, rows)
        }.sorted { ($0.clients, $0.key) > ($1.clients, $1.key) }
        let byReason = Dictionary(grouping: pairs, by: { $0.member.reason?.rawValue ?? "" }).map { reason, rows in
            group(key: reason.isEmpty ? "unknown" : reason, label: ChurnReason(rawValue: reason)?.label ?? "not recorded", rows)
        }.sorted { ($0.clients, $0.key) > ($1.clients, $1.key) }
        let churnByReason = Dictionary(grouping: churned, by: { $0.reason?.rawValue ?? "" }).map { reason, clients -> Reason in
            let back = clients.filter { $0.wonBackOn != nil }.count
            return Reason(
                reason: reason.isEmpty ? "unknown" : reason, label: ChurnReason(rawValue: reason)?.label ?? "not recorded", clients: clients.count,
                mrrLostCents: clients.map(\.mrrCentsBefore).reduce(0, +), cameBack: back, rate: ShareInterval(back, of: clients.count))
        }.sorted { ($0.clients, $0.reason) > ($1.clients, $1.reason) }
        let backtest = WinBackRanking.backtest(churned, asOf: asOf)
        return WinBackResults(
            asOf: asOf, campaigns: measured.map(\.0), none: none, byOffer: byOffer, byReason: byReason, churnByReason: churnByReason,
            backtestAUC: backtest.auc, backtestClients: backtest.clients, backtestReturned: backtest.returned)
    }
}
