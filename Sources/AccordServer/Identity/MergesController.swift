import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Accounts merged into others (by imports, `accord resolve` or a person), merging by hand, and undoing a merge.
struct MergesController {
    let store: any RecordStore & IdentityStore
    let desk: MergeDesk
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/merges", .allowed(.readClientData), use: list)
        routes.post("/api/v1/merges", .allowed(.manageSources), use: merge)
        routes.post("/api/v1/merges/{id}/undo", .allowed(.manageSources), use: undo)
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let account = request.uri.queryParameters.text("account")
        struct Body: Encodable { var merges: [AccountMerge] }
        // The absorbed account's rows now live on the survivor, so the survivor's book decides.
        let merges = context.scope.filter(try await store.merges(accountID: account), account: { $0.survivor })
        return try JSON.response(Body(merges: merges))
    }

    @Sendable func merge(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["accounts", "reason"])
        guard case .array(let items)? = body["accounts"], items.count == 2, let first = items[0].stringValue, let second = items[1].stringValue else {
            throw APIError.badBody("'accounts' must be the ids of the two accounts to merge, as a list of two strings")
        }
        let reason = try body.text("reason")
        let principal = try context.requireIdentity()
        return try await storeAnswer {
            let proposal = try await desk.proposal(first, second, reason: reason)
            let audit = AuditEntry(
                at: now(), actor: principal.auditName, origin: context.origin, action: "account.merged", target: "account:\(proposal.survivor)")
            let merged = try await store.mergeAccounts([proposal], origin: .manual, audit: audit)
            return try JSON.response(merged[0], status: .created)
        }
    }

    @Sendable func undo(_ request: Request, context: AccordRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameters.require("id")),
            let merge = try await store.merges(accountID: nil).first(where: { $0.id == id })
        else { throw APIError.notFound("no merge with that id; GET /api/v1/merges lists them") }
        if let by = merge.unmergedBy {
            throw APIError(status: .conflict, code: "already_undone", message: "merge \(id) was undone by \(by)")
        }
        let principal = try context.requireIdentity()
        return try await storeAnswer {
            let audit = AuditEntry(
                at: now(), actor: principal.auditName, origin: context.origin, action: "account.unmerged", target: "account:\(merge.absorbed)")
            return try JSON.response(try await store.unmergeAccount(merge.absorbed, audit: audit))
        }
    }

    /// A store's refusal as the API answer that says why: 404 for what is not there, 409 for what the state forbids.
    private func storeAnswer(_ work: () async throws -> Response) async throws -> Response {
        do {
            return try await work()
        } catch StoreError.notFound(let message) {
            throw APIError.notFound(message)
        } catch StoreError.conflict(let message) {
            throw APIError(status: .conflict, code: "conflict", message: message)
        }
    }
}
