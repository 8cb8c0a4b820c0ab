/// A campaign's lifecycle: started from the ranked list (members who are gone now and not in
/// another running campaign, an offer the tree has), then closed. Each transition returns the
/// campaign to persist or a typed error the server maps to a status.
public enum WinBackCampaignMachine {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case noName
        case noMembers
        case unknownOffer(offer: String, offers: [String])
        case notChurned(account: String)
        case inAnotherCampaign(account: String, campaign: String)
        case duplicateMember(account: String)
        case notAllowed(function: String?)
        case finished(id: String)

        public var description: String {
            switch self {
            case .noName: "a campaign needs a name people will recognise (\"Spring win-back: price leavers\")"
            case .noMembers: "a campaign needs at least one churned client: pick rows of the win-back list, or ask for the top N"
            case .unknownOffer(let offer, let offers):
                offers.isEmpty
                    ? "'\(offer)' is not an offer: the spec has no concession tree, so a campaign can only offer a conversation (leave the offer out)"
                    : "'\(offer)' is not an offer of the concession tree; offers are \(offers.joined(separator: ", "))"
            case .notChurned(let account): "\(account) is not a churned client gone now: only clients who left and have not come back join a win-back campaign"
            case .inAnotherCampaign(let account, let campaign):
                "\(account) is already in running campaign \(campaign); close that one first or leave the client out"
            case .duplicateMember(let account): "\(account) is named twice"
            case .notAllowed(let function):
                "win-back campaigns are started and closed by marketing, sales and CS\(function.map { ", not by \($0)" } ?? ""): a person of those functions does it"
            case .finished(let id): "campaign \(id) is already closed"
            }
        }
    }

    /// The functions that run win-back: marketing sends it, sales and CS own the conversation.
    public static let functions: Set<String> = ["marketing", "sales", "cs"]

    /// Whether `person` may start and close campaigns: the pages offer the forms to exactly them.
    public static func mayRun(_ person: Person) -> Bool { functions.contains(person.function) && person.role != .viewer }

    /// `chosen` are the list's rows picked, in rank order; `running` names each account already
    /// in a running campaign with that campaign's id; `gone` the accounts of the list now.
    public static func start(
        id: String, name: String, offer: String?, chosen: [WinBackCampaign.Member], requested: [String], gone: Set<String>,
        running: [String: String], offers: [String], by person: Person, at: Instant
    ) throws(Failure) -> WinBackCampaign {
        guard mayRun(person) else { throw .notAllowed(function: person.function) }
        let name = name.trimmedWhitespace
        guard !name.isEmpty else { throw .noName }
        if let offer, !offers.contains(offer) { throw .unknownOffer(offer: offer, offers: offers) }
        var seen = Set<String>()
        for account in requested {
            guard seen.insert(account).inserted else { throw .duplicateMember(account: account) }
            guard gone.contains(account) else { throw .notChurned(account: account) }
        }
        guard !chosen.isEmpty else { throw .noMembers }
        for member in chosen {
            if let campaign = running[member.account] { throw .inAnotherCampaign(account: member.account, campaign: campaign) }
        }
        return WinBackCampaign(id: id, name: name, offer: offer, createdBy: person.id, createdAt: at, startedOn: at.day, members: chosen)
    }

    public static func close(_ campaign: WinBackCampaign, note: String?, by person: Person, at: Instant) throws(Failure) -> WinBackCampaign {
        guard mayRun(person) else { throw .notAllowed(function: person.function) }
        guard campaign.status == .running else { throw .finished(id: campaign.id) }
        var next = campaign
        next.status = .closed
        next.closedBy = person.id
        next.closedOn = at.day
        next.note = note.map(\.trimmedWhitespace).flatMap { $0.isEmpty ? nil : $0 }
        return next
    }
}
