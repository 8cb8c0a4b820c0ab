/// Where the plays stand before a run: which play and account pairs have a run open, when each
/// last started, how many open tasks each person holds per play, and the tasks held back.
public struct PlayState: Sendable {
    public var openRuns: Set<String> = []
    public var lastStarted: [String: Day] = [:]
    /// Person → play → open tasks.
    public var openTasks: [String: [String: Int]] = [:]
    /// Held tasks, oldest first.
    public var held: [PlayTask] = []

    public init() {}

    public static func key(_ play: String, _ account: String) -> String { "\(play)\u{1F}\(account)" }
}

/// What one evaluation of the plays writes: the runs started, their tasks (open, or held past a
/// cap), held tasks released because their owner has room again, the events for the log and the
/// notices for webhooks. Worked out whole before anything is written.
public struct PlayPlan: Sendable {
    public var runs: [PlayRun] = []
    public var tasks: [PlayTask] = []
    public var released: [PlayTask] = []
    public var events: [Event] = []
    public var notices: [Notice] = []

    public init() {}
}

public enum PlayPlanner {
    public static func plan(
        _ plays: [Play], accounts: [PlayAccount], spec: Spec, asOf: Day, since: Day, state: PlayState, now: Instant
    ) -> PlayPlan {
        var plan = PlayPlan()
        var counts = state.openTasks
        func room(_ person: String, _ play: Play) -> Bool { counts[person, default: [:]][play.id, default: 0] < play.maxOpenTasks }
        // Held tasks first, oldest first: they waited longest.
        for task in state.held {
            guard let play = plays.first(where: { $0.id == task.play }), room(task.owner, play) else { continue }
            var released = task
            released.status = .open
            released.heldBecause = nil
            plan.released.append(released)
            counts[task.owner, default: [:]][play.id, default: 0] += 1
        }
        // Larger clients first, so a cap holds back the smaller ones' work.
        let ordered = accounts.sorted { ($0.mrrCents, $1.id) > ($1.mrrCents, $0.id) }
        for play in plays {
            for account in ordered {
                let key = PlayState.key(play.id, account.id)
                guard !state.openRuns.contains(key) else { continue }
                if let last = state.lastStarted[key], asOf.number - last.number < play.cooldownDays { continue }
                guard let reason = PlayTriggers.fires(play, account, config: spec.health, asOf: asOf, since: since) else { continue }
                let mode: PlayRun.Mode = play.status == .dryRun ? .dryRun : play.holdsOut(account.id) ? .holdout : .live
                let runID = "run_" + String(StableHash.hex("\(play.id)\u{1F}\(account.id)\u{1F}\(asOf.iso)").prefix(12))
                var made: [PlayTask] = []
                for (position, action) in play.actions.enumerated() where mode == .live {
                    let (title, assignee, dueDays, handoff): (String, Play.Assignee, Int, String?)
                    switch action {
                    case .task(let text, let who, let days): (title, assignee, dueDays, handoff) = (text, who, days, nil)
                    case .handoff(let id, let who, let days):
                        let name = spec.handoffs.first { $0.id == id }?.name ?? id
                        (title, assignee, dueDays, handoff) = ("Prepare the \(name.lowercased()) handoff", who, days, id)
                    case .notify, .log: continue
                    }
                    let owner = resolve(assignee, account, spec: spec, counts: counts)
                    var task = PlayTask(
                        id: "tsk_" + String(StableHash.hex("\(runID)\u{1F}\(position)").prefix(12)), run: runID, play: play.id, account: account.id,
                        position: position, title: title, owner: owner ?? "", due: asOf.adding(days: dueDays), status: .open, handoff: handoff, createdAt: now)
                    if let owner, room(owner, play) {
                        counts[owner, default: [:]][play.id, default: 0] += 1
                    } else {
                        task.status = .held
                        task.heldBecause =
                            owner.map { "\(spec.person($0)?.name ?? $0) already has \(play.maxOpenTasks) open tasks from this play" }
                            ?? "nobody fills \(describe(assignee)) for this account"
                    }
                    made.append(task)
                }
                let run = PlayRun(
                    id: runID, play: play.id, account: account.id, startedOn: asOf, reason: reason, mode: mode, status: made.isEmpty ? .closed : .open,
                    closedOn: made.isEmpty ? asOf : nil)
                plan.runs.append(run)
                plan.tasks += made
                for action in play.actions {
                    switch action {
                    case .log(let name):
                        let at = Instant(day: asOf, seconds: 12 * 3600)
                        plan.events.append(
                            Event(
                                messageID: "play:\(runID):\(name)", name: name, accountID: account.id, source: "accord", timestamp: at, receivedAt: now,
                                properties: ["play": .string(play.id), "run_id": .string(runID), "mode": .string(mode.rawValue)], planStatus: .planned))
                    case .notify where mode == .live:
                        plan.notices.append(notice(play, run, account, tasks: made, spec: spec))
                    default: break
                    }
                }
            }
        }
        return plan
    }

    /// The person a task goes to: the account's owner, a named person, or of a function's people
    /// with the role, the one holding the fewest open tasks. An account without that owner goes to
    /// the owning function's leader.
    static func resolve(_ assignee: Play.Assignee, _ account: PlayAccount, spec: Spec, counts: [String: [String: Int]]) -> String? {
        switch assignee {
        case .person(let id): return id
        case .owner(let field):
            if let owner = account.owner(field), spec.person(owner) != nil { return owner }
            let function = ["owner_cs": "cs", "owner_sales": "sales"][field] ?? "marketing"
            return spec.leader(of: function)?.id
        case .role(let function, let role):
            let people = spec.people.filter { $0.function == function && $0.role == role }
            return people.min { (counts[$0.id]?.values.reduce(0, +) ?? 0, $0.id) < (counts[$1.id]?.values.reduce(0, +) ?? 0, $1.id) }?.id
        }
    }

    static func describe(_ assignee: Play.Assignee) -> String {
        switch assignee {
        case .person(let id): id
        case .owner(let field): field
        case .role(let function, let role): "the \(role.rawValue) of \(function)"
        }
    }

    static func notice(_ play: Play, _ run: PlayRun, _ account: PlayAccount, tasks: [PlayTask], spec: Spec) -> Notice {
        let people = Array(Set(tasks.map(\.owner).filter { !$0.isEmpty })).sorted()
        let functions = Array(Set(people.compactMap { spec.person($0)?.function })).sorted()
        let text =
            "\(play.name) started for \(account.name): \(run.reason). "
            + tasks.map { "\($0.title) (\(spec.person($0.owner)?.name ?? $0.owner), due \($0.due.iso))" }.joined(separator: "; ")
        let body: JSONValue = .object([
            "type": "play.started", "play": .string(play.id), "run_id": .string(run.id), "account": .string(account.id),
            "account_name": .string(account.name), "reason": .string(run.reason), "recipients": .array(people.map(JSONValue.string)),
            "tasks": .array(tasks.map { .object(["id": .string($0.id), "title": .string($0.title), "owner": .string($0.owner), "due": .string($0.due.iso)]) }),
            "text": .string(text),
        ])
        return Notice(kind: "play.started", people: people, functions: functions, body: body, text: text)
    }
}
