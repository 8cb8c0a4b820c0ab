import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

/// `accord save`: save cases from the command line, the same lifecycle as the pages and the API.
struct SaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Save cases: open one, walk the concession tree, ask for a concession, approve or decline it, close it.",
        subcommands: [List.self, Open.self, Answer.self, Request.self, Decide.self, Close.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save cases, newest first.")
        @Option(help: "open, awaiting_approval, granted or closed (repeat for several).") var status: [String] = []
        @Option(help: "Only this account's.") var account: String?
        @Flag(help: "Print JSON instead of text.") var json = false
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                let statuses = try choices(status, option: "status", SaveCase.Status.self)
                let store = try await files.openStore()
                let cases = try await storeCall { try await store.saveCases(SaveCaseQuery(account: account, statuses: statuses, limit: 1000)) }
                if json {
                    try Report.printJSON(cases)
                    return
                }
                Console.out("\(Format.count(cases.count)) save case\(cases.count == 1 ? "" : "s")")
                for save in cases {
                    let grant = save.grant.map { " · \($0.offer) \(Format.oneDecimal($0.granted ?? 0))" } ?? ""
                    Console.out(
                        "  \(save.id)  \(save.account)  \(save.kind.rawValue)  \(spec.person(save.owner)?.name ?? save.owner)  \(save.reason?.label ?? "reason not asked")  \(save.status.rawValue)\(grant)"
                    )
                }
            }
        }
    }

    /// Runs one step as `who` and prints where the case stands.
    static func step(as who: String, files: FileOptions, _ body: (SaveDesk, Person) async throws -> SaveCase) async throws {
        let spec = try files.loadSpec(fallback: true).spec
        guard let person = spec.person(email: who) ?? spec.person(who) else { throw CLIError("'\(who)' is not among the spec's people") }
        guard person.role != .viewer else { throw CLIError("\(person.name) is a viewer: viewers read save cases and do not work them") }
        let desk = SaveDesk(spec: spec, store: try await files.openStore())
        let save: SaveCase
        do {
            save = try await storeCall { try await body(desk, person) }
        } catch let failure as SaveCaseMachine.Failure {
            throw CLIError(failure.description)
        } catch let failure as SaveDesk.Failure {
            throw CLIError(failure.description)
        }
        Console.out("\(save.id) \(save.status.rawValue.replacingOccurrences(of: "_", with: " ")) · \(save.account)")
        guard let policy = spec.concessions else { return }
        let (steps, position) = SaveCaseMachine.position(save, policy: policy, segments: desk.segments)
        for step in steps { Console.out("  \(step.question.rawValue): \(step.answer) (\(step.by == "record" ? step.evidence ?? "the record" : step.by))") }
        switch position {
        case .ask(let question, let answers):
            if save.status == .open {
                Console.out("Next: \(question.label) Answer with --question \(question.rawValue) --answer one of \(answers.joined(separator: ", ")).")
            }
        case .leaf(let offers):
            if save.status == .open {
                Console.out(
                    offers.isEmpty
                        ? "The tree allows no concession: close the case."
                        : "The tree allows: \(offers.compactMap(policy.offer).map { offer in offer.kind.unit == .none ? offer.id : "\(offer.id) (up to \(Format.oneDecimal(offer.cap(segment: save.facts.segment ?? "default"))) alone)" }.joined(separator: ", "))."
                )
            }
        }
        if let request = save.request { Console.out("Waiting for approval: \(request.offer) \(Format.oneDecimal(request.amount)).") }
        if let grant = save.grant {
            Console.out("Granted: \(grant.offer) \(Format.oneDecimal(grant.granted ?? 0))\(grant.approver.map { " by \($0)" } ?? " within the cap").")
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a save case for a client (or --prospect for a deal), as its owner or a leader of that function.")
        @Argument(help: "The account's id.") var account: String
        @Flag(help: "A deal, not a renewal.") var prospect = false
        @Option(name: .customLong("as"), help: "Who you are (email or id).") var person: String
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                try await SaveCommand.step(as: person, files: files) { desk, who in
                    try await desk.open(account: account, kind: prospect ? .prospect : .renewal, by: who, origin: HandoffCommand.origin, at: .now)
                }
            }
        }
    }

    struct Answer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Answer the question the tree asks next.")
        @Argument(help: "The case's id (sav_…).") var id: String
        @Option(help: "reason, usage, tenure or segment.") var question: String = "reason"
        @Option(help: "The answer.") var answer: String
        @Option(name: .customLong("as"), help: "Who you are (email or id).") var person: String
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                guard let asked = ConcessionPolicy.Question(rawValue: question) else {
                    throw CLIError("--question '\(question)' is not one of \(ConcessionPolicy.Question.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                try await SaveCommand.step(as: person, files: files) { desk, who in
                    try await desk.answer(id, asked, answer, by: who, origin: HandoffCommand.origin, at: .now)
                }
            }
        }
    }

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask for an offer the tree allows: within its cap it is granted, above it the approver decides.")
        @Argument(help: "The case's id (sav_…).") var id: String
        @Option(help: "The offer's id.") var offer: String
        @Option(help: "A percent of MRR, or months of pause; leave out for training or an upgrade.") var amount: Double = 0
        @Option(help: "Why.") var comment: String?
        @Option(name: .customLong("as"), help: "Who you are (email or id).") var person: String
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                try await SaveCommand.step(as: person, files: files) { desk, who in
                    try await desk.request(id, offer: offer, amount: amount, comment: comment, by: who, origin: HandoffCommand.origin, at: .now)
                }
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve or decline a request above the cap, as the offer's approver.")
        @Argument(help: "The case's id (sav_…).") var id: String
        @Flag(help: "Decline instead of approving.") var decline = false
        @Option(help: "Grant less than was asked.") var amount: Double?
        @Option(help: "Why.") var comment: String?
        @Option(name: .customLong("as"), help: "Who you are (email or id).") var person: String
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                try await SaveCommand.step(as: person, files: files) { desk, who in
                    try await desk.decide(id, approve: !decline, amount: amount, comment: comment, by: who, origin: HandoffCommand.origin, at: .now)
                }
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a case without a concession, saying why.")
        @Argument(help: "The case's id (sav_…).") var id: String
        @Option(help: "Why it closes without one.") var note: String
        @Option(name: .customLong("as"), help: "Who you are (email or id).") var person: String
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                try await SaveCommand.step(as: person, files: files) { desk, who in
                    try await desk.close(id, note: note, by: who, origin: HandoffCommand.origin, at: .now)
                }
            }
        }
    }
}
