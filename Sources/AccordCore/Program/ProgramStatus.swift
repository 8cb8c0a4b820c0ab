/// Where a company stands in the 90-day program, computed from live state: each phase's checks
/// pass or fail with what is missing, a phase started before the one before it is done is out of
/// order, and the renewals inside the program say how late it already is.
public struct ProgramStatus: Sendable, Hashable, Codable {
    public struct Check: Sendable, Hashable, Codable {
        public var id: String
        public var label: String
        public var passed: Bool
        /// What the check found, or what is missing and who can fix it.
        public var detail: String
    }

    public struct Phase: Sendable, Hashable, Codable {
        public var number: Int
        public var name: String
        public var firstDay: Int
        public var lastDay: Int
        public var deliverable: String
        public var checks: [Check]
        public var done: Bool
        /// The day its last check's evidence is dated (the program's start when earlier).
        public var doneOn: Day?
        /// The first day of work on it inside the program.
        public var startedOn: Day?
        public var outOfOrder: Bool
        /// The earlier phase's failing checks, first: what an out-of-order phase is waiting on.
        public var waitingOn: [Check]

        /// done, in progress or not started.
        public var state: String { done ? "done" : (startedOn == nil ? "not started" : "in progress") }
    }

    public struct Renewals: Sendable, Hashable, Codable {
        public var from: Day
        public var to: Day
        public var count: Int
        public var mrrCents: Int64
        public var first: Day?
    }

    public var start: Day
    public var variant: ProgramConfig.Variant
    public var today: Day
    /// Day 1 is the start day.
    public var day: Int
    public var phases: [Phase]
    /// The phase the program's calendar says it is in (nil past day 90).
    public var calendarPhase: Int?
    /// Renewals still ahead before day 90 ends: the clients the program is already late for.
    public var renewalsInsideProgram: Renewals
    public var renewalsNext90Days: Renewals

    /// Where the calendar stands, as the page and the command line say it.
    public var calendarText: String {
        calendarPhase.map { "phase \($0) by the calendar" } ?? (day > 90 ? "past day 90: the rituals keep it alive" : "not started")
    }

    public static func compute(spec: Spec, evidence: ProgramEvidence, start: Day, today: Day) -> ProgramStatus {
        let config = spec.program
        let names = Names(spec: spec)
        var phases = [
            phase(1, checks: outcomeChecks(spec: spec, evidence: evidence, names: names)),
            phase(2, checks: handoffChecks(spec: spec, evidence: evidence)),
            phase(3, checks: dataChecks(spec: spec, evidence: evidence, names: names)),
        ]
        let startInstant = Instant(day: start)
        func clamp(_ day: Day?) -> Day? { day.map { max($0, start) } }
        let activations = evidence.outcomeVersions.filter { $0.status == .active }.compactMap(\.activatedAt)
        phases[0].startedOn = clamp(evidence.outcomeVersions.map(\.createdAt).min()?.day)
        phases[0].doneOn = phases[0].done ? clamp(activations.max()?.day ?? start) : nil
        let transitions = config.transitions.map { evidence.handoffs[$0] ?? .init() }
        phases[1].startedOn = transitions.compactMap(\.firstSubmitted).filter { $0 >= startInstant }.min()?.day
        phases[1].doneOn = phases[1].done ? clamp(transitions.compactMap(\.firstDecided).max()?.day) : nil
        phases[2].startedOn = evidence.firstSync.flatMap { $0 >= startInstant ? $0.day : nil }
        let approved = evidence.dashboardProposals.filter { $0.status == .approved }.compactMap(\.approvedAt).max()
        phases[2].doneOn = phases[2].done ? clamp([approved, evidence.firstSync].compactMap { $0 }.max()?.day ?? start) : nil
        for index in 1..<phases.count {
            let before = phases[index - 1]
            guard let started = phases[index].startedOn else { continue }
            if !before.done || (before.doneOn.map { started < $0 } ?? true) {
                phases[index].outOfOrder = true
                phases[index].waitingOn = before.checks.filter { !$0.passed }
            }
        }
        let day = today - start + 1
        func renewals(_ from: Day, _ to: Day) -> Renewals {
            let due = evidence.renewals.filter { $0.on >= from && $0.on <= to }
            return Renewals(from: from, to: to, count: due.count, mrrCents: due.reduce(0) { $0 + $1.mrrCents }, first: due.map(\.on).min())
        }
        return ProgramStatus(
            start: start, variant: config.variant, today: today, day: day, phases: phases,
            calendarPhase: ProgramConfig.phases.first { $0.days.contains(day) }?.number,
            renewalsInsideProgram: renewals(max(start, today), start.adding(days: 89)), renewalsNext90Days: renewals(today, today.adding(days: 89)))
    }

    static func phase(_ number: Int, checks: [Check]) -> Phase {
        let shape = ProgramConfig.phases[number - 1]
        return Phase(
            number: number, name: shape.name, firstDay: shape.days.lowerBound, lastDay: shape.days.upperBound, deliverable: shape.deliverable,
            checks: checks, done: !checks.isEmpty && checks.allSatisfy(\.passed), doneOn: nil, startedOn: nil, outOfOrder: false, waitingOn: [])
    }

    /// Names of functions and people as the checks' details speak them.
    public struct Names: Sendable {
        let spec: Spec
        public init(spec: Spec) { self.spec = spec }
        public func function(_ id: String) -> String { spec.functions.first { $0.id == id }?.name ?? id }
        public func person(_ id: String) -> String { spec.person(id)?.name ?? id }
        public func functions(_ ids: [String]) -> String { ids.map(function).joined(separator: ", ") }
    }
}
