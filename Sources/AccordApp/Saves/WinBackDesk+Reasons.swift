import AccordCore
import AccordStore
import Foundation

/// Why a client left, recorded by a person: the latest churn of the account gets a
/// `client_churned` of Accord's own, audited, after whatever reason a system gave for it.
extension WinBackDesk {
    public struct RecordedReason: Sendable, Hashable, Codable {
        public var account: String
        public var churnedOn: Day
        public var reason: ChurnReason
        public var replaced: ChurnReason?
        public var eventID: String
    }

    public func recordReason(
        account id: String, reason: ChurnReason, note: String?, by person: Person, origin: String, at: Instant
    ) async throws -> RecordedReason {
        guard let detail = try await store.account(id: id) else { throw Failure.unknownAccount(id) }
        let churn = detail.movements.filter { $0.kind == .churn }.max { $0.occurredOn < $1.occurredOn }
        var near: [Event] = []
        if let churn {
            let slack = Self.reasonSlackDays
            near = try await store.events(
                EventQuery(
                    accountID: id, name: ChurnReason.eventName, from: Instant(day: churn.occurredOn.adding(days: -slack)),
                    to: Instant(day: churn.occurredOn.adding(days: slack + 1)), limit: 1_000)
            ).events.map(\.event)
        }
        let latest = near.max { $0.timestamp < $1.timestamp }
        let event = try ChurnReasonEntry.event(
            id: String(StableHash.hex("\(id)\u{1F}\(at.milliseconds)\u{1F}\(UUID().uuidString)").prefix(16)), account: id, name: detail.account.name,
            churnedOn: churn?.occurredOn, mrrLostCents: churn?.amountCents ?? 0, reason: reason, note: note,
            latestNear: latest?.timestamp, planned: spec.event(ChurnReason.eventName) != nil, by: person, at: at)
        let replaced = latest.flatMap { event -> ChurnReason? in
            guard case .object(let properties) = event.properties, case .string(let text)? = properties["reason"] else { return nil }
            return ChurnReason(rawValue: text)
        }
        var after: [String: JSONValue] = ["reason": .string(reason.rawValue), "churned_on": .string(churn?.occurredOn.iso ?? "")]
        if case .object(let properties) = event.properties, let note = properties["note"] { after["note"] = note }
        let audit = AuditEntry(
            at: at, actor: "person:\(person.id)", origin: origin, action: "churn_reason.recorded", target: "account:\(id)",
            before: replaced.map { .object(["reason": .string($0.rawValue)]) }, after: .object(after))
        try await store.recordChurnReason(event, audit: audit)
        return RecordedReason(account: id, churnedOn: churn?.occurredOn ?? at.day, reason: reason, replaced: replaced, eventID: event.messageID)
    }
}
