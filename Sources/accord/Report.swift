import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reports: the shared dashboard, renewals, the weekly triage, SLA, outcome and health validation, portfolio and adoption.",
        subcommands: [
            DashboardCommand.self, RenewalsCommand.self, Triage.self, SLA.self, Note.self, OutcomeValidationCommand.self, HealthValidationCommand.self,
            PlaysReportCommand.self, ConcessionsReportCommand.self, WinBackReportCommand.self,
            Portfolio.self, Adoption.self,
        ])

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        Console.out(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func counts(_ title: String, _ counts: [Count]) {
        guard !counts.isEmpty else { return }
        Console.out("  \(title): " + counts.map { "\($0.key) \(Format.count($0.count))" }.joined(separator: ", "))
    }

    struct Triage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rejections, decision times, SLA breaches and the meeting's notes for one ISO week.")

        @Option(help: "The ISO week, e.g. 2026-W47 (default: this week).") var week: String?
        @Flag(help: "Print JSON instead of text.") var json = false
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                let chosen =
                    try week.map { text in
                        guard let week = ISOWeek(text) else { throw CLIError("'\(text)' is not an ISO week such as 2026-W47") }
                        return week
                    } ?? ISOWeek(containing: .today)
                let report = try await storeCall { try await HandoffReportDesk(spec: spec, store: try await files.openStore()).triage(chosen) }
                if json {
                    try Report.printJSON(report)
                    return
                }
                Console.out("Handoff triage \(report.week) (\(report.from.iso) to \(report.to.iso))")
                Console.out(
                    "  submitted \(Format.count(report.submitted)), rejected \(Format.count(report.rejections)), SLA breaches \(Format.count(report.slaBreaches.count))"
                )
                if let median = report.timeToDecision.medianHours, let p90 = report.timeToDecision.p90Hours {
                    Console.out(
                        "  time to decision: median \(Format.oneDecimal(median)) h, p90 \(Format.oneDecimal(p90)) h over \(Format.count(report.timeToDecision.decided)) decisions"
                    )
                }
                Report.counts("rejections by transition", report.byTransition)
                Report.counts("by reason", report.byReason)
                Report.counts("by sender", report.bySender)
                Report.counts("by receiver", report.byReceiver)
                Report.counts("repeat offenders", report.repeatOffenders)
                for handoff in report.slaBreaches { Console.out("  breached: \(handoff.id) \(handoff.handoff) \(handoff.accountID), due \(handoff.dueAt.iso)") }
                for note in report.rootCauses { Console.out("  root cause\(note.handoff.map { " (\($0))" } ?? ""): \(note.text) — \(note.by)") }
                for note in report.proposals { Console.out("  proposal\(note.handoff.map { " (\($0))" } ?? ""): \(note.text) — \(note.by)") }
            }
        }
    }

    struct SLA: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sla", abstract: "Per transition: median and p90 time to decision, breach and rejection rates.")

        @Option(help: "First day (default: 89 days before --to).") var from: String?
        @Option(help: "Last day (default: today).") var to: String?
        @Flag(help: "Print JSON instead of text.") var json = false
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                func day(_ text: String?) throws -> Day? {
                    guard let text else { return nil }
                    guard let day = Day(iso: text) else { throw CLIError("'\(text)' is not a date such as 2026-11-22") }
                    return day
                }
                let end = try day(to) ?? .today
                let start = try day(from) ?? end.adding(days: -89)
                let report = try await storeCall { try await HandoffReportDesk(spec: spec, store: try await files.openStore()).sla(from: start, to: end) }
                if json {
                    try Report.printJSON(report)
                    return
                }
                Console.out("Handoff SLAs, \(start.iso) to \(end.iso)")
                for row in report.rows {
                    let times =
                        row.timeToDecision.medianHours.map { "median \(Format.oneDecimal($0)) h, p90 \(Format.oneDecimal(row.timeToDecision.p90Hours ?? 0)) h" }
                        ?? "no decisions"
                    let rates =
                        row.breachRate.map { "breached \(Format.oneDecimal($0 * 100))%, rejected \(Format.oneDecimal((row.rejectionRate ?? 0) * 100))%" } ?? ""
                    Console.out(
                        "  \(row.handoff) (SLA \(Format.oneDecimal(row.slaHours)) h): \(Format.count(row.submitted)) submitted, \(times)\(rates.isEmpty ? "" : ", " + rates)"
                    )
                }
            }
        }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the triage meeting's root cause or proposed change back into a week's report.")

        @Argument(help: "The note.") var text: String
        @Option(help: "The ISO week (default: this week).") var week: String?
        @Option(help: "root_cause or proposal.") var kind = "root_cause"
        @Option(help: "The transition it concerns.") var handoff: String?
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                guard let kind = TriageNote.Kind(rawValue: kind) else { throw CLIError("'\(kind)' is not one of root_cause, proposal") }
                let chosen =
                    try week.map { text in
                        guard let week = ISOWeek(text) else { throw CLIError("'\(text)' is not an ISO week such as 2026-W47") }
                        return week
                    } ?? ISOWeek(containing: .today)
                if let handoff, !spec.handoffs.contains(where: { $0.id == handoff }) {
                    throw CLIError("'\(handoff)' is not a handoff in the spec; its handoffs are \(spec.handoffs.map(\.id).joined(separator: ", "))")
                }
                let entry = AuditEntry.cli("triage.note_written", target: "week:\(chosen)", after: ["kind": .string(kind.rawValue), "text": .string(text)])
                let note = TriageNote(week: chosen.description, kind: kind, handoff: handoff, text: text, by: entry.actor, at: entry.at)
                let store = try await files.openStore()
                try await storeCall { try await store.saveTriageNote(note, audit: entry) }
                Console.out("Noted for \(chosen).")
            }
        }
    }
}

