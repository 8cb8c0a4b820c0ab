/// One start of a play for one account: why it started, and whether it makes work (live), only
/// records (dry run) or is held out to measure the play against.
public struct PlayRun: Sendable, Hashable, Codable {
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        case live
        case dryRun = "dry_run"
        case holdout
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable { case open, closed }

    public var id: String
    public var play: String
    public var account: String
    public var startedOn: Day
    public var reason: String
    public var mode: Mode
    public var status: Status
    public var closedOn: Day?

    public init(id: String, play: String, account: String, startedOn: Day, reason: String, mode: Mode, status: Status, closedOn: Day? = nil) {
        self.id = id
        self.play = play
        self.account = account
        self.startedOn = startedOn
        self.reason = reason
        self.mode = mode
        self.status = status
        self.closedOn = closedOn
    }
}

/// Work a play made: an owner, a due day, and done or skipped with a reason. A task past its
/// owner's cap of open tasks waits as `held`, listed, until the owner has room.
public struct PlayTask: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case open, done, skipped, held
    }

    public var id: String
    public var run: String
    public var play: String
    public var account: String
    /// The action's place in the play: tasks are listed in it.
    public var position: Int
    public var title: String
    public var owner: String
    public var due: Day
    public var status: Status
    /// The handoff a preparing task is for: its form opens pre-filled from the record.
    public var handoff: String?
    public var createdAt: Instant
    public var closedAt: Instant?
    public var closedBy: String?
    public var reason: String?
    /// Why a held task waits.
    public var heldBecause: String?

    public init(
        id: String, run: String, play: String, account: String, position: Int, title: String, owner: String, due: Day, status: Status,
        handoff: String? = nil, createdAt: Instant
    ) {
        self.id = id
        self.run = run
        self.play = play
        self.account = account
        self.position = position
        self.title = title
        self.owner = owner
        self.due = due
        self.status = status
        self.handoff = handoff
        self.createdAt = createdAt
    }
}

/// A task's lifecycle: open, then done or skipped once. Only its owner, or a leader of the
/// owner's function, decides it; a skip says why.
public enum TaskStateMachine {
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case alreadyClosed(id: String, status: PlayTask.Status)
        case notYours(id: String, owner: String)
        case reasonRequired
        case held(id: String)

        public var description: String {
            switch self {
            case .alreadyClosed(let id, let status): "task \(id) is already \(status.rawValue)"
            case .notYours(let id, let owner): "task \(id) is \(owner)'s; only its owner or a leader of their function decides it"
            case .reasonRequired: "a skipped task needs a reason: say why the work is not worth doing"
            case .held(let id): "task \(id) is held back until its owner has room under the play's cap; it cannot be decided yet"
            }
        }
    }

    public enum Decision: Sendable, Hashable {
        case done(comment: String?)
        case skip(reason: String)
    }

    public static func decide(_ task: PlayTask, _ decision: Decision, by person: Person, ownerFunction: String?, at: Instant) throws(Failure) -> PlayTask {
        guard person.id == task.owner || (person.role == .leader && person.function == ownerFunction) else {
            throw .notYours(id: task.id, owner: task.owner)
        }
        switch task.status {
        case .open: break
        case .held: throw .held(id: task.id)
        case .done, .skipped: throw .alreadyClosed(id: task.id, status: task.status)
        }
        var closed = task
        closed.closedAt = at
        closed.closedBy = person.id
        switch decision {
        case .done(let comment):
            closed.status = .done
            closed.reason = comment?.trimmedWhitespace.nilIfEmpty
        case .skip(let reason):
            guard !reason.trimmedWhitespace.isEmpty else { throw .reasonRequired }
            closed.status = .skipped
            closed.reason = reason.trimmedWhitespace
        }
        return closed
    }
}
