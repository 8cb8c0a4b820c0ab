/// Everything the dashboard's metrics read, gathered by the store in a few indexed queries:
/// one row per account with its milestones, the MRR movements, the stakeholder map, surveys,
/// and per-source freshness and field presence. The metrics are pure functions of this.
public struct MetricFacts: Sendable {
    public struct Client: Sendable, Hashable {
        public var id: String
        public var name: String
        public var segment: String
        public var source: AcquisitionSource
        public var stage: LifecycleStage
        public var ownerCS: String?
        public var ownerSales: String?
        /// The first contract_signed (the first new-business MRR movement); nil for prospects.
        public var signed: Day?
        public var churnedOn: Day?
        public var renewalOn: Day?
        /// First first_value_achieved and implementation_kickoff_completed events.
        public var firstValue: Day?
        public var kickoff: Day?
        /// Last day of the first usage week whose active / licensed seats reached the adoption threshold.
        public var adopted: Day?
        /// The latest expansion_signal_detected.
        public var expansionSignal: Day?

        public init(
            id: String, name: String, segment: String = "", source: AcquisitionSource = .sales, stage: LifecycleStage = .awareness,
            ownerCS: String? = nil, ownerSales: String? = nil, signed: Day? = nil, churnedOn: Day? = nil, renewalOn: Day? = nil,
            firstValue: Day? = nil, kickoff: Day? = nil, adopted: Day? = nil, expansionSignal: Day? = nil
        ) {
            self.id = id
            self.name = name
            self.segment = segment
            self.source = source
            self.stage = stage
            self.ownerCS = ownerCS
            self.ownerSales = ownerSales
            self.signed = signed
            self.churnedOn = churnedOn
            self.renewalOn = renewalOn
            self.firstValue = firstValue
            self.kickoff = kickoff
            self.adopted = adopted
            self.expansionSignal = expansionSignal
        }

        /// Acquisition cohort: the calendar quarter of the first contract.
        public var cohort: String? { signed?.quarter }
    }

    public struct Stakeholder: Sendable, Hashable {
        public var accountID: String
        public var role: StakeholderRole
        public var lastEngaged: Day?

        public init(accountID: String, role: StakeholderRole, lastEngaged: Day?) {
            self.accountID = accountID
            self.role = role
            self.lastEngaged = lastEngaged
        }
    }

    /// Arrival lag of a source's recent events (received_at − timestamp).
    public struct SyncFreshness: Sendable, Hashable, Codable {
        /// The end of the last ok run; nil when none worked yet.
        public var lastOK: Instant?
        /// The start of the first run.
        public var firstRun: Instant

        public init(lastOK: Instant?, firstRun: Instant) {
            self.lastOK = lastOK
            self.firstRun = firstRun
        }

        /// Stale: no run worked within twice the frequency (a source that never worked counts
        /// from its first run). Returns when it became stale, or nil while it is not.
        public func staleSince(frequencySeconds: Int, now: Instant) -> Instant? {
            let due = Instant(milliseconds: (lastOK ?? firstRun).milliseconds + Int64(frequencySeconds) * 2000)
            return now.milliseconds > due.milliseconds ? due : nil
        }
    }

    public struct Freshness: Sendable, Hashable, Codable {
        public var source: String
        public var sampled: Int
        public var lastReceived: Instant?
        public var lagP50Seconds: Double?
        public var lagP95Seconds: Double?

        public init(source: String, sampled: Int, lastReceived: Instant?, lagP50Seconds: Double?, lagP95Seconds: Double?) {
            self.source = source
            self.sampled = sampled
            self.lastReceived = lastReceived
            self.lagP50Seconds = lagP50Seconds
            self.lagP95Seconds = lagP95Seconds
        }
    }

    /// How many records of a client-record field's entity have it filled (`account.industry`: accounts with an industry).
    public struct Presence: Sendable, Hashable, Codable {
        public var present: Int
        public var total: Int

        public init(present: Int, total: Int) {
            self.present = present
            self.total = total
        }
    }

    public var asOf: Day
    public var clients: [Client]
    public var movements: [MRRMovement]
    public var stakeholders: [Stakeholder]
    public var surveys: [SurveyResponse]
    public var freshness: [Freshness]
    public var presence: [String: Presence]
    /// Events per source that follow the tracking plan, and all events per source.
    public var planConformance: [String: Presence]
    /// Per source with sync runs: when its tap last worked, and when it first ran.
    public var syncs: [String: SyncFreshness] = [:]

    public init(
        asOf: Day, clients: [Client], movements: [MRRMovement] = [], stakeholders: [Stakeholder] = [], surveys: [SurveyResponse] = [],
        freshness: [Freshness] = [], presence: [String: Presence] = [:], planConformance: [String: Presence] = [:]
    ) {
        self.asOf = asOf
        self.clients = clients
        self.movements = movements
        self.stakeholders = stakeholders
        self.surveys = surveys
        self.freshness = freshness
        self.presence = presence
        self.planConformance = planConformance
    }
}

/// A date range, both ends included.
public struct Period: Sendable, Hashable, Codable, CustomStringConvertible {
    public var from: Day
    public var to: Day

    public init(from: Day, to: Day) {
        self.from = from
        self.to = to
    }

    /// The twelve months up to and including `asOf`.
    public static func trailingYear(_ asOf: Day) -> Period { Period(from: asOf.adding(months: -12).adding(days: 1), to: asOf) }

    public func contains(_ day: Day) -> Bool { from <= day && day <= to }
    public var description: String { "\(from.iso)..\(to.iso)" }
}
