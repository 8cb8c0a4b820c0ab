import AccordCore
import Testing

@Suite("Stakeholders from a CS platform")
struct StakeholderImportTests {
    static let gainsight = SpecTemplate.defaultSpec.sources.first { $0.id == "gainsight" }!
    static let header = ["Gsid", "Person Name", "Email", "Role", "Influence", "Last Activity Date", "Company Name"]
    static let accounts = [ExistingAccount(id: "acc_n", name: "Northwind Traders", domain: "northwind.example", country: "GB")]

    static func plan(_ rows: [[String]], contacts: [ExistingContact] = []) throws -> ContactImportPlan {
        try ContactImport.plan(
            rows: rows.enumerated().map { index, cells in ImportRow(line: index + 2, cells: Dictionary(uniqueKeysWithValues: zip(header, cells))) },
            header: header, source: gainsight, accounts: accounts, contacts: contacts, links: [:], freeMail: ["gmail.com"])
    }

    @Test("a Company Person export places each person on the stakeholder map with role, influence and last engagement")
    func roles() throws {
        let plan = try Self.plan([
            ["P1", "Ada Sponsor", "ada@northwind.example", "Decision Maker", "5", "2026-11-20", ""],
            ["P2", "Ben Admin", "ben@northwind.example", "Admin", "medium", "2026-11-02T14:30:00Z", ""],
            ["P3", "Cy Champion", "cy@northwind.example", "Champion", "4", "1763596800000", ""],
            ["P4", "Dee User", "dee@northwind.example", "", "", "", ""],
        ])
        let byName = Dictionary(uniqueKeysWithValues: plan.created.map { ($0.name, $0) })
        #expect(byName["Ada Sponsor"]?.stakeholderRole == .executiveSponsor && byName["Ada Sponsor"]?.influence == 5)
        #expect(byName["Ada Sponsor"]?.lastEngagedOn == Day(iso: "2026-11-20"))
        #expect(byName["Ben Admin"]?.stakeholderRole == .technicalOwner && byName["Ben Admin"]?.influence == 3)
        #expect(byName["Ben Admin"]?.lastEngagedOn == Day(iso: "2026-11-02"))
        #expect(byName["Cy Champion"]?.stakeholderRole == .champion && byName["Cy Champion"]?.lastEngagedOn == Day(iso: "2025-11-20"))
        #expect(byName["Dee User"]?.stakeholderRole == .user && byName["Dee User"]?.influence == 1 && byName["Dee User"]?.lastEngagedOn == nil)
        #expect(plan.rejected.isEmpty)
    }

    @Test("a role, influence or date that does not fit rejects its row with what was expected; the others land")
    func badValues() throws {
        let plan = try Self.plan([
            ["P1", "Ada", "ada@northwind.example", "Chief Vibes Officer", "5", "2026-11-20", ""],
            ["P2", "Ben", "ben@northwind.example", "User", "9", "2026-11-20", ""],
            ["P3", "Cy", "cy@northwind.example", "User", "2", "last tuesday", ""],
            ["P4", "Dee", "dee@northwind.example", "User", "2", "2026-11-20", ""],
        ])
        #expect(plan.created.map(\.name) == ["Dee"])
        let reasons = Dictionary(uniqueKeysWithValues: plan.rejected.map { ($0.line, $0.reason) })
        #expect(reasons[2]?.contains("stakeholder role 'Chief Vibes Officer' is not one Accord knows") == true)
        #expect(reasons[3]?.contains("influence '9' is not a whole number from 1 to 5") == true)
        #expect(reasons[4]?.contains("last engaged 'last tuesday' is not a date") == true)
    }

    @Test("a person the CRM already brought gets the CS platform's role and engagement")
    func existing() throws {
        let plan = try Self.plan(
            [["P1", "Ada", "Ada@Northwind.example", "Executive Sponsor", "5", "2026-11-20", ""]],
            contacts: [ExistingContact(id: "con_1", accountID: "acc_n", email: "ada@northwind.example")])
        #expect(plan.created.isEmpty && plan.links.map(\.contactID) == ["con_1"])
        #expect(plan.updates["con_1"]?["stakeholder_role"] == "executive_sponsor" && plan.updates["con_1"]?["last_engaged_on"] == "2026-11-20")
    }
}
