/// One change a taxonomy proposal makes: add, change, rename or retire an event, or add, change or
/// retire one of its properties. Changes apply in order, and only from the proposal's last signature.
public struct TaxonomyChange: Sendable, Hashable, Codable {
    public enum Operation: String, Sendable, Hashable, Codable, CaseIterable {
        case addEvent = "add_event"
        case changeEvent = "change_event"
        case renameEvent = "rename_event"
        case retireEvent = "retire_event"
        case addProperty = "add_property"
        case changeProperty = "change_property"
        case retireProperty = "retire_property"

        var namesProperty: Bool { [.addProperty, .changeProperty, .retireProperty].contains(self) }
    }

    public var operation: Operation
    public var event: String
    /// The new name of a renamed event; the old one stays accepted as an alias.
    public var to: String?
    public var description: String?
    /// The whole property set of an added or changed event.
    public var properties: [String: PropertySchema]?
    public var property: String?
    public var schema: PropertySchema?

    public init(
        _ operation: Operation, event: String, to: String? = nil, description: String? = nil, properties: [String: PropertySchema]? = nil,
        property: String? = nil, schema: PropertySchema? = nil
    ) {
        self.operation = operation
        self.event = event
        self.to = to
        self.description = description
        self.properties = properties
        self.property = property
        self.schema = schema
    }

    /// One line for the people deciding whether to sign.
    public var sentence: String {
        let property = self.property ?? "?"
        return switch operation {
        case .addEvent: "adds event \(event)\(propertyList)"
        case .changeEvent: "changes event \(event)\(propertyList)"
        case .renameEvent: "renames event \(event) to \(to ?? "?"); \(event) stays accepted as an alias"
        case .retireEvent: "retires event \(event); it is no longer on the plan"
        case .addProperty: "adds property \(property) (\(schema?.type.rawValue ?? "?")\(schema?.required == true ? ", required" : "")) to \(event)"
        case .changeProperty: "changes property \(property) of \(event) to \(schema?.type.rawValue ?? "?")\(schema?.required == true ? ", required" : "")"
        case .retireProperty: "retires property \(property) of \(event)"
        }
    }

    private var propertyList: String {
        guard let properties, !properties.isEmpty else { return " with no properties" }
        return " with " + properties.keys.sorted().joined(separator: ", ")
    }
}

/// Why a taxonomy change does not fit the taxonomy it is applied to.
public enum TaxonomyChangeFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case noChanges
    case eventExists(String)
    case noSuchEvent(String, known: [String])
    case propertyExists(event: String, property: String)
    case noSuchProperty(event: String, property: String)
    case missing(operation: TaxonomyChange.Operation, field: String)

    public var description: String {
        switch self {
        case .noChanges: "a taxonomy proposal needs at least one change"
        case .eventExists(let name): "event \(name) is already in the taxonomy; use change_event to change it"
        case .noSuchEvent(let name, let known):
            "event \(name) is not in the taxonomy; events are \(known.isEmpty ? "none" : known.joined(separator: ", "))"
        case .propertyExists(let event, let property): "\(event) already has property \(property); use change_property to change it"
        case .noSuchProperty(let event, let property): "\(event) has no property \(property)"
        case .missing(let operation, let field): "\(operation.rawValue) needs '\(field)'"
        }
    }
}

extension Taxonomy {
    /// The taxonomy with the changes applied, in order; the first change that does not fit stops it.
    public func applying(_ changes: [TaxonomyChange], retiredBy note: String = "") throws(TaxonomyChangeFailure) -> Taxonomy {
        guard !changes.isEmpty else { throw .noChanges }
        var result = self
        for change in changes { try result.apply(change, note: note) }
        return result
    }

    private mutating func apply(_ change: TaxonomyChange, note: String) throws(TaxonomyChangeFailure) {
        let name = change.event
        let index = events.firstIndex { $0.name == name }
        if change.operation == .addEvent {
            guard index == nil, !events.contains(where: { $0.aliases.contains(name) }) else { throw .eventExists(name) }
            events.append(EventDefinition(name: name, description: change.description ?? "", properties: change.properties ?? [:]))
            retired[name] = nil
            return
        }
        guard let index else { throw .noSuchEvent(name, known: events.map(\.name)) }
        func required<T>(_ value: T?, _ field: String) throws(TaxonomyChangeFailure) -> T {
            guard let value else { throw .missing(operation: change.operation, field: field) }
            return value
        }
        switch change.operation {
        case .addEvent: break
        case .changeEvent:
            if let description = change.description { events[index].description = description }
            if let properties = change.properties { events[index].properties = properties }
        case .renameEvent:
            let to = try required(change.to, "to")
            guard !events.contains(where: { $0.name == to || $0.aliases.contains(to) }) else { throw .eventExists(to) }
            events[index].aliases.append(name)
            events[index].name = to
        case .retireEvent:
            let event = events.remove(at: index)
            for retiredName in [event.name] + event.aliases { retired[retiredName] = note }
        case .addProperty, .changeProperty, .retireProperty:
            let property = try required(change.property, "property")
            let exists = events[index].properties[property] != nil
            if change.operation == .addProperty && exists { throw .propertyExists(event: name, property: property) }
            if change.operation != .addProperty && !exists { throw .noSuchProperty(event: name, property: property) }
            events[index].properties[property] = change.operation == .retireProperty ? nil : try required(change.schema, "schema")
        }
    }
}

extension SpecProposal {
    /// The taxonomy in effect: the spec's, with each approved taxonomy proposal applied in the order
    /// of approval. A proposal that no longer fits (the spec file changed under it) is left out and named.
    public static func taxonomyInEffect(_ spec: Taxonomy, proposals: [SpecProposal]) -> (taxonomy: Taxonomy, skipped: [String]) {
        var taxonomy = spec
        var skipped: [String] = []
        let approved = proposals.filter { $0.kind == .taxonomy && $0.status == .approved }
            .sorted { ($0.approvedAt ?? $0.proposedAt, $0.id) < ($1.approvedAt ?? $1.proposedAt, $1.id) }
        for proposal in approved {
            let note = "retired by proposal \(proposal.id), approved on \(proposal.approvedAt?.day.iso ?? "?")"
            do {
                taxonomy = try taxonomy.applying(proposal.taxonomyChanges, retiredBy: note)
            } catch {
                skipped.append("proposal \(proposal.id) (\(proposal.title)) no longer fits the spec: \(error)")
            }
        }
        return (taxonomy, skipped)
    }

    /// A taxonomy proposal's changes, read from its body.
    public var taxonomyChanges: [TaxonomyChange] {
        guard kind == .taxonomy, let changes = try? TaxonomyChange.decodeList(body) else { return [] }
        return changes
    }
}
