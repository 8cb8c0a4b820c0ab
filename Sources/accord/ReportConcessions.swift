import AccordApp
import AccordCore
import ArgumentParser

struct ConcessionsReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concessions",
        abstract: "What kept clients: retention and net MRR kept 3, 6 and 12 months after each save case, by concession and by reason, against cases with none."
    )

    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let results = try await storeCall { try await SaveDesk(spec: spec, store: try await files.openStore()).results(asOf: .today) }
            if json {
                try Report.printJSON(results)
                return
            }
            func percent(_ value: Double?) -> String { value.map(Format.percent) ?? "—" }
            Console.out(
                "Concessions: \(Format.count(results.cases.count)) decided save cases, \(Format.count(results.cases.filter { $0.concession != nil }.count)) with a concession, as of \(results.asOf.iso)"
            )
            func print(_ group: ConcessionResults.Group) {
                let figures = group.horizons.map { f in
                    "\(f.months) mo: kept \(percent(f.retention)) of \(Format.count(f.cases)), MRR \(percent(f.netMRRKept))"
                        + (f.againstNone.map {
                            " (\(Format.signed($0.difference * 100)) pts vs none, 95% \(Format.signed($0.low * 100)) to \(Format.signed($0.high * 100)))"
                        } ?? "")
                }
                Console.out("  \(group.label) (\(Format.count(group.cases))): \(figures.joined(separator: "; "))")
            }
            Console.out("Without a concession:")
            print(results.none)
            Console.out("By concession:")
            results.byConcession.forEach(print)
            Console.out("By reason:")
            results.byReason.forEach(print)
        }
    }
}
