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
    /// The next renewal as the record has it now; a past day reads the anniversary of signing instead.
    public var renewalOn: Day?
    public var churnedOn: Day?
    public var health: HealthFacts?
    /// The account's events of the names plays trigger on.
    public var events: [OutcomeFacts.Occurrence]
    /// Syncs holding the account whose last run failed.
    public var failingSyncs: [FailingSync] = []

    public struct FailingSync: Sendable, Hashable {
        public var source: String
        public var run: Int64
        public var error: String

        public init(source: String, run: Int64, error: String) {
            self.source = source
            self.run = run
            self.error = error
        }
    }

    public init(
        id: String, name: String, segment: String, stage: LifecycleStage, ownerCS: String? = nil, ownerSales: String? = nil,
        ownerMarketing: String? = nil, mrrCents: Int64 = 0, renewalOn: Day? = nil, churnedOn: Day? = nil, health: HealthFacts? = nil,
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
        self.churnedOn = churnedOn
        self.health = health
        self.events = events
    }

    public func churned(by day: Day) -> Bool { churnedOn.map { $0 <= day } ?? false }

    /// The first renewal on or after `day`: the record's when it is that, else the next anniversary of signing.
    public func renewal(after day: Day) -> Day? {
        if let renewalOn, renewalOn >= day, renewalOn.adding(months: -12) < day { return renewalOn }
        guard let signed = health?.facts.signed else { return renewalOn.flatMap { $0 >= day ? $0 : nil } }
        var next = signed.adding(months: 12)
        while next < day { next = next.adding(months: 12) }
        return next
    }

    public func owner(_ field: String) -> String? {
        switch field {
        case "owner_cs": ownerCS
        case "owner_sales": ownerSales
        default: ownerMarketing
        }
    }
}
