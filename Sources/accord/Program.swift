import AccordApp
import AccordCore
import AccordStore
import ArgumentParser

/// `accord program`: where the company stands in the 90-day program, checked against live state.
struct ProgramCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program", abstract: "The 90-day program: each phase's checks against live state, the day count and the renewals inside it.")

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day to read it on, YYYY-MM-DD (default: today, UTC).", valueName: "date"))
    var asOf: String?
    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var files: FileOptions

    func validate() throws {
        if let asOf, Day(iso: asOf) == nil { throw ValidationError("--as-of must be a date such as 2026-11-22, got '\(asOf)'") }
    }

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let today = asOf.flatMap { Day(iso: $0) } ?? .today
            let status = try await storeCall { try await ProgramDesk(spec: spec, store: try await files.openStore()).status(today: today) }
            if json {
                try Report.printJSON(status)
                return
            }
            let calendar = status.calendarText
            Console.out(
                "Day \(Format.count(status.day)) of the 90-day program (started \(status.start.iso), \(status.variant.rawValue) variant, \(calendar)): \(status.phases.filter(\.done).count) of 3 phases done"
            )
            for phase in status.phases {
                var state = phase.state
                if let day = phase.done ? phase.doneOn : phase.startedOn { state += phase.done ? " \(day.iso)" : " since \(day.iso)" }
                if phase.outOfOrder { state += ", OUT OF ORDER: started before phase \(phase.number - 1) was done" }
                Console.out("Phase \(phase.number), \(phase.name) (days \(phase.firstDay)-\(phase.lastDay)): \(state)")
                for check in phase.waitingOn { Console.out("  waiting on: \(check.label): \(check.detail)") }
                for check in phase.checks { Console.out("  \(check.passed ? "✓" : "✗") \(check.label): \(check.detail)") }
            }
            if status.renewalsInsideProgram.from > status.renewalsInsideProgram.to {
                Console.out("Renewals still inside the program: none, day 90 was \(status.renewalsInsideProgram.to.iso)")
            }
            for (title, due) in [("still inside the program", status.renewalsInsideProgram), ("in the next 90 days", status.renewalsNext90Days)]
            where due.from <= due.to {
                Console.out(
                    "Renewals \(title) (\(due.from.iso) to \(due.to.iso)): \(Format.count(due.count)), \(Format.dollars(cents: due.mrrCents)) MRR\(due.first.map { ", the first on \($0.iso)" } ?? "")"
                )
            }
        }
    }
}
