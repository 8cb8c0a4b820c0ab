public import AccordCore
public import AccordStore
import Foundation

/// Submitting and deciding handoffs, the same from the API and the command line: the spec says
/// who may, the payload is checked field by field, and every change lands on the event log and in
/// the audit log with the handoff itself.
public struct HandoffDesk: Sendable {
    public let spec: Spec
    public let store: any HandoffStore & IdentityStore & RecordStore
    public let now: @Sendable () -> Instant

    public init(spec: Spec, store: any HandoffStore & IdentityStore & RecordStore, now: @escaping @Sendable () -> Instant) {
        self.spec = spec
        self.store = store
        self.now = now
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case unknownHandoff(String, known: [String])
        case notFound(String)
        case conflict(String)
        case invalid(String)

        public var description: String {
            switch self {
            case .unknownHandoff(let id, let known): "'\(id)' is not a handoff in the spec; its handoffs are \(known.joined(separator: ", "))"
            case .notFound(let message), .conflict(let message), .invalid(let message): message
            }
        }
    }

    var machine: HandoffStateMachine { HandoffStateMachine(spec: spec) }

    public func definition(_ id: String) throws(Failure) -> HandoffDefinition {
        guard let found = spec.handoffs.first(where: { $0.id == id }) else { throw .unknownHandoff(id, known: spec.handoffs.map(\.id)) }
        return found
    }

    /// Records the submission: waiting when complete, auto-rejected with its problems when not.
    public func submit(handoff id: String, account: String, payload: JSONValue, previous: String?, actor: String, origin: String) async throws -> Handoff {
        let definition = try definition(id)
        guard let accountID = try await store.currentAccountID(account), let detail = try await store.account(id: accountID) else {
            throw Failure.notFound("no account with id '\(account)'")
        }
        let history = try await store.handoffs(HandoffQuery(accountID: accountID))
        let at = now()
        let transition: HandoffStateMachine.Transition
        do {
            transition = try machine.submit(
                definition, id: "hnd_" + Secrets.random(12).lowercased(), account: accountID, payload: payload, previous: previous, history: history,
                contacts: detail.contacts, actor: actor, at: at)
        } catch { throw Failure(error) }
        let record = transition.handoff
        let audit = AuditEntry(
            at: at, actor: actor, origin: origin, action: transition.auditAction, target: "handoff:\(record.id)", after: transition.auditAfter)
        try await store.saveHandoff(record, effects: HandoffEffects(events: transition.events, notices: transition.notices), audit: audit)
        return record
    }

    /// The receiver's decision: accept, or reject with a reason category and a comment.
    public func decide(_ id: String, accept: Bool, reason: Handoff.Reason?, comment: String?, actor: String, origin: String) async throws -> Handoff {
        guard let current = try await store.handoff(id: id) else { throw Failure.notFound("no handoff with id '\(id)'") }
        let decision: HandoffStateMachine.Decision
        do { decision = try machine.decide(current, accept: accept, reason: reason, comment: comment) } catch { throw Failure(error) }
        let at = now()
        let audit = AuditEntry(at: at, actor: actor, origin: origin, action: decision.auditAction, target: "handoff:\(id)")
        let machine = self.machine
        let decided = try await store.decideHandoff(
            id: id, status: decision.status, reason: decision.reason, comment: decision.comment, at: at,
            effects: { decided in
                let (events, notices) = machine.effects(accept ? .accepted : .rejected, decided, at: at)
                return HandoffEffects(events: events, notices: notices)
            }, audit: audit)
        guard let decided else { throw Failure.notFound("no handoff with id '\(id)'") }
        return decided
    }

    /// What the background service does on each tick: raise every handoff past its SLA, once.
    public func raiseBreaches() async throws -> [Handoff] {
        let at = now()
        let machine = self.machine
        return try await store.markBreached(
            at: at,
            effects: { breached in
                let (events, notices) = machine.effects(.slaBreached, breached, at: at)
                return HandoffEffects(events: events, notices: notices)
            },
            audit: AuditEntry(at: at, actor: "accord:sla", origin: "local", action: "handoff.sla_breached", target: ""))
    }
}

extension HandoffDesk.Failure {
    /// The one mapping from a refused transition to the desk's kinds of failure (and so to a status).
    init(_ failure: HandoffStateMachine.Failure) {
        switch failure {
        case .alreadyWaiting, .previousNotRejected, .notWaiting: self = .conflict(failure.description)
        case .previousNotFound: self = .notFound(failure.description)
        case .rejectionNeedsReason, .rejectionNeedsComment: self = .invalid(failure.description)
        }
    }
}
