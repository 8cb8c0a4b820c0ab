/// Everything a principal may ask to do. Handoff and outcome actions name what they act on,
/// because the answer depends on it (only the receiving function decides a handoff).
public enum Action: Sendable, Hashable {
    /// Accounts, events, metrics, the spec: the shared record is readable by every signed-in role.
    case readClientData
    case readAudit
    /// The taxonomy, handoff rules and other spec changes.
    case manageSpec
    /// Source write keys, failed-event replays.
    case manageSources
    /// Passwords and the people list.
    case managePeople
    case manageTokens
    case submitHandoff(String)
    case decideHandoff(String)
    case signOutcomeModel(function: String)
    /// Sign a taxonomy or dashboard proposal for a function at the monthly architecture review.
    case signSpecProposal(function: String)
    /// Write the weekly triage meeting's root causes and proposals.
    case writeTriageNotes
    /// Do, skip or comment on a play's task; whose task it is is decided by the task's lifecycle.
    case workTasks
    /// Turn a play live or back to a dry run, and run the plays now.
    case runPlays
    /// Record a ritual meeting held (date, attendees, decisions): the people who run the rituals.
    case recordMeeting
}

/// The permission matrix of the README ("Access"), as code. Pure: the server asks it on every
/// route, the tests walk it with every role.
public struct AccessPolicy: Sendable {
    public let spec: Spec

    public init(spec: Spec) { self.spec = spec }

    public func allows(_ principal: Principal, _ action: Action) -> Bool {
        let role = principal.role
        switch action {
        case .readClientData:
            return true
        case .readAudit:
            return [.admin, .revops, .itPartner, .leader].contains(role)
        case .manageSpec, .manageSources:
            return [.revops, .itPartner].contains(role)
        case .managePeople, .manageTokens:
            return role == .admin
        case .submitHandoff(let id):
            guard let handoff = spec.handoffs.first(where: { $0.id == id }) else { return false }
            return role != .viewer && principal.function == handoff.from.function
        case .decideHandoff(let id):
            guard let handoff = spec.handoffs.first(where: { $0.id == id }) else { return false }
            return role != .viewer && principal.function == handoff.to.function
        case .writeTriageNotes:
            return [.leader, .manager, .csManager, .revops].contains(role)
        case .workTasks:
            return role != .viewer && principal.personID != nil
        case .runPlays:
            return role == .revops || (role == .leader && principal.function == "cs")
        case .recordMeeting:
            return [.leader, .revops, .itPartner].contains(role)
        case .signOutcomeModel(let function):
            return role == .leader && principal.function == function && principal.personID != nil
        case .signSpecProposal(let function):
            // The IT partner speaks for IT at the review, as the IT leader does.
            let speaks = role == .leader || (role == .itPartner && function == "it")
            return speaks && principal.function == function && principal.personID != nil
        }
    }

    /// The accounts a principal may see when the spec limits their role to their own book:
    /// the owner column for their function and their person id. Nil means every account.
    public func book(of principal: Principal) -> Book? {
        guard spec.access.ownBookOnly.contains(principal.role) else { return nil }
        // A book-limited principal without a person or an owning function owns nothing.
        let owner = principal.personID ?? ""
        switch principal.function {
        case "cs": return Book(owner: .cs, personID: owner)
        case "sales": return Book(owner: .sales, personID: owner)
        case "marketing": return Book(owner: .marketing, personID: owner)
        default: return Book(owner: .cs, personID: "")
        }
    }
}

/// The accounts one person owns for one function.
public struct Book: Sendable, Hashable {
    public enum Owner: String, Sendable, Hashable { case cs, sales, marketing }
    public var owner: Owner
    public var personID: String

    public init(owner: Owner, personID: String) {
        self.owner = owner
        self.personID = personID
    }

    public func contains(_ account: Account) -> Bool {
        guard !personID.isEmpty else { return false }
        switch owner {
        case .cs: return account.ownerCS == personID
        case .sales: return account.ownerSales == personID
        case .marketing: return account.ownerMarketing == personID
        }
    }
}
