import AccordCore
import AccordStore
import Foundation

/// Win-back campaigns end to end: the list on the start day becomes the members, each gets a
/// `win_back_campaign_joined` event, and the results are read from MRR when asked for.
extension WinBackDesk {
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case unknownCampaign(String)
        case unknownAccount(String)

        public var description: String {
            switch self {
            case .unknownCampaign(let id): "no win-back campaign with id '\(id)'"
            case .unknownAccount(let id): "no account with id '\(id)'"
            }
        }
    }

    /// What a campaign is made of: the named accounts, or the top of the list (of one reason).
    public struct Selection: Sendable, Hashable {
        public var accounts: [String]
        public var top: Int?
        public var reason: ChurnReason?

        public init(accounts: [String] = [], top: Int? = nil, reason: ChurnReason? = nil) {
            self.accounts = accounts
            self.top = top
            self.reason = reason
        }
    }

    /// Starts a campaign from the list as it stands at `at`; `admits` limits it to the asker's book.
    public func startCampaign(
        name: String, offer: String?, selection: Selection, by person: Person, origin: String, at: Instant,
        admits: @Sendable (String) -> Bool = { _ in true }, id given: String? = nil
    ) async throws -> WinBackCampaign {
        let list = try await list(asOf: at.day)
        let rows = list.rows.filter { admits($0.facts.account) }
        var requested: [String] = []
        for account in selection.accounts {
            let current = try await store.currentAccountID(account) ?? account
            guard try await store.account(id: current) != nil else { throw Failure.unknownAccount(account) }
            requested.append(current)
        }
        var running: [String: String] = [:]
        for campaign in try await campaigns() where campaign.status == .running {
            for member in campaign.members { running[member.account] = campaign.id }
        }
        let chosen: [Row]
        if requested.isEmpty {
            // The top N skips clients another running campaign already has; named ones are refused instead.
            chosen = Array(
                rows.filter { (selection.reason == nil || $0.facts.reason == selection.reason) && running[$0.facts.account] == nil }
                    .prefix(max(0, selection.top ?? 0)))
        } else {
            let wanted = Set(requested)
            chosen = rows.filter { wanted.contains($0.facts.account) }
        }
        let id = given ?? "wbc_" + String(StableHash.hex("\(name)\u{1F}\(at.milliseconds)\u{1F}\(UUID().uuidString)").prefix(12))
        let campaign = try WinBackCampaignMachine.start(
            id: id, name: name, offer: offer,
            chosen: chosen.map { row in
                WinBackCampaign.Member(
                    account: row.facts.account, name: row.facts.name, segment: row.facts.segment, reason: row.facts.reason, churnedOn: row.facts.churnedOn,
                    rank: row.rank, points: row.score.points, mrrCentsBefore: row.facts.mrrCentsBefore)
            }, requested: requested, gone: Set(rows.map(\.facts.account)), running: running, offers: spec.concessions?.offers.map(\.id) ?? [],
            by: person, at: at)
        try await write(campaign, expecting: nil, by: person, action: "win_back_campaign.started", origin: origin, at: at)
        return campaign
    }

    public func closeCampaign(_ id: String, note: String?, by person: Person, origin: String, at: Instant) async throws -> WinBackCampaign {
        guard let (campaign, version) = try await store.winBackCampaign(id: id) else { throw Failure.unknownCampaign(id) }
        let next = try WinBackCampaignMachine.close(campaign, note: note, by: person, at: at)
        try await write(next, expecting: version, by: person, action: "win_back_campaign.closed", origin: origin, at: at)
        return next
    }

    /// Every campaign's members followed from its start, by offer and reason, with churn by reason and the backtest.
    public func results(asOf: Day) async throws -> WinBackResults {
        let (facts, movements) = try await history()
        return WinBackResults.measure(
            try await campaigns(), churned: facts, movements: movements, offerName: { spec.concessions?.offer($0)?.name }, asOf: asOf)
    }

    /// Campaigns with each member under the account it is now: a merge moves a client's MRR and
    /// events onto the survivor, and the campaign follows it there (and back on an unmerge).
    func campaigns() async throws -> [WinBackCampaign] {
        var known: [String: String] = [:]
        var result: [WinBackCampaign] = []
        for var campaign in try await store.winBackCampaigns() {
            for index in campaign.members.indices {
                let id = campaign.members[index].account
                if known[id] == nil { known[id] = try await store.currentAccountID(id) ?? id }
                campaign.members[index].account = known[id] ?? id
            }
            result.append(campaign)
        }
        return result
    }

    /// A started campaign writes one event per member; a closed one only its audit entry.
    func write(_ campaign: WinBackCampaign, expecting version: Int?, by person: Person, action: String, origin: String, at: Instant) async throws {
        let name = "win_back_campaign_joined"
        let events =
            version != nil
            ? []
            : campaign.members.map { member -> Event in
                var properties: [String: JSONValue] = ["campaign_id": .string(campaign.id), "rank": .number(Double(member.rank))]
                if let offer = campaign.offer { properties["offer"] = .string(offer) }
                return Event(
                    messageID: "winback:\(campaign.id):\(member.account)", name: name, accountID: member.account, source: "accord", timestamp: at,
                    receivedAt: at, properties: .object(properties), planStatus: spec.event(name) == nil ? .unplanned : .planned)
            }
        var after: [String: JSONValue] = [
            "name": .string(campaign.name), "status": .string(campaign.status.rawValue), "members": .number(Double(campaign.members.count)),
        ]
        if let offer = campaign.offer { after["offer"] = .string(offer) }
        if let note = campaign.note { after["note"] = .string(note) }
        let audit = AuditEntry(
            at: at, actor: "person:\(person.id)", origin: origin, action: action, target: "win_back_campaign:\(campaign.id)", after: .object(after))
        try await store.writeWinBackCampaign(campaign, expecting: version, events: events, audit: audit)
    }
}
