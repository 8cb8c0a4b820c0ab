import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct HandoffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handoff", abstract: "Submit, decide and list handoffs between functions.",
        subcommands: [Submit.self, Decide.self, List.self])

    /// The spec's person the command acts as, allowed to do this by the same rules as the API.
    static func person(_ email: String, spec: Spec, may action: Action) throws -> Person {
        guard let person = spec.person(email: email) ?? spec.person(email) else {
            throw CLIError("'\(email)' is not among the spec's people; give an email or id from people: in the spec")
        }
        guard AccessPolicy(spec: spec).allows(.person(person), action) else {
            let what =
                switch action {
                case .submitHandoff(let id): "submit \(id): only its sending function does"
                case .decideHandoff(let id): "decide \(id): only its receiving function does"
                default: "do this"
                }
            throw CLIError("\(person.name) (\(person.function)) may not \(what)")
        }
        return person
    }

    static var origin: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown") }

    static func print(_ handoff: Handoff) {
        Console.out(
            "\(handoff.id)  \(handoff.handoff)  \(handoff.accountID)  \(handoff.status.rawValue)  submitted \(handoff.submittedAt.iso) by \(handoff.submittedBy), due \(handoff.dueAt.iso)"
        )
        for problem in handoff.problems { Console.out("  \(problem.field): \(problem.message)") }
        if let reason = handoff.reason { Console.out("  rejected (\(reason.rawValue)): \(handoff.comment ?? "")") }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a handoff; an incomplete one is recorded as auto-rejected and its problems listed field by field (exit status 1).")

        @Argument(help: "The transition's id in the spec (e.g. close_to_onboarding).") var handoff: String
        @Option(help: "The account id.") var account: String
        @Option(help: "A JSON file with the payload (- for standard input).") var payload: String
        @Option(name: .customLong("as"), help: "The person submitting (email or id); they must belong to the sending function.") var person: String
        @Option(help: "The rejected handoff this one resubmits.") var previous: String?
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                let who = try HandoffCommand.person(person, spec: spec, may: .submitHandoff(handoff))
                let text = payload == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : try readText(payload)
                let value: JSONValue
                do { value = try JSONParser.parse(text) } catch let error as JSONParseError { throw CLIError("\(payload): \(error.description)") }
                guard case .object = value else { throw CLIError("\(payload): the payload must be a JSON object with the handoff's fields") }
                let desk = HandoffDesk(spec: spec, store: try await files.openStore(), now: { .now })
                let recorded: Handoff
                do {
                    recorded = try await desk.submit(
                        handoff: handoff, account: account, payload: value, previous: previous, actor: "person:\(who.id)", origin: HandoffCommand.origin)
                } catch let failure as HandoffDesk.Failure { throw CLIError(failure.description) }
                HandoffCommand.print(recorded)
                if recorded.status == .autoRejected {
                    Console.error(
                        "error: \(handoff) is incomplete (\(Format.count(recorded.problems.count)) problems); it is recorded as auto-rejected: fix the fields above and resubmit with --previous \(recorded.id)"
                    )
                    throw ExitCode.failure
                }
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept a waiting handoff, or reject it with a reason and a comment.")

        @Argument(help: "The handoff id (hnd_…).") var id: String
        @Flag(help: "Accept it.") var accept = false
        @Option(help: "Reject it for this reason: missing_data, wrong_data, not_ready, commitment_not_feasible, other.") var reject: String?
        @Option(help: "What the sender must fix (required to reject).") var comment: String?
        @Option(name: .customLong("as"), help: "The person deciding (email or id); they must belong to the receiving function.") var person: String
        @OptionGroup var files: FileOptions

        func validate() throws {
            guard accept != (reject != nil) else { throw ValidationError("give either --accept or --reject REASON") }
        }

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                let store = try await files.openStore()
                guard let current = try await storeCall({ try await store.handoff(id: id) }) else { throw CLIError("no handoff with id '\(id)'") }
                let who = try HandoffCommand.person(person, spec: spec, may: .decideHandoff(current.handoff))
                var reason: Handoff.Reason?
                if let reject {
                    guard let parsed = Handoff.Reason(rawValue: reject) else {
                        throw CLIError("'\(reject)' is not a reason; use one of \(Handoff.Reason.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    reason = parsed
                }
                let desk = HandoffDesk(spec: spec, store: store, now: { .now })
                do {
                    HandoffCommand.print(
                        try await desk.decide(id, accept: accept, reason: reason, comment: comment, actor: "person:\(who.id)", origin: HandoffCommand.origin))
                } catch let failure as HandoffDesk.Failure { throw CLIError(failure.description) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List handoffs, newest first.")

        @Option(help: "Only this account.") var account: String?
        @Option(help: "Only this status: waiting, accepted, rejected, auto_rejected.") var status: String?
        @Option(help: "At most this many.") var limit = 50
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                var query = HandoffQuery(accountID: account, limit: limit)
                if let status {
                    guard let parsed = Handoff.Status(rawValue: status) else {
                        throw CLIError("'\(status)' is not a status; use waiting, accepted, rejected or auto_rejected")
                    }
                    query.statuses = [parsed]
                }
                let store = try await files.openStore()
                let handoffs = try await storeCall { try await store.handoffs(query) }
                if handoffs.isEmpty {
                    Console.out("No handoffs.")
                    return
                }
                handoffs.forEach(HandoffCommand.print)
            }
        }
    }
}
