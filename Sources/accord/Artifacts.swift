import AccordApp
import AccordCore
import ArgumentParser
import Foundation

/// `accord artifacts --out DIR`: the program's four artifacts as Markdown files, from the running spec and database.
struct ArtifactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts",
        abstract: "Write the four artifacts (outcome model, handoff SLAs, data dictionary, dashboard specification) as Markdown.")

    @Option(help: ArgumentHelp("The folder to write them to (made if missing; files of the same name are replaced).", valueName: "dir"))
    var out: String
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day they are written for, YYYY-MM-DD (default: today, UTC).", valueName: "date"))
    var asOf: String?
    @OptionGroup var files: FileOptions

    func validate() throws {
        if let asOf, Day(iso: asOf) == nil { throw ValidationError("--as-of must be a date such as 2026-11-22, got '\(asOf)'") }
    }

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let today = asOf.flatMap { Day(iso: $0) } ?? .today
            let folder = URL(fileURLWithPath: out, isDirectory: true)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw CLIError("cannot make the folder \(out): \(error.localizedDescription); give --out a folder you may write to")
            }
            let desk = ProgramDesk(spec: spec, store: try await files.openStore())
            let progress = ProgressLine("artifacts written:")
            progress.update(0, of: Artifact.Kind.allCases.count)
            let artifacts = try await storeCall { try await desk.artifacts(asOf: today, now: .now) }
            for (index, artifact) in artifacts.enumerated() {
                let file = folder.appendingPathComponent("\(artifact.kind.rawValue).md")
                do {
                    try Data(artifact.markdown().utf8).write(to: file, options: .atomic)
                } catch {
                    throw CLIError("cannot write \(file.path): \(error.localizedDescription)")
                }
                progress.update(index + 1, of: artifacts.count)
                Console.out("\(file.path): \(artifact.title), \(Format.count(artifact.sections.count)) sections")
            }
            Console.out("Spec \(try desk.fingerprint()), as of \(today.iso)")
        }
    }
}
