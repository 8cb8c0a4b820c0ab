import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Source write keys for revops and IT: which exist, and rotating one (the new key is answered once).
struct SourcesController {
    let store: any IngestionStore
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/sources", .allowed(.manageSources), use: list)
        routes.post("/api/v1/sources/{id}/rotate", .allowed(.manageSources), use: rotate)
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        JSON.value(["sources": .array(try await store.sourceKeys().map(\.publicJSON))])
    }

    @Sendable func rotate(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let existing = try await store.sourceKeys().first(where: { $0.source == id }) else {
            throw APIError.notFound("source '\(id)' has no write key; create one with 'accord source add \(id) --system SYSTEM'")
        }
        let (rotated, key) = WriteKeys.rotate(existing, at: now())
        let principal = try context.requireIdentity()
        try await store.saveSourceKey(
            rotated,
            audit: AuditEntry(
                at: now(), actor: principal.auditName, origin: context.origin, action: "source.key_rotated", target: "source:\(id)",
                before: existing.publicJSON, after: rotated.publicJSON))
        guard case .object(var answer) = rotated.publicJSON else { preconditionFailure("source JSON is an object") }
        answer["write_key"] = .string(key)
        return JSON.value(.object(answer))
    }
}

extension SourceKey {
    /// What lists and the audit log show of a key: which one (its last characters), never the hash.
    public var publicJSON: JSONValue {
        [
            "source": .string(source), "system": .string(system), "key_ends_with": .string(hint), "created_at": .string(createdAt.iso),
            "rotated_at": rotatedAt.map { .string($0.iso) } ?? .null,
        ]
    }
}
