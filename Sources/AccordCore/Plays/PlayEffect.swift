/// Whether a play works: the clients it made work for (live runs) against those it held out, each
/// followed for 180 days from the play's first run for them: still a client, expanded, net MRR
/// kept (MRR then over MRR at the start) and outcomes achieved or on track by then, with a 95%
/// interval of the difference in retention; and how its tasks were worked (done, skipped, time to
/// done). Clients whose 180 days have not passed are not counted yet.
public struct PlayEffect: Sendable, Hashable, Codable {
    public struct Arm: Sendable, Hashable, Codable {
        public var clients: Int
        public var retention: Double?
        public var expansion: Double?
        public var netMRRKept: Double?
        public var outcomeAttainment: Double?
    }

    public var play: String
    public var treated: Arm
    public var heldOut: Arm
    /// Treated retention minus held-out retention, with its 95% interval (Newcombe).
    public var retentionDifference: Double?
    public var differenceLow: Double?
    public var differenceHigh: Double?
    /// The interval is above zero: the play shows lift.
    public var showsLift: Bool
    public var tasksDone: Int
    public var tasksSkipped: Int
    public var tasksOpen: Int
    public var completionRate: Double?
    public var medianDaysToDone: Int?

    public static let followDays = 180

    public static func measure(_ play: Play, runs: [PlayRun], tasks: [PlayTask], accounts: [PlayAccount], asOf: Day) -> PlayEffect {
        let byID = Dictionary(accounts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var first: [String: PlayRun] = [:]
        for run in runs.sorted(by: { $0.startedOn < $1.startedOn }) where run.play == play.id && run.mode != .dryRun && first[run.account] == nil {
            first[run.account] = run
        }
        func arm(_ mode: PlayRun.Mode) -> Arm {
            var kept = 0
            var expanded = 0
            var ratios: [Double] = []
            var attainment: [Double] = []
            var clients = 0
            for run in first.values where run.mode == mode {
                let end = run.startedOn.adding(days: followDays)
                guard end <= asOf, let health = byID[run.account]?.health else { continue }
                clients += 1
                let timeline = MRRTimeline(health.movements)
                let before = timeline.mrr(run.account, endOf: run.startedOn)
                let after = timeline.mrr(run.account, endOf: end)
                if after > 0 { kept += 1 }
                if health.movements.contains(where: { $0.kind == .expansion && $0.occurredOn > run.startedOn && $0.occurredOn <= end }) { expanded += 1 }
                if before > 0 { ratios.append(Double(after) / Double(before)) }
                let judged = health.outcomes.map { OutcomeMeasure.progress($0, facts: health.facts, asOf: end).state }.filter { $0 != .notYetDue }
                if !judged.isEmpty { attainment.append(Double(judged.filter { $0 == .achieved || $0 == .onTrack }.count) / Double(judged.count)) }
            }
            func share(_ count: Int) -> Double? { clients == 0 ? nil : Double(count) / Double(clients) }
            func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
            return Arm(clients: clients, retention: share(kept), expansion: share(expanded), netMRRKept: mean(ratios), outcomeAttainment: mean(attainment))
        }
        let treated = arm(.live)
        let heldOut = arm(.holdout)
        let lift = ShareDifference(treated.retention, of: treated.clients, minus: heldOut.retention, of: heldOut.clients)
        let mine = tasks.filter { $0.play == play.id }
        let done = mine.filter { $0.status == .done }
        let skipped = mine.filter { $0.status == .skipped }.count
        let days = done.compactMap { task in task.closedAt.map { $0.day.number - task.createdAt.day.number } }.sorted()
        return PlayEffect(
            play: play.id, treated: treated, heldOut: heldOut, retentionDifference: lift?.difference, differenceLow: lift?.low, differenceHigh: lift?.high,
            showsLift: lift?.isAboveZero ?? false, tasksDone: done.count, tasksSkipped: skipped,
            tasksOpen: mine.filter { $0.status == .open || $0.status == .held }.count,
            completionRate: done.count + skipped == 0 ? nil : Double(done.count) / Double(done.count + skipped),
            medianDaysToDone: days.isEmpty ? nil : days[days.count / 2])
    }
}
