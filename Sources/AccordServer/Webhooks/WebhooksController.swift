import AccordApp
import AccordCore
import AccordStore
import Foundation
import Hummingbird

/// Outgoing webhooks for handoff notices, and what happened to each delivery.
struct WebhooksController {
    let store: any WebhookStore
    let spec: Spec
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/webhooks", .allowed(.manageSources), use: list)
        routes.post("/api/v1/webhooks", .allowed(.manageSources), use: add)
        routes.delete("/api/v1/webhooks/{id}", .allowed(.manageSources), use: remove)
        routes.get("/api/v1/webhooks/deliveries", .allowed(.manageSources), use: deliveries)
    }

    @Sendable func list(_ request: Request, context: AccordRequestContext) async throws -> Response {
        struct Body: Encodable { var webhooks: [Webhook] }
        return try JSON.response(Body(webhooks: try await store.webhooks()))
    }

    @Sendable func add(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let body = try await JSON.object(request)
        try body.allowOnly(["url", "format", "person", "function"])
        let principal = try context.requireIdentity()
        let webhook: Webhook
        do {
            webhook = try WebhookDesk.make(
                url: try body.text("url", required: true)!, format: try body.text("format") ?? "json", person: try body.text("person"),
                function: try body.text("function"), spec: spec, by: principal.auditName, at: now())
        } catch let error as WebhookDesk.Invalid {
            throw APIError.badBody(error.description)
        }
        try await store.saveWebhook(webhook, audit: WebhookDesk.audit(webhook, actor: principal.auditName, origin: context.origin, at: now()))
        return try JSON.response(webhook, status: .created)
    }

    @Sendable func remove(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        let audit = AuditEntry(at: now(), actor: principal.auditName, origin: context.origin, action: "webhook.removed", target: "webhook:\(id)")
        guard let removed = try await store.removeWebhook(id: id, at: now(), audit: audit) else { throw APIError.notFound("no webhook with id '\(id)'") }
        return try JSON.response(removed)
    }

    @Sendable func deliveries(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var status: WebhookDelivery.Status?
        if let text = parameters.text("status") {
            guard let parsed = WebhookDelivery.Status(rawValue: text) else {
                throw APIError.badParameter("status", "'\(text)' is not one of pending, delivered, failed")
            }
            status = parsed
        }
        struct Body: Encodable { var deliveries: [WebhookDelivery] }
        return try JSON.response(Body(deliveries: try await store.deliveries(status: status, limit: try parameters.limit(default: 100, maximum: 1000))))
    }
}
