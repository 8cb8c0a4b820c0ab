import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook", abstract: "Outgoing webhooks for handoff notices, and their deliveries.",
        subcommands: [Add.self, List.self, Remove.self, Deliveries.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send handoff notices for one person, one function, or everyone to a URL.")

        @Argument(help: "The http or https address (a Slack incoming webhook, or your own endpoint).") var url: String
        @Option(help: "json (Accord's body) or slack ({\"text\": ...}).") var format = "json"
        @Option(help: "Only notices for this person (id in the spec).") var person: String?
        @Option(help: "Only notices for people of this function.") var function: String?
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                let entry = AuditEntry.cli("webhook.added", target: "")
                let hook: Webhook
                do {
                    hook = try WebhookDesk.make(url: url, format: format, person: person, function: function, spec: spec, by: entry.actor, at: entry.at)
                } catch let error as WebhookDesk.Invalid { throw CLIError(error.description) }
                let store = try await files.openStore()
                try await storeCall {
                    try await store.saveWebhook(hook, audit: WebhookDesk.audit(hook, actor: entry.actor, origin: entry.origin, at: entry.at))
                }
                Console.out(
                    "Webhook \(hook.id) added: \(hook.format.rawValue) notices for \(hook.person ?? hook.function.map { "function \($0)" } ?? "everyone").")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List webhooks.")
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let store = try await files.openStore()
                let hooks = try await storeCall { try await store.webhooks() }
                if hooks.isEmpty {
                    Console.out("No webhooks; add one with 'accord webhook add URL'.")
                    return
                }
                for hook in hooks {
                    Console.out("\(hook.id)  \(hook.format.rawValue)  \(hook.person ?? hook.function.map { "function \($0)" } ?? "everyone")  \(hook.url)")
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a webhook; its pending deliveries are given up.")
        @Argument(help: "The webhook id (whk_…).") var id: String
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let store = try await files.openStore()
                let entry = AuditEntry.cli("webhook.removed", target: "webhook:\(id)")
                guard try await storeCall({ try await store.removeWebhook(id: id, at: entry.at, audit: entry) }) != nil else {
                    throw CLIError("no webhook with id '\(id)'; 'accord webhook list' shows them")
                }
                Console.out("Webhook \(id) removed.")
            }
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recent deliveries with their attempts and last error.")
        @Option(help: "Only pending, delivered or failed ones.") var status: String?
        @Option(help: "At most this many.") var limit = 50
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                var wanted: WebhookDelivery.Status?
                if let status {
                    guard let parsed = WebhookDelivery.Status(rawValue: status) else { throw CLIError("'\(status)' is not one of pending, delivered, failed") }
                    wanted = parsed
                }
                let store = try await files.openStore()
                let deliveries = try await storeCall { try await store.deliveries(status: wanted, limit: limit) }
                if deliveries.isEmpty {
                    Console.out("No deliveries.")
                    return
                }
                for d in deliveries {
                    Console.out(
                        "#\(d.id)  \(d.kind)  \(d.status.rawValue) after \(d.attempts) attempt\(d.attempts == 1 ? "" : "s")  \(d.url)\(d.lastError.map { "  last error: \($0)" } ?? "")"
                    )
                }
            }
        }
    }
}
