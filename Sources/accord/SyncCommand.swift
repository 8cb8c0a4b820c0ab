import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Run a source's Singer tap into the client record, and read the sync log.",
        subcommands: [RunTap.self, Remap.self, Replay.self, Runs.self, Status.self])

    /// The sync desk over the spec and database the options name.
    static func desk(_ files: FileOptions) async throws -> SyncDesk {
        SyncDesk(spec: try files.loadSpec(fallback: false).spec, store: try await files.openStore(), now: { .now }, today: { .today })
    }

    /// The sync's own failures as sentences the command line prints.
    static func call<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await storeCall(body)
        } catch let error as SyncDesk.Failure {
            throw CLIError(error.description)
        } catch let error as SyncConfigError {
            throw CLIError(error.description)
        } catch let error as TapRunner.Failure {
            throw CLIError(error.description)
        }
    }

    struct RunTap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Run the source's tap now and load what it sends; resumes from the last committed state.")

        @Argument(help: "The source, as in the spec's sources, with a sync.tap.")
        var source: String

        @Flag(help: "Start the tap without its state, so it reads everything again (records already held are upserted).")
        var fullRefresh = false

        @Flag(help: "Run the tap and count what it would change, writing nothing: no records, no state, no run in the log.")
        var dryRun = false

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let desk = try await SyncCommand.desk(files)
                let folder = (files.specPath as NSString).deletingLastPathComponent
                let runner = TapRunner(
                    desk: desk, environment: ProcessInfo.processInfo.environment, folder: folder.isEmpty ? FileManager.default.currentDirectoryPath : folder)
                Console.error("Running the tap of \(source)\(dryRun ? " (dry run: nothing is written)" : "")…")
                let run = try await SyncCommand.call {
                    try await runner.run(source, trigger: .manual, fullRefresh: fullRefresh, dryRun: dryRun) { lines in
                        Console.error("  \(Format.count(lines)) messages read")
                    }
                }
                SyncReport.print(run, dryRun: dryRun)
                if let tail = run.stderrTail, run.status != .ok { Console.error("The tap's last words:\n" + tail) }
                if run.status == .failed { throw ExitCode.failure }
            }
        }
    }

    struct Remap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Map the source's raw records again through the spec's mappings, after a mapping changed; no tap runs.")

        @Argument(help: "The source, as in the spec's sources, with a sync.tap.")
        var source: String

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let desk = try await SyncCommand.desk(files)
                let run = try await SyncCommand.call {
                    try await desk.remap(source) { count in Console.error("Mapping \(Format.count(count)) records again…") }
                }
                SyncReport.print(run)
                if run.status == .failed { throw ExitCode.failure }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Map the source's rejected records again, after the spec or a mapping was fixed; no tap runs.",
            discussion: """
                Each reject is taken once: what is refused again becomes a reject of the replay's run. A record refused
                before it reached the raw store (no schema, no key, not matching its schema) cannot be replayed: the tap
                has to send it again, with 'accord sync run SOURCE --full-refresh' once the tap is fixed.
                """)

        @Argument(help: "The source, as in the spec's sources, with a sync.tap.")
        var source: String

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let desk = try await SyncCommand.desk(files)
                let replay = try await SyncCommand.call { try await desk.replay(source) }
                if let run = replay.run {
                    Console.error("Replayed \(Format.count(replay.replayed)) rejected records of \(source).")
                    SyncReport.print(run)
                } else {
                    Console.error("No rejected record of \(source) is waiting in the raw store to be replayed.")
                }
                if !replay.needTheTap.isEmpty {
                    Console.error(
                        "\(Format.count(replay.needTheTap.count)) rejects never reached the raw store and need the tap to send them again "
                            + "(fix the tap, then 'accord sync run \(source) --full-refresh'); the first: \(replay.needTheTap[0].reject.stream) line \(replay.needTheTap[0].reject.line): \(replay.needTheTap[0].reject.reason)"
                    )
                }
                if replay.run?.status == .failed { throw ExitCode.failure }
            }
        }
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The latest sync runs, newest first.")

        @Option(help: "Only this source's runs.")
        var source: String?

        @Option(help: "How many runs.")
        var limit = 20

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let store = try await files.openStore()
                let runs = try await storeCall { try await store.syncRuns(source: source, limit: limit) }
                if runs.isEmpty { Console.out("No sync runs yet; start one with 'accord sync run SOURCE' or 'accord load --source SOURCE'.") }
                for run in runs {
                    let read = run.streams.values.reduce(0) { $0 + $1.read }
                    let rejected = run.streams.values.reduce(0) { $0 + $1.rejected }
                    Console.out(
                        "\(run.id)  \(run.source)  \(run.trigger.rawValue)  \(run.startedAt.iso)  \(run.status.rawValue)  read \(Format.count(read))  rejected \(Format.count(rejected))"
                            + (run.error.map { "  \($0)" } ?? ""))
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each source with a tap: its last run, and when the next is due.")

        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: false).spec
                let store = try await files.openStore()
                let synced = spec.sources.filter { $0.sync != nil }
                if synced.isEmpty { Console.out("No source has a sync.tap in the spec; Accord runs no tap.") }
                for source in synced {
                    let last = try await storeCall { try await store.syncRuns(source: source.id, limit: 1) }.first
                    guard let last else {
                        Console.out("\(source.id): never synced; runs \(source.schedule)")
                        continue
                    }
                    let wait = SyncSchedule.wait(after: [last], frequency: source.intervalSeconds(at: .now))
                    let due = source.nextDue(after: last.startedAt, wait: wait)
                    Console.out(
                        "\(source.id): last run \(last.id) \(last.status.rawValue) at \(last.startedAt.iso); next due \(due.iso)"
                            + (last.error.map { "; \($0)" } ?? ""))
                }
            }
        }
    }
}
