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
            A loader's --config file (as Meltano writes it) may give source, spec, db and database_url.
            """)

    @Option(help: "The source, as in the spec's sources; its sync.streams say what each stream feeds.")
    var source: String?

    @Option(help: ArgumentHelp("A Singer target's config file: {\"source\", \"spec\", \"db\", \"database_url\"}.", valueName: "file"))
    var config: String?

    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            var files = self.files
            var source = self.source
            if let config {
                let settings = try LoaderConfig.read(config)
                source = source ?? settings.source
                files.specOption = files.specOption ?? settings.spec
                files.dbOption = files.dbOption ?? settings.db
                files.databaseOption = files.databaseOption ?? settings.databaseURL
            }
            guard let source else { throw CLIError("name the source: --source NAME, or \"source\" in the --config file") }
            let spec = try files.loadSpec(fallback: false).spec
            let desk = SyncDesk(spec: spec, store: try await files.openStore(), now: { .now }, today: { .today })
            let loader = try await SyncCommand.call { try await desk.start(source, trigger: .load) }
            var announced: JSONValue?
            while let line = readLine(strippingNewline: true) {
                if let state = try await storeCall({ try await loader.take(line) }) {
                    Console.out(state.canonicalText)
                    announced = state
                }
                if loader.problem != nil { break }
            }
            let run = try await storeCall { try await loader.finish(exit: TapExit(code: 0)) }
            // The last state is often committed only at the end: it is announced then.
            if let state = loader.committedState, state != announced { Console.out(state.canonicalText) }
            SyncReport.print(run)
            if run.status == .failed { throw CLIError(run.error ?? "the load failed") }
        }
    }
}

/// The settings of `accord load` as a Singer target's config file, as Meltano passes a loader's.
struct LoaderConfig {
    var source: String?
    var spec: String?
    var db: String?
    var databaseURL: String?

    static let keys = ["source", "spec", "db", "database_url"]

    static func read(_ path: String) throws -> LoaderConfig {
        let value: JSONValue
        do {
            value = try JSONParser.parse(try readText(path))
        } catch let error as JSONParseError {
            throw CLIError("the loader config \(path) is not JSON: \(error.description)")
        }
        guard case .object(let settings) = value else { throw CLIError("the loader config \(path) must be a JSON object with \(keys.joined(separator: ", "))") }
        if let unknown = settings.keys.sorted().first(where: { !keys.contains($0) }) {
            throw CLIError("the loader config \(path) has '\(unknown)', which accord load does not read; its settings are \(keys.joined(separator: ", "))")
        }
        func text(_ key: String) throws -> String? {
            guard let setting = settings[key], setting != .null else { return nil }
            guard let string = setting.stringValue, !string.isEmpty else { throw CLIError("\(key) in the loader config \(path) must be text") }
            return string
        }
        return LoaderConfig(source: try text("source"), spec: try text("spec"), db: try text("db"), databaseURL: try text("database_url"))
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
