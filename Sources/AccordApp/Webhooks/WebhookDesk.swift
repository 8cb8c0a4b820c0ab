public import AccordCore
public import AccordStore
import Foundation

/// Checks a new webhook the same way from the API and the command line.
public enum WebhookDesk {
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public static func make(url: String, format: String, person: String?, function: String?, spec: Spec, by actor: String, at: Instant) throws -> Webhook {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed.host != nil else {
            throw Invalid(description: "url '\(url)' is not an http or https address")
        }
        if !spec.access.allowPrivateWebhooks, let host = parsed.host, let refusal = WebhookTarget.refusal(host: host) {
            throw Invalid(
                description:
                    "url '\(url)' cannot be a webhook: \(refusal), which only this server can reach; set access.allow_private_webhooks: true in the spec if the receiver really is on this network"
            )
        }
        guard let kind = Webhook.Format(rawValue: format) else { throw Invalid(description: "format '\(format)' is not one of json, slack") }
        if let person, spec.person(person) == nil { throw Invalid(description: "person '\(person)' is not among the spec's people") }
        if let function, !spec.functions.contains(where: { $0.id == function }) {
            throw Invalid(description: "function '\(function)' is not one of \(spec.functions.map(\.id).joined(separator: ", "))")
        }
        return Webhook(
            id: "whk_" + Secrets.random(10).lowercased(), url: url, format: kind, person: person, function: function, createdAt: at, createdBy: actor)
    }

    public static func audit(_ webhook: Webhook, actor: String, origin: String, at: Instant) -> AuditEntry {
        // The address may carry a secret (Slack's do): the log keeps only its host.
        let host = URL(string: webhook.url)?.host ?? "?"
        return AuditEntry(
            at: at, actor: actor, origin: origin, action: "webhook.added", target: "webhook:\(webhook.id)",
            after: [
                "host": .string(host), "format": .string(webhook.format.rawValue), "person": webhook.person.map(JSONValue.string) ?? .null,
                "function": webhook.function.map(JSONValue.string) ?? .null,
            ])
    }
}
