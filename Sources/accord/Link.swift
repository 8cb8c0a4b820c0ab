import AccordCore
import ArgumentParser
import Foundation

struct Link: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Link two CSV files or dedupe one with the identity engine; writes clusters (and scored pairs).",
        discussion: """
            The settings file names the unique id column, blocking rules, comparison levels per column,
            and the training rules (see README, "Record linkage"). Example:
              accord link --config linkage.yaml people_a.csv people_b.csv --pairs pairs.csv
            """)

    @Option(help: "The linkage settings (YAML).")
    var config: String

    @Argument(help: "One CSV file to dedupe, or two to link.")
    var files: [String]

    @Option(help: "Where to write the clusters: unique_id, file, cluster.")
    var out = "clusters.csv"

    @Option(help: "Also write every pair at or above the threshold with its weights and levels.")
    var pairs: String?

    @Option(name: .customLong("save-model"), help: ArgumentHelp("Write the trained model (prior, m and u per level) to this file.", valueName: "file"))
    var saveModel: String?

    @Option(help: ArgumentHelp("Score with a model saved by --save-model instead of training one.", valueName: "file"))
    var model: String?

    func validate() throws {
        guard (1...2).contains(files.count) else { throw ValidationError("give one CSV file to dedupe or two to link, not \(files.count)") }
    }

    func run() throws {
        try reportingErrorsSync {
            let started = ContinuousClock.now
            guard let text = try? String(contentsOfFile: config, encoding: .utf8) else {
                throw CLIError("cannot read the linkage settings \(config)")
            }
            let (settings, diagnostics) = LinkageSettings.read(text)
            for diagnostic in diagnostics {
                Console.error("\(config):\(diagnostic.location.line):\(diagnostic.location.column): \(diagnostic.severity.rawValue): \(diagnostic.message)")
            }
            guard let settings else { throw CLIError("\(config) has errors; nothing was linked") }
            // Each step with the time since the start, so a long run shows where it is and where its time goes.
            func progress(_ message: String) {
                let elapsed = ContinuousClock.now - started
                Console.error("\(Format.oneDecimal(elapsed.seconds)) s  \(message)")
            }
            let tables = try files.map { file in
                let table = try Self.readTable(file, delimiter: settings.delimiter)
                progress("Read \(Format.count(table.rows.count)) records from \(file)")
                return table
            }
            let engine: LinkageEngine
            do {
                engine = try LinkageEngine(settings: settings, left: tables[0], right: tables.count > 1 ? tables[1] : nil)
            } catch let error as LinkageError {
                throw CLIError(error.description)
            }
            progress("Normalised and indexed \(Format.count(settings.columns.count)) columns")
            var saved: LinkageModel?
            if let model {
                guard let text = try? String(contentsOfFile: model, encoding: .utf8) else { throw CLIError("cannot read the model \(model)") }
                do { saved = try SavedLinkageModel.read(text, settings: settings) } catch let error as LinkageError {
                    throw CLIError("\(model): \(error.description)")
                }
            }
            let result = engine.run(model: saved, progress: progress)
            try writeClusters(result)
            if let pairs { try writePairs(result, settings: settings, to: pairs) }
            if let saveModel {
                do {
                    try SavedLinkageModel.text(result.model, settings: settings).write(toFile: saveModel, atomically: true, encoding: .utf8)
                } catch {
                    throw CLIError("cannot write the model to \(saveModel): \(error.localizedDescription)")
                }
            }
            let elapsed = ContinuousClock.now - started
            let clusters = Set(result.cluster).count
            Console.out(
                "Linked \(Format.count(result.uniqueIDs.count)) records in \(Format.oneDecimal(elapsed.seconds)) s:"
            )
            Console.out("  candidate pairs      \(Format.count(result.candidatePairs))")
            Console.out("  links at p ≥ \(settings.threshold)   \(Format.count(result.links.count))")
            Console.out("  clusters             \(Format.count(clusters))")
            Console.out("  prior λ              \(result.model.lambda)")
            Console.out("Clusters written to \(out)\(pairs.map { ", pairs to \($0)" } ?? "")\(saveModel.map { ", the model to \($0)" } ?? "").")
        }
    }

    /// - Parameter delimiter: the settings' delimiter; nil reads a tab-separated file as one.
    static func readTable(_ path: String, delimiter: UInt8? = nil) throws -> LinkageTable {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path); check the path and its permissions") }
        let bytes = [UInt8](data)
        // Every record takes part in the clusters, so one unreadable line stops the run rather than dropping a record.
        var reader: CSVReader
        do { reader = try CSVReader(bytes: bytes, delimiter: delimiter ?? CSVReader.detectDelimiter(bytes)) } catch { throw CLIError("\(path): \(error)") }
        // Parts of the file on each core, their records joined in order.
        var rows: [[String]] = []
        for item in reader.readAll(parts: LinkageParallel.cores) {
            switch item {
            case .record(_, let cells): rows.append(cells)
            case .rejected(let line, let reason): throw CLIError("\(path):\(line): the line \(reason); fix it and run again")
            }
        }
        return LinkageTable(name: path, header: reader.header, rows: rows)
    }

    func writeClusters(_ result: LinkageResult) throws {
        var writer = CSVFileWriter(header: ["unique_id", "file", "cluster"])
        for (index, id) in result.uniqueIDs.enumerated() {
            writer.cell(id)
            writer.comma()
            writer.cell(files[index < result.leftCount ? 0 : 1])
            writer.comma()
            writer.cell(result.uniqueIDs[result.cluster[index]])
            writer.endLine()
        }
        do { try writer.write(to: out) } catch { throw CLIError("cannot write the clusters to \(out): \(error.localizedDescription)") }
    }

    func writePairs(_ result: LinkageResult, settings: LinkageSettings, to path: String) throws {
        var writer = CSVFileWriter(
            header: ["unique_id_l", "unique_id_r", "match_weight", "match_probability"] + settings.comparisons.map { "level_\($0.column)" })
        // Each level's name once, not once per pair.
        let names = settings.comparisons.map { comparison in comparison.levels.map(\.description) + ["other"] }
        for link in result.links {
            writer.cell(result.uniqueIDs[link.left])
            writer.comma()
            writer.cell(result.uniqueIDs[link.right])
            writer.comma()
            writer.number(link.weight, decimals: 4)
            writer.comma()
            writer.number(link.probability, decimals: 6)
            for (c, level) in link.levels.enumerated() {
                writer.comma()
                writer.cell(level < 0 ? "null" : names[c][min(Int(level), names[c].count - 1)])
            }
            writer.endLine()
        }
        do { try writer.write(to: path) } catch { throw CLIError("cannot write the pairs to \(path): \(error.localizedDescription)") }
    }
}
