import AccordCore
import AccordStore
import Foundation
import Testing

/// Behaviour every Store must have, whatever database is behind it.
@Suite("Store conformance")
struct StoreConformanceTests {
    @Test("replaceAll writes every row and statistics count them", arguments: StoreKind.allCases)
    func writesEverything(kind: StoreKind) async throws {
        let store = try await kind.make()
        let data = TinyCompany.dataset()
        try await store.replaceAll(with: data) { _, _ in }
        let stats = try await store.statistics()
        #expect(stats.rows("accounts") == 4)
        #expect(stats.rows("contacts") == 2)
        #expect(stats.rows("subscriptions") == 3)
        #expect(stats.rows("mrr_movements") == 5)
        #expect(stats.rows("events") == 2)
        #expect(stats.rows("usage_weeks") == 1)
        #expect(stats.rows("survey_responses") == 8)
        #expect(stats.contentDigest.count == 64)
    }

    @Test("the digest is the same for the same content and changes with any value", arguments: StoreKind.allCases)
    func digest(kind: StoreKind) async throws {
        let first = try await kind.make()
        let second = try await kind.make()
        var data = TinyCompany.dataset()
        try await first.replaceAll(with: data) { _, _ in }
        try await second.replaceAll(with: data) { _, _ in }
        let digest = try await first.statistics().contentDigest
        #expect(try await second.statistics().contentDigest == digest)
        data.surveys[0].score = 9
        try await second.replaceAll(with: data) { _, _ in }
        #expect(try await second.statistics().contentDigest != digest)
    }

    @Test("a failed replaceAll leaves the earlier data whole", arguments: StoreKind.allCases)
    func atomicReplace(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.replaceAll(with: TinyCompany.dataset()) { _, _ in }
        let before = try await store.statistics()
        var broken = DemoCompany.generate(DemoConfig(accounts: 20, seed: 1, asOf: TinyCompany.asOf, spec: SpecTemplate.defaultSpec))
        broken.contacts.append(
            Contact(
                id: "con_orphan", accountID: "acc_missing", name: "Nobody", email: nil, title: nil, stakeholderRole: .user, influence: 1, lastEngagedOn: nil))
        await #expect(throws: (any Error).self) { try await store.replaceAll(with: broken) { _, _ in } }
        #expect(try await store.statistics() == before)
    }

    @Test("account pages cover every match exactly once, in name order", arguments: StoreKind.allCases)
    func paging(kind: StoreKind) async throws {
        let store = try await kind.make()
        let data = DemoCompany.generate(DemoConfig(accounts: 120, seed: 5, asOf: TinyCompany.asOf, spec: SpecTemplate.defaultSpec))
        try await store.replaceAll(with: data) { _, _ in }
        var seen: [AccountSummary] = []
        var cursor: String?
        repeat {
            let page = try await store.accounts(AccountQuery(limit: 25, cursor: cursor))
            #expect(page.total == 120)
            seen += page.accounts
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.count == 120)
        #expect(Set(seen.map(\.id)).count == 120)
        #expect(seen.map(\.name) == seen.map(\.name).sorted())
    }

    @Test("filters narrow the list: segment, stage, source and search", arguments: StoreKind.allCases)
    func filters(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.replaceAll(with: TinyCompany.dataset()) { _, _ in }
        #expect(try await store.accounts(AccountQuery(segment: "smb")).accounts.map(\.id) == ["acc_c"])
        #expect(try await store.accounts(AccountQuery(stage: .churned)).accounts.map(\.id) == ["acc_b"])
        #expect(try await store.accounts(AccountQuery(source: .marketing)).accounts.map(\.id) == ["acc_a", "acc_d"])
        #expect(try await store.accounts(AccountQuery(search: "RETAIL")).accounts.map(\.id) == ["acc_d"])
        #expect(try await store.accounts(AccountQuery(search: "acc_b.exa")).accounts.map(\.id) == ["acc_b"])
        #expect(try await store.accounts(AccountQuery(search: "%")).accounts.isEmpty, "wildcards are literal")
        let page = try await store.accounts(AccountQuery(source: .marketing, limit: 1))
        #expect(page.total == 2 && page.accounts.count == 1 && page.nextCursor != nil)
        let active = try await store.accounts(AccountQuery(search: "Alpha")).accounts[0]
        #expect(active.mrrCents == 150_000 && active.renewalOn == Day(iso: "2027-02-01"))
        let churned = try await store.accounts(AccountQuery(search: "Bravo")).accounts[0]
        #expect(churned.mrrCents == 0 && churned.renewalOn == nil)
    }

