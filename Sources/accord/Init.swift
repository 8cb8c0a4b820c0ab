import AccordCore
import ArgumentParser
import Foundation

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write accord.yaml, a complete and commented alignment spec.")

    @Option(help: "full: every function, handoff, event, source and metric; compact: the seed's minimum viable version.")
    var template: SpecTemplate = .full

    @Flag(help: "Overwrite an existing file.")
    var force = false

    @Argument(help: ArgumentHelp("Where to write (default: $ACCORD_SPEC or accord.yaml).", valueName: "file"))
    var file: String?

    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let path = file ?? files.specPath
            if FileManager.default.fileExists(atPath: path), !force {
                throw CLIError("\(path) already exists; keep it, or pass --force to overwrite it")
            }
            let spec = template.spec
            // Write beside the target and rename, so an interrupted init never leaves half a file.
            let temporary = path + ".accord-tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(template.text.utf8)) else {
                throw CLIError("cannot write \(path): the folder does not exist or is not writable")
            }
            _ = try? FileManager.default.removeItem(atPath: path)
            do {
                try FileManager.default.moveItem(atPath: temporary, toPath: path)
            } catch {
                try? FileManager.default.removeItem(atPath: temporary)
                throw CLIError("cannot write \(path): \(error.localizedDescription)")
            }
            Console.out("Wrote \(path) (\(template.rawValue) template): \(spec.summary).")
            Console.out("Next: 'accord check' validates it, 'accord demo' loads a synthetic company, 'accord serve' opens the dashboard.")
        }
    }
}

extension SpecTemplate: ExpressibleByArgument {}

extension Spec {
    /// "5 functions, 12 people, 1 outcome model, ..." for command output.
    var summary: String {
        func n(_ count: Int, _ word: String) -> String { "\(Format.count(count)) \(word)\(count == 1 ? "" : "s")" }
        return [
            n(functions.count, "function"), n(people.count, "person").replacingOccurrences(of: "persons", with: "people"),
            n(outcomeModels.count, "outcome model"), n(handoffs.count, "handoff"), n(taxonomy.events.count, "event"),
            n(sources.count, "source"), n(dashboard.metrics.count, "metric"),
        ].joined(separator: ", ")
    }
}
