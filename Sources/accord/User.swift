import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "People who sign in to the web UI. People themselves are declared in the spec.",
        subcommands: [Passwd.self, List.self])

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a person's password (prompted, or read from standard input with --stdin).")

        @Argument(help: "The person's email (or id) in the spec.")
        var email: String

        @Flag(help: "Read the password from the first line of standard input, for scripts.")
        var stdin = false

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                guard let person = spec.person(email: email) ?? spec.person(email) else {
                    throw CLIError("'\(email)' is not among the spec's people; add them under people: in the spec first")
                }
                let password = try stdin ? Self.readStandardInput() : Self.prompt()
                if let problem = Passwords.problem(with: password) { throw CLIError(problem) }
                let store = try await files.openStore()
                let had = try await storeCall { try await store.passwordHash(personID: person.id) } != nil
                let entry = AuditEntry.cli("password.set", target: "person:\(person.id)")
                let audit = Passwords.auditEntry(person: person, actor: entry.actor, origin: entry.origin, at: entry.at, hadPassword: had)
                try await storeCall { try await store.setPassword(personID: person.id, hash: Passwords.hash(password), audit: audit) }
                Console.out("\(person.name) (\(person.email)) can sign in now\(had ? "; their other sessions are signed out" : "").")
            }
        }

        static func readStandardInput() throws -> String {
            guard let line = readLine(strippingNewline: true) else { throw CLIError("no password on standard input") }
            return line
        }

        /// Asks twice without echo, like passwd(1).
        static func prompt() throws -> String {
            guard isatty(STDIN_FILENO) == 1 else { throw CLIError("standard input is not a terminal; pass the password with --stdin") }
            func ask(_ text: String) -> String {
                FileHandle.standardError.write(Data(text.utf8))
                var settings = termios()
                tcgetattr(STDIN_FILENO, &settings)
                let saved = settings
                settings.c_lflag &= ~tcflag_t(ECHO)
                tcsetattr(STDIN_FILENO, TCSANOW, &settings)
                defer {
                    var restore = saved
                    tcsetattr(STDIN_FILENO, TCSANOW, &restore)
                    FileHandle.standardError.write(Data("\n".utf8))
                }
                return readLine(strippingNewline: true) ?? ""
            }
            let first = ask("New password: ")
            guard ask("Again: ") == first else { throw CLIError("the two passwords differ; nothing changed") }
            return first
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the spec's people and whether each can sign in.")

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                let store = try await files.openStore()
                let withPasswords = try await storeCall { try await store.peopleWithPasswords() }
                for person in spec.people {
                    let state = withPasswords.contains(person.id) ? "can sign in" : "no password"
                    Console.out(
                        "\(person.email.padding(toLength: 36, withPad: " ", startingAt: 0)) \(person.function.padding(toLength: 10, withPad: " ", startingAt: 0)) \(person.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(state)"
                    )
                }
            }
        }
    }
}
