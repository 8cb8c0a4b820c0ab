import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Accounts list and detail, and the headline numbers.
struct AccountsController {
    let store: any RecordStore & IdentityStore
    let spec: Spec
    let today: @Sendable () -> Day
    let reports: HandoffReportDesk

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/accounts", .allowed(.readClientData), use: list)
        routes.get("/api/v1/accounts/{id}", .allowed(.readClientData), use: one)
        routes.get("/api/v1/accounts/{id}/identities", .allowed(.readClientData), use: identities)
        routes.get("/api/v1/accounts/{id}/scorecard", .allowed(.readClientData), use: scorecard)
        routes.get("/api/v1/headline", .allowed(.readClientData), use: headline)
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        var query = try AccountsController.query(from: request)
        query.book = context.scope.book
        do {
            return try JSON.response(try await store.accounts(query))
        } catch let error as StoreError {
            throw APIError.badParameter("cursor", error.description)
        }
    }

    @Sendable func one(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await visibleAccount(context, path: ""))
    }

    @Sendable func identities(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try await visibleAccount(context, path: "/identities").account.id
        struct Body: Encodable {
            var account: String
            var identities: [SourceIdentity]
        }
        return try JSON.response(Body(account: id, identities: try await store.identities(accountID: id)))
    }

    @Sendable func scorecard(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let account = try await visibleAccount(context, path: "/scorecard").account
        guard let card = try await reports.scorecard(account: account.id, segment: account.segment, asOf: today()) else {
            throw APIError.notFound("account '\(account.id)' has no outcome model for its segment (\(account.segment)) or has not signed yet")
        }
        return try JSON.response(card)
    }

    @Sendable func headline(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await store.headline(asOf: today()))
    }

    /// The account the path names: 404 when there is none, 403 when it is outside the caller's book,
    /// and a redirect to the survivor when it was merged into another account.
    private func visibleAccount(_ context: AccordRequestContext, path: String) async throws -> AccountDetail {
        let id = try context.parameters.require("id")
        guard let detail = try await store.account(id: id) else {
            throw AccountPath.missing(id, survivor: try await store.currentAccountID(id), path: path, context: context)
        }
        guard context.scope.admits(detail.account.id) else { throw APIError.forbidden("account '\(id)' is not in your book") }
        return detail
    }

    /// Reads filters from the query string; a bad value is a 400 naming the allowed values.
    static func query(from request: Request) throws -> AccountQuery {
        let parameters = request.uri.queryParameters
        var query = AccountQuery()
        query.segment = parameters["segment"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        query.search = parameters["q"].map(String.init)
        query.cursor = parameters["cursor"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let stage = parameters["stage"].map(String.init), !stage.isEmpty {
            guard let value = LifecycleStage(rawValue: stage) else {
                throw APIError.badParameter("stage", "'\(stage)' is not one of \(LifecycleStage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.stage = value
        }
        if let source = parameters["source"].map(String.init), !source.isEmpty {
            guard let value = AcquisitionSource(rawValue: source) else {
                throw APIError.badParameter("source", "'\(source)' is not one of marketing, sales")
            }
            query.source = value
        }
        query.limit = try parameters.limit(default: query.limit, maximum: AccountQuery.maximumLimit)
        return query
    }
}
