import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

/// Accord as a Singer target: `tap-x | accord load --source NAME`.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read Singer messages on stdin into a source's client record; print each state once it is committed.",
        discussion: """
            Accord as a Singer target, for a pipe or for Meltano as its loader: every record lands in the raw
            store and, for streams the spec's sync.streams feed to accounts or contacts, in the client record
            through the source's mappings. Only committed states are written to stdout, one per line.
            """)

    @Option(help: "The source, as in the spec's sources; its sync.streams say what each stream feeds.")
    var source: String

    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: false).spec
            let desk = SyncDesk(spec: spec, store: try await files.openStore(), now: { .now }, today: { .today })
            let loader = try await SyncCommand.call { try await desk.start(source, trigger: .load) }
            while let line = readLine(strippingNewline: true) {
                if let state = try await storeCall({ try await loader.take(line) }) { Console.out(state.canonicalText) }
                if loader.problem != nil { break }
            }
            let run = try await storeCall { try await loader.finish(exit: TapExit(code: 0)) }
            SyncReport.print(run)
            if run.status == .failed { throw CLIError(run.error ?? "the load failed") }
        }
    }
}

/// A run as the command line shows it: its status, then a line per stream.
enum SyncReport {
    static func print(_ run: SyncRun, dryRun: Bool = false) {
        Console.error(
            (dryRun ? "Dry run of \(run.source) (nothing written): " : "Sync run \(run.id) of \(run.source): ") + run.status.rawValue
                + (run.error.map { ", \($0)" } ?? ""))
        for (stream, counts) in run.streams.sorted(by: { $0.key < $1.key }) {
            Console.error(
                "  \(stream.padding(toLength: 24, withPad: " ", startingAt: 0)) read \(Format.count(counts.read)), created \(Format.count(counts.created)), "
                    + "updated \(Format.count(counts.updated)), unchanged \(Format.count(counts.unchanged)), deleted \(Format.count(counts.deleted)), "
                    + "to review \(Format.count(counts.toReview)), rejected \(Format.count(counts.rejected))")
        }
        for warning in run.warnings { Console.error("  warning: \(warning)") }
    }
}
