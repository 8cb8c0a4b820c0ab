/// What the four artifacts are generated from: the running spec and what the store holds now.
public struct ArtifactInputs: Sendable {
    /// How often one event arrived from one source: all told and in the last 30 days.
    public struct EventVolume: Sendable, Hashable, Codable {
        public var event: String
        public var source: String
        public var total: Int
        public var last30Days: Int
        public var lastSeen: Instant?

        public init(event: String, source: String, total: Int, last30Days: Int, lastSeen: Instant?) {
            self.event = event
            self.source = source
            self.total = total
            self.last30Days = last30Days
            self.lastSeen = lastSeen
        }
    }

    public var spec: Spec
    /// The first characters of the running spec's SHA-256: which spec a printed copy reflects.
    public var fingerprint: String
    public var asOf: Day
    public var outcomeVersions: [OutcomeModelVersion] = []
    public var validation: OutcomeValidation?
    /// The last full calendar quarter's handoffs.
    public var sla: SLAReport?
    public var volumes: [EventVolume] = []
    public var sources: [String: ProgramEvidence.Source] = [:]
    public var dashboard: Dashboard?
    public var proposals: [SpecProposal] = []

    public init(spec: Spec, fingerprint: String, asOf: Day) {
        self.spec = spec
        self.fingerprint = fingerprint
        self.asOf = asOf
    }

    /// The calendar quarter before the one `day` is in.
    public static func lastQuarter(before day: Day) -> (from: Day, to: Day) {
        let (year, month, _) = day.components
        let first = (month - 1) / 3 * 3 + 1
        let thisQuarter = Day(year: year, month: first, day: 1)
        let start = first == 1 ? Day(year: year - 1, month: 10, day: 1) : Day(year: year, month: first - 3, day: 1)
        return (start, thisQuarter.adding(days: -1))
    }
}
