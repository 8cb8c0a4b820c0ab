import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

/// Moves a SQLite installation to PostgreSQL (or another SQLite file): every table, then row counts
/// and content digests compared per table before the copy commits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a SQLite database into an empty PostgreSQL database, checking counts and checksums per table.",
        discussion: "Example: accord migrate --from accord.db --to postgres://accord@db.internal/accord")

    @Option(help: ArgumentHelp("The SQLite database to copy.", valueName: "file"))
    var from: String

    @Option(help: ArgumentHelp("The empty database to copy into: postgres://user@host/db, or a SQLite file.", valueName: "url"))
    var to: String

    func validate() throws {
        guard FileManager.default.fileExists(atPath: from) else { throw ValidationError("--from \(from) does not exist") }
    }

    func run() async throws {
        try await reportingErrors {
            let source: SQLiteStore
            let target: SQLStore
            do {
                source = try SQLiteStore(path: from)
                target = to.hasPrefix("postgres://") || to.hasPrefix("postgresql://") ? try await PostgresStore(url: to) : try SQLiteStore(path: to)
            } catch let error as StoreError {
                throw CLIError(error.description)
            }
            let shown = (try? PostgresLocation(to).description) ?? to
            let started = Date()
            let progress = ProgressLine("Copying rows")
            let report = try await storeCall { try await source.copyEverything(to: target) { progress.update($0, of: $1) } }
            let width = report.map(\.table.count).max() ?? 10
            Console.out("Copied \(from) to \(shown) in \(Format.duration(seconds: Date().timeIntervalSince(started))); every table checked:")
            for table in report {
                let name = table.table.padding(toLength: width, withPad: " ", startingAt: 0)
                let rows = Format.count(table.copiedRows)
                Console.out(
                    "  \(name)  \(String(repeating: " ", count: max(0, 12 - rows.count)))\(rows) rows  sha256 \(table.copiedDigest.prefix(16))  \(table.matches ? "same" : "DIFFERENT")"
                )
            }
            let total = report.reduce(0) { $0 + $1.copiedRows }
            Console.out("\(Format.count(total)) rows in \(report.count) tables, counts and checksums equal on both sides.")
        }
    }
}
