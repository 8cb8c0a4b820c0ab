import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the database with a realistic, deterministic synthetic company.",
        discussion: "The same --accounts, --seed and --as-of always give the same database, row for row.")

    @Option(help: "How many accounts (prospects and clients).")
    var accounts = 1000

    @Option(help: "Random seed; the same seed gives the same company.")
    var seed: UInt64 = 42

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The last day of history, YYYY-MM-DD (default: today, UTC).", valueName: "date"))
    var asOf: String?

    @Flag(help: "Replace the data already in the database.")
    var replace = false

    @OptionGroup var files: FileOptions

    func validate() throws {
        guard (1...1_000_000).contains(accounts) else {
            throw ValidationError("--accounts must be between 1 and 1,000,000, got \(accounts)")
        }
        if let asOf, Day(iso: asOf) == nil {
            throw ValidationError("--as-of must be a date such as 2026-11-22, got '\(asOf)'")
        }
    }

    func run() async throws {
        try await reportingErrors {
            let (spec, _) = try files.loadSpec(fallback: true)
            let store = try await files.openStore()
            let day = asOf.flatMap { Day(iso: $0) } ?? Day.today
            try await DemoLoader.load(into: store, path: files.databaseDescription, spec: spec, accounts: accounts, seed: seed, asOf: day, replace: replace)
        }
    }
}

/// Generates and writes the demo company, shared by `accord demo` and `accord serve --demo`.
enum DemoLoader {
    static func load(into store: SQLStore, path: String, spec: Spec, accounts: Int, seed: UInt64, asOf: Day, replace: Bool) async throws {
        let existing = try await storeCall { try await store.statistics() }.rows("accounts")
        if existing > 0, !replace {
            throw CLIError("\(path) already holds \(Format.count(existing)) accounts; add --replace to rebuild it, or use another --db")
        }
        let started = Date()
        let config = DemoConfig(accounts: accounts, seed: seed, asOf: asOf, spec: spec)
        let generating = ProgressLine("Generating accounts")
        let dataset = DemoCompany.generate(config) { generating.update($0, of: accounts) }
        let writing = ProgressLine("Writing rows")
        try await storeCall {
            try await store.replaceAll(with: dataset) { writing.update($0, of: $1) }
            try await store.setMeta("demo", "accounts=\(accounts) seed=\(seed) as_of=\(asOf.iso)")
            // The demo company is on day 120 of its 90-day program unless the spec names a start.
            try await store.setMeta(ProgramDesk.startKey, asOf.adding(days: -119).iso)
            try await ProgramDesk(spec: spec, store: store).seedDemoProposals(asOf: asOf)
        }
        if !spec.playbooks.isEmpty {
            // A year of the plays working, then today's evaluation, as accord serve makes it each hour.
            let plays = PlayDesk(spec: spec, store: store)
            let working = ProgressLine("Working a year of plays, week")
            try await storeCall {
                try await plays.seedDemoHistory(asOf: asOf) { working.update($0, of: $1) }
                try await plays.evaluate(asOf: asOf, now: Instant(day: asOf, seconds: 8 * 3600), actor: "demo", origin: "local")
            }
        }
        if spec.concessions != nil {
            Console.out("Working a year of save cases…")
            try await storeCall { try await SaveDesk(spec: spec, store: store).seedDemoHistory(asOf: asOf) }
            Console.out("Running a year of win-back campaigns…")
            try await storeCall { try await WinBackDesk(spec: spec, store: store).seedDemoCampaigns(asOf: asOf) }
        }
        let statistics = try await storeCall { try await store.statistics() }
        let seconds = Date().timeIntervalSince(started)
        Console.out("Demo company written to \(path) in \(Format.duration(seconds: seconds)) (seed \(seed), history up to \(asOf.iso)):")
        printStatistics(statistics)
    }
}

func printStatistics(_ statistics: StoreStatistics) {
    let width = statistics.tables.map(\.table.count).max() ?? 10
    for table in statistics.tables {
        let count = Format.count(table.rows)
        Console.out(
            "  \(table.table.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(repeating: " ", count: max(0, 11 - count.count)))\(count)")
    }
    Console.out("  content digest: \(statistics.contentDigest)")
}

/// Store failures become one-line CLI errors.
func storeCall<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as StoreError {
        throw CLIError(error.description)
    }
}
