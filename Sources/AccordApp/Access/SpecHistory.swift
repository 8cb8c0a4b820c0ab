public import AccordCore
public import AccordStore
import Foundation

/// Spec changes reach Accord as a new `accord.yaml`; at start the server compares the spec with
/// the one it last ran and writes the difference, section by section, to the audit log.
public enum SpecHistory {
    static let metaKey = "spec.current"

    /// Records a change (returns the changed top-level sections; empty when nothing changed).
    @discardableResult
    public static func record(_ spec: Spec, origin: String, store: any RecordStore & AccessStore, at: Instant, actor: String) async throws -> [String] {
        let data = try APIJSON.encoder.encode(spec)
        guard case .object(let current) = try JSONParser.parse(data) else { return [] }
        let previousText = try await store.meta(metaKey)
        var previous: [String: JSONValue] = [:]
        if let previousText, case .object(let object)? = try? JSONParser.parse(previousText) { previous = object }
        let sections = Set(current.keys).union(previous.keys).sorted().filter { current[$0] != previous[$0] }
        guard !sections.isEmpty else { return [] }
        let before = JSONValue.object(Dictionary(uniqueKeysWithValues: sections.map { ($0, previous[$0] ?? .null) }))
        let after = JSONValue.object(Dictionary(uniqueKeysWithValues: sections.map { ($0, current[$0] ?? .null) }))
        try await store.appendAudit(
            AuditEntry(
                at: at, actor: actor, origin: "local", action: previousText == nil ? "spec.loaded" : "spec.changed", target: "spec:\(origin)",
                before: previousText == nil ? nil : before, after: after))
        try await store.setMeta(metaKey, JSONValue.object(current).canonicalText)
        return sections
    }
}
