/// Where one account stands on one outcome of its segment's model.
public struct OutcomeProgress: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Less than a quarter of the window has passed: too early to judge.
        case notYetDue = "not_yet_due"
        case onTrack = "on_track"
        case atRisk = "at_risk"
        case achieved
        case missed
    }

    public var outcome: String
    /// The measure's kind (usage_ratio, event_count), so a ratio can be shown as a share.
    public var measure: String
    public var state: State
    /// The measure now (or when achieved): events counted, or the best weekly active ratio.
    public var value: Double
    public var target: Double
    public var due: Day
    /// The day the target was first reached, when it was, by the due day.
    public var achievedOn: Day?
    /// What the state rests on: the counted events' days, or the best week.
    public var evidence: [String]
}

/// The facts about one account the measures read.
public struct OutcomeFacts: Sendable {
    public struct Occurrence: Sendable, Hashable {
        public var name: String
        public var day: Day
        public var properties: JSONValue

        public init(name: String, day: Day, properties: JSONValue) {
            self.name = name
            self.day = day
            self.properties = properties
        }
    }

    public var signed: Day
    public var events: [Occurrence]
    public var usage: [UsageWeek]

    public init(signed: Day, events: [Occurrence], usage: [UsageWeek]) {
        self.signed = signed
        self.events = events
        self.usage = usage
    }
}

/// Measures an account against its outcome model: a state per outcome from the event log and
/// weekly usage, with the evidence. A week's ratio counts on the last day of that week.
public enum OutcomeMeasure {
    public static func progress(_ outcome: Outcome, facts: OutcomeFacts, asOf: Day) -> OutcomeProgress {
        let due = facts.signed.adding(days: outcome.day)
        // Running value day by day (only the days something changed), to find when the target was first met.
        var timeline: [(day: Day, value: Double, evidence: String)] = []
        switch outcome.measure {
        case .eventCount(let event, let conditions):
            var count = 0.0
            let matching = facts.events.filter { occurrence in
                occurrence.name == event && occurrence.day >= facts.signed
                    && conditions.allSatisfy { key, value in occurrence.properties[key]?.stringValue == value }
            }.sorted { $0.day < $1.day }
            for occurrence in matching {
                count += 1
                timeline.append((occurrence.day, count, "\(event) on \(occurrence.day.iso)"))
            }
        case .usageRatio:
            var best = 0.0
            for week in facts.usage.sorted(by: { $0.weekStart < $1.weekStart }) where week.weekStart >= facts.signed.weekStart {
                let ratio = (week.ratio * 1000).rounded() / 1000
                if ratio > best {
                    best = ratio
                    timeline.append(
                        (week.weekStart.adding(days: 6), ratio, "week of \(week.weekStart.iso): \(week.activeSeats) of \(week.licensedSeats) seats active"))
                }
            }
        }
        let known = timeline.filter { $0.day <= asOf }
        let value = known.last?.value ?? 0
        if let reached = known.first(where: { $0.value >= outcome.target }), reached.day <= due {
            return OutcomeProgress(
                outcome: outcome.id, measure: outcome.measure.kind, state: .achieved, value: reached.value, target: outcome.target, due: due,
                achievedOn: reached.day,
                evidence: known.prefix { $0.day <= reached.day }.suffix(5).map(\.evidence))
        }
        let evidence = known.suffix(5).map(\.evidence)
        if asOf > due {
            let byDue = timeline.last { $0.day <= due }?.value ?? 0
            return OutcomeProgress(
                outcome: outcome.id, measure: outcome.measure.kind, state: .missed, value: byDue, target: outcome.target, due: due, evidence: evidence)
        }
        let elapsed = Double(max(0, asOf - facts.signed)) / Double(max(1, outcome.day))
        let state: OutcomeProgress.State
        if elapsed < 0.25 {
            state = .notYetDue
        } else {
            // On pace: the share of the target reached keeps up with the share of the window gone.
            state = value / max(outcome.target, .leastNonzeroMagnitude) >= elapsed ? .onTrack : .atRisk
        }
        return OutcomeProgress(
            outcome: outcome.id, measure: outcome.measure.kind, state: state, value: value, target: outcome.target, due: due, evidence: evidence)
    }
}
