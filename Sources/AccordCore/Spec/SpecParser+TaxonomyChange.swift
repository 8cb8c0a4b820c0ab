import Foundation
import Yams

extension SpecParser {
    /// A taxonomy proposal as its author writes it (JSON or YAML):
    /// `{title: ..., changes: [{op: add_event, event: ..., description: ..., properties: {...}}, ...]}`.
    /// Property schemas are written as in the spec's taxonomy. Every problem is reported at once.
    public static func readTaxonomyChanges(_ text: String) -> (changes: [TaxonomyChange], diagnostics: [Diagnostic]) {
        let log = ParseLog()
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            return ([], [syntaxDiagnostic(error)])
        }
        guard let node, let top = MapReader(node, path: "", log: log, what: "the proposal") else {
            if log.diagnostics.isEmpty { log.error(SourceLocation(line: 1, column: 1), "the proposal is empty; give it 'changes'") }
            return ([], log.diagnostics)
        }
        top.allowOnly(["kind", "title", "changes"])
        let changes = top.items("changes", required: true) { item -> TaxonomyChange? in
            item.allowOnly(["op", "event", "to", "description", "properties", "property", "schema"])
            guard let operation = item.choice("op", TaxonomyChange.Operation.self, required: true),
                let event = item.string("event", required: true)
            else { return nil }
            var change = TaxonomyChange(operation, event: event, to: item.string("to"), description: item.string("description"))
            if item.has("properties") { change.properties = parseProperties(item, key: "properties") }
            change.property = item.string("property")
            if let schema = item.map("schema") { change.schema = parseSchema(schema) }
            let needs: [String] =
                switch operation {
                case .renameEvent: ["to"]
                case .addProperty, .changeProperty: ["property", "schema"]
                case .retireProperty: ["property"]
                case .addEvent, .changeEvent, .retireEvent: []
                }
            for key in needs where !item.has(key) {
                log.error(item.location, "\(item.path) (\(operation.rawValue)) is missing required key '\(key)'")
            }
            return needs.allSatisfy(item.has) ? change : nil
        }
        if top.has("changes") && changes.isEmpty && !log.diagnostics.hasErrors {
            log.error(top.locationOf("changes"), "a taxonomy proposal needs at least one change")
        }
        return (changes, log.diagnostics.ordered)
    }
}

extension TaxonomyChange {
    /// The canonical body a taxonomy proposal stores: what is signed is exactly what is applied.
    public static func encodeList(_ changes: [TaxonomyChange]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(changes)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    public static func decodeList(_ body: String) throws -> [TaxonomyChange] {
        try JSONDecoder().decode([TaxonomyChange].self, from: Data(body.utf8))
    }
}
