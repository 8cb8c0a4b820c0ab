/// What a play reads of one account: who owns it, what it pays, when it renews, its health
/// facts (clients only) and the events plays name.
public struct PlayAccount: Sendable {
    public var id: String
    public var name: String
    public var segment: String
    public var stage: LifecycleStage
    public var ownerCS: String?
    public var ownerSales: String?
    public var ownerMarketing: String?
    public var mrrCents: Int64
    public var renewalOn: Day?
    public var churned: Bool
    public var health: HealthFacts?
    /// The account's events of the names plays trigger on.
    public var events: [OutcomeFacts.Occurrence]

    public init(
        id: String, name: String, segment: String, stage: LifecycleStage, ownerCS: String? = nil, ownerSales: String? = nil,
        ownerMarketing: String? = nil, mrrCents: Int64 = 0, renewalOn: Day? = nil, churned: Bool = false, health: HealthFacts? = nil,
        events: [OutcomeFacts.Occurrence] = []
    ) {
        self.id = id
        self.name = name
        self.segment = segment
        self.stage = stage
        self.ownerCS = ownerCS
        self.ownerSales = ownerSales
        self.ownerMarketing = ownerMarketing
        self.mrrCents = mrrCents
        self.renewalOn = renewalOn
        self.churned = churned
        self.health = health
        self.events = events
    }

    public func owner(_ field: String) -> String? {
        switch field {
        case "owner_cs": ownerCS
        case "owner_sales": ownerSales
        default: ownerMarketing
        }
    }
}
