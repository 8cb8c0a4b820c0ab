import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "List plays' tasks, and mark one done or skipped (with a reason).", subcommands: [List.self, Done.self, Skip.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tasks, soonest due first: open and held by default.")
        @Option(help: "Only this person's (email or id).") var owner: String?
        @Option(help: "open, done, skipped or held (repeat for several).") var status: [String] = []
        @Option(help: "Only this play's.") var play: String?
        @Flag(help: "Print JSON instead of text.") var json = false
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                let statuses = try choices(status, option: "status", PlayTask.Status.self)
                let owner = try self.owner.map { who in
                    guard let person = spec.person(email: who) ?? spec.person(who) else { throw CLIError("'\(who)' is not among the spec's people") }
                    return person.id
                }
                let store = try await files.openStore()
                let tasks = try await storeCall {
                    try await store.tasks(TaskQuery(owner: owner, statuses: statuses.isEmpty ? [.open, .held] : statuses, play: play, limit: 1000))
                }
                if json {
                    try Report.printJSON(tasks)
                    return
                }
                let today = Day.today
                Console.out("\(Format.count(tasks.count)) task\(tasks.count == 1 ? "" : "s")")
                for task in tasks {
                    let when =
                        task.status == .held
                        ? "held: \(task.heldBecause ?? "")"
                        : task.status != .open ? task.status.rawValue : task.due < today ? "overdue since \(task.due.iso)" : "due \(task.due.iso)"
                    Console.out("  \(task.id)  \(spec.person(task.owner)?.name ?? task.owner)  \(task.account)  \(task.title)  (\(task.play); \(when))")
                }
            }
        }
    }

    static func decide(_ id: String, _ decision: TaskStateMachine.Decision, as who: String, files: FileOptions) async throws {
        let spec = try files.loadSpec(fallback: true).spec
        guard let person = spec.person(email: who) ?? spec.person(who) else { throw CLIError("'\(who)' is not among the spec's people") }
        guard AccessPolicy(spec: spec).allows(.person(person), .workTasks) else {
            throw CLIError("\(person.name) is a viewer: viewers read tasks and do not work them")
        }
        let desk = PlayDesk(spec: spec, store: try await files.openStore())
        do {
            let task = try await storeCall { try await desk.decide(id, decision, by: person, origin: HandoffCommand.origin, at: .now) }
            Console.out("\(task.id) \(task.status.rawValue): \(task.title)\(task.reason.map { " (\($0))" } ?? "")")
        } catch let failure as TaskStateMachine.Failure {
            throw CLIError(failure.description)
        } catch let failure as PlayDesk.Failure {
            throw CLIError(failure.description)
        }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a task done, as its owner or a leader of their function.")
        @Argument(help: "The task's id (tsk_…).") var id: String
        @Option(name: .customLong("as"), help: "Who you are (email or id).") var person: String
        @Option(help: "What was done.") var comment: String?
        @OptionGroup var files: FileOptions

        func run() async throws { try await reportingErrors { try await TaskCommand.decide(id, .done(comment: comment), as: person, files: files) } }
    }

    struct Skip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Skip a task, saying why.")
        @Argument(help: "The task's id (tsk_…).") var id: String
        @Option(name: .customLong("as"), help: "Who you are (email or id).") var person: String
        @Option(help: "Why the work is not worth doing.") var reason: String
        @OptionGroup var files: FileOptions

        func run() async throws { try await reportingErrors { try await TaskCommand.decide(id, .skip(reason: reason), as: person, files: files) } }
    }
}

