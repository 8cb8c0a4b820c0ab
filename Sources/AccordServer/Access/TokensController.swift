import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// API tokens over the API (the CLI has `accord token`): list, create (the secret is in the
/// answer once), revoke.
struct TokensController {
    let store: any AccessStore
    let spec: Spec
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/tokens", .allowed(.manageTokens), use: list)
        routes.post("/api/v1/tokens", .allowed(.manageTokens), use: create)
        routes.delete("/api/v1/tokens/{id}", .allowed(.manageTokens), use: revoke)
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        JSON.value(["tokens": .array(try await store.tokens().map(\.publicJSON))])
    }

    @Sendable func create(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["role", "person", "label"])
        let roleName = try body.text("role", required: true)!
        guard let role = Person.Role(rawValue: roleName) else {
            throw APIError.badBody("role '\(roleName)' is not one of \(Person.Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var personID: String?
        if let person = try body.text("person") {
            guard let found = spec.person(person) ?? spec.person(email: person) else {
                throw APIError.badBody("person '\(person)' is not among the spec's people (give an id or an email)")
            }
            personID = found.id
        }
        let label = try body.text("label") ?? (personID ?? "integration")
        let principal = try context.requireIdentity()
        let created = Tokens.make(role: role, personID: personID, label: label, createdBy: principal.auditName, at: now())
        try await store.saveToken(
            created.token,
            audit: AuditEntry(
                at: now(), actor: principal.auditName, origin: context.origin, action: "token.created", target: "token:\(created.token.id)",
                after: created.token.publicJSON))
        guard case .object(var answer) = created.token.publicJSON else { preconditionFailure("token JSON is an object") }
        answer["token"] = .string(created.secret)
        return JSON.value(.object(answer), status: .created)
    }

    @Sendable func revoke(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        let audit = AuditEntry(at: now(), actor: principal.auditName, origin: context.origin, action: "token.revoked", target: "token:\(id)")
        guard let token = try await store.revokeToken(id: id, at: now(), audit: audit) else {
            throw APIError.notFound("no token with id '\(id)'")
        }
        return JSON.value(token.publicJSON)
    }
}
