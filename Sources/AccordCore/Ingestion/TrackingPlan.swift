/// The taxonomy as a tracking plan: every track event is checked against it on arrival and
/// accepted, accepted with a flag, or quarantined, as the spec's policy says.
public struct TrackingPlan: Sendable {
    public let taxonomy: Taxonomy
    private let events: [String: EventDefinition]

    public init(_ taxonomy: Taxonomy) {
        self.taxonomy = taxonomy
        // An alias finds the renamed event, so its arrivals are checked and stored under the new name.
        events = Dictionary(
            taxonomy.events.flatMap { event in ([event.name] + event.aliases).map { ($0, event) } }, uniquingKeysWith: { first, _ in first })
    }

    public func classify(_ message: ParsedMessage) -> IngestItem {
        // One copy of the event, changed in place; the message keeps the original for a quarantine.
        var checked = message.event
        guard checked.type == .track else { return .accept(checked) }
        let name = message.event.name
        guard let definition = events[name] else {
            let reason = taxonomy.retired[name].map { "event '\(name)' was \($0)" } ?? "event '\(name)' is not in the taxonomy"
            if taxonomy.unplanned == .allow {
                checked.planStatus = .unplanned
                checked.violations += [reason]
                return .accept(checked)
            }
            return .quarantine(
                failed(
                    message.event, kind: .unplanned, reasons: [reason + "; add it to taxonomy.events or set taxonomy.unplanned: allow"],
                    payload: message.payload))
        }
        checked.name = definition.name
        let problems = PropertyValidator.validate(message.event.properties, against: definition.properties, path: "properties")
        if problems.isEmpty {
            checked.planStatus = .planned
            return .accept(checked)
        }
        if taxonomy.violations == .flag {
            checked.planStatus = .invalid
            checked.violations += problems
            return .accept(checked)
        }
        return .quarantine(failed(message.event, kind: .invalid, reasons: problems, payload: message.payload))
    }

    private func failed(_ event: Event, kind: FailedEvent.Kind, reasons: [String], payload: JSONValue) -> FailedEvent {
        FailedEvent(
            messageID: event.messageID, source: event.source, type: event.type, name: event.name, kind: kind, reasons: reasons, payload: payload,
            receivedAt: event.receivedAt)
    }
}
