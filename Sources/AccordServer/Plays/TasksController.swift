import AccordApp
import AccordCore
import AccordStore
import Foundation
import Hummingbird

/// Plays' tasks over HTTP: lists, one task with its comments, done, skip and comment. Whose task
/// it is decides who may close it (its owner, or a leader of their function): anyone else gets 403.
struct TasksController {
    let desk: PlayDesk
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/tasks", .allowed(.readClientData), use: list)
        routes.get("/api/v1/tasks/{id}", .allowed(.readClientData), use: one)
        routes.post("/api/v1/tasks/{id}/done", .signedIn, use: done)
        routes.post("/api/v1/tasks/{id}/skip", .signedIn, use: skip)
        routes.post("/api/v1/tasks/{id}/comments", .signedIn, use: comment)
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let statuses = try parameters.choices("status", PlayTask.Status.self)
        if let play = parameters.text("play"), !desk.spec.playbooks.contains(where: { $0.id == play }) {
            throw APIError.badParameter("play", "'\(play)' is not a play of the spec; its plays are \(desk.spec.playbooks.map(\.id).joined(separator: ", "))")
        }
        let query = TaskQuery(
            owner: parameters.text("owner"), statuses: statuses, account: parameters.text("account"), play: parameters.text("play"),
            limit: try parameters.limit(default: 200, maximum: 1000))
        struct Body: Encodable { var tasks: [PlayTask] }
        return try JSON.response(Body(tasks: context.scope.filter(try await desk.store.tasks(query), account: { $0.account })))
    }

    @Sendable func one(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let task = try await visibleTask(context)
        struct Body: Encodable {
            var task: PlayTask
            var comments: [TaskComment]
        }
        return try JSON.response(Body(task: task, comments: try await desk.store.taskComments(task: task.id)))
    }

    @Sendable func done(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["comment"])
        return try await decide(.done(comment: try body.text("comment")), context)
    }

    @Sendable func skip(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["reason"])
        return try await decide(.skip(reason: try body.text("reason") ?? ""), context)
    }

    @Sendable func comment(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["body"])
        guard let text = try body.text("body", required: true), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.badBody("body: write the comment")
        }
        let task = try await visibleTask(context)
        let comment = try await desk.comment(task.id, body: text, by: try person(context), origin: context.origin, at: now())
        return try JSON.response(comment, status: .created)
    }

    private func decide(_ decision: TaskStateMachine.Decision, _ context: AccordRequestContext) async throws -> Response {
        let task = try await visibleTask(context)
        do {
            return try JSON.response(try await desk.decide(task.id, decision, by: try person(context), origin: context.origin, at: now()))
        } catch let failure as TaskStateMachine.Failure {
            switch failure {
            case .notYours: throw APIError.forbidden(failure.description)
            case .reasonRequired: throw APIError.badBody(failure.description)
            case .alreadyClosed, .held: throw APIError(status: .conflict, code: "conflict", message: failure.description)
            }
        } catch StoreError.conflict(let message) {
            throw APIError(status: .conflict, code: "conflict", message: message)
        }
    }

    private func person(_ context: AccordRequestContext) throws -> Person {
        let principal = try context.requireIdentity()
        guard AccessPolicy(spec: desk.spec).allows(principal, .workTasks), let id = principal.personID, let person = desk.spec.person(id) else {
            throw APIError.forbidden(principal.role == .viewer ? "a viewer reads tasks and does not work them" : PlayDesk.Failure.notAPerson.description)
        }
        return person
    }

    /// The task the path names: 404 when there is none, 403 when its account is outside the caller's book.
    private func visibleTask(_ context: AccordRequestContext) async throws -> PlayTask {
        let id = try context.parameters.require("id")
        guard let task = try await desk.store.task(id: id) else { throw APIError.notFound("no task with id '\(id)'") }
        guard context.scope.admits(task.account) else { throw APIError.forbidden("task \(id) is for an account outside your book") }
        return task
    }
}
