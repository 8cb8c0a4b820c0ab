import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a CRM, marketing or support export (CSV or JSON Lines) through a source's field mapping.",
        discussion: """
            Rows already linked to an account update it; others are matched to existing accounts (same
            website, or by name, country and domain) or become new accounts. A row that shows several existing
            accounts to be one company merges them (the oldest survives) unless a person kept them apart;
            then the row is a conflict and left alone. Everything is written in one transaction.
            """)

    @Option(help: "The source, as in the spec's sources (e.g. salesforce, hubspot).")
    var source: String

    @Argument(help: "The export: .csv (with a header row) or .jsonl (one JSON object per line).")
    var file: String

    @Flag(help: "The file holds contacts (people), not companies.")
    var contacts = false

    @Flag(help: "Work out and report what would change without writing anything.")
    var dryRun = false

    @Option(help: "Write every rejected line, with its line number and reason, to this CSV file.")
    var rejects: String?

    @Option(help: ArgumentHelp("Match companies with an identity model saved by accord resolve --save-model.", valueName: "file"))
    var model: String?

    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            var desk = ImportDesk(spec: spec, store: try await files.openStore())
            desk.matcher = try AccountMatcher.loading(identity: spec.identity, model: model)
            let definition = try desk.source(source)
            let export = try Self.read(file)
            Console.error(
                "Read \(Format.count(export.rows.count)) rows from \(file)"
                    + (export.unreadable.isEmpty ? "" : ", \(Format.count(export.unreadable.count)) lines unreadable"))
            if contacts {
                try await importContacts(definition, desk: desk, export: export)
                return
            }
            let plan: ImportPlan
            let scoring = desk.matcher.savedModel == nil ? "" : " with the saved identity model"
            do {
                plan = try await storeCall {
                    try await desk.planAccounts(export, source: definition, today: Day.today) { count in
                        Console.error("Matching against \(Format.count(count)) accounts\(scoring)…")
                    }
                }
            } catch let error as ImportError {
                throw CLIError("\(file): \(error.description); nothing was imported")
            }
            if !dryRun {
                try await storeCall {
                    try await desk.applyAccounts(
                        plan, source: source, file: fileName, rows: export.rows.count, actor: .cli, at: .now, progress: ProgressLine("Writing").update)
                }
            }
            Console.out(
                "\(dryRun ? "Would import" : "Imported") \(Format.count(export.lines - plan.rejected.count)) of \(Format.count(export.lines)) rows from \(file) as source '\(source)':"
            )
            Console.out("  new accounts            \(Format.count(plan.created.count))")
            Console.out("  linked to existing      \(Format.count(plan.matched))")
            Console.out("  updated (linked before) \(Format.count(plan.alreadyLinked))")
            Console.out("  accounts merged         \(Format.count(plan.merges.count))")
            Console.out("  conflicts               \(Format.count(plan.conflicts.count))")
            Console.out("  to review               \(Format.count(plan.reviews.count))")
            Console.out("  rejected rows           \(Format.count(plan.rejected.count))")
            for merge in plan.merges.prefix(20) {
                Console.out("  \(merge.absorbed) \(dryRun ? "would merge" : "merged") into \(merge.survivor): \(merge.reason)")
            }
            for conflict in plan.conflicts.prefix(20) {
                Console.out(
                    "  line \(conflict.line): \(conflict.externalID) matches \(conflict.candidates.joined(separator: " and ")), which were kept apart; fix the row or merge them by hand"
                )
            }
            for review in plan.reviews.prefix(20) {
                Console.out(
                    "  line \(review.line): \(review.externalID) may be \(review.candidate) (\(Format.oneDecimal(review.probability * 100))%); not imported until decided"
                )
            }
            for duplicate in plan.possibleDuplicates.prefix(20) {
                Console.out(
                    "  line \(duplicate.line): \(duplicate.externalID) may be the same company as \(duplicate.candidate) (\(Format.oneDecimal(duplicate.probability * 100))%); imported as its own account, check it"
                )
            }
            for rejected in plan.rejected.prefix(20) { Console.out("  line \(rejected.line): \(rejected.reason)") }
            if plan.rejected.count > 20 || plan.conflicts.count > 20 {
                Console.out("  … and more; \(rejects == nil ? "--rejects FILE lists every rejected line" : "every rejected line is in \(rejects!)")")
            }
            try writeRejects(plan.rejected)
        }
    }

    var fileName: String { URL(fileURLWithPath: file).lastPathComponent }

    func importContacts(_ definition: SourceDefinition, desk: ImportDesk, export: ExportRows) async throws {
        let plan: ContactImportPlan
        do {
            plan = try await storeCall { try await desk.planContacts(export, source: definition) }
        } catch let error as ImportError {
            throw CLIError("\(file): \(error.description); nothing was imported")
        }
        let matched = plan.links.count - plan.created.count
        if !dryRun {
            try await storeCall {
                try await desk.applyContacts(
                    plan, source: source, file: fileName, rows: export.rows.count, actor: .cli, at: .now, progress: ProgressLine("Writing").update)
            }
        }
        Console.out(
            "\(dryRun ? "Would import" : "Imported") \(Format.count(export.lines - plan.rejected.count)) of \(Format.count(export.lines)) contact rows from \(file) as source '\(source)':"
        )
        Console.out("  new contacts            \(Format.count(plan.created.count))")
        Console.out("  linked to existing      \(Format.count(matched))")
        Console.out("  updated (linked before) \(Format.count(export.lines - plan.links.count - plan.rejected.count))")
        Console.out("  rejected rows           \(Format.count(plan.rejected.count))")
        for rejected in plan.rejected.prefix(20) { Console.out("  line \(rejected.line): \(rejected.reason)") }
        if plan.rejected.count > 20 {
            Console.out("  … and more; \(rejects == nil ? "--rejects FILE lists every rejected line" : "every rejected line is in \(rejects!)")")
        }
        try writeRejects(plan.rejected)
    }

    /// Header and rows with their line numbers, and the lines that are not rows. A file that cannot
    /// be trusted as a whole (unreadable, no header, many broken lines) stops the import before it starts.
    static func read(_ path: String) throws -> ExportRows {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path); check the path and its permissions") }
        let export: ExportRows
        do {
            if path.lowercased().hasSuffix(".jsonl") || path.lowercased().hasSuffix(".ndjson") {
                guard let text = String(data: data, encoding: .utf8) else { throw CLIError("cannot read \(path) as UTF-8 text; nothing was imported") }
                export = try ExportRows.jsonLines(text)
            } else {
                let progress = ProgressLine("Reading bytes")
                let total = data.count
                export = try ExportRows.csv([UInt8](data)) { progress.update($0, of: total) }
            }
        } catch let error as ImportError {
            throw CLIError("\(path):\(error.line.map { "\($0):" } ?? "") \(error.reason); nothing was imported")
        }
        if let untrusted = export.untrusted { throw CLIError("\(path): \(untrusted); nothing was imported") }
        return export
    }

    /// Every rejected line with its reason, as CSV, for fixing the rows and importing them again.
    func writeRejects(_ rejected: [(line: Int, reason: String)]) throws {
        guard let rejects else { return }
        let text = CSVText.encode(header: ["line", "reason"], rows: rejected.map { [.integer(Int64($0.line)), .text($0.reason)] })
        do { try text.write(toFile: rejects, atomically: true, encoding: .utf8) } catch {
            throw CLIError("cannot write the rejected lines to \(rejects): \(error.localizedDescription)")
        }
        Console.out("  rejected lines written to \(rejects)")
    }
}