struct OutcomeValidationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcome-validation",
        abstract: "The quarterly refresh: for clients that reached renewal, whether each outcome predicts renewal.")

    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let report = try await storeCall { try await HandoffReportDesk(spec: spec, store: try await files.openStore()).outcomeValidation(asOf: .today) }
            if json {
                try Report.printJSON(report)
                return
            }
            func percent(_ value: Double?) -> String { value.map { "\(Format.oneDecimal($0 * 100))%" } ?? "—" }
            Console.out("Outcome validation over \(Format.count(report.accounts)) clients that reached renewal (renewal rate \(percent(report.renewalRate)))")
            for row in report.rows {
                let interval = row.differenceLow.map { "\(Format.oneDecimal($0 * 100)) to \(Format.oneDecimal((row.differenceHigh ?? 0) * 100)) points" } ?? "—"
                Console.out(
                    "  \(row.outcome): renewed \(percent(row.renewalRateAchieved)) of \(Format.count(row.achieved)) that achieved it vs \(percent(row.renewalRateNotAchieved)) of \(Format.count(row.notAchieved)) that did not; lift \(row.lift.map { Format.oneDecimal($0) } ?? "—"), 95% interval of the difference \(interval)\(row.predictsRenewal ? "" : "  ← does not predict renewal")"
                )
            }
            Console.out(
                "  AUC of the number of outcomes achieved as a renewal score: \(report.auc.map { Format.oneDecimal($0 * 100) + "%" } ?? "—") (50% is chance)")
        }
    }
}

struct Portfolio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "How many clients are in each state on each outcome (--json adds the breakdowns by cohort, segment, CSM and rep).")
    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let report = try await storeCall { try await HandoffReportDesk(spec: spec, store: try await files.openStore()).portfolio(asOf: .today) }
            if json {
                try Report.printJSON(report)
                return
            }
            Console.out("Outcomes across \(Format.count(report.accounts)) clients, \(report.asOf.iso)")
            let order = OutcomeProgress.State.allCases.map(\.rawValue)
            for row in report.rows {
                Console.out(
                    "  \(row.outcome): "
                        + order.compactMap { state in row.states[state].map { "\(state.replacingOccurrences(of: "_", with: " ")) \(Format.count($0))" } }
                        .joined(separator: ", "))
            }
        }
    }
}

struct Adoption: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Per sales rep: closed clients past 90 days that reached the adoption threshold within 90 days.")
    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let report = try await storeCall { try await HandoffReportDesk(spec: spec, store: try await files.openStore()).adoption(asOf: .today) }
            if json {
                try Report.printJSON(report)
                return
            }
            Console.out("90-day adoption (weekly active ≥ \(Format.oneDecimal(report.threshold * 100))% of licensed seats) by sales rep")
            for row in report.rows {
                Console.out("  \(row.rep): \(Format.count(row.adopted)) of \(Format.count(row.closed)) (\(Format.oneDecimal((row.rate ?? 0) * 100))%)")
            }
        }
    }
}
