import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

/// `accord win-back`: the ranked list of churned clients, and the campaigns made of it.
struct WinBackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "win-back", abstract: "Churned clients ranked by their chance to return, and the win-back campaigns made of them.",
        subcommands: [List.self, Start.self, Campaigns.self, Close.self, Reason.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Churned clients gone now, highest chance to return first, each with why.")
        @Option(help: "Show this many (0 for all).") var top = 20
        @Flag(help: "Print JSON instead of text.") var json = false
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                let list = try await storeCall { try await WinBackDesk(spec: spec, store: try await files.openStore()).list(asOf: .today) }
                if json {
                    try Report.printJSON(list)
                    return
                }
                Console.out(
                    "\(Format.count(list.rows.count)) churned client\(list.rows.count == 1 ? "" : "s") gone now, as of \(list.asOf.iso); backtest AUC \(list.backtestAUC.map(Format.percent) ?? "—") on \(Format.count(list.backtestClients)) past leavers"
                )
                for row in top > 0 ? Array(list.rows.prefix(top)) : list.rows {
                    Console.out(
                        "  \(String(row.rank).padding(toLength: 4, withPad: " ", startingAt: 0)) \(row.facts.account)  \(row.facts.name)  \(row.score.points)%  \(row.facts.reason?.label ?? "reason not recorded")  worth \(Format.dollars(cents: row.expectedValueCents))  offer: \(row.offerName ?? "—")"
                    )
                }
            }
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a campaign of the list: name the accounts, or take the top N (of one reason).")
        @Option(help: "What people will call it.") var name: String
        @Option(help: "An offer id of the concession tree; leave out for a conversation without one.") var offer: String?
        @Option(help: "An account to include (repeat for several).") var account: [String] = []
        @Option(help: "The top N of the list.") var top: Int?
        @Option(help: "Only leavers of this reason (with --top).") var reason: String?
        @Option(name: .customLong("as"), help: "Who you are (email or id): marketing, sales or CS.") var person: String
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                if account.isEmpty && top == nil { throw CLIError("name the members: --account ID (repeat) or --top N") }
                if !account.isEmpty && (top != nil || reason != nil) {
                    throw CLIError("--account names the members; --top and --reason pick them: use one or the other")
                }
                let reasons = try choices(reason.map { [$0] } ?? [], option: "reason", ChurnReason.self)
                let campaign = try await WinBackCommand.acting(as: person, files: files) { desk, who in
                    try await desk.startCampaign(
                        name: name, offer: offer, selection: .init(accounts: account, top: top, reason: reasons.first), by: who,
                        origin: HandoffCommand.origin, at: .now)
                }
                Console.out(
                    "\(campaign.id) started: \(campaign.name), \(Format.count(campaign.members.count)) member\(campaign.members.count == 1 ? "" : "s"), offer \(campaign.offer ?? "none")"
                )
                for member in campaign.members { Console.out("  #\(member.rank) \(member.account)  \(member.name)  \(member.points)%") }
            }
        }
    }

    struct Campaigns: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Campaigns, newest first, with who came back so far.")
        @Flag(help: "Print JSON instead of text.") var json = false
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                let results = try await storeCall { try await WinBackDesk(spec: spec, store: try await files.openStore()).results(asOf: .today) }
                if json {
                    try Report.printJSON(results.campaigns)
                    return
                }
                Console.out("\(Format.count(results.campaigns.count)) win-back campaign\(results.campaigns.count == 1 ? "" : "s")")
                for c in results.campaigns {
                    Console.out(
                        "  \(c.id)  \(c.startedOn.iso)  \(c.status.rawValue)  \(c.name)  offer \(c.offer ?? "none")  won back \(Format.count(c.wonBack)) of \(Format.count(c.members))\(c.final ? "" : " so far (followed until \(c.windowEnd.iso))")  \(Format.dollars(cents: c.mrrWonBackCents)) MRR"
                    )
                }
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a running campaign; its members are still followed for six months from its start.")
        @Argument(help: "The campaign's id (wbc_…).") var id: String
        @Option(help: "What it taught.") var note: String?
        @Option(name: .customLong("as"), help: "Who you are (email or id).") var person: String
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let campaign = try await WinBackCommand.acting(as: person, files: files) { desk, who in
                    try await desk.closeCampaign(id, note: note, by: who, origin: HandoffCommand.origin, at: .now)
                }
                Console.out("\(campaign.id) closed: \(campaign.name)")
            }
        }
    }

    struct Reason: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record why a client left (its latest churn), where no system sent it or to correct it.")
        @Argument(help: "The account's id.") var account: String
        @Argument(help: "price, budget, cannot_use_now, product_fit, service, champion_left or business_closure.") var reason: String
        @Option(help: "What happened, in a sentence.") var note: String?
        @Option(name: .customLong("as"), help: "Who you are (email or id): marketing, sales or CS.") var person: String
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let value = try choices([reason], option: "reason", ChurnReason.self)[0]
                let recorded = try await WinBackCommand.acting(as: person, files: files) { desk, who in
                    try await desk.recordReason(account: account, reason: value, note: note, by: who, origin: HandoffCommand.origin, at: .now)
                }
                Console.out(
                    "\(recorded.account): left on \(recorded.churnedOn.iso) over \(recorded.reason.label)\(recorded.replaced.map { " (was \($0.label))" } ?? "")"
                )
            }
        }
    }

    static func acting<T>(as who: String, files: FileOptions, _ body: (WinBackDesk, Person) async throws -> T) async throws -> T {
        let spec = try files.loadSpec(fallback: true).spec
        guard let person = spec.person(email: who) ?? spec.person(who) else { throw CLIError("'\(who)' is not among the spec's people") }
        let desk = WinBackDesk(spec: spec, store: try await files.openStore())
        do {
            return try await storeCall { try await body(desk, person) }
        } catch let failure as WinBackCampaignMachine.Failure {
            throw CLIError(failure.description)
        } catch let failure as WinBackDesk.Failure {
            throw CLIError(failure.description)
        } catch let failure as ChurnReasonEntry.Failure {
            throw CLIError(failure.description)
        }
    }
}

