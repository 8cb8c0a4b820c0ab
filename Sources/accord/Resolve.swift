import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct Resolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run identity resolution over the whole client record and merge accounts that are one company.",
        discussion: """
            The same matcher as imports (same website domain, then the probabilistic model of the spec's
            identity section). In each group the oldest account survives. Accounts a person kept apart
            (by unmerging them) are never merged again. Running it twice changes nothing the second time.
            """)

    @Flag(help: "Report what would merge without changing anything.")
    var dryRun = false

    @Option(help: ArgumentHelp("Score with an identity model saved by --save-model instead of training one on these accounts.", valueName: "file"))
    var model: String?

    @Option(
        name: .customLong("save-model"),
        help: ArgumentHelp("Write the identity model this run scored with (prior, m and u per level); imports reuse it with --model.", valueName: "file"))
    var saveModel: String?

    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try files.loadSpec(fallback: true).spec
            let store = try await files.openStore()
            let existing = try await storeCall { try await store.accountsForMatching() }
            let apart = try await storeCall { try await store.keptApart() }
            Console.error("Matching \(Format.count(existing.count)) accounts…")
            let matcher = try AccountMatcher.loading(identity: spec.identity, model: model)
            let plan = AccountResolution.plan(existing: existing, matcher: matcher, apart: apart)
            if let saveModel {
                guard let trained = plan.model else { throw CLIError("there are too few accounts to train an identity model; nothing was saved") }
                do {
                    try matcher.savedModelText(trained).write(toFile: saveModel, atomically: true, encoding: .utf8)
                } catch {
                    throw CLIError("cannot write the model to \(saveModel): \(error.localizedDescription)")
                }
            }
            if !dryRun, !plan.merges.isEmpty {
                _ = try await storeCall { try await store.mergeAccounts(plan.merges, origin: .automatic, audit: .cli("account.merged", target: "")) }
            }
            let names = Dictionary(existing.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            Console.out("\(dryRun ? "Would merge" : "Merged") \(Format.count(plan.merges.count)) of \(Format.count(existing.count)) accounts into others.")
            if let saveModel { Console.out("The identity model is in \(saveModel).") }
            for merge in plan.merges.prefix(50) {
                Console.out("  \(merge.absorbed) (\(names[merge.absorbed] ?? "")) into \(merge.survivor) (\(names[merge.survivor] ?? "")): \(merge.reason)")
            }
            if plan.merges.count > 50 { Console.out("  … and \(Format.count(plan.merges.count - 50)) more; 'accord merges' lists them all") }
            if !plan.review.isEmpty {
                Console.out("\(Format.count(plan.review.count)) pairs may be one company; check them and merge by hand with 'accord merge A B':")
                for (a, b, probability) in plan.review.prefix(20) {
                    Console.out("  \(a) (\(names[a] ?? "")) and \(b) (\(names[b] ?? "")): \(Format.oneDecimal(probability * 100))%")
                }
            }
        }
    }
}
