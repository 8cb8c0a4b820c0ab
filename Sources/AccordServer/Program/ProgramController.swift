import AccordApp
import AccordCore
import Hummingbird

/// The 90-day program over HTTP: its phases with their checks as live state computes them.
struct ProgramController {
    let desk: ProgramDesk
    let today: @Sendable () -> Day

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/program", .allowed(.readClientData), use: status)
    }

    @Sendable func status(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try JSON.response(try await desk.status(today: today()))
    }
}
