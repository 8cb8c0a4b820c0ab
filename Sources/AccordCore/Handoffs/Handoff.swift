/// One submission of a transition between functions for one account, and what the receiver
/// decided. A rejected handoff is resubmitted as a new one that names it, so the chain is kept.
public struct Handoff: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Submitted complete; the receiver has not decided.
        case waiting
        case accepted
        case rejected
        /// Incomplete on submission: recorded with its problems, never lost, never waiting.
        case autoRejected = "auto_rejected"
    }

    /// Why a receiver rejects: the categories the weekly triage counts.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        case missingData = "missing_data"
        case wrongData = "wrong_data"
        case notReady = "not_ready"
        case commitmentNotFeasible = "commitment_not_feasible"
        case other
    }

    /// `hnd_` + 12 characters.
    public var id: String
    /// The transition's id in the spec (`close_to_onboarding`).
    public var handoff: String
    public var accountID: String
    public var status: Status
    public var payload: JSONValue
    /// Field by field, why an auto-rejected handoff was incomplete.
    public var problems: [HandoffProblem]
    /// Who submitted, as the audit log names them (`person:sam.okafor`).
    public var submittedBy: String
    public var submittedAt: Instant
    /// Submission plus the transition's `sla_hours`: the receiver decides before this.
    public var dueAt: Instant
    /// The rejected handoff this one resubmits.
    public var previousID: String?
    public var decidedBy: String?
    public var decidedAt: Instant?
    public var reason: Reason?
    public var comment: String?
    /// When the background service found it undecided past `dueAt`.
    public var breachedAt: Instant?

    public init(
        id: String, handoff: String, accountID: String, status: Status, payload: JSONValue, problems: [HandoffProblem], submittedBy: String,
        submittedAt: Instant, dueAt: Instant, previousID: String? = nil
    ) {
        self.id = id
        self.handoff = handoff
        self.accountID = accountID
        self.status = status
        self.payload = payload
        self.problems = problems
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
        self.dueAt = dueAt
        self.previousID = previousID
    }

    /// Waiting past its due time, breached or not yet found.
    public func isOverdue(at now: Instant) -> Bool { status == .waiting && now > dueAt }
}

public struct HandoffProblem: Sendable, Hashable, Codable {
    /// The payload field (`success_criteria[0].target`), or `handoff`/`account` for what is not a field.
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