struct PlayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play", abstract: "Run the spec's plays now, backtest one over the last year, or turn one live or back to a dry run.",
        subcommands: [Run.self, Backtest.self, Switch.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Evaluate every play now, as accord serve does each hour.")
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                let plan = try await storeCall {
                    try await PlayDesk(spec: spec, store: try await files.openStore()).evaluate(
                        asOf: .today, now: .now, actor: HandoffCommand.origin, origin: "local")
                }
                let held = plan.tasks.filter { $0.status == .held }.count
                Console.out(
                    "\(Format.count(plan.runs.count)) run\(plan.runs.count == 1 ? "" : "s") started, \(Format.count(plan.tasks.count - held)) tasks made, \(Format.count(held)) held back past a cap, \(Format.count(plan.released.count)) released"
                )
                for run in plan.runs { Console.out("  \(run.play)  \(run.account)  \(run.mode.rawValue)  \(run.reason)") }
            }
        }
    }

    struct Backtest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replay a play's trigger weekly over the last year, before it goes live.")
        @Argument(help: "The play's id.") var play: String
        @Flag(help: "Print JSON instead of text.") var json = false
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                guard let chosen = spec.playbooks.first(where: { $0.id == play }) else {
                    throw CLIError(PlayDesk.Failure.unknownPlay(play, known: spec.playbooks.map(\.id)).description)
                }
                let desk = PlayDesk(spec: spec, store: try await files.openStore())
                let test = PlayBacktest.run(chosen, accounts: try await storeCall { try await desk.accounts(asOf: .today) }, spec: spec, asOf: .today)
                if json {
                    try Report.printJSON(test)
                    return
                }
                func percent(_ share: Double?) -> String { share.map(Format.percent) ?? "—" }
                Console.out("\(chosen.name), replayed weekly from \(test.from.iso) to \(test.to.iso):")
                Console.out("  would have fired \(Format.count(test.firings.count)) times on \(Format.count(test.clients)) clients")
                Console.out(
                    "  tasks per person a week: \(test.tasksPerPersonWeekMean.map(Format.oneDecimal) ?? "—") on average, at most \(Format.count(test.tasksPerPersonWeekMax))"
                )
                Console.out(
                    "  within 180 days of firing: churned \(percent(test.fired.churnRate)), expanded \(percent(test.fired.expansionRate)) of \(Format.count(test.fired.clients)) clients; the \(Format.count(test.notFired.clients)) it never fired on: churned \(percent(test.notFired.churnRate)), expanded \(percent(test.notFired.expansionRate))"
                )
                Console.out("  median days from firing to renewal: \(test.medianDaysToRenewal.map { Format.count($0) } ?? "—")")
            }
        }
    }

    struct Switch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "switch", abstract: "Turn a play live, or back to a dry run (RevOps or the CS leader).")
        @Argument(help: "The play's id.") var play: String
        @Argument(help: "live or dry_run.") var status: String
        @Option(name: .customLong("as"), help: "Who you are (email or id).") var person: String
        @OptionGroup var files: FileOptions

        func run() async throws {
            try await reportingErrors {
                let spec = try files.loadSpec(fallback: true).spec
                guard let status = Play.Status(rawValue: status) else { throw CLIError("'\(self.status)' is not live or dry_run") }
                guard let who = spec.person(email: person) ?? spec.person(person) else { throw CLIError("'\(person)' is not among the spec's people") }
                guard AccessPolicy(spec: spec).allows(.person(who), .runPlays) else {
                    throw CLIError("\(who.name) may not turn plays live or back: RevOps and the CS leader do")
                }
                do {
                    try await storeCall {
                        try await PlayDesk(spec: spec, store: try await files.openStore()).switchPlay(
                            play, to: status, by: "person:\(who.id)", origin: HandoffCommand.origin, at: .now)
                    }
                } catch let failure as PlayDesk.Failure {
                    throw CLIError(failure.description)
                }
                Console.out("\(play) is \(status.rawValue) now")
            }
        }
    }
}

struct PlaysReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plays", abstract: "Whether each play works: its clients against the held-out ones 180 days on, and how its tasks were worked.")
    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let effects = try await storeCall { try await PlayDesk(spec: spec, store: try await files.openStore()).effects(asOf: .today) }
            if json {
                try Report.printJSON(effects)
                return
            }
            func percent(_ share: Double?) -> String { share.map(Format.percent) ?? "—" }
            for effect in effects {
                let name = spec.playbooks.first { $0.id == effect.play }?.name ?? effect.play
                Console.out("\(name) (\(effect.play)), 180 days after the first run for each client:")
                for (label, arm) in [("with tasks", effect.treated), ("held out", effect.heldOut)] {
                    Console.out(
                        "  \(label): \(Format.count(arm.clients)) clients, still clients \(percent(arm.retention)), expanded \(percent(arm.expansion)), net MRR kept \(percent(arm.netMRRKept)), outcomes on track \(percent(arm.outcomeAttainment))"
                    )
                }
                let interval = effect.differenceLow.map { "\(Format.signed($0 * 100)) to \(Format.signed((effect.differenceHigh ?? 0) * 100)) points" } ?? "—"
                Console.out(
                    "  retention difference \(effect.retentionDifference.map { Format.signed($0 * 100) + " points" } ?? "—"), 95% interval \(interval)\(effect.showsLift ? "" : "  ← no measurable lift yet")"
                )
                Console.out(
                    "  tasks: \(Format.count(effect.tasksDone)) done, \(Format.count(effect.tasksSkipped)) skipped, \(Format.count(effect.tasksOpen)) open; completion \(percent(effect.completionRate)), a median of \(effect.medianDaysToDone.map { Format.count($0) } ?? "—") days to done"
                )
            }
        }
    }
}
