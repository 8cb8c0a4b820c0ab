public import AccordCore
public import AccordStore

/// Plays from the store: each account as plays read it, one evaluation written whole, the
/// plays as switched live, and tasks decided and commented.
public struct PlayDesk: Sendable {
    public let spec: Spec
    public let store: any Store

    public init(spec: Spec, store: any Store) {
        self.spec = spec
        self.store = store
    }

    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case unknownTask(String)
        case unknownPlay(String, known: [String])
        case notAPerson

        public var description: String {
            switch self {
            case .unknownTask(let id): "no task with id '\(id)'"
            case .unknownPlay(let id, let known): "no play '\(id)' in the spec; its plays are \(known.joined(separator: ", "))"
            case .notAPerson: "tasks are worked by people: sign in as one, or use a token made for a person"
            }
        }
    }

    /// The spec's plays with the switches people made since (live, or back to dry run).
    public func plays() async throws -> [Play] {
        let switches = try await store.playSwitches()
        return spec.playbooks.map { play in
            var play = play
            if let status = switches[play.id] { play.status = status }
            return play
        }
    }

    /// Every account as the plays read it on `asOf`: owners, MRR, renewal, and health facts with
    /// the events the plays' triggers name.
    public func accounts(asOf: Day) async throws -> [PlayAccount] {
        var names: Set<String> = []
        for play in spec.playbooks { if case .event(let name, _) = play.trigger { names.insert(name) } }
        let health = Dictionary(
            try await HealthDesk(spec: spec, store: store).facts(also: names).map { ($0.account, $0) }, uniquingKeysWith: { first, _ in first })
        let failing = try await store.failingSyncs()
        // The health facts carry each client's movements: MRR comes from them, not from a second read.
        return try await store.playRoster().map { base in
            var account = base
            if let facts = health[base.id] {
                account.health = facts
                account.events = facts.facts.events
                account.mrrCents = MRRTimeline(facts.movements).mrr(base.id, endOf: asOf)
            }
            account.failingSyncs = failing[base.id] ?? []
            return account
        }
    }

    /// Evaluates every play as of `asOf` and writes what it makes. Signals count from the day after
    /// the last evaluation (a week back the first time).
    @discardableResult
    public func evaluate(asOf: Day, now: Instant, actor: String, origin: String) async throws -> PlayPlan {
        let since = try await store.playsEvaluatedOn().map { min($0, asOf) } ?? asOf.adding(days: -7)
        let plan = PlayPlanner.plan(
            try await plays(), accounts: try await accounts(asOf: asOf), spec: spec, asOf: asOf, since: since, state: try await store.playState(), now: now)
        let audit = AuditEntry(
            at: now, actor: actor, origin: origin, action: "plays.evaluate", target: "plays",
            after: .object([
                "as_of": .string(asOf.iso), "runs": .number(Double(plan.runs.count)), "tasks": .number(Double(plan.tasks.count)),
                "held": .number(Double(plan.tasks.filter { $0.status == .held }.count)), "released": .number(Double(plan.released.count)),
            ]))
        try await store.savePlayPlan(plan, evaluatedOn: asOf, audit: audit, at: now)
        return plan
    }

    /// Marks a task done or skipped, as its owner or a leader of their function.
    public func decide(_ id: String, _ decision: TaskStateMachine.Decision, by person: Person, origin: String, at: Instant) async throws -> PlayTask {
        guard let task = try await store.task(id: id) else { throw Failure.unknownTask(id) }
        let closed = try TaskStateMachine.decide(task, decision, by: person, ownerFunction: spec.person(task.owner)?.function, at: at)
        var properties: [String: JSONValue] = ["play": .string(task.play), "task_id": .string(task.id), "status": .string(closed.status.rawValue)]
        if let reason = closed.reason { properties["reason"] = .string(reason) }
        let event = Event(
            messageID: "task:\(task.id):closed", name: "task_closed", accountID: task.account, source: "accord", timestamp: at, receivedAt: at,
            properties: .object(properties), planStatus: spec.event("task_closed") == nil ? .unplanned : .planned)
        let audit = AuditEntry(
            at: at, actor: "person:\(person.id)", origin: origin, action: "task.\(closed.status.rawValue)", target: "task:\(task.id)",
            before: .object(["status": .string(task.status.rawValue)]),
            after: .object(["status": .string(closed.status.rawValue), "reason": closed.reason.map(JSONValue.string) ?? .null]))
        try await store.decideTask(closed, event: event, audit: audit)
        return closed
    }

    public func comment(_ id: String, body: String, by person: Person, origin: String, at: Instant) async throws -> TaskComment {
        guard try await store.task(id: id) != nil else { throw Failure.unknownTask(id) }
        let audit = AuditEntry(at: at, actor: "person:\(person.id)", origin: origin, action: "task.comment", target: "task:\(id)")
        return try await store.addTaskComment(task: id, author: person.id, body: body, at: at, audit: audit)
    }

    /// Each play's effect: treated against held-out clients 180 days on, and how its tasks were worked.
    public func effects(asOf: Day, accounts known: [PlayAccount]? = nil) async throws -> [PlayEffect] {
        var accounts = known ?? []
        if known == nil { accounts = try await self.accounts(asOf: asOf) }
        let runs = try await store.playRuns(play: nil, account: nil, limit: 100_000)
        let tasks = try await store.tasks(TaskQuery(limit: 5000))
        return try await plays().map { PlayEffect.measure($0, runs: runs, tasks: tasks, accounts: accounts, asOf: asOf) }
    }

    public func switchPlay(_ id: String, to status: Play.Status, by actor: String, origin: String, at: Instant) async throws {
        guard spec.playbooks.contains(where: { $0.id == id }) else { throw Failure.unknownPlay(id, known: spec.playbooks.map(\.id)) }
        let audit = AuditEntry(at: at, actor: actor, origin: origin, action: "play.\(status.rawValue)", target: "play:\(id)")
        try await store.switchPlay(id, to: status, by: actor, at: at, audit: audit)
    }
}
