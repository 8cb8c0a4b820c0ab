import AccordApp
import AccordCore
import ArgumentParser

struct HealthValidationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health-validation",
        abstract: "Whether the health score predicts renewal: rates by band 90 and 180 days before, AUC, lead time, and weights that do not help.")

    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let report = try await storeCall { try await HealthDesk(spec: spec, store: try await files.openStore()).validation(asOf: .today) }
            if json {
                try Report.printJSON(report)
                return
            }
            func percent(_ value: Double?) -> String { value.map(Format.percent) ?? "—" }
            Console.out(
                "Health validation over \(Format.count(report.accounts)) clients whose first renewal came (\(Format.count(report.renewed)) renewed, \(Format.count(report.churned)) churned)"
            )
            for horizon in report.horizons {
                Console.out("  \(horizon.daysBefore) days before renewal (AUC \(percent(horizon.auc)), 50% is chance):")
                for row in horizon.bands {
                    Console.out(
                        "    \(row.band.rawValue.replacingOccurrences(of: "_", with: " ")): \(Format.count(row.accounts)) clients, renewed \(percent(row.renewalRate)), expanded \(percent(row.expansionRate))"
                    )
                }
            }
            Console.out(
                "  churned clients flagged at risk within 180 days before renewal: \(Format.count(report.churnedFlagged)) of \(Format.count(report.churned))"
                    + (report.medianLeadDays.map { ", a median of \(Format.count($0)) days ahead" } ?? ""))
            for factor in report.factors {
                Console.out(
                    "  \(factor.factor.rawValue) (weight \(Format.oneDecimal(factor.weight))): AUC without it \(percent(factor.aucWithout))\(factor.helps ? "" : "  ← its weight does not help")"
                )
            }
        }
    }
}
