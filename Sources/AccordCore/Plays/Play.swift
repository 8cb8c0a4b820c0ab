/// One play of `playbooks` in the spec: what starts it for an account, which accounts it is for,
/// and the work it makes. A new play records its runs without making tasks (`dry_run`) until
/// someone with RevOps' or a CS leader's role turns it on.
public struct Play: Sendable, Hashable, Codable {
    public enum Trigger: Sendable, Hashable, Codable {
        /// A taxonomy event on the account's log, optionally with property values.
        case event(name: String, where: [String: String])
        /// One of the signed model's outcomes turned `at_risk` or `missed`.
        case outcome(state: OutcomeProgress.State)
        /// The health score entered this band (or a worse one).
        case healthBand(HealthConfig.Band)
        /// The renewal is within `days` and its risk is at least `risk`.
        case renewal(days: Int, risk: RenewalCalendar.Risk)
        /// The same handoff of the account was rejected `times` times within 180 days.
        case handoffRejected(times: Int)
        /// Exactly one decision-maker or influencer engaged in 90 days.
        case singleThreaded
        /// No decision-maker or influencer engaged for `days`.
        case noDecisionMaker(days: Int)
        /// An NPS answer of 6 or less.
        case npsDetractor
        /// The last run of a sync holding the account failed.
        case syncFailed
    }

    /// Which accounts the play is for; every condition given must hold.
    public struct Conditions: Sendable, Hashable, Codable {
        public var segments: [String] = []
        public var minMRRCents: Int64?
        public var stages: [LifecycleStage] = []
        /// Person ids owning the account for CS or sales.
        public var owners: [String] = []

        public init() {}
    }

    /// Who a task is for: the account's CS, sales or marketing owner, a named person, or the
    /// first person of a function with a role.
    public enum Assignee: Sendable, Hashable, Codable {
        case owner(String)
        case person(String)
        case role(function: String, role: Person.Role)
    }

    public enum Action: Sendable, Hashable, Codable {
        case task(title: String, assignee: Assignee, dueDays: Int)
        /// A notice to the webhooks listening for plays, in their own format (JSON or Slack).
        case notify
        /// A task for the sending side to prepare this handoff, pre-filled from the record.
        case handoff(String, assignee: Assignee, dueDays: Int)
        /// An event of the taxonomy written on the account's log.
        case log(String)
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case dryRun = "dry_run"
        case live
    }

    public var id: String
    public var name: String
    public var trigger: Trigger
    public var conditions: Conditions
    public var actions: [Action]
    /// Share of accounts (0–1) that get no tasks, to measure the play against.
    public var holdout: Double
    public var cooldownDays: Int
    /// Open tasks a person may hold from this play; what would go past it is held back and listed.
    public var maxOpenTasks: Int
    public var status: Status

    public init(
        id: String, name: String, trigger: Trigger, conditions: Conditions = Conditions(), actions: [Action], holdout: Double = 0, cooldownDays: Int = 30,
        maxOpenTasks: Int = 25, status: Status = .dryRun
    ) {
        self.id = id
        self.name = name
        self.trigger = trigger
        self.conditions = conditions
        self.actions = actions
        self.holdout = holdout
        self.cooldownDays = cooldownDays
        self.maxOpenTasks = maxOpenTasks
        self.status = status
    }

    /// Whether the account is in the held-out share: a stable hash of play and account, so the
    /// same accounts stay out run after run.
    public func holdsOut(_ account: String) -> Bool {
        guard holdout > 0 else { return false }
        return StableHash.unit("holdout\u{1F}\(id)\u{1F}\(account)") < holdout
    }
}
