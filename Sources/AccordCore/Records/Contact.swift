public enum StakeholderRole: String, Sendable, Hashable, Codable, CaseIterable {
    case executiveSponsor = "executive_sponsor"
    case technicalOwner = "technical_owner"
    case champion
    case user

    /// Decision-makers and influencers count toward stakeholder coverage; plain users do not.
    public var isDecisionMakerOrInfluencer: Bool { self != .user }
}

/// A person at the client, placed on the stakeholder map.
public struct Contact: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var accountID: String
    public var name: String
    public var email: String?
    public var title: String?
    public var stakeholderRole: StakeholderRole
    /// 1 (little say) to 5 (decides).
    public var influence: Int
    public var lastEngagedOn: Day?

    public init(
        id: String, accountID: String, name: String, email: String?, title: String?, stakeholderRole: StakeholderRole,
        influence: Int, lastEngagedOn: Day?
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.email = email
        self.title = title
        self.stakeholderRole = stakeholderRole
        self.influence = influence
        self.lastEngagedOn = lastEngagedOn
    }
}
