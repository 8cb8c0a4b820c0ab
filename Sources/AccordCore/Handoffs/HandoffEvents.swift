/// Every handoff state change as an event on the log, in the taxonomy's names: the dashboard and
/// the triage report read the same log as everything else.
public enum HandoffEvents {
    public enum Change: String, Sendable, CaseIterable {
        case submitted, accepted, rejected
        case slaBreached = "sla_breached"
    }

    public static func event(_ change: Change, _ handoff: Handoff, definition: HandoffDefinition?, at: Instant) -> Event {
        var properties: [String: JSONValue] = [
            "handoff": .string(handoff.handoff), "handoff_id": .string(handoff.id), "status": .string(handoff.status.rawValue),
        ]
        if let definition {
            properties["from_function"] = .string(definition.from.function)
            properties["to_function"] = .string(definition.to.function)
        }
        if let reason = handoff.reason { properties["reason"] = .string(reason.rawValue) }
        if !handoff.problems.isEmpty { properties["problems"] = .number(Double(handoff.problems.count)) }
        if change == .slaBreached { properties["due_at"] = .string(handoff.dueAt.iso) }
        return Event(
            messageID: "handoff:\(handoff.id):\(change.rawValue)", name: "handoff_\(change.rawValue)", accountID: handoff.accountID,
            source: "accord", timestamp: at, receivedAt: at, properties: .object(properties), planStatus: .planned)
    }
}
