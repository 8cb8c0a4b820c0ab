import AccordApp
import AccordCore
import AccordStore
import Foundation
import Testing

/// What a CRM's streams give the client record beyond its accounts: opportunities closed won as
/// contract_signed, its users as the spec's people, and its ids in either of Salesforce's forms.
@Suite("Singer loader: a CRM's opportunities, owners and ids")
struct SingerCRMFeedTests {
    typealias Fixture = SingerLoaderTests
    typealias Feeds = SingerFeedTests

    @Test("an opportunity closed won becomes contract_signed with its MRR, seats and rep; an open one is not an event")
    func closedWon() async throws {
        let store = try Fixture.store()
        let text = Feeds.salesforce(
            sync: """
                      frequency: hourly
                      tap: [tap-salesforce]
                      streams:
                        - {stream: Account, feeds: accounts}
                        - stream: Opportunity
                          feeds: events
                          event: contract_signed
                          account: [AccountId]
                          when: {IsWon: true}
                          properties: {mrr: Amount / 12, licensed_seats: Seats__c, sales_rep: OwnerId, term_months: Term__c}

                """
        ).replacingOccurrences(
            of: "      - {from: Name, to: account.name, direction: inbound, system_of_record: true}\n",
            with:
                "      - {from: Name, to: account.name, direction: inbound, system_of_record: true}\n      - {from: CloseDate, to: event.timestamp, direction: inbound}\n"
        )
        let read = SpecParser.read(text)
        let spec = try #require(read.spec, "\(read.diagnostics)")
        func opportunity(_ id: String, won: Bool, seats: String) -> String {
            #"{"type":"RECORD","stream":"Opportunity","record":{"Id":"\#(id)","AccountId":"0011","IsWon":\#(won),"StageName":"\#(won ? "Closed Won" : "Negotiation")","Amount":120000,"CloseDate":"2026-05-31"\#(seats),"OwnerId":"005REP","Term__c":"12"}}"#
        }
        let (run, _) = try await Fixture.load(
            [
                Fixture.schema, Fixture.record(1), #"{"type":"SCHEMA","stream":"Opportunity","key_properties":["Id"],"schema":{"type":"object"}}"#,
                opportunity("006A", won: true, seats: #","Seats__c":50"#), opportunity("006B", won: false, seats: #","Seats__c":10"#),
                opportunity("006C", won: true, seats: ""), Fixture.state(1),
            ], into: store, spec: spec)
        #expect(
            run.streams["Opportunity"]?.created == 1 && run.streams["Opportunity"]?.unchanged == 1 && run.streams["Opportunity"]?.rejected == 1,
            "\(run.streams)")
        let account = try await store.sourceLinks(source: "salesforce", kind: "account")["0011"]!
        let signed = try #require(try await store.account(id: account)).recentEvents.filter { $0.name == "contract_signed" }
        #expect(signed.count == 1 && signed[0].timestamp == Instant(iso: "2026-05-31T00:00:00Z"))
        #expect(signed[0].properties == ["mrr": 10_000, "licensed_seats": 50, "sales_rep": "005REP", "term_months": 12], "\(signed[0].properties)")
        #expect(try await store.syncRejects(source: "salesforce", limit: 5).first?.reject.reason.contains("licensed_seats") == true)

        let wrong = SpecParser.read(text.replacingOccurrences(of: "sales_rep: OwnerId", with: "rep: OwnerId"))
        #expect(wrong.diagnostics.contains { $0.description.contains("gives 'contract_signed' a property 'rep' its taxonomy schema does not have") })
    }

    @Test("a CRM's users are the spec's people by email: the owner ids on its accounts become those people")
    func owners() async throws {
        let store = try Fixture.store()
        let text = Feeds.salesforce(
            sync: """
                      frequency: hourly
                      tap: [tap-salesforce]
                      streams:
                        - {stream: User, feeds: owners}
                        - {stream: Account, feeds: accounts}

                """)
        let spec = try #require(SpecParser.read(text).spec)
        func user(_ id: String, _ email: String) -> String { #"{"type":"RECORD","stream":"User","record":{"Id":"\#(id)","Email":"\#(email)"}}"# }
        func account(_ n: Int, owner: String) -> String {
            #"{"type":"RECORD","stream":"Account","record":{"Id":"001\#(n)","Name":"Owned Company \#(n)","Website":"https://owned\#(n).example","OwnerId":"\#(owner)"}}"#
        }
        let (run, _) = try await Fixture.load(
            [
                #"{"type":"SCHEMA","stream":"User","key_properties":["Id"],"schema":{"type":"object"}}"#, user("005A", "Jade.Morel@northwind.example"),
                user("005B", "contractor@elsewhere.example"), Fixture.schema, account(1, owner: "005A"), account(2, owner: "005B"), Fixture.state(1),
            ], into: store, spec: spec)
        #expect(run.streams["User"]?.updated == 1 && run.streams["User"]?.unchanged == 1, "\(run.streams)")
        let links = try await store.sourceLinks(source: "salesforce", kind: "account")
        #expect(try await store.account(id: links["0011"]!)?.account.ownerSales == "jade.morel")
        #expect(try await store.account(id: links["0012"]!)?.account.ownerSales == "005B", "a user who is not among the people keeps the id")
        #expect(try await store.sourceOwners(source: "salesforce") == ["005A": "jade.morel"])
    }

    @Test("an export's 15-character Salesforce ids and a sync's 18-character ones link to the same clients")
    func salesforceIDs() async throws {
        let store = try Fixture.store()
        let text = Feeds.salesforce(
            keys: "{account: Id, contact: Id, format: salesforce}",
            sync: "      frequency: hourly\n      tap: [tap-crm]\n      streams: [{stream: Account, feeds: accounts}]\n")
        let spec = try #require(SpecParser.read(text).spec)
        let desk = ImportDesk(spec: spec, store: store)
        let rows = ExportRows(
            header: ["Id", "Name", "Website"],
            rows: [ImportRow(line: 2, cells: ["Id": "001A0000006Vm9r", "Name": "Vm Company", "Website": "https://vm.example"])],
            unreadable: [])
        let plan = try await desk.planAccounts(rows, source: try #require(spec.sources.first { $0.id == "salesforce" }), today: Day(iso: "2026-06-30")!)
        try await store.applyImport(
            plan, source: "salesforce", at: .now, audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "import", target: "source:salesforce"),
            progress: { _, _ in })
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").keys.sorted() == ["001A0000006Vm9rIAC"])
        let (run, _) = try await Fixture.load(
            [
                Fixture.schema,
                #"{"type":"RECORD","stream":"Account","record":{"Id":"001A0000006Vm9rIAC","Name":"Vm Company","Website":"https://vm.example"}}"#,
                Fixture.state(1),
            ],
            into: store, spec: spec)
        #expect(run.streams["Account"]?.created == 0, "\(run.streams)")
        #expect(try await store.sourceLinks(source: "salesforce", kind: "account").count == 1)
    }
}
