import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Account health over HTTP: one client's score with its factors and history, and the
/// validation of the score against renewals.
struct AccountHealthController {
    let desk: HealthDesk
    let store: any RecordStore
    let today: @Sendable () -> Day

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/accounts/{id}/health", .allowed(.readClientData), use: account)
        routes.get("/api/v1/reports/health-validation", .allowed(.readClientData), use: validation)
    }

    @Sendable func account(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await store.account(id: id) != nil else { throw APIError.notFound("no account with id '\(id)'") }
        guard context.scope.admits(id) else { throw APIError.forbidden("account '\(id)' is not in your book") }
        guard let health = try await desk.account(id, asOf: today()) else {
            throw APIError(
                status: .notFound, code: "not_a_client", message: "account '\(id)' has no contract yet; health is measured from the first contract_signed")
        }
        return try JSON.response(health)
    }

    @Sendable func validation(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await desk.validation(asOf: today()))
    }
}
