import AccordApp
import AccordCore
import Hummingbird

/// The alignment spec the server runs with, as JSON.
struct SpecController {
    let spec: Spec

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/spec", .allowed(.readClientData), use: spec)
    }

    @Sendable func spec(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(spec)
    }
}
