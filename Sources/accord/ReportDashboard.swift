import AccordApp
import AccordCore
import ArgumentParser

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "The shared dashboard in the terminal: every metric of the spec with its headline figure (--json for all figures).")
    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let (_, board) = try await storeCall { try await DashboardDesk(spec: spec, store: try await files.openStore()).dashboard(asOf: .today, now: .now) }
            if json {
                try Report.printJSON(board)
                return
            }
            Console.out("Shared dashboard, \(board.asOf.iso)")
            let width = board.metrics.map(\.name.count).max() ?? 0
            for shared in [true, false] {
                Console.out(shared ? "Owned by every function:" : "Everything else:")
                for metric in board.metrics where metric.shared == shared {
                    let name = metric.name + String(repeating: " ", count: max(0, width - metric.name.count))
                    Console.out("  \(name)  \(metric.display)  (\(metric.note))")
                }
            }
        }
    }
}

struct RenewalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renewals", abstract: "Renewals coming up, soonest first, with each client's outcome states and risk.")
    @Option(help: "Days ahead, 1 to 366.") var days = 90
    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var files: FileOptions

    func validate() throws {
        guard RenewalCalendar.horizons.contains(days) else { throw ValidationError("--days \(days) is not from 1 to 366") }
    }

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let calendar = try await storeCall {
                let snapshots = DashboardSnapshots(reading: DashboardDesk(spec: spec, store: try await files.openStore()))
                return try await RenewalDesk(snapshots: snapshots).calendar(asOf: .today, now: { .now }, days: days)
            }
            if json {
                try Report.printJSON(calendar)
                return
            }
            let risks = RenewalCalendar.Risk.allCases.map { "\(Format.count(calendar.byRisk[$0.rawValue] ?? 0)) \($0.rawValue)" }.joined(separator: ", ")
            Console.out(
                "\(Format.count(calendar.rows.count)) renewals in the next \(days) days, \(Format.dollars(cents: calendar.mrrDueCents)) MRR due; risk: \(risks)"
            )
            for row in calendar.rows {
                let why = row.reasons.isEmpty ? "" : " — " + row.reasons.joined(separator: "; ")
                Console.out(
                    "  \(row.renewalOn.iso)  \(row.risk.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))  \(Format.dollars(cents: row.mrrCents))  \(row.name) (\(row.account))\(why)"
                )
            }
        }
    }
}
