/// The renewals coming up, each with where its client stands against the outcome model and how
/// much risk it carries, so a CSM sees in time which renewal needs work.
///
/// Risk, from the evidence Accord holds (each reason is listed with the row):
/// - high: an outcome was missed, or no decision-maker or influencer engaged in 90 days;
/// - medium: an outcome is at risk, or exactly one decision-maker or influencer is engaged
///   (single-threaded);
/// - low: otherwise.
public struct RenewalCalendar: Sendable, Hashable, Codable {
    public enum Risk: String, Sendable, Hashable, Codable, CaseIterable {
        case high, medium, low
    }

    public struct Row: Sendable, Hashable, Codable {
        public var account: String
        public var name: String
        public var segment: String
        public var renewalOn: Day
        public var daysLeft: Int
        public var mrrCents: Int64
        public var ownerCS: String?
        /// Outcome id → state (not_yet_due, on_track, at_risk, achieved, missed), in the model's order.
        public var outcomes: [OutcomeState]
        public var risk: Risk
        public var reasons: [String]
        /// An expansion signal is open: a renewal to grow, not only to keep.
        public var expansionSignal: Bool
    }

    public struct OutcomeState: Sendable, Hashable, Codable {
        public var outcome: String
        public var state: String

        public init(outcome: String, state: String) {
            self.outcome = outcome
            self.state = state
        }
    }

    /// How far ahead a calendar may look, in days.
    public static let horizons = 1...366

    public var asOf: Day
    public var days: Int
    public var rows: [Row]
    public var mrrDueCents: Int64
    public var byRisk: [String: Int]
    public var mrrByRiskCents: [String: Int64]

    /// Active clients whose renewal falls from `facts.asOf` (a renewal due today is still open) to
    /// `days` later, soonest first.
    public static func build(
        _ facts: MetricFacts, board: Dashboard, histories: [OutcomeHistory], models: [OutcomeModel], days: Int = 90
    ) -> RenewalCalendar {
        let asOf = facts.asOf
        let last = asOf.adding(days: days)
        let timeline = MRRTimeline(facts.movements)
        let bySegment = Dictionary(models.map { ($0.segment, $0) }, uniquingKeysWith: { first, _ in first })
        let history = Dictionary(histories.map { ($0.account, $0) }, uniquingKeysWith: { first, _ in first })
        let single = Set(board.coverage.singleThreadedIDs)
        let unengaged = Set(board.coverage.unengagedIDs)
        let expanding = Set(board.expansion.qualifiedIDs)
        var rows: [Row] = []
        for client in facts.clients {
            guard client.churnedOn == nil, let renewal = client.renewalOn, asOf <= renewal, renewal <= last else { continue }
            let mrr = timeline.mrr(client.id, endOf: asOf)
            guard mrr > 0 else { continue }
            var outcomes: [OutcomeState] = []
            var reasons: [String] = []
            var risk = Risk.low
            if let model = bySegment[client.segment], let history = history[client.id] {
                outcomes = model.outcomes.map {
                    OutcomeState(outcome: $0.id, state: OutcomeMeasure.progress($0, facts: history.facts, asOf: asOf).state.rawValue)
                }
            } else {
                reasons.append("no outcome model measures its segment")
            }
            let missed = outcomes.filter { $0.state == OutcomeProgress.State.missed.rawValue }.map(\.outcome)
            let atRisk = outcomes.filter { $0.state == OutcomeProgress.State.atRisk.rawValue }.map(\.outcome)
            if !missed.isEmpty {
                reasons.append("missed " + missed.joined(separator: ", "))
                risk = .high
            }
            if unengaged.contains(client.id) {
                reasons.append("no decision-maker or influencer engaged in 90 days")
                risk = .high
            }
            if !atRisk.isEmpty {
                reasons.append("at risk: " + atRisk.joined(separator: ", "))
                if risk == .low { risk = .medium }
            }
            if single.contains(client.id) {
                reasons.append("single-threaded")
                if risk == .low { risk = .medium }
            }
            rows.append(
                Row(
                    account: client.id, name: client.name, segment: client.segment, renewalOn: renewal, daysLeft: renewal.number - asOf.number,
                    mrrCents: mrr, ownerCS: client.ownerCS, outcomes: outcomes, risk: risk, reasons: reasons, expansionSignal: expanding.contains(client.id)))
        }
        rows.sort { ($0.renewalOn, $0.name, $0.account) < ($1.renewalOn, $1.name, $1.account) }
        return RenewalCalendar(asOf: asOf, days: days, rows: rows)
    }
}

extension RenewalCalendar {
    /// A calendar of these rows, with its totals counted from them.
    public init(asOf: Day, days: Int, rows: [Row]) {
        var byRisk: [String: Int] = [:]
        var mrrByRisk: [String: Int64] = [:]
        for risk in Risk.allCases {
            byRisk[risk.rawValue] = 0
            mrrByRisk[risk.rawValue] = 0
        }
        for row in rows {
            byRisk[row.risk.rawValue, default: 0] += 1
            mrrByRisk[row.risk.rawValue, default: 0] += row.mrrCents
        }
        self.init(asOf: asOf, days: days, rows: rows, mrrDueCents: rows.reduce(0) { $0 + $1.mrrCents }, byRisk: byRisk, mrrByRiskCents: mrrByRisk)
    }

    /// The renewals of the accounts a scope admits, totals counted again.
    public func limited(to scope: ClientScope) -> RenewalCalendar {
        scope.isEverything ? self : RenewalCalendar(asOf: asOf, days: days, rows: scope.filter(rows, account: { $0.account }))
    }
}
