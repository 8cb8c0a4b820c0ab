import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

extension Person.Role: ExpressibleByArgument {}

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "API tokens for people and integrations (sent as 'Authorization: Bearer TOKEN').",
        subcommands: [Create.self, Revoke.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; it is printed once, alone on the last line.")

        @Option(help: "What the token may do: leader, manager, rep, cs_manager, revops, it_partner, admin or viewer.")
        var role: Person.Role

        @Option(help: "The person (email or id in the spec) the token acts for; without it, an integration token.")
        var person: String?

        @Option(help: "A name to recognise the token by in lists and the audit log.")
        var label: String?

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                var personID: String?
                if let person {
                    let spec = try files.loadSpec(fallback: true).spec
                    guard let found = spec.person(email: person) ?? spec.person(person) else {
                        throw CLIError("'\(person)' is not among the spec's people; give an email or id from people: in the spec")
                    }
                    personID = found.id
                }
                let store = try await files.openStore()
                let entry = AuditEntry.cli("token.created", target: "")
                let created = Tokens.make(role: role, personID: personID, label: label ?? personID ?? "integration", createdBy: entry.actor, at: entry.at)
                var audit = entry
                audit.target = "token:\(created.token.id)"
                audit.after = created.token.publicJSON
                try await storeCall { try await store.saveToken(created.token, audit: audit) }
                Console.out(
                    "Token \(created.token.id) (\(role.rawValue)\(personID.map { ", for \($0)" } ?? "")) created. It is shown once; store it in your secret manager:"
                )
                Console.out(created.secret)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id (tok_…); it stops working at once.")

        @Argument(help: "The token's id, as 'accord token list' shows it.")
        var id: String

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let store = try await files.openStore()
                guard let token = try await storeCall({ try await store.revokeToken(id: id, at: .now, audit: .cli("token.revoked", target: "token:\(id)")) })
                else {
                    throw CLIError("no token with id '\(id)'; 'accord token list' shows them")
                }
                Console.out("Token \(token.id) (\(token.label)) is revoked since \(token.revokedAt?.iso ?? "now").")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens with their role, holder and last use (never the secrets).")

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let store = try await files.openStore()
                let tokens = try await storeCall { try await store.tokens() }
                if tokens.isEmpty { Console.out("No tokens yet; create one with 'accord token create --role ROLE'.") }
                for token in tokens {
                    let state = token.revokedAt.map { "revoked \($0.iso)" } ?? token.lastUsedAt.map { "last used \($0.iso)" } ?? "never used"
                    Console.out(
                        "\(token.id)  \(token.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(token.label.padding(toLength: 24, withPad: " ", startingAt: 0)) \(state)"
                    )
                }
            }
        }
    }
}
