/// How many clients stand where on each outcome, overall and by cohort, segment, CSM and sales rep.
public struct PortfolioReport: Sendable, Hashable, Codable {
    public struct Breakdown: Sendable, Hashable, Codable {
        /// Group value (a cohort, a segment, a person id) → state → accounts.
        public var groups: [String: [String: Int]]
    }

    public struct Row: Sendable, Hashable, Codable {
        public var outcome: String
        public var model: String
        public var states: [String: Int]
        public var byCohort: Breakdown
        public var bySegment: Breakdown
        public var byCSM: Breakdown
        public var byRep: Breakdown
    }

    public var asOf: Day
    public var accounts: Int
    public var rows: [Row]

    /// Outcome attainment, the dashboard's figure: of the account outcomes past the first quarter
    /// of their window (every state but not yet due), the share achieved or on track.
    public var attainment: (rate: Double?, judged: Int, achieved: Int, onTrack: Int, atRisk: Int, missed: Int) {
        func total(_ state: OutcomeProgress.State) -> Int { rows.reduce(0) { $0 + ($1.states[state.rawValue] ?? 0) } }
        let achieved = total(.achieved)
        let onTrack = total(.onTrack)
        let atRisk = total(.atRisk)
        let missed = total(.missed)
        let judged = achieved + onTrack + atRisk + missed
        return (judged == 0 ? nil : Double(achieved + onTrack) / Double(judged), judged, achieved, onTrack, atRisk, missed)
    }

    public static func build(_ histories: [OutcomeHistory], models: [OutcomeModel], asOf: Day) -> PortfolioReport {
        var rows: [Row] = []
        var measured = Set<String>()
        for model in models {
            let mine = histories.filter { $0.segment == model.segment }
            measured.formUnion(mine.map(\.account))
            for outcome in model.outcomes {
                var states: [String: Int] = [:]
                var cohort: [String: [String: Int]] = [:]
                var segment: [String: [String: Int]] = [:]
                var csm: [String: [String: Int]] = [:]
                var rep: [String: [String: Int]] = [:]
                for history in mine {
                    let state = OutcomeMeasure.progress(outcome, facts: history.facts, asOf: asOf).state.rawValue
                    states[state, default: 0] += 1
                    cohort[history.cohort ?? "none", default: [:]][state, default: 0] += 1
                    segment[history.segment, default: [:]][state, default: 0] += 1
                    csm[history.ownerCS ?? "unassigned", default: [:]][state, default: 0] += 1
                    rep[history.ownerSales ?? "unassigned", default: [:]][state, default: 0] += 1
                }
                rows.append(
                    Row(
                        outcome: outcome.id, model: model.id, states: states, byCohort: .init(groups: cohort), bySegment: .init(groups: segment),
                        byCSM: .init(groups: csm), byRep: .init(groups: rep)))
            }
        }
        return PortfolioReport(asOf: asOf, accounts: measured.count, rows: rows)
    }
}

/// Seed 000's comp accelerator: of each rep's closed clients past their first 90 days, how many
/// reached the adoption threshold (weekly active seats / licensed seats) within those 90 days.
public struct AdoptionReport: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var rep: String
        public var closed: Int
        public var adopted: Int
        public var rate: Double?
    }

    public var threshold: Double
    public var rows: [Row]

    /// - Parameter threshold: the usage target of the outcome models where there is one, else this.
    public static func build(_ histories: [OutcomeHistory], threshold: Double, asOf: Day) -> AdoptionReport {
        let adoption = Outcome(id: "adoption_90d", description: "", measure: .usageRatio, target: threshold, day: 90)
        var closed: [String: Int] = [:]
        var adopted: [String: Int] = [:]
        for history in histories where history.facts.signed.adding(days: 90) < asOf {
            let rep = history.ownerSales ?? "unassigned"
            closed[rep, default: 0] += 1
            if OutcomeMeasure.progress(adoption, facts: history.facts, asOf: asOf).state == .achieved { adopted[rep, default: 0] += 1 }
        }
        let rows = closed.keys.sorted().map { rep in
            Row(rep: rep, closed: closed[rep]!, adopted: adopted[rep] ?? 0, rate: (Double(adopted[rep] ?? 0) / Double(closed[rep]!) * 1000).rounded() / 1000)
        }
        return AdoptionReport(threshold: threshold, rows: rows)
    }
}
