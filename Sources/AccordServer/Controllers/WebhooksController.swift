import AccordCore
import AccordStore
import Foundation
import Hummingbird

/// Outgoing webhooks for handoff notices, and what happened to each delivery.
struct WebhooksController {
    let store: any Store
    let spec: Spec
    let now: @Sendable () -> Instant

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/webhooks", .allowed(.manageSources)) { _, _ in
            struct Body: Encodable { var webhooks: [Webhook] }
            return try JSON.response(Body(webhooks: try await store.webhooks()))
        }
        routes.post("/api/v1/webhooks", .allowed(.manageSources)) { request, context in
            let body = try await JSON.object(request)
            try body.allowOnly(["url", "format", "person", "function"])
            let principal = try context.requireIdentity()
            let webhook: Webhook
            do {
                webhook = try WebhookSetup.make(
                    url: try body.text("url", required: true)!, format: try body.text("format") ?? "json", person: try body.text("person"),
                    function: try body.text("function"), spec: spec, by: principal.auditName, at: now())
            } catch let error as WebhookSetup.Invalid {
                throw APIError.badBody(error.description)
            }
            try await store.saveWebhook(webhook, audit: WebhookSetup.audit(webhook, actor: principal.auditName, origin: context.origin, at: now()))
            return try JSON.response(webhook, status: .created)
        }
        routes.delete("/api/v1/webhooks/{id}", .allowed(.manageSources)) { _, context in
            let id = try context.parameters.require("id")
            let principal = try context.requireIdentity()
            let audit = AuditEntry(at: now(), actor: principal.auditName, origin: context.origin, action: "webhook.removed", target: "webhook:\(id)")
            guard let removed = try await store.removeWebhook(id: id, at: now(), audit: audit) else { throw APIError.notFound("no webhook with id '\(id)'") }
            return try JSON.response(removed)
        }
        routes.get("/api/v1/webhooks/deliveries", .allowed(.manageSources)) { request, _ in
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
}

/// Checks a new webhook the same way from the API and the command line.
public enum WebhookSetup {
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public static func make(url: String, format: String, person: String?, function: String?, spec: Spec, by actor: String, at: Instant) throws -> Webhook {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed.host != nil else {
            throw Invalid(description: "url '\(url)' is not an http or https address")
        }
        if !spec.access.allowPrivateWebhooks, let host = parsed.host, let refusal = WebhookTarget.refusal(host: host) {
            throw Invalid(description: "url '\(url)' cannot be a webhook: \(refusal), which only this server can reach; set access.allow_private_webhooks: true in the spec if the receiver really is on this network")
        }
        guard let kind = Webhook.Format(rawValue: format) else { throw Invalid(description: "format '\(format)' is not one of json, slack") }
        if let person, spec.person(person) == nil { throw Invalid(description: "person '\(person)' is not among the spec's people") }
        if let function, !spec.functions.contains(where: { $0.id == function }) {
            throw Invalid(description: "function '\(function)' is not one of \(spec.functions.map(\.id).joined(separator: ", "))")
        }
        return Webhook(id: "whk_" + Secrets.random(10).lowercased(), url: url, format: kind, person: person, function: function, createdAt: at, createdBy: actor)
    }

    public static func audit(_ webhook: Webhook, actor: String, origin: String, at: Instant) -> AuditEntry {
        // The address may carry a secret (Slack's do): the log keeps only its host.
        let host = URL(string: webhook.url)?.host ?? "?"
        return AuditEntry(
            at: at, actor: actor, origin: origin, action: "webhook.added", target: "webhook:\(webhook.id)",
            after: ["host": .string(host), "format": .string(webhook.format.rawValue), "person": webhook.person.map(JSONValue.string) ?? .null,
                    "function": webhook.function.map(JSONValue.string) ?? .null])
    }
}
