import AccordCore
import AccordStore
import Hummingbird

/// Outcome model versions, their signatures, and what changed between two versions.
struct OutcomeModelsController {
    let desk: OutcomeModelDesk
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/outcome-models", .allowed(.readClientData)) { _, _ in
            struct Body: Encodable { var versions: [OutcomeModelVersionView] }
            return try JSON.response(Body(versions: try await desk.store.outcomeModelVersions().map(OutcomeModelVersionView.init)))
        }
        routes.get("/api/v1/outcome-models/{id}/diff", .allowed(.readClientData)) { request, context in
            let id = try context.parameters.require("id")
            let parameters = request.uri.queryParameters
            guard let from = parameters.text("from").flatMap(Int.init), let to = parameters.text("to").flatMap(Int.init) else {
                throw APIError.badParameter("from", "give two version numbers: ?from=1&to=2")
            }
            struct Body: Encodable { var id: String; var from: Int; var to: Int; var changes: [String] }
            do {
                return try JSON.response(Body(id: id, from: from, to: to, changes: try await desk.diff(id: id, from: from, to: to)))
            } catch StoreError.notFound(let message) { throw APIError.notFound(message) }
        }
        routes.post("/api/v1/outcome-models/{id}/versions/{version}/signatures", .signedIn) { _, context in
            let id = try context.parameters.require("id")
            guard let version = Int(try context.parameters.require("version")) else { throw APIError.notFound("versions are numbered 1, 2, …") }
            let principal = try context.requireIdentity()
            do {
                return try JSON.response(OutcomeModelVersionView(try await desk.sign(id: id, version: version, principal: principal, origin: context.origin, at: now())), status: .created)
            } catch StoreError.notFound(let message) {
                throw APIError.notFound(message)
            } catch StoreError.conflict(let message) {
                throw message.hasPrefix("only a function's leader") ? APIError.forbidden(message) : APIError(status: .conflict, code: "conflict", message: message)
            }
        }
    }
}
