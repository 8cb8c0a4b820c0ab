import AccordCore
import AccordStore
import Foundation
import Testing

/// Merging and unmerging accounts, as every Store must do it.
@Suite("Store conformance: merges")
struct MergeConformanceTests {
    static let at = Instant(iso: "2026-11-22T12:00:00Z")!
    static let audit = AuditEntry(at: at, actor: "person:rita.revops", origin: "127.0.0.1", action: "account.merged", target: "")

    /// Tiny company, with Delta's records in the CRM and the product linked to it.
    static func store(_ kind: StoreKind) async throws -> any Store {
        let store = try await kind.make()
        try await store.replaceAll(with: TinyCompany.dataset()) { _, _ in }
        var plan = ImportPlan()
        plan.links = [
            .init(externalID: "SF-A", accountID: "acc_a", rule: "new account from salesforce SF-A"),
            .init(externalID: "SF-D", accountID: "acc_d", rule: "new account from salesforce SF-D"),
        ]
        try await store.applyImport(
            plan, source: "salesforce", at: at,
            audit: AuditEntry(at: at, actor: "cli:test", origin: "local", action: "import.completed", target: "source:salesforce"))
        // The product names Delta's group: a link that must follow Delta through a merge and back.
        let group = #"{"type": "group", "messageId": "g1", "userId": "u-d", "groupId": "acc_d", "traits": {"name": "Delta Retail"}}"#
        _ = try await store.ingest([try IngestionConformanceTests.batch(#"{"batch": [\#(group)]}"#)])
        return store
    }

    @Test("a merge moves everything onto the survivor and redirects the other id; an unmerge restores the exact earlier content", arguments: StoreKind.allCases)
    func mergeAndUnmerge(kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        let headline = try await store.headline(asOf: TinyCompany.asOf)

        let merged = try await store.mergeAccounts(
            [MergeProposal(survivor: "acc_a", absorbed: "acc_d", reason: "same company")], origin: .manual, audit: Self.audit)
        #expect(merged.count == 1 && merged[0].survivor == "acc_a" && merged[0].absorbed == "acc_d" && merged[0].absorbedName == "Delta Retail")
        #expect(
            merged[0].moved["survey_responses"] == 3 && merged[0].moved["subscriptions"] == 1 && merged[0].moved["source_identities"] == 3,
            "the CRM record, the group and its user")
        #expect(try await store.account(id: "acc_d") == nil)
        #expect(try await store.currentAccountID("acc_d") == "acc_a")
        #expect(try await store.currentAccountID("acc_nobody") == nil)
        let survivor = try #require(try await store.account(id: "acc_a"))
        #expect(survivor.subscription?.mrrCents == Int64(400_050), "one customer: both contracts' MRR")
        #expect(survivor.subscription?.renewalOn == Day(iso: "2026-09-01"), "the nearer renewal is the next decision")
        #expect(survivor.account.lifecycleStage == .advocacy, "the further stage wins")
        #expect(survivor.surveys.count == 6)
        let after = try await store.headline(asOf: TinyCompany.asOf)
        #expect(after.accounts == headline.accounts - 1 && after.mrrCents == headline.mrrCents && after.nps == headline.nps)
        let identities = try await store.identities(accountID: "acc_a")
        #expect(identities.first { $0.externalID == "SF-D" }?.mergedFrom == "acc_d")
        #expect(identities.first { $0.externalID == "SF-A" }?.mergedFrom == nil)
        let entries = try await store.audit(AuditQuery(action: "account.merged")).entries
        #expect(entries.count == 1 && entries[0].actor == "person:rita.revops" && entries[0].after?["absorbed"] == "acc_d")

        // Events that arrive for Delta's records while merged land on the survivor...
        let track = #"{"type": "track", "messageId": "t1", "event": "first_value_achieved", "userId": "u-d", "properties": {"milestone": "m"}}"#
        _ = try await store.ingest([try IngestionConformanceTests.batch(#"{"batch": [\#(track)]}"#)])
        #expect(try await store.events(EventQuery(messageID: "t1")).events.first?.event.accountID == "acc_a")
        // ... and a group call naming the old id follows the redirect instead of making the id again.
        let regroup = #"{"type": "group", "messageId": "g2", "userId": "u-x", "groupId": "acc_d"}"#
        _ = try await store.ingest([try IngestionConformanceTests.batch(#"{"batch": [\#(regroup)]}"#)])
        #expect(try await store.events(EventQuery(messageID: "g2")).events.first?.event.accountID == "acc_a")
        #expect(try await store.account(id: "acc_d") == nil)

        let undone = try await store.unmergeAccount("acc_d", audit: Self.audit)
        #expect(undone.unmergedBy == "person:rita.revops")
        #expect(try await store.events(EventQuery(messageID: "t1")).events.first?.event.accountID == "acc_d", "later events follow their records back")
        #expect(try await store.account(id: "acc_a")?.subscription?.mrrCents == 150_000)
        #expect(try await store.account(id: "acc_d")?.subscription?.mrrCents == 250_050)
        #expect(try await store.keptApart() == [AccountPair("acc_a", "acc_d")])
        #expect(try await store.merges(accountID: "acc_d").map(\.id) == [undone.id])
        #expect(try await store.audit(AuditQuery(action: "account.unmerged")).entries.count == 1)
    }

    @Test("an unmerge with nothing arriving in between gives back the same content digest", arguments: StoreKind.allCases)
    func exactRestore(kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        let before = try await store.statistics()
        _ = try await store.mergeAccounts([MergeProposal(survivor: "acc_a", absorbed: "acc_d", reason: "x")], origin: .manual, audit: Self.audit)
        #expect(try await store.statistics().contentDigest != before.contentDigest)
        _ = try await store.unmergeAccount("acc_d", audit: Self.audit)
        #expect(try await store.statistics() == before)
    }

    @Test("kept-apart accounts are never merged automatically; a person may still merge them", arguments: StoreKind.allCases)
    func keptApart(kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        let proposal = MergeProposal(survivor: "acc_a", absorbed: "acc_d", reason: "x")
        _ = try await store.mergeAccounts([proposal], origin: .automatic, audit: Self.audit)
        _ = try await store.unmergeAccount("acc_d", audit: Self.audit)
        await #expect(throws: StoreError.conflict("acc_a and acc_d were kept apart by person:rita.revops; only a person can merge them")) {
            try await store.mergeAccounts([proposal], origin: .automatic, audit: Self.audit)
        }
        #expect(try await store.account(id: "acc_d") != nil, "a refused merge changes nothing")
        _ = try await store.mergeAccounts([proposal], origin: .manual, audit: Self.audit)
        #expect(try await store.keptApart().isEmpty, "the person's latest decision wins")
    }

    @Test("chains redirect to the end, unmerge goes in reverse order, and wrong requests say why", arguments: StoreKind.allCases)
    func chains(kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        let before = try await store.statistics()
        _ = try await store.mergeAccounts([MergeProposal(survivor: "acc_b", absorbed: "acc_c", reason: "x")], origin: .manual, audit: Self.audit)
        _ = try await store.mergeAccounts([MergeProposal(survivor: "acc_a", absorbed: "acc_b", reason: "y")], origin: .manual, audit: Self.audit)
        #expect(try await store.currentAccountID("acc_c") == "acc_a")
        await #expect(throws: StoreError.conflict("acc_c was merged into acc_b, which was itself merged into acc_a later; unmerge acc_b first")) {
            try await store.unmergeAccount("acc_c", audit: Self.audit)
        }
        await #expect(throws: StoreError.conflict("acc_c was already merged into acc_a; merge acc_a instead")) {
            try await store.mergeAccounts([MergeProposal(survivor: "acc_d", absorbed: "acc_c", reason: "z")], origin: .manual, audit: Self.audit)
        }
        await #expect(throws: StoreError.conflict("acc_a is not merged into another account; there is nothing to unmerge")) {
            try await store.unmergeAccount("acc_a", audit: Self.audit)
        }
        await #expect(throws: StoreError.notFound("no account with id 'acc_zz'")) { try await store.unmergeAccount("acc_zz", audit: Self.audit) }
        await #expect(throws: StoreError.conflict("acc_a cannot be merged into itself")) {
            try await store.mergeAccounts([MergeProposal(survivor: "acc_a", absorbed: "acc_a", reason: "z")], origin: .manual, audit: Self.audit)
        }
        _ = try await store.unmergeAccount("acc_b", audit: Self.audit)
        _ = try await store.unmergeAccount("acc_c", audit: Self.audit)
        #expect(try await store.statistics().contentDigest == before.contentDigest)
    }

    @Test("an import that shows two accounts to be one company merges them into the oldest, in the same transaction", arguments: StoreKind.allCases)
    func importMerges(kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        var plan = ImportPlan()
        plan.merges = [MergeProposal(survivor: "acc_a", absorbed: "acc_c", reason: "same website domain with hubspot 7")]
        plan.links = [.init(externalID: "7", accountID: "acc_a", rule: "same website domain")]
        // Stale plans name an id merged away: it is written to the survivor, never created again.
        plan.updates = [.init(accountID: "acc_c", fields: ["industry": "Food"], overwrite: [])]
        try await store.applyImport(
            plan, source: "hubspot", at: Self.at,
            audit: AuditEntry(at: Self.at, actor: "cli:test", origin: "local", action: "import.completed", target: "source:hubspot"))
        #expect(try await store.currentAccountID("acc_c") == "acc_a")
        #expect(try await store.account(id: "acc_a")?.account.industry == "Food")
        #expect(try await store.merges(accountID: nil).map(\.origin) == [.automatic])
    }
}
