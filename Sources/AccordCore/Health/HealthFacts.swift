/// What an account's health score reads: its outcome model and measures, its stakeholder map,
/// usage, risk signals, support tickets, surveys, handoffs and MRR movements, each dated so the
/// score can be worked out as of any day of its history.
public struct HealthFacts: Sendable {
    public struct Ticket: Sendable, Hashable {
        public var opened: Day
        public var solved: Day?
        public var priority: String?

        public init(opened: Day, solved: Day?, priority: String?) {
            self.opened = opened
            self.solved = solved
            self.priority = priority
        }

        /// Urgent and high tickets weigh twice.
        public var pressing: Bool { ["urgent", "high"].contains(priority?.lowercased() ?? "") }
    }

    public struct HandoffMark: Sendable, Hashable {
        public var handoff: String
        public var submitted: Instant
        public var due: Instant
        public var decided: Instant?
        public var status: Handoff.Status

        public init(handoff: String, submitted: Instant, due: Instant, decided: Instant?, status: Handoff.Status) {
            self.handoff = handoff
            self.submitted = submitted
            self.due = due
            self.decided = decided
            self.status = status
        }
    }

    public var account: String
    public var segment: String
    /// The outcomes of the segment's signed model (none when no model measures the segment).
    public var outcomes: [Outcome]
    /// The signing day, the events the measures count (and `risk_signal_detected`), and weekly usage.
    public var facts: OutcomeFacts
    public var movements: [MRRMovement]
    public var stakeholders: [MetricFacts.Stakeholder]
    public var tickets: [Ticket]
    public var surveys: [SurveyResponse]
    public var handoffs: [HandoffMark]

    public init(
        account: String, segment: String, outcomes: [Outcome], facts: OutcomeFacts, movements: [MRRMovement] = [],
        stakeholders: [MetricFacts.Stakeholder] = [], tickets: [Ticket] = [], surveys: [SurveyResponse] = [], handoffs: [HandoffMark] = []
    ) {
        self.account = account
        self.segment = segment
        self.outcomes = outcomes
        self.facts = facts
        self.movements = movements
        self.stakeholders = stakeholders
        self.tickets = tickets
        self.surveys = surveys
        self.handoffs = handoffs
    }
}
