/// The accounts behind a dashboard figure, by metric and the part of it asked for.
public enum DrillDown {
    public struct Request: Sendable, Hashable {
        public var metric: String
        /// Which part: a movement kind, reached/waiting, adopted/not_adopted, single_threaded/unengaged,
        /// promoters/passives/detractors, satisfied/unsatisfied, a funnel stage.
        public var key: String?
        public var cohort: String?
        public var source: String?
        /// A cohort matrix column such as 2026-Q1.
        public var period: String?

        public init(metric: String, key: String? = nil, cohort: String? = nil, source: String? = nil, period: String? = nil) {
            self.metric = metric
            self.key = key
            self.cohort = cohort
            self.source = source
            self.period = period
        }
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public static func accounts(_ request: Request, facts: MetricFacts, board: Dashboard) throws -> [String] {
        func keyed(_ options: [String: [String]]) throws -> [String] {
            let names = options.keys.sorted()
            guard let key = request.key else { throw Invalid(description: "\(request.metric) needs key= one of \(names.joined(separator: ", "))") }
            guard let ids = options[key] else { throw Invalid(description: "key '\(key)' is not one of \(names.joined(separator: ", "))") }
            return ids
        }
        let clients = facts.clients.filter { client in
            (request.cohort.map { client.cohort == $0 } ?? true) && (request.source.map { $0 == "all" || client.source.rawValue == $0 } ?? true)
        }
        if let source = request.source, source != "all", AcquisitionSource(rawValue: source) == nil {
            throw Invalid(description: "source '\(source)' is not one of all, marketing, sales")
        }
        switch request.metric {
        case "nrr_by_cohort", "grr_by_cohort":
            let timeline = MRRTimeline(facts.movements)
            let ids = clients.filter { $0.signed != nil }.map(\.id)
            guard let label = request.period else { return Retention.activeAtStart(ids, period: .trailingYear(facts.asOf), timeline: timeline).accountIDs }
            guard let first = facts.clients.compactMap(\.signed).min(),
                let quarter = CohortRetention.quarters(from: first, to: facts.asOf).first(where: { $0.label == label })
            else {
                throw Invalid(description: "period '\(label)' is not a quarter of the matrix (\(board.cohorts.periods.joined(separator: ", ")))")
            }
            return Retention.activeAtStart(ids, period: quarter.period, timeline: timeline).accountIDs
        case "mrr_movements":
            return try keyed(Dictionary(uniqueKeysWithValues: MRRMovementKind.allCases.map { ($0.rawValue, board.mrr.accounts[$0.rawValue] ?? []) }))
        case "time_to_first_value", "onboarding_velocity":
            let signed = clients.filter { ($0.signed ?? facts.asOf.adding(days: 1)) <= facts.asOf }
            let reached = signed.filter { client in
                (request.metric == "time_to_first_value" ? client.firstValue : client.kickoff).map { $0 <= facts.asOf } ?? false
            }
            let ids = Set(reached.map(\.id))
            return try keyed(["reached": reached.map(\.id), "waiting": signed.map(\.id).filter { !ids.contains($0) }])
        case "adoption_rate_90d":
            return try keyed(["adopted": board.adoption.adoptedIDs, "not_adopted": board.adoption.notAdoptedIDs])
        case "stakeholder_coverage":
            return try keyed(["single_threaded": board.coverage.singleThreadedIDs, "unengaged": board.coverage.unengagedIDs])
        case "expansion_qualified_rate":
            return board.expansion.qualifiedIDs
        case "csat", "nps":
            let year = Period.trailingYear(facts.asOf)
            let surveys = facts.surveys.filter { year.contains($0.respondedOn) && $0.kind.rawValue == request.metric }
            func who(_ scores: ClosedRange<Int>) -> [String] { Array(Set(surveys.filter { scores.contains($0.score) }.map(\.accountID))).sorted() }
            return request.metric == "csat"
                ? try keyed(["satisfied": who(4...5), "unsatisfied": who(1...3)])
                : try keyed(["promoters": who(9...10), "passives": who(7...8), "detractors": who(0...6)])
        case "clv":
            return clients.filter { ($0.signed ?? facts.asOf.adding(days: 1)) <= facts.asOf }.map(\.id)
        case "funnel":
            var options: [String: [String]] = [:]
            for (index, stage) in Funnel.stages.enumerated() {
                options[stage.rawValue] = clients.filter { Funnel.furthest($0) >= index }.map(\.id)
            }
            return try keyed(options)
        default:
            throw Invalid(description: "\(request.metric) is about sources or has its own report, not a list of accounts")
        }
    }
}
