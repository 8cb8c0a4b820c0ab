import AccordApp
import AccordCore
import AccordStore
import Hummingbird
import HummingbirdAuth

/// Finds who is asking: an `Authorization: Bearer` API token, or the session cookie of a signed-in
/// person. A bad token is remembered and answered as a 401 by any route that needs credentials
/// (an integration should hear its token is wrong, not see empty data); open routes such as
/// /health ignore it. A stale cookie just leaves the request anonymous.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext
    static let sessionCookie = "accord_session"

    let store: any AccessStore & RecordStore
    let spec: Spec
    let now: @Sendable () -> Instant
    let tokenUse: TokenUseRecorder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            let secret = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            do {
                context.identity = try await principal(forToken: secret)
            } catch let error as APIError {
                context.credentialProblem = error.message
            }
        } else if let cookie = request.cookies[Self.sessionCookie]?.value, !cookie.isEmpty,
            let session = try await store.session(idHash: Secrets.hash(cookie), now: now()),
            let person = spec.person(session.personID)
        {
            context.identity = .person(person)
            context.session = session
        }
        if let principal = context.identity, let book = AccessPolicy(spec: spec).book(of: principal) {
            context.scope = ClientScope(book: book, accountIDs: try await store.accountIDs(in: book))
        }
        return try await next(request, context)
    }

    private func principal(forToken secret: String) async throws -> Principal {
        guard let token = try await store.token(hash: Tokens.hash(secret)) else {
            throw APIError.unauthorized("the API token is not valid; create one with 'accord token create --role ROLE'")
        }
        if token.revokedAt != nil {
            throw APIError.unauthorized("the API token \(token.id) was revoked; create a new one with 'accord token create'")
        }
        var function: String?
        if let personID = token.personID {
            guard let person = spec.person(personID) else {
                throw APIError.unauthorized("the API token \(token.id) acts for '\(personID)', who is no longer among the spec's people")
            }
            function = person.function
        }
        await tokenUse.used(token.id, at: now(), store: store)
        return Principal(kind: .token, id: token.id, name: token.label, role: token.role, function: function, personID: token.personID)
    }
}

/// Records a token's last use without a write per request: at most once a minute per token.
actor TokenUseRecorder {
    private var written: [String: Instant] = [:]

    func used(_ id: String, at now: Instant, store: any AccessStore) async {
        if let last = written[id], now.milliseconds - last.milliseconds < 60_000 { return }
        written[id] = now
        try? await store.touchToken(id: id, at: now)
    }
}
