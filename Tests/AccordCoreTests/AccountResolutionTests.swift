import AccordCore
import Testing

@Suite("Account resolution")
struct AccountResolutionTests {
    static let source = SpecTemplate.defaultSpec.sources.first { $0.id == "salesforce" }!

    /// Two records of one company already on the client record (the same website), oldest first.
    static let existing = [
        ExistingAccount(id: "acc_old", name: "Northwind Traders", domain: "northwind.example", country: "GB"),
        ExistingAccount(id: "acc_new", name: "NORTHWIND TRADERS LTD", domain: "northwind.example", country: "GB"),
        ExistingAccount(id: "acc_other", name: "Fabrikam Robotics", domain: "fabrikam.example", country: "US"),
    ]

    @Test("a run over the client record merges one company's accounts into the oldest, and says why")
    func resolve() {
        let plan = AccountResolution.plan(existing: Self.existing, matcher: AccountMatcher(), apart: [])
        #expect(plan.merges == [MergeProposal(survivor: "acc_old", absorbed: "acc_new", reason: "same website domain northwind.example with acc_old")])
        let kept = AccountResolution.plan(existing: Self.existing, matcher: AccountMatcher(), apart: [AccountPair("acc_new", "acc_old")])
        #expect(kept.merges.isEmpty, "a person's unmerge outlives every run")
    }

    @Test("a row that shows two existing accounts to be one company merges them and links to the survivor")
    func importMerges() throws {
        let plan = try AccountImport.plan(
            rows: [ImportRow(line: 2, cells: ["Id": "SF-9", "Name": "Northwind Traders", "Website": "https://www.northwind.example"])],
            header: ["Id", "Name", "Website"], source: Self.source, existing: Self.existing, links: [:], defaultSegment: "smb", today: Day(0))
        #expect(plan.merges.map(\.absorbed) == ["acc_new"] && plan.merges.map(\.survivor) == ["acc_old"])
        #expect(plan.links.map(\.accountID) == ["acc_old"] && plan.conflicts.isEmpty && plan.created.isEmpty)
    }

    @Test("between accounts a person kept apart, the row is a conflict with both candidates")
    func importConflict() throws {
        let plan = try AccountImport.plan(
            rows: [ImportRow(line: 2, cells: ["Id": "SF-9", "Name": "Northwind Traders", "Website": "https://www.northwind.example"])],
            header: ["Id", "Name", "Website"], source: Self.source, existing: Self.existing, links: [:], defaultSegment: "smb", today: Day(0),
            apart: [AccountPair("acc_old", "acc_new")])
        #expect(plan.merges.isEmpty && plan.links.isEmpty)
        #expect(plan.conflicts.map(\.candidates) == [["acc_new", "acc_old"]])
    }

    @Test("an import merges only the groups its rows touch; the rest is for a whole run")
    func importLeavesOthers() throws {
        let plan = try AccountImport.plan(
            rows: [ImportRow(line: 2, cells: ["Id": "SF-1", "Name": "Fabrikam Robotics", "Website": "fabrikam.example"])],
            header: ["Id", "Name", "Website"], source: Self.source, existing: Self.existing, links: [:], defaultSegment: "smb", today: Day(0))
        #expect(plan.merges.isEmpty && plan.links.map(\.accountID) == ["acc_other"])
    }

    @Test("links are replayed in order; one that would join kept-apart accounts is refused, others still join")
    func constrainedGrouping() {
        let accounts = ["acc_a", "acc_b", "acc_c"]
        let links: [(Int, Int, MatchReason)] = [
            (0, 3, .sameDomain("x.example")), (1, 3, .sameDomain("x.example")), (1, 2, .probabilistic(weight: 9, probability: 0.99)),
        ]
        let grouping = AccountResolution.group(count: 4, accounts: accounts, links: links, apart: [AccountPair("acc_a", "acc_b")], label: { "r\($0)" })
        #expect(grouping.group[0] == grouping.group[3] && grouping.group[1] == grouping.group[2] && grouping.group[0] != grouping.group[1])
        #expect(grouping.split.contains(3), "the row sits between kept-apart accounts")
        #expect(
            AccountResolution.merges(grouping, accounts: accounts) == [
                MergeProposal(survivor: "acc_b", absorbed: "acc_c", reason: "match weight 9 (probability 99%) with r1")
            ])
    }
}
