import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Handoffs over HTTP: submit, decide, one with its chain, lists and inboxes.
struct HandoffsController {
    let desk: HandoffDesk
    let policy: AccessPolicy

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/handoffs", .allowed(.readClientData), use: list)
        routes.get("/api/v1/handoffs/inbox", .signedIn, use: inbox)
        routes.get("/api/v1/handoffs/draft", .allowed(.readClientData), use: draft)
        routes.get("/api/v1/handoffs/{id}", .allowed(.readClientData), use: one)
        routes.post("/api/v1/handoffs", .signedIn, use: submit)
        routes.post("/api/v1/handoffs/{id}/decision", .signedIn, use: decide)
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var query = HandoffQuery(accountID: parameters.text("account"))
        if let kind = parameters.text("handoff") { query.handoffs = [try definition(kind).id] }
        if let text = parameters.text("status") {
            guard let status = Handoff.Status(rawValue: text) else {
                throw APIError.badParameter("status", "'\(text)' is not one of \(Handoff.Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.statuses = [status]
        }
        query.limit = try parameters.limit(default: 100, maximum: 500)
        struct Body: Encodable { var handoffs: [Handoff] }
        if let account = query.accountID, !context.scope.admits(account) { throw APIError.forbidden("account '\(account)' is not in your book") }
        let handoffs = context.scope.filter(try await desk.store.handoffs(query), account: { $0.accountID })
        return try JSON.response(Body(handoffs: handoffs))
    }

    @Sendable func inbox(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let principal = try context.requireIdentity()
        let parameters = request.uri.queryParameters
        let function = parameters.text("function") ?? (parameters.text("person") == nil ? principal.function : nil)
        let person = parameters.text("person")
        guard function != nil || person != nil else {
            throw APIError.badParameter("function", "say whose inbox: ?function=cs or ?person=grace.kim (this credential acts for no function)")
        }
        let kinds = desk.spec.handoffs.filter { definition in
            (function.map { definition.to.function == $0 } ?? true) && (person.map { definition.to.owner == $0 } ?? true)
        }
        return try JSON.response(try await inbox(Set(kinds.map(\.id)), function: function, person: person, scope: context.scope))
    }

    /// `?account=&handoff=`: the payload to start from, with what the client record knows filled in.
    @Sendable func draft(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        guard let account = parameters.text("account") else { throw APIError.badParameter("account", "say which client: ?account=acc_…") }
        guard let kind = parameters.text("handoff") else {
            throw APIError.badParameter("handoff", "say which handoff: ?handoff=\(desk.spec.handoffs.map(\.id).joined(separator: "|"))")
        }
        let id = try definition(kind).id
        if !context.scope.admits(try await desk.store.currentAccountID(account) ?? account) {
            throw APIError.forbidden("account '\(account)' is not in your book")
        }
        do { return try JSON.response(try await desk.draft(handoff: id, account: account)) } catch HandoffDesk.Failure.notFound(let message) {
            throw APIError.notFound(message)
        }
    }

    @Sendable func one(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let handoff = try await visibleHandoff(id, context)
        // The chain: what this one resubmits, back to the first submission.
        var chain: [Handoff] = []
        var previous = handoff.previousID
        while let earlier = previous, chain.count < 50, let found = try await desk.store.handoff(id: earlier) {
            chain.append(found)
            previous = found.previousID
        }
        struct Body: Encodable {
            var handoff: Handoff
            var earlier: [Handoff]
        }
        return try JSON.response(Body(handoff: handoff, earlier: chain))
    }

    @Sendable func submit(_ request: Request, context: AccordRequestContext) async throws -> Response {
        // Who may submit nothing at all hears so before their body is read.
        let principal = try context.requireIdentity()
        guard desk.spec.handoffs.contains(where: { policy.allows(principal, .submitHandoff($0.id)) }) else {
            throw APIError.forbidden("\(principal.role.rawValue) may not submit handoffs; the sending function's people do")
        }
        let body = try await JSON.object(request)
        try body.allowOnly(["handoff", "account", "payload", "previous"])
        let kind = try body.text("handoff", required: true)!
        let account = try body.text("account", required: true)!
        let definition = try definition(kind)
        guard policy.allows(principal, .submitHandoff(definition.id)) else {
            throw APIError.forbidden("only \(definition.from.function) submits \(definition.id); you act for \(principal.function ?? "no function")")
        }
        guard case .object? = body["payload"] else { throw APIError.badBody("'payload' must be an object with the handoff's fields") }
        guard context.scope.admits(account) else { throw APIError.forbidden("account '\(account)' is not in your book") }
        let handoff = try await answer {
            try await desk.submit(
                handoff: definition.id, account: account, payload: body["payload"]!, previous: try body.text("previous"), actor: principal.auditName,
                origin: context.origin)
        }
        // An incomplete handoff is recorded (auto-rejected) and answered with its problems, field by field.
        return try JSON.response(handoff, status: handoff.status == .autoRejected ? .unprocessableContent : .created)
    }

    @Sendable func decide(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        guard desk.spec.handoffs.contains(where: { policy.allows(principal, .decideHandoff($0.id)) }) else {
            throw APIError.forbidden("\(principal.role.rawValue) may not accept or reject handoffs; the receiving function's people do")
        }
        let body = try await JSON.object(request)
        try body.allowOnly(["decision", "reason", "comment"])
        let decision = try body.text("decision", required: true)!
        guard ["accept", "reject"].contains(decision) else { throw APIError.badBody("decision '\(decision)' is not one of accept, reject") }
        var reason: Handoff.Reason?
        if let text = try body.text("reason") {
            guard let parsed = Handoff.Reason(rawValue: text) else {
                throw APIError.badBody("reason '\(text)' is not one of \(Handoff.Reason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            reason = parsed
        }
        let current = try await visibleHandoff(id, context)
        let definition = try definition(current.handoff)
        guard policy.allows(principal, .decideHandoff(definition.id)) else {
            throw APIError.forbidden("only \(definition.to.function) decides \(definition.id); you act for \(principal.function ?? "no function")")
        }
        let decided = try await answer {
            try await desk.decide(
                id, accept: decision == "accept", reason: reason, comment: try body.text("comment"), actor: principal.auditName, origin: context.origin)
        }
        return try JSON.response(decided)
    }

    /// The handoff the path names: 404 when there is none, 403 when its account is outside the caller's book.
    private func visibleHandoff(_ id: String, _ context: AccordRequestContext) async throws -> Handoff {
        guard let handoff = try await desk.store.handoff(id: id) else { throw APIError.notFound("no handoff with id '\(id)'") }
        guard context.scope.admits(handoff.accountID) else { throw APIError.forbidden("handoff '\(id)' is about an account that is not in your book") }
        return handoff
    }

    private func definition(_ id: String) throws -> HandoffDefinition {
        do { return try desk.definition(id) } catch { throw APIError.badParameter("handoff", error.description) }
    }

    /// Waiting (due first), overdue, and rejected in the last 30 days, for the transitions one function or person receives.
    private func inbox(_ kinds: Set<String>, function: String?, person: String?, scope: ClientScope) async throws -> Inbox {
        let now = desk.now()
        let waiting = scope.filter(try await desk.store.handoffs(HandoffQuery(handoffs: kinds, statuses: [.waiting])), account: { $0.accountID }).sorted {
            $0.dueAt < $1.dueAt
        }
        let rejected = scope.filter(
            try await desk.store.handoffs(
                HandoffQuery(handoffs: kinds, statuses: [.rejected, .autoRejected], submittedFrom: Instant(milliseconds: now.milliseconds - 30 * 86_400_000))),
            account: { $0.accountID })
        return Inbox(
            function: function, person: person, waiting: waiting.filter { !$0.isOverdue(at: now) }, overdue: waiting.filter { $0.isOverdue(at: now) },
            rejected: rejected)
    }

    struct Inbox: Encodable {
        var function: String?
        var person: String?
        var waiting: [Handoff]
        var overdue: [Handoff]
        var rejected: [Handoff]
    }

    private func answer(_ work: () async throws -> Handoff) async throws -> Handoff {
        do {
            return try await work()
        } catch let failure as HandoffDesk.Failure {
            switch failure {
            case .unknownHandoff: throw APIError.badParameter("handoff", failure.description)
            case .notFound: throw APIError.notFound(failure.description)
            case .conflict: throw APIError(status: .conflict, code: "conflict", message: failure.description)
            case .invalid: throw APIError.badBody(failure.description)
            }
        }
    }
}
