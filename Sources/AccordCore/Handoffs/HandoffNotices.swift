/// Who hears about a handoff change: the receiving owner on submission, the sender on
/// rejection, both on an SLA breach.
extension Notice {
    public static func notices(_ change: HandoffEvents.Change, _ handoff: Handoff, definition: HandoffDefinition?, spec: Spec) -> [Notice] {
        guard let definition else { return [] }
        let sender = handoff.submittedBy.hasPrefix("person:") ? String(handoff.submittedBy.dropFirst(7)) : definition.from.owner
        let receiver = definition.to.owner
        let people: [String]
        let text: String
        switch change {
        case .submitted where handoff.status == .waiting:
            people = [receiver]
            text = "\(definition.name) for \(handoff.accountID) is waiting for you (due \(handoff.dueAt.iso)): handoff \(handoff.id)"
        case .rejected:
            people = [sender]
            let why =
                handoff.status == .autoRejected
                ? "incomplete: " + handoff.problems.prefix(3).map { "\($0.field) \($0.message)" }.joined(separator: "; ")
                : "\(handoff.reason?.rawValue.replacingOccurrences(of: "_", with: " ") ?? "rejected"): \(handoff.comment ?? "")"
            text = "\(definition.name) for \(handoff.accountID) was rejected, \(why) (handoff \(handoff.id))"
        case .slaBreached:
            people = [receiver, sender].reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            text =
                "\(definition.name) for \(handoff.accountID) passed its \(Format.oneDecimal(definition.slaHours)) h SLA without a decision (handoff \(handoff.id))"
        default:
            return []
        }
        let functions = people.compactMap { spec.person($0)?.function }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var body: [String: JSONValue] = [
            "type": .string("handoff.\(change == .submitted ? "submitted" : change.rawValue)"), "handoff_id": .string(handoff.id),
            "handoff": .string(handoff.handoff), "account": .string(handoff.accountID), "status": .string(handoff.status.rawValue),
            "due_at": .string(handoff.dueAt.iso), "recipients": .array(people.map(JSONValue.string)), "text": .string(text),
        ]
        if let reason = handoff.reason { body["reason"] = .string(reason.rawValue) }
        if let comment = handoff.comment { body["comment"] = .string(comment) }
        if !handoff.problems.isEmpty {
            body["problems"] = .array(handoff.problems.map { ["field": .string($0.field), "message": .string($0.message)] })
        }
        return [Notice(kind: "handoff.\(change.rawValue)", people: people, functions: functions, body: .object(body), text: text)]
    }
}
