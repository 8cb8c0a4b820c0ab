import AccordCore
import AccordStore
import Foundation

/// Save cases end to end: reads what the record says about the client, runs each transition of
/// the lifecycle, and writes the case with its event, audit entry and MRR movements in one go.
public struct SaveDesk: Sendable {
    public let spec: Spec
    public let store: any Store

    public init(spec: Spec, store: any Store) {
        self.spec = spec
        self.store = store
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case noPolicy
        case unknownAccount(String)
        case unknownCase(String)

        public var description: String {
            switch self {
            case .noPolicy: "the spec has no concessions section: write the decision tree first (accord init writes an example)"
            case .unknownAccount(let id): "no account with id '\(id)'"
            case .unknownCase(let id): "no save case with id '\(id)'"
            }
        }
    }

    public var segments: [String] { spec.segments.map(\.id) }

    func policy() throws(Failure) -> ConcessionPolicy {
        guard let policy = spec.concessions else { throw .noPolicy }
        return policy
    }

    /// Segment, usage over the last four weeks with usage, and tenure, as the record has them on `day`.
    public func facts(_ detail: AccountDetail, on day: Day) -> SaveFacts {
        let weeks = detail.recentUsage.prefix(4)
        let seats = detail.account.licensedSeats
        let share: Double? =
            weeks.isEmpty || seats <= 0 ? nil : min(1, Double(weeks.map(\.activeSeats).reduce(0, +)) / Double(weeks.count) / Double(seats))
        let started = detail.subscription?.startedOn
        return SaveFacts(segment: detail.account.segment, activeShare: share, tenureDays: started.map { max(0, day.number - $0.number) })
    }

    /// Opens a case for `account`; a renewal case needs an active client, a prospect case a deal.
    public func open(account id: String, kind: SaveCase.Kind, by person: Person, origin: String, at: Instant) async throws -> SaveCase {
        _ = try policy()
        let resolved = try await store.currentAccountID(id) ?? id
        guard let detail = try await store.account(id: resolved) else { throw Failure.unknownAccount(id) }
        let day = at.day
        let active = detail.account.churnedOn == nil && detail.subscription?.status == .active
        let mrr = detail.subscription?.mrrCents ?? 0
        let owner = kind == .renewal ? detail.account.ownerCS : detail.account.ownerSales
        let ownerFunction = owner.flatMap { spec.person($0)?.function } ?? (kind == .renewal ? "cs" : "sales")
        let save = try SaveCaseMachine.open(
            id: "sav_" + String(StableHash.hex("\(resolved)\u{1F}\(kind.rawValue)\u{1F}\(at.milliseconds)\u{1F}\(UUID().uuidString)").prefix(12)),
            account: resolved, kind: kind, by: person, accountOwner: owner, ownerFunction: ownerFunction, active: active, mrrCents: mrr,
            facts: facts(detail, on: day), at: at, on: day)
        try await write(
            save, expecting: nil, event: "save_case_opened", ["kind": .string(kind.rawValue), "owner": .string(person.id)], by: person,
            action: "save_case.opened", origin: origin, at: at)
        return save
    }

    public func answer(
        _ id: String, _ question: ConcessionPolicy.Question, _ answer: String, by person: Person, origin: String, at: Instant
    ) async throws
        -> SaveCase
    {
        let (save, version) = try await load(id)
        return try await self.answer(save, version: version, question, answer, by: person, origin: origin, at: at)
    }

    /// The answer transition on a case read at `version`, written with its event and audit entry.
    func answer(
        _ save: SaveCase, version: Int, _ question: ConcessionPolicy.Question, _ answer: String, by person: Person, origin: String, at: Instant
    ) async throws -> SaveCase {
        let next = try SaveCaseMachine.answer(
            save, question, answer, by: person, ownerFunction: ownerFunction(save), policy: try policy(), segments: segments, at: at)
        try await write(
            next, expecting: version, event: "save_case_answered", ["question": .string(question.rawValue), "answer": .string(answer)], by: person,
            action: "save_case.answered", origin: origin, at: at)
        return next
    }

    public func request(
        _ id: String, offer: String, amount: Double, comment: String?, by person: Person, origin: String, at: Instant
    ) async throws
        -> SaveCase
    {
        let (save, version) = try await load(id)
        let policy = try policy()
        let next = try SaveCaseMachine.request(
            save, offer: offer, amount: amount, by: person, ownerFunction: ownerFunction(save), policy: policy, segments: segments, comment: comment, at: at)
        try await write(next, expecting: version, by: person, action: "save_case.requested", origin: origin, at: at, policy: policy)
        return next
    }

