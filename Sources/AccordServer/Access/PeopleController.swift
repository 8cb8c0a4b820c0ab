import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Who is who: the spec's people, whether they can sign in, who am I; passwords set by an admin.
struct PeopleController {
    let store: any AccessStore
    let spec: Spec
    let policy: AccessPolicy
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/me", .allowed(.readClientData), use: me)
        routes.get("/api/v1/people", .allowed(.readClientData), use: people)
        routes.put("/api/v1/people/{id}/password", .allowed(.managePeople), use: setPassword)
    }

    @Sendable func me(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let principal = try context.requireIdentity()
        let actions: [(String, Action)] = [
            ("read_client_data", .readClientData), ("read_audit", .readAudit), ("manage_spec", .manageSpec),
            ("manage_sources", .manageSources), ("manage_people", .managePeople), ("manage_tokens", .manageTokens),
        ]
        var may = Dictionary(uniqueKeysWithValues: actions.map { ($0.0, JSONValue.bool(policy.allows(principal, $0.1))) })
        may["submit_handoffs"] = .array(spec.handoffs.filter { policy.allows(principal, .submitHandoff($0.id)) }.map { .string($0.id) })
        may["decide_handoffs"] = .array(spec.handoffs.filter { policy.allows(principal, .decideHandoff($0.id)) }.map { .string($0.id) })
        let book = policy.book(of: principal)
        return JSON.value([
            "kind": .string(principal.kind.rawValue), "id": .string(principal.id), "name": .string(principal.name),
            "role": .string(principal.role.rawValue), "function": principal.function.map(JSONValue.string) ?? .null,
            "person": principal.personID.map(JSONValue.string) ?? .null, "may": .object(may),
            "book": book.map { ["owner": .string($0.owner.rawValue), "person": .string($0.personID)] } ?? .null,
        ])
    }

    @Sendable func people(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let withPasswords = try await store.peopleWithPasswords()
        return JSON.value([
            "people": .array(
                spec.people.map { person in
                    [
                        "id": .string(person.id), "name": .string(person.name), "email": .string(person.email),
                        "function": .string(person.function), "role": .string(person.role.rawValue), "can_sign_in": .bool(withPasswords.contains(person.id)),
                    ]
                })
        ])
    }

    @Sendable func setPassword(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let person = spec.person(id) else { throw APIError.notFound("no person with id '\(id)' in the spec") }
        let body = try await JSON.object(request)
        try body.allowOnly(["password"])
        let password = try body.text("password", required: true)!
        if let problem = Passwords.problem(with: password) { throw APIError.badBody(problem) }
        let principal = try context.requireIdentity()
        let had = try await store.passwordHash(personID: person.id) != nil
        try await store.setPassword(
            personID: person.id, hash: Passwords.hash(password),
            audit: Passwords.auditEntry(person: person, actor: principal.auditName, origin: context.origin, at: now(), hadPassword: had))
        return Response(status: .noContent)
    }
}
