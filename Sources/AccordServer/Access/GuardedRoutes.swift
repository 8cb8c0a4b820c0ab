import AccordApp
public import AccordCore
import AccordStore
import Hummingbird
import Synchronization

/// What a route asks of its caller.
public enum Requirement: Sendable, Hashable {
    /// Anyone: health, the OpenAPI document, sign-in.
    case open
    /// A source's write key, checked by the ingestion controller itself.
    case writeKey
    /// A signed-in person or a token allowed to do this.
    case allowed(Action)
    /// Any signed-in person or token; the handler decides with the policy once it knows what is
    /// asked (which handoff is submitted or decided).
    case signedIn
}

/// One route as registered: the OpenAPI test and the permission-matrix test read this list.
public struct RouteInfo: Sendable, Hashable {
    public var method: String
    /// OpenAPI-style template: `/api/v1/accounts/{id}`.
    public var path: String
    public var requirement: Requirement
    public var isPage: Bool
}

public final class RouteRegistry: Sendable {
    /// Each route with its template split into segments once, since every request is matched against them.
    private let storage = Mutex<[(route: RouteInfo, segments: [Substring])]>([])
    public init() {}
    public var routes: [RouteInfo] { storage.withLock { $0.map(\.route) } }
    func add(_ route: RouteInfo) { storage.withLock { $0.append((route, route.path.split(separator: "/", omittingEmptySubsequences: false))) } }

    /// The methods registered for a concrete path (`/api/v1/accounts/acc_1` matches `/api/v1/accounts/{id}`),
    /// HEAD beside every GET, as an `Allow` header lists them.
    public func methods(at path: String) -> [String] {
        // The router reads `/a/` as `/a`.
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        var methods = Set<String>()
        storage.withLock { entries in
            for (route, template) in entries where template.count == segments.count {
                if zip(template, segments).allSatisfy({ $0 == $1 || ($0.hasPrefix("{") && $0.hasSuffix("}") && !$1.isEmpty) }) {
                    methods.insert(route.method)
                    if route.method == "GET" { methods.insert("HEAD") }
                }
            }
        }
        return ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].filter(methods.contains)
    }

    func hasRoute(_ method: HTTPRequest.Method, _ path: String) -> Bool { methods(at: path).contains(method.rawValue) }
}

/// Registers routes with their requirement, and checks it before the handler runs: 401 without
/// credentials, 403 with credentials that may not do this. Pages answer a sign-in redirect and an
/// HTML page instead of JSON.
struct GuardedRoutes {
    typealias Handler = @Sendable (Request, AccordRequestContext) async throws -> Response

    /// The group routes are added to, with the middleware every route of that group passes.
    let group: RouterGroup<AccordRequestContext>
    let registry: RouteRegistry
    let policy: AccessPolicy

    func get(_ path: String, _ requirement: Requirement, page: Bool = false, use handler: @escaping Handler) {
        add(.get, path, requirement, page: page, handler)
    }

    func post(_ path: String, _ requirement: Requirement, page: Bool = false, use handler: @escaping Handler) {
        add(.post, path, requirement, page: page, handler)
    }

    func put(_ path: String, _ requirement: Requirement, use handler: @escaping Handler) { add(.put, path, requirement, page: false, handler) }
    func delete(_ path: String, _ requirement: Requirement, use handler: @escaping Handler) { add(.delete, path, requirement, page: false, handler) }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ requirement: Requirement, page: Bool, _ handler: @escaping Handler) {
        registry.add(RouteInfo(method: method.rawValue, path: path, requirement: requirement, isPage: page))
        let policy = self.policy
        group.on(RouterPath(path), method: method) { request, context -> Response in
            if requirement == .signedIn || { if case .allowed = requirement { true } else { false } }() {
                guard let principal = context.identity else {
                    if let problem = context.credentialProblem { throw APIError.unauthorized(problem) }
                    if page { return Pages.signInRedirect(for: request) }
                    throw APIError.unauthorized("sign in, or send an API token as 'Authorization: Bearer TOKEN'")
                }
                guard case .allowed(let action) = requirement else { return try await handler(request, context) }
                guard policy.allows(principal, action) else {
                    if page { return Pages.forbidden(principal) }
                    throw APIError.forbidden("\(principal.role.rawValue) may not \(action.sentence)")
                }
            }
            return try await handler(request, context)
        }
    }
}

extension Action {
    /// For 403 answers: "revops may not manage tokens".
    var sentence: String {
        switch self {
        case .readClientData: "read client data"
        case .readAudit: "read the audit log"
        case .manageSpec: "change the spec"
        case .manageSources: "manage sources"
        case .managePeople: "manage people"
        case .manageTokens: "manage API tokens"
        case .writeTriageNotes: "write triage notes"
        case .submitHandoff(let id): "submit the \(id) handoff"
        case .decideHandoff(let id): "accept or reject the \(id) handoff"
        case .signOutcomeModel(let function): "sign the outcome model for \(function)"
        case .signSpecProposal(let function): "sign a taxonomy or dashboard proposal for \(function) (its leader, or the IT partner for IT)"
        case .workTasks: "work on plays' tasks (a person other than a viewer)"
        case .runPlays: "run plays or turn them live (RevOps or the CS leader)"
        case .recordMeeting: "record a ritual meeting (leaders, RevOps and the IT partner)"
        }
    }
}