    public func decide(
        _ id: String, approve: Bool, amount: Double?, comment: String?, by person: Person, origin: String, at: Instant
    ) async throws
        -> SaveCase
    {
        let (save, version) = try await load(id)
        let policy = try policy()
        let next = try SaveCaseMachine.decide(save, approve: approve, amount: amount, by: person, policy: policy, comment: comment, at: at)
        try await write(
            next, expecting: version, by: person, action: approve ? "save_case.approved" : "save_case.declined", origin: origin, at: at, policy: policy)
        return next
    }

    public func close(_ id: String, note: String, by person: Person, origin: String, at: Instant) async throws -> SaveCase {
        let (save, version) = try await load(id)
        return try await close(save, version: version, note: note, by: person, origin: origin, at: at)
    }

    /// The close transition on a case read at `version`, written with its event and audit entry.
    func close(_ save: SaveCase, version: Int, note: String, by person: Person, origin: String, at: Instant) async throws -> SaveCase {
        let next = try SaveCaseMachine.close(save, by: person, ownerFunction: ownerFunction(save), note: note, at: at)
        try await write(
            next, expecting: version, event: "save_case_closed", ["status": .string("closed"), "note": .string(next.note ?? "")], by: person,
            action: "save_case.closed", origin: origin, at: at)
        return next
    }

    func load(_ id: String) async throws -> (SaveCase, Int) {
        guard let save = try await store.saveCase(id: id), let version = try await store.saveCaseVersion(id: id) else { throw Failure.unknownCase(id) }
        return (save, version)
    }

    func ownerFunction(_ save: SaveCase) -> String? { spec.person(save.owner)?.function }

    /// A request or decision: granted writes `concession_decided` and its movements; waiting writes
    /// `concession_requested`; declined writes `concession_decided` with nothing granted.
    func write(
        _ save: SaveCase, expecting version: Int, by person: Person, action: String, origin: String, at: Instant, policy: ConcessionPolicy,
        movements given: [MRRMovement]? = nil
    ) async throws {
        if save.status == .awaitingApproval, let request = save.request {
            try await write(
                save, expecting: version, event: "concession_requested",
                ["offer": .string(request.offer), "asked": .number(request.amount), "reason": .string(save.reason?.rawValue ?? "")], by: person,
                action: action, origin: origin, at: at)
            return
        }
        guard let decision = save.decisions.last else { return }
        var properties: [String: JSONValue] = [
            "offer": .string(decision.offer), "asked": .number(decision.asked),
            "decision": .string(decision.granted == nil ? "declined" : "granted"), "reason": .string(save.reason?.rawValue ?? ""),
        ]
        if let granted = decision.granted { properties["granted"] = .number(granted) }
        if let approver = decision.approver { properties["approver"] = .string(approver) }
        var movements = given ?? []
        if given == nil {
            let mrr = try await store.account(id: save.account)?.subscription?.mrrCents ?? 0
            movements = ConcessionEffect.movements(save, policy: policy, mrrCents: mrr, on: at.day)
        }
        try await write(
            save, expecting: version, event: "concession_decided", properties, by: person, action: action, origin: origin, at: at, movements: movements)
    }

    func write(
        _ save: SaveCase, expecting version: Int?, event name: String, _ properties: [String: JSONValue], by person: Person, action: String, origin: String,
        at: Instant, movements: [MRRMovement] = []
    ) async throws {
        var properties = properties
        properties["case_id"] = .string(save.id)
        let sequence = (save.answers.count + save.decisions.count) * 2 + (save.request == nil ? 0 : 1)
        let event = Event(
            messageID: "save:\(save.id):\(name):\(sequence):\(at.milliseconds)", name: name, accountID: save.account, source: "accord", timestamp: at,
            receivedAt: at, properties: .object(properties), planStatus: spec.event(name) == nil ? .unplanned : .planned)
        let audit = AuditEntry(
            at: at, actor: "person:\(person.id)", origin: origin, action: action, target: "save_case:\(save.id)",
            after: .object(properties.merging(["status": .string(save.status.rawValue)]) { _, new in new }))
        try await store.writeSaveCase(save, expecting: version, event: event, movements: movements, audit: audit)
    }
}
