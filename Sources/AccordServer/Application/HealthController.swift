import AccordApp
import AccordStore
import Hummingbird

/// `/health`: 200 when the database answers, 503 with the reason when it does not.
struct HealthController {
    let store: any RecordStore

    private struct Status: Encodable {
        var status: String
        var database: String
    }

    func add(to routes: GuardedRoutes) {
        routes.get("/health", .open, use: health)
    }

    @Sendable func health(_ request: Request, context: AccordRequestContext) async throws -> Response {
        do {
            try await store.ping()
            return try JSON.response(Status(status: "ok", database: "ok"))
        } catch {
            return try JSON.response(Status(status: "unavailable", database: String(describing: error)), status: .serviceUnavailable)
        }
    }
}
