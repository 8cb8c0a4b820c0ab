/// An ISO 8601 week (`2026-W47`): Monday to Sunday.
public struct ISOWeek: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var week: Int

    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-W")
        guard parts.count == 2, let year = Int(parts[0]), let week = Int(parts[1]), (1...53).contains(week) else { return nil }
        self.year = year
        self.week = week
        guard ISOWeek(containing: monday) == self else { return nil }
    }

    public init(containing day: Day) {
        // The ISO year is the year of the week's Thursday.
        let thursday = day.weekStart.adding(days: 3)
        year = thursday.components.year
        week = (thursday.number - Day(year: year, month: 1, day: 1).number) / 7 + 1
    }

    public var monday: Day {
        let january4 = Day(year: year, month: 1, day: 4)
        return january4.weekStart.adding(days: (week - 1) * 7)
    }

    public var description: String { "\(year)-W\(week < 10 ? "0" : "")\(week)" }
}

/// A note the weekly triage meeting writes back: a root cause, or a proposed change to a
/// transition's acceptance criteria.
public struct TriageNote: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case rootCause = "root_cause"
        case proposal
    }

    public var week: String
    public var kind: Kind
    public var handoff: String?
    public var text: String
    public var by: String
    public var at: Instant

    public init(week: String, kind: Kind, handoff: String?, text: String, by: String, at: Instant) {
        self.week = week
        self.kind = kind
        self.handoff = handoff
        self.text = text
        self.by = by
        self.at = at
    }
}

public struct Count: Sendable, Hashable, Codable {
    public var key: String
    public var count: Int

    public init(key: String, count: Int) {
        self.key = key
        self.count = count
    }
}

/// Hours from submission to decision.
public struct DecisionTimes: Sendable, Hashable, Codable {
    public var decided: Int
    public var medianHours: Double?
    public var p90Hours: Double?

    init(_ hours: [Double]) {
        let sorted = hours.sorted()
        decided = sorted.count
        func quantile(_ q: Double) -> Double? {
            guard !sorted.isEmpty else { return nil }
            let position = q * Double(sorted.count - 1)
            let low = Int(position)
            let high = min(low + 1, sorted.count - 1)
            return ((sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))) * 10).rounded() / 10
        }
        medianHours = quantile(0.5)
        p90Hours = quantile(0.9)
    }
}

/// The weekly triage: what was rejected, why, by and for whom, how long decisions took, what
/// breached, who keeps sending incomplete handoffs, and what the meeting wrote back.
public struct TriageReport: Sendable, Hashable, Codable {
    public var week: String
    public var from: Day
    public var to: Day
    public var submitted: Int
    public var rejections: Int
    public var byTransition: [Count]
    public var byReason: [Count]
    public var bySender: [Count]
    public var byReceiver: [Count]
    public var timeToDecision: DecisionTimes
    public var slaBreaches: [Handoff]
    /// Senders with two or more rejections in the week.
    public var repeatOffenders: [Count]
    public var rootCauses: [TriageNote]
    public var proposals: [TriageNote]
}

/// Per transition, over a period: how fast and how often decisions go each way.
public struct SLAReport: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var handoff: String
        public var name: String
        public var slaHours: Double
        public var submitted: Int
        public var timeToDecision: DecisionTimes
        /// Of handoffs submitted in the period: breached / submitted, rejected (by the receiver or incomplete) / submitted.
        public var breachRate: Double?
        public var rejectionRate: Double?
    }

    public var from: Day
    public var to: Day
    public var rows: [Row]
}

public enum HandoffReports {
    static func counts(_ keys: [String]) -> [Count] {
        Dictionary(keys.map { ($0, 1) }, uniquingKeysWith: +).map { Count(key: $0.key, count: $0.value) }
            .sorted { ($0.count, $1.key) > ($1.count, $0.key) }
    }

    static func hours(_ handoff: Handoff) -> Double? {
        handoff.decidedAt.map { Double($0.milliseconds - handoff.submittedAt.milliseconds) / 3_600_000 }
    }

    /// - Parameter handoffs: at least every handoff submitted, decided or breached in the week.
    public static func triage(_ handoffs: [Handoff], week: ISOWeek, notes: [TriageNote]) -> TriageReport {
        let start = Instant(day: week.monday)
        let end = Instant(day: week.monday.adding(days: 7))
        func inWeek(_ instant: Instant?) -> Bool { instant.map { $0 >= start && $0 < end } ?? false }
        let rejected = handoffs.filter {
            ($0.status == .rejected && inWeek($0.decidedAt)) || ($0.status == .autoRejected && inWeek($0.submittedAt))
        }
        let senders = rejected.map(\.submittedBy)
        return TriageReport(
            week: week.description, from: week.monday, to: week.monday.adding(days: 6),
            submitted: handoffs.filter { inWeek($0.submittedAt) }.count, rejections: rejected.count,
            byTransition: counts(rejected.map(\.handoff)),
            byReason: counts(rejected.map { $0.reason?.rawValue ?? "incomplete" }),
            bySender: counts(senders), byReceiver: counts(rejected.compactMap(\.decidedBy)),
            timeToDecision: DecisionTimes(handoffs.filter { inWeek($0.decidedAt) }.compactMap(hours)),
            slaBreaches: handoffs.filter { inWeek($0.breachedAt) }.sorted { ($0.breachedAt!, $0.id) < ($1.breachedAt!, $1.id) },
            repeatOffenders: counts(senders).filter { $0.count >= 2 },
            rootCauses: notes.filter { $0.kind == .rootCause }, proposals: notes.filter { $0.kind == .proposal })
    }

    public static func sla(_ handoffs: [Handoff], from: Day, to: Day, definitions: [HandoffDefinition]) -> SLAReport {
        let start = Instant(day: from)
        let end = Instant(day: to.adding(days: 1))
        let period = handoffs.filter { $0.submittedAt >= start && $0.submittedAt < end }
        let rows = definitions.map { definition -> SLAReport.Row in
            let mine = period.filter { $0.handoff == definition.id }
            let rate: (Int) -> Double? = { mine.isEmpty ? nil : (Double($0) / Double(mine.count) * 1000).rounded() / 1000 }
            return SLAReport.Row(
                handoff: definition.id, name: definition.name, slaHours: definition.slaHours, submitted: mine.count,
                timeToDecision: DecisionTimes(mine.compactMap(hours)), breachRate: rate(mine.filter { $0.breachedAt != nil }.count),
                rejectionRate: rate(mine.filter { $0.status == .rejected || $0.status == .autoRejected }.count))
        }
        return SLAReport(from: from, to: to, rows: rows)
    }
}
