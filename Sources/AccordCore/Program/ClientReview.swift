/// A client's business review pack (QBR/EBR): its outcomes against targets and what moved them in
/// the last 90 days, its renewal risk with reasons, stakeholder coverage and the handoffs still open.
public struct ClientReview: Sendable, Hashable, Codable {
    public struct OutcomeLine: Sendable, Hashable, Codable {
        public var outcome: String
        public var description: String
        public var target: String
        public var actual: String
        public var state: OutcomeProgress.State
        public var due: Day
        public var achievedOn: Day?
    }

    public struct Mover: Sendable, Hashable, Codable {
        public var on: Day
        public var event: String
        /// The outcome the event counts toward.
        public var outcome: String
        public var detail: String
    }

    public struct Stakeholder: Sendable, Hashable, Codable {
        public var name: String
        public var title: String?
        public var role: String
        public var influence: Int
        public var lastEngaged: Day?
        public var engaged: Bool
    }

    public struct OpenHandoff: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var submittedOn: Day
        public var dueAt: Instant
        public var overdue: Bool
    }

    public var account: String
    public var name: String
    public var segment: String
    public var mrrCents: Int64
    public var renewalOn: Day?
    public var daysLeft: Int?
    public var ownerCS: String?
    public var ownerSales: String?
    public var asOf: Day
    public var periodFrom: Day
    public var model: String?
    public var modelSigned: Bool
    public var outcomes: [OutcomeLine]
    public var moved: [Mover]
    public var risk: String
    public var reasons: [String]
    public var health: Int?
    public var healthBand: String?
    public var mapped: Int
    public var engaged: Int
    public var singleThreaded: Bool
    public var stakeholders: [Stakeholder]
    public var openHandoffs: [OpenHandoff]

    /// What a review is built from; the app gathers it from the store.
    public struct Inputs: Sendable {
        public var account: Account
        public var subscription: Subscription?
        public var contacts: [Contact] = []
        /// The client's events in the period.
        public var events: [Event] = []
        public var model: OutcomeModel?
        public var modelSigned = false
        public var progress: [OutcomeProgress] = []
        public var renewal: RenewalCalendar.Row?
        public var health: HealthScore?
        public var handoffs: [Handoff] = []

        public init(account: Account, subscription: Subscription?) {
            self.account = account
            self.subscription = subscription
        }
    }

    public static func build(_ inputs: Inputs, spec: Spec, asOf: Day, now: Instant) -> ClientReview {
        let from = asOf.adding(days: -89)
        let model = inputs.model
        let outcomes = inputs.progress.map { progress -> OutcomeLine in
            let outcome = model?.outcomes.first { $0.id == progress.outcome }
            let usage = progress.measure == Measure.usageRatio.kind
            func show(_ value: Double) -> String { usage ? Format.percent(value) : Format.oneDecimal(value) }
            return OutcomeLine(
                outcome: progress.outcome, description: outcome?.description ?? "", target: show(progress.target), actual: show(progress.value),
                state: progress.state, due: progress.due, achievedOn: progress.achievedOn)
        }
        // Each event an outcome counts, and the usage milestone, are what moved the outcomes.
        var counted: [String: String] = [:]
        for outcome in model?.outcomes ?? [] {
            switch outcome.measure {
            case .eventCount(let event, _): counted[event] = outcome.id
            case .usageRatio: counted["adoption_threshold_reached"] = outcome.id
            }
        }
        let moved = inputs.events.filter { counted[$0.name] != nil && $0.timestamp.day >= from && $0.timestamp.day <= asOf }
            .sorted { $0.timestamp < $1.timestamp }
            .map { event in
                Mover(on: event.timestamp.day, event: event.name, outcome: counted[event.name]!, detail: propertiesText(event.properties))
            }
        let since = asOf.adding(days: -(StakeholderCoverage.engagedWithinDays - 1))
        let stakeholders = inputs.contacts.sorted { ($0.influence, $0.name) > ($1.influence, $1.name) }.map { contact in
            Stakeholder(
                name: contact.name, title: contact.title, role: contact.stakeholderRole.rawValue, influence: contact.influence,
                lastEngaged: contact.lastEngagedOn,
                engaged: contact.lastEngagedOn.map { since <= $0 && $0 <= asOf } ?? false)
        }
        let mapped = inputs.contacts.filter { $0.stakeholderRole.isDecisionMakerOrInfluencer }
        let engaged = mapped.filter { contact in contact.lastEngagedOn.map { since <= $0 && $0 <= asOf } ?? false }
        let renewal = inputs.renewal?.renewalOn ?? inputs.subscription.flatMap { $0.status == .active ? $0.renewalOn : nil }
        let handoffNames = Dictionary(spec.handoffs.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return ClientReview(
            account: inputs.account.id, name: inputs.account.name,
            segment: spec.segments.first { $0.id == inputs.account.segment }?.name ?? inputs.account.segment,
            mrrCents: inputs.renewal?.mrrCents ?? inputs.subscription?.mrrCents ?? 0, renewalOn: renewal, daysLeft: renewal.map { $0 - asOf },
            ownerCS: inputs.account.ownerCS, ownerSales: inputs.account.ownerSales, asOf: asOf, periodFrom: from, model: model?.name,
            modelSigned: inputs.modelSigned, outcomes: outcomes, moved: moved,
            risk: inputs.renewal?.risk.rawValue ?? (renewal == nil ? "no renewal ahead" : "not rated: the renewal is over a year away"),
            reasons: inputs.renewal?.reasons ?? [], health: inputs.health?.score, healthBand: inputs.health?.band.rawValue, mapped: mapped.count,
            engaged: engaged.count, singleThreaded: engaged.count == 1, stakeholders: stakeholders,
            openHandoffs: inputs.handoffs.filter { $0.status == .waiting }.sorted { $0.submittedAt < $1.submittedAt }.map { handoff in
                OpenHandoff(
                    id: handoff.id, name: handoffNames[handoff.handoff] ?? handoff.handoff, submittedOn: handoff.submittedAt.day, dueAt: handoff.dueAt,
                    overdue: handoff.dueAt < now)
            })
    }

    static func propertiesText(_ properties: JSONValue) -> String {
        guard case .object(let fields) = properties else { return "" }
        return fields.sorted { $0.key < $1.key }.compactMap { key, value in
            switch value {
            case .string(let text): "\(key): \(text)"
            case .number(let number): "\(key): \(Format.oneDecimal(number))"
            case .bool(let flag): "\(key): \(flag ? "yes" : "no")"
            default: nil
            }
        }.joined(separator: ", ")
    }
}
