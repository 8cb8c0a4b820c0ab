/// A handoff's lifecycle: submitted (waiting, or auto-rejected with its problems), then accepted
/// or rejected by the receiver, a rejected one resubmitted as a new handoff, a waiting one
/// breached once its SLA passes. Each transition returns everything that must be written with it
/// (the record, its events, its notices, what the audit log says) or a typed failure; the store
/// only persists what a transition returned, and the server maps each failure to its status.
public struct HandoffStateMachine: Sendable {
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The same transition for the account already waits for a decision.
        case alreadyWaiting(handoff: String, account: String, waiting: String)
        /// `previous` names no handoff of this kind for the account.
        case previousNotFound(handoff: String, account: String, previous: String)
        /// Only a rejected handoff is resubmitted.
        case previousNotRejected(previous: String, status: Handoff.Status)
        /// Only a waiting handoff is decided.
        case notWaiting(id: String, status: Handoff.Status, decidedBy: String?)
        case rejectionNeedsReason
        case rejectionNeedsComment

        public var description: String {
            switch self {
            case .alreadyWaiting(let handoff, let account, let waiting):
                "\(handoff) for \(account) is already waiting for a decision (\(waiting)); decide it before submitting again"
            case .previousNotFound(let handoff, let account, let previous): "no \(handoff) handoff '\(previous)' for \(account) to resubmit"
            case .previousNotRejected(let previous, let status): "\(previous) is \(status.rawValue); only a rejected handoff is resubmitted"
            case .notWaiting(let id, let status, let decidedBy):
                "\(id) is \(status.rawValue)\(decidedBy.map { " (decided by \($0))" } ?? ""); only a waiting handoff is decided"
            case .rejectionNeedsReason: "a rejection needs a reason: one of \(Handoff.Reason.allCases.map(\.rawValue).joined(separator: ", "))"
            case .rejectionNeedsComment: "a rejection needs a comment saying what to fix"
            }
        }
    }

    /// What one transition writes, in one transaction.
    public struct Transition: Sendable {
        public var handoff: Handoff
        public var events: [Event]
        public var notices: [Notice]
        /// The audit log's action and what it records after the change.
        public var auditAction: String
        public var auditAfter: JSONValue?
    }

    /// A receiver's decision, settled before the store re-reads the handoff inside its transaction.
    public struct Decision: Sendable, Hashable {
        public var status: Handoff.Status
        public var reason: Handoff.Reason?
        public var comment: String?
        public var auditAction: String

        public init(status: Handoff.Status, reason: Handoff.Reason?, comment: String?, auditAction: String) {
            self.status = status
            self.reason = reason
            self.comment = comment
            self.auditAction = auditAction
        }
    }

    public let spec: Spec

    public init(spec: Spec) { self.spec = spec }

    /// A submission: waiting when the payload is complete, auto-rejected with its problems when not.
    /// `history` is the account's handoffs so far; `id` the new handoff's id.
    public func submit(
        _ definition: HandoffDefinition, id: String, account: String, payload: JSONValue, previous: String?, history: [Handoff], contacts: [Contact],
        actor: String, at: Instant
    ) throws(Failure) -> Transition {
        if let waiting = history.first(where: { $0.handoff == definition.id && $0.status == .waiting }) {
            throw .alreadyWaiting(handoff: definition.id, account: account, waiting: waiting.id)
        }
        if let previous {
            guard let earlier = history.first(where: { $0.id == previous }), earlier.handoff == definition.id else {
                throw .previousNotFound(handoff: definition.id, account: account, previous: previous)
            }
            guard earlier.status == .rejected || earlier.status == .autoRejected else { throw .previousNotRejected(previous: previous, status: earlier.status) }
        }
        let facts = AccountFacts(contacts: contacts, accepted: Set(history.filter { $0.status == .accepted }.map(\.handoff)))
        let problems = HandoffCheck.problems(definition, payload: payload, facts: facts)
        let record = Handoff(
            id: id, handoff: definition.id, accountID: account, status: problems.isEmpty ? .waiting : .autoRejected, payload: payload, problems: problems,
            submittedBy: actor, submittedAt: at, dueAt: Instant(milliseconds: at.milliseconds + Int64(definition.slaHours * 3_600_000)), previousID: previous)
        var events = [HandoffEvents.event(.submitted, record, definition: definition, at: at)]
        var notices = Notice.notices(.submitted, record, definition: definition, spec: spec)
        if !problems.isEmpty {
            events.append(HandoffEvents.event(.rejected, record, definition: definition, at: at))
            notices += Notice.notices(.rejected, record, definition: definition, spec: spec)
        }
        return Transition(
            handoff: record, events: events, notices: notices, auditAction: problems.isEmpty ? "handoff.submitted" : "handoff.auto_rejected",
            auditAfter: [
                "handoff": .string(definition.id), "account": .string(account), "status": .string(record.status.rawValue),
                "problems": .number(Double(problems.count)),
            ])
    }

    /// The receiver's decision on `current`: accept, or reject with a reason and a comment.
    public func decide(_ current: Handoff, accept: Bool, reason: Handoff.Reason?, comment: String?) throws(Failure) -> Decision {
        guard current.status == .waiting else { throw .notWaiting(id: current.id, status: current.status, decidedBy: current.decidedBy) }
        let text = comment?.trimmedWhitespace
        if !accept {
            guard reason != nil else { throw .rejectionNeedsReason }
            guard let text, !text.isEmpty else { throw .rejectionNeedsComment }
        }
        return Decision(
            status: accept ? .accepted : .rejected, reason: accept ? nil : reason, comment: text.flatMap { $0.isEmpty ? nil : $0 },
            auditAction: accept ? "handoff.accepted" : "handoff.rejected")
    }

    /// The decided record, re-read inside the store's transaction: nil when it is no longer
    /// waiting (someone decided first), so the store writes nothing and answers it unchanged.
    public static func apply(_ decision: Decision, to current: Handoff, by actor: String, at: Instant) -> Handoff? {
        guard current.status == .waiting else { return nil }
        var decided = current
        decided.status = decision.status
        decided.reason = decision.reason
        decided.comment = decision.comment
        decided.decidedBy = actor
        decided.decidedAt = at
        return decided
    }

    /// A waiting handoff past its due time, breached once: the record to write, or nil when it is
    /// decided, not yet due, or already breached.
    public static func breach(_ current: Handoff, at now: Instant) -> Handoff? {
        guard current.status == .waiting, current.dueAt < now, current.breachedAt == nil else { return nil }
        var breached = current
        breached.breachedAt = now
        return breached
    }

    /// What a decided (or breached) handoff writes beside itself.
    public func effects(_ change: HandoffEvents.Change, _ handoff: Handoff, at: Instant) -> (events: [Event], notices: [Notice]) {
        let definition = spec.handoffs.first { $0.id == handoff.handoff }
        return (
            [HandoffEvents.event(change, handoff, definition: definition, at: at)], Notice.notices(change, handoff, definition: definition, spec: spec)
        )
    }
}