struct WinBackReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "win-back",
        abstract:
            "What win-back brought back: campaigns by offer and by churn reason against leavers no campaign reached, churn by reason, and the ranking's backtest."
    )

    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let results = try await storeCall { try await WinBackDesk(spec: spec, store: try await files.openStore()).results(asOf: .today) }
            if json {
                try Report.printJSON(results)
                return
            }
            Console.out(
                "Win-back as of \(results.asOf.iso): \(Format.count(results.campaigns.count)) campaigns, \(Format.count(results.campaigns.map(\.members).reduce(0, +))) members, \(Format.count(results.campaigns.map(\.wonBack).reduce(0, +))) won back"
            )
            func rate(_ interval: ShareInterval?) -> String {
                interval.map { "\(Format.percent($0.share)) (95% \(Format.percent($0.low)) to \(Format.percent($0.high)))" } ?? "—"
            }
            func print(_ group: WinBackResults.Group) {
                let against =
                    group.againstNone.map {
                        ", \(Format.signed($0.difference * 100)) pts vs no campaign (95% \(Format.signed($0.low * 100)) to \(Format.signed($0.high * 100)))"
                    } ?? ""
                Console.out(
                    "  \(group.label): \(Format.count(group.wonBack)) of \(Format.count(group.clients)) came back, \(rate(group.rate)), \(Format.dollars(cents: group.mrrWonBackCents)) MRR\(against)"
                )
            }
            Console.out("By offer:")
            results.byOffer.forEach(print)
            print(results.none)
            Console.out("By churn reason (campaign members):")
            results.byReason.forEach(print)
            Console.out("Every churn by reason:")
            for reason in results.churnByReason {
                Console.out(
                    "  \(reason.label): \(Format.count(reason.clients)) client\(reason.clients == 1 ? "" : "s"), \(Format.dollars(cents: reason.mrrLostCents)) MRR lost, \(Format.count(reason.cameBack)) came back, \(rate(reason.rate))"
                )
            }
            Console.out(
                "Ranking backtest: AUC \(results.backtestAUC.map(Format.percent) ?? "—") on \(Format.count(results.backtestClients)) leavers scored a month after leaving, \(Format.count(results.backtestReturned)) came back within six months (50% is chance)"
            )
        }
    }
}
