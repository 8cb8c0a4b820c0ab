import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Syncs over HTTP: the sync log, and starting a source's tap now.
struct SyncController {
    let desk: SyncDesk
    let runner: TapRunner

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/sync-runs", .allowed(.readClientData), use: runs)
        routes.post("/api/v1/sources/{id}/sync", .allowed(.manageSources), use: start)
    }

    @Sendable func runs(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let source = parameters.text("source")
        if let source, !desk.spec.sources.contains(where: { $0.id == source }) {
            throw APIError.badParameter(
                "source", "'\(source)' is not a source of the spec; its sources are \(desk.spec.sources.map(\.id).joined(separator: ", "))")
        }
        struct Body: Encodable { var runs: [SyncRun] }
        return try JSON.response(Body(runs: try await desk.store.syncRuns(source: source, limit: try parameters.limit(default: 50, maximum: 500))))
    }

    /// Starts the run at once and answers 202 with it; the tap goes on after the answer.
    @Sendable func start(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let loader: SingerLoader
        let sync: SyncDefinition
        let config: (text: String, secrets: [String])
        do {
            (_, sync) = try desk.tapDefinition(id)
            config = try runner.configText(sync)
            loader = try await desk.start(id, trigger: .manual)
        } catch let failure as SyncDesk.Failure {
            switch failure {
            case .unknownSource: throw APIError.notFound(failure.description)
            case .noTap: throw APIError(status: .conflict, code: "no_tap", message: failure.description)
            }
        } catch let error as SyncConfigError {
            throw APIError(status: .conflict, code: "config_incomplete", message: error.description)
        } catch let error as TapRunner.Failure {
            throw APIError(status: .conflict, code: "config_unreadable", message: error.description)
        } catch StoreError.conflict(let message) {
            throw APIError(status: .conflict, code: "already_running", message: message)
        }
        let run = loader.run
        let runner = self.runner
        Task { _ = try? await runner.execute(loader, sync: sync, config: config) }
        struct Body: Encodable { var run: SyncRun }
        return try JSON.response(Body(run: run), status: .accepted)
    }
}
