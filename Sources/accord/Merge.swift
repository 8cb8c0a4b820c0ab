import AccordApp
import AccordCore
import AccordStore
import ArgumentParser
import Foundation

struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge two accounts that are one company; the older id survives and the other redirects to it.",
        discussion: """
            Contacts, events, revenue, usage, surveys and source records move to the surviving account.
            The merge is audit-logged and can be undone with 'accord unmerge'.
            """)

    @Argument(help: "The two account ids (acc_…), in any order.")
    var accounts: [String]

    @Option(help: "Why they are one company, for the audit log.")
    var reason: String?

    @OptionGroup var files: FileOptions

    func validate() throws {
        guard accounts.count == 2 else { throw ValidationError("name exactly two accounts to merge") }
    }

    func run() async throws {
        try await reportingErrors {
            let store = try await files.openStore()
            let merged = try await storeCall {
                let proposal = try await MergeDesk(store: store).proposal(accounts[0], accounts[1], reason: reason)
                return try await store.mergeAccounts([proposal], origin: .manual, audit: .cli("account.merged", target: "account:\(proposal.survivor)"))[0]
            }
            Console.out("Merged \(merged.absorbed) (\(merged.absorbedName)) into \(merged.survivor): \(MergeText.moved(merged)).")
            Console.out("\(merged.absorbed) now redirects to \(merged.survivor). Undo with: accord unmerge \(merged.absorbed)")
        }
    }
}

struct Unmerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Undo a merge: the absorbed account comes back with everything that moved, and the two are kept apart from then on.")

    @Argument(help: "The id of the account that was merged away (acc_…).")
    var account: String

    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let store = try await files.openStore()
            let merge = try await storeCall { try await store.unmergeAccount(account, audit: .cli("account.unmerged", target: "account:\(account)")) }
            Console.out("Restored \(merge.absorbed) (\(merge.absorbedName)) from \(merge.survivor): \(MergeText.moved(merge)) moved back.")
            Console.out("Later imports and 'accord resolve' keep the two apart.")
        }
    }
}

struct Merges: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List merges, newest last: automatic ones and those made by hand.")

    @Option(help: "Only merges this account took part in.")
    var account: String?

    @OptionGroup var files: FileOptions

    func run() async throws {
        try await reportingErrors {
            let store = try await files.openStore()
            let merges = try await storeCall { try await store.merges(accountID: account) }
            if merges.isEmpty {
                Console.out("No merges\(account.map { " involving \($0)" } ?? "").")
                return
            }
            for merge in merges {
                let state = merge.unmergedBy.map { " — undone by \($0) \(merge.unmergedAt?.description ?? "")" } ?? ""
                Console.out(
                    "#\(merge.id) \(merge.mergedAt) \(merge.absorbed) (\(merge.absorbedName)) into \(merge.survivor), \(merge.origin.rawValue) by \(merge.mergedBy): \(merge.reason)\(state)"
                )
            }
        }
    }
}

enum MergeText {
    /// "3 contacts, 1,204 events and 2 source records".
    static func moved(_ merge: AccountMerge) -> String {
        let names = [
            ("contacts", "contact", "contacts"), ("events", "event", "events"), ("source_identities", "source record", "source records"),
            ("mrr_movements", "revenue movement", "revenue movements"), ("subscriptions", "subscription", "subscriptions"),
            ("usage_weeks", "usage week", "usage weeks"), ("survey_responses", "survey response", "survey responses"),
        ]
        let parts = names.compactMap { table, one, many -> String? in
            guard let count = merge.moved[table], count > 0 else { return nil }
            return "\(Format.count(count)) \(count == 1 ? one : many)"
        }
        guard !parts.isEmpty else { return "no rows" }
        return parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }
}
