/// Days from one milestone to the next (contract → first value, contract → kickoff) where some
/// accounts have not got there yet. Those are censored, not dropped: the median and p75 come from
/// the Kaplan–Meier estimate, so an account still waiting counts as "at least this long".
public struct Durations: Sendable, Hashable, Codable {
    public var accounts: Int
    public var reached: Int
    public var censored: Int
    /// Days by which half (three quarters) of the accounts got there; nil while the estimate has
    /// not fallen that far.
    public var medianDays: Int?
    public var p75Days: Int?

    public struct Observation: Sendable, Hashable {
        public var days: Int
        public var reached: Bool

        public init(days: Int, reached: Bool) {
            self.days = days
            self.reached = reached
        }
    }

    public static func estimate(_ observations: [Observation]) -> Durations {
        let sorted = observations.sorted { $0.days < $1.days }
        var survival = 1.0
        var atRisk = sorted.count
        var index = 0
        var median: Int?
        var p75: Int?
        while index < sorted.count {
            let day = sorted[index].days
            var reachedNow = 0
            var leaving = 0
            while index < sorted.count, sorted[index].days == day {
                if sorted[index].reached { reachedNow += 1 }
                leaving += 1
                index += 1
            }
            // Censored on the same day count as at risk that day: they had not got there by then.
            if reachedNow > 0 {
                survival *= 1 - Double(reachedNow) / Double(atRisk)
                if median == nil, survival <= 0.5 + 1e-12 { median = day }
                if p75 == nil, survival <= 0.25 + 1e-12 { p75 = day }
            }
            atRisk -= leaving
        }
        let reached = observations.filter(\.reached).count
        return Durations(accounts: observations.count, reached: reached, censored: observations.count - reached, medianDays: median, p75Days: p75)
    }

    /// From each signed client's contract to `milestone`; a client without it is censored at
    /// asOf, or at its churn day when it left first.
    public static func measure(_ clients: [MetricFacts.Client], asOf: Day, milestone: (MetricFacts.Client) -> Day?) -> Durations {
        estimate(
            clients.compactMap { client in
                guard let signed = client.signed, signed <= asOf else { return nil }
                if let day = milestone(client), day <= asOf { return Observation(days: max(0, day - signed), reached: true) }
                let end = client.churnedOn.map { min($0, asOf) } ?? asOf
                return Observation(days: max(0, end - signed), reached: false)
            })
    }
}

/// Time-to-first-value or onboarding velocity, overall and per acquisition cohort.
public struct DurationsByCohort: Sendable, Hashable, Codable {
    public var all: Durations
    public var cohorts: [String: Durations]

    public static func measure(_ facts: MetricFacts, milestone: (MetricFacts.Client) -> Day?) -> DurationsByCohort {
        let signed = facts.clients.filter { $0.signed != nil }
        return DurationsByCohort(
            all: Durations.measure(signed, asOf: facts.asOf, milestone: milestone),
            cohorts: Dictionary(grouping: signed, by: { $0.cohort! }).mapValues { Durations.measure($0, asOf: facts.asOf, milestone: milestone) })
    }
}
