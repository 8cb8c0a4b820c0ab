/// What the store knows that the program's checks read: never a box someone ticked.
public struct ProgramEvidence: Sendable, Hashable {
    /// Handoffs of one transition submitted on or after the program's start.
    public struct Handoffs: Sendable, Hashable {
        public var firstSubmitted: Instant?
        public var firstDecided: Instant?
        public var decided: Int

        public init(firstSubmitted: Instant? = nil, firstDecided: Instant? = nil, decided: Int = 0) {
            self.firstSubmitted = firstSubmitted
            self.firstDecided = firstDecided
            self.decided = decided
        }
    }

    /// One source's records (identities and events) and how many sit on a client record.
    public struct Source: Sendable, Hashable {
        public var records: Int
        public var linked: Int
        public var events: Int
        /// Events that follow the tracking plan (kept-aside ones count against it).
        public var onPlan: Int

        public init(records: Int = 0, linked: Int = 0, events: Int = 0, onPlan: Int = 0) {
            self.records = records
            self.linked = linked
            self.events = events
            self.onPlan = onPlan
        }
    }

    public struct Renewal: Sendable, Hashable {
        public var account: String
        public var on: Day
        public var mrrCents: Int64

        public init(account: String, on: Day, mrrCents: Int64) {
            self.account = account
            self.on = on
            self.mrrCents = mrrCents
        }
    }

    public var outcomeVersions: [OutcomeModelVersion] = []
    public var handoffs: [String: Handoffs] = [:]
    public var sources: [String: Source] = [:]
    public var firstSync: Instant?
    public var dashboardProposals: [SpecProposal] = []
    public var renewals: [Renewal] = []

    public init() {}
}
