import AccordApp
import AccordCore
import AccordStore
import Hummingbird

/// Plays over HTTP: each play with its runs and held-back tasks, a backtest before it goes live,
/// turning it live or back to a dry run, and evaluating every play now.
struct PlaysController {
    let desk: PlayDesk
    let today: @Sendable () -> Day
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/plays", .allowed(.readClientData), use: list)
        routes.get("/api/v1/plays/{id}", .allowed(.readClientData), use: one)
        routes.get("/api/v1/plays/{id}/backtest", .allowed(.readClientData), use: backtest)
        routes.post("/api/v1/plays/{id}/status", .signedIn, use: status)
        routes.post("/api/v1/plays/evaluate", .signedIn, use: evaluate)
        routes.get("/api/v1/reports/plays", .allowed(.readClientData), use: effects)
    }

    @Sendable func effects(_ request: Request, context: AccordRequestContext) async throws -> Response {
        struct Body: Encodable { var plays: [PlayEffect] }
        return try JSON.response(Body(plays: try await desk.effects(asOf: today())))
    }

    struct Summary: Encodable {
        var play: Play
        var runs: Int
        var openTasks: Int
        var heldTasks: Int
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        var summaries: [Summary] = []
        for play in try await desk.plays() {
            let tasks = try await desk.store.tasks(TaskQuery(statuses: [.open, .held], play: play.id, limit: 5000))
            summaries.append(
                Summary(
                    play: play, runs: try await desk.store.playRuns(play: play.id, account: nil, limit: 100_000).count,
                    openTasks: tasks.filter { $0.status == .open }.count, heldTasks: tasks.filter { $0.status == .held }.count))
        }
        struct Body: Encodable { var plays: [Summary] }
        return try JSON.response(Body(plays: summaries))
    }

    @Sendable func one(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let play = try await named(context)
        struct Body: Encodable {
            var play: Play
            var runs: [PlayRun]
            var held: [PlayTask]
        }
        let runs = context.scope.filter(try await desk.store.playRuns(play: play.id, account: nil, limit: 500), account: { $0.account })
        let held = context.scope.filter(try await desk.store.tasks(TaskQuery(statuses: [.held], play: play.id, limit: 1000)), account: { $0.account })
        return try JSON.response(Body(play: play, runs: runs, held: held))
    }

    @Sendable func backtest(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let play = try await named(context)
        var result = PlayBacktest.run(play, accounts: try await desk.accounts(asOf: today()), spec: desk.spec, asOf: today())
        result.firings = context.scope.filter(result.firings, account: { $0.account })
        return try JSON.response(result)
    }

    private func mayRun(_ context: AccordRequestContext) throws -> Principal {
        let principal = try context.requireIdentity()
        guard AccessPolicy(spec: desk.spec).allows(principal, .runPlays) else {
            throw APIError.forbidden("\(principal.role.rawValue) may not run plays or turn them live; RevOps and the CS leader do")
        }
        return principal
    }

    @Sendable func status(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let principal = try mayRun(context)
        let play = try await named(context)
        let body = try await JSON.object(request)
        try body.allowOnly(["status"])
        let text = try body.text("status", required: true)!
        guard let status = Play.Status(rawValue: text) else { throw APIError.badBody("status '\(text)' is not one of live, dry_run") }
        try await desk.switchPlay(play.id, to: status, by: principal.auditName, origin: context.origin, at: now())
        var switched = play
        switched.status = status
        return try JSON.response(switched)
    }

    @Sendable func evaluate(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let plan = try await desk.evaluate(asOf: today(), now: now(), actor: try mayRun(context).auditName, origin: context.origin)
        struct Body: Encodable {
            var runs: Int
            var tasks: Int
            var held: Int
            var released: Int
        }
        return try JSON.response(
            Body(runs: plan.runs.count, tasks: plan.tasks.count, held: plan.tasks.filter { $0.status == .held }.count, released: plan.released.count))
    }

    private func named(_ context: AccordRequestContext) async throws -> Play {
        let id = try context.parameters.require("id")
        guard let play = try await desk.plays().first(where: { $0.id == id }) else {
            throw APIError.notFound(PlayDesk.Failure.unknownPlay(id, known: desk.spec.playbooks.map(\.id)).description)
        }
        return play
    }
}