    @Test("a cursor that was never handed out is refused", arguments: StoreKind.allCases)
    func badCursor(kind: StoreKind) async throws {
        let store = try await kind.make()
        await #expect(throws: StoreError.self) { try await store.accounts(AccountQuery(cursor: "not a cursor!")) }
    }

    @Test("account detail gathers the record from every table", arguments: StoreKind.allCases)
    func detail(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.replaceAll(with: TinyCompany.dataset()) { _, _ in }
        let detail = try #require(try await store.account(id: "acc_a"))
        #expect(detail.account.name == "Alpha Health Inc")
        #expect(detail.subscription?.mrrCents == 150_000)
        #expect(detail.contacts.map(\.id) == ["con_1", "con_2"])
        #expect(detail.movements.map(\.kind) == [.new, .expansion])
        #expect(detail.recentEvents.map(\.messageID) == ["m2", "m1"], "newest first")
        #expect(detail.recentEvents.last?.properties["mrr"] == .number(1000))
        #expect(detail.recentUsage.first?.activeSeats == 72)
        #expect(detail.surveys.count == 3)
        #expect(try await store.account(id: "acc_nope") == nil)
    }

    @Test("account names come back for the ids that exist, in slices past a statement's parameter limit", arguments: StoreKind.allCases)
    func accountNames(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.replaceAll(with: TinyCompany.dataset()) { _, _ in }
        let asked = Set(["acc_a", "acc_nope"] + (0..<1_200).map { "acc_missing_\($0)" })
        #expect(try await store.accountNames(asked) == ["acc_a": "Alpha Health Inc"])
        #expect(try await store.accountNames([]) == [:])
    }

    @Test("headline numbers match hand-computed values", arguments: StoreKind.allCases)
    func headline(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.replaceAll(with: TinyCompany.dataset()) { _, _ in }
        let headline = try await store.headline(asOf: TinyCompany.asOf)
        #expect(headline.accounts == 4)
        #expect(headline.prospects == 1)
        #expect(headline.activeClients == 2)
        #expect(headline.churnedClients == 1)
        #expect(headline.mrrCents == 400_050)
        #expect(headline.arrCents == 4_800_600)
        #expect(headline.nps.responses == 4, "the answer from exactly twelve months ago is outside the window")
        #expect(headline.nps.score == 25)
        #expect(headline.csat.responses == 3)
        #expect(headline.csat.satisfied == 2)
    }

    @Test("an empty store answers with zeros, not errors", arguments: StoreKind.allCases)
    func empty(kind: StoreKind) async throws {
        let store = try await kind.make()
        let headline = try await store.headline(asOf: TinyCompany.asOf)
        #expect(headline.accounts == 0 && headline.mrrCents == 0 && headline.nps.score == nil)
        #expect(try await store.accounts(AccountQuery()).accounts.isEmpty)
        #expect(try await store.statistics().tables.allSatisfy { $0.rows == 0 })
        try await store.ping()
    }

    @Test("meta values round-trip and overwrite", arguments: StoreKind.allCases)
    func meta(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.meta("demo") == nil)
        try await store.setMeta("demo", "one")
        try await store.setMeta("demo", "two")
        #expect(try await store.meta("demo") == "two")
    }
}
