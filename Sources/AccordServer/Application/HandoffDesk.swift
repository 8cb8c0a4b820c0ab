public import AccordCore
public import AccordStore
import Foundation

/// Submitting and deciding handoffs, the same from the API and the command line: the spec says
/// who may, the payload is checked field by field, and every change lands on the event log and in
/// the audit log with the handoff itself.
public struct HandoffDesk: Sendable {
    public let spec: Spec
    public let store: any Store
    public let now: @Sendable () -> Instant

    public init(spec: Spec, store: any Store, now: @escaping @Sendable () -> Instant) {
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
        if let waiting = history.first(where: { $0.handoff == id && $0.status == .waiting }) {
            throw Failure.conflict("\(id) for \(accountID) is already waiting for a decision (\(waiting.id)); decide it before submitting again")
        }
        if let previous {
            guard let earlier = history.first(where: { $0.id == previous }), earlier.handoff == id else {
                throw Failure.notFound("no \(id) handoff '\(previous)' for \(accountID) to resubmit")
            }
            guard earlier.status == .rejected || earlier.status == .autoRejected else {
                throw Failure.conflict("\(previous) is \(earlier.status.rawValue); only a rejected handoff is resubmitted")
            }
        }
        let facts = AccountFacts(contacts: detail.contacts, accepted: Set(history.filter { $0.status == .accepted }.map(\.handoff)))
        let problems = HandoffCheck.problems(definition, payload: payload, facts: facts)
        let at = now()
        let record = Handoff(
            id: "hnd_" + Secrets.random(12).lowercased(), handoff: id, accountID: accountID, status: problems.isEmpty ? .waiting : .autoRejected,
            payload: payload, problems: problems, submittedBy: actor, submittedAt: at,
            dueAt: Instant(milliseconds: at.milliseconds + Int64(definition.slaHours * 3_600_000)), previousID: previous)
        var events = [HandoffEvents.event(.submitted, record, definition: definition, at: at)]
        var notices = HandoffNotice.notices(.submitted, record, definition: definition, spec: spec)
        if !problems.isEmpty {
            events.append(HandoffEvents.event(.rejected, record, definition: definition, at: at))
            notices += HandoffNotice.notices(.rejected, record, definition: definition, spec: spec)
        }
        let audit = AuditEntry(
            at: at, actor: actor, origin: origin, action: problems.isEmpty ? "handoff.submitted" : "handoff.auto_rejected", target: "handoff:\(record.id)",
            after: ["handoff": .string(id), "account": .string(accountID), "status": .string(record.status.rawValue), "problems": .number(Double(problems.count))])
        try await store.saveHandoff(record, effects: HandoffEffects(events: events, notices: notices), audit: audit)
        return record
    }

    /// The receiver's decision: accept, or reject with a reason category and a comment.
    public func decide(_ id: String, accept: Bool, reason: Handoff.Reason?, comment: String?, actor: String, origin: String) async throws -> Handoff {
        guard let current = try await store.handoff(id: id) else { throw Failure.notFound("no handoff with id '\(id)'") }
        let definition = try? definition(current.handoff)
        guard current.status == .waiting else {
            throw Failure.conflict("\(id) is \(current.status.rawValue)\(current.decidedBy.map { " (decided by \($0))" } ?? ""); only a waiting handoff is decided")
        }
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !accept {
            guard reason != nil else {
                throw Failure.invalid("a rejection needs a reason: one of \(Handoff.Reason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let text, !text.isEmpty else { throw Failure.invalid("a rejection needs a comment saying what to fix") }
        }
        let at = now()
        let audit = AuditEntry(at: at, actor: actor, origin: origin, action: accept ? "handoff.accepted" : "handoff.rejected", target: "handoff:\(id)")
        let decided = try await store.decideHandoff(
            id: id, status: accept ? .accepted : .rejected, reason: accept ? nil : reason, comment: text.flatMap { $0.isEmpty ? nil : $0 }, at: at,
            effects: { [spec] decided in
                let change: HandoffEvents.Change = accept ? .accepted : .rejected
                return HandoffEffects(
                    events: [HandoffEvents.event(change, decided, definition: definition, at: at)],
                    notices: HandoffNotice.notices(change, decided, definition: definition, spec: spec))
            }, audit: audit)
        guard let decided else { throw Failure.notFound("no handoff with id '\(id)'") }
        return decided
    }

    /// What the background service does on each tick: raise every handoff past its SLA, once.
    public func raiseBreaches() async throws -> [Handoff] {
        let at = now()
        let definitions = Dictionary(spec.handoffs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try await store.markBreached(
            at: at,
            effects: { [spec] breached in
                HandoffEffects(
                    events: [HandoffEvents.event(.slaBreached, breached, definition: definitions[breached.handoff], at: at)],
                    notices: HandoffNotice.notices(.slaBreached, breached, definition: definitions[breached.handoff], spec: spec))
            },
            audit: AuditEntry(at: at, actor: "accord:sla", origin: "local", action: "handoff.sla_breached", target: ""))
    }
}
