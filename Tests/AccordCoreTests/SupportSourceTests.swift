import AccordCore
import Testing

/// The support system's ready-made source: organizations, end users, tickets and satisfaction
/// ratings, each reaching its client.
@Suite("Support source: Zendesk's streams and the options they need")
struct SupportSourceTests {
    static let zendesk = """
            sync:
              tap: [tap-zendesk]
              streams:
                - {stream: users, feeds: contacts, when: {role: end-user}}
                - {stream: tickets, feeds: tickets, account: [organization_id]}
                - {stream: satisfaction_ratings, feeds: surveys, kind: csat, account_from: {stream: tickets, by: ticket_id, field: organization_id}}

        """

    @Test("the ready-made Zendesk source is valid: end users only, ratings reach their account through their ticket")
    func readyMade() throws {
        let block = try #require(ReadyMadeSource.named("tap-zendesk")).block(id: "zendesk", owner: "tomas.silva", start: "2026-01-01")
        let read = SpecParser.read(ReadyMadeSource.insert(block, id: "zendesk", into: SpecTemplate.full.text))
        #expect(read.diagnostics.errors.isEmpty, "\(read.diagnostics)")
        let source = try #require(read.spec?.sources.first { $0.id == "zendesk" })
        #expect(source.system == .support && source.sync?.catalogFile == "discover")
        let sync = try #require(source.sync)
        #expect(sync.stream("users")?.when == ["role": "end-user"] && sync.stream("organizations")?.feeds == .accounts)
        #expect(sync.stream("satisfaction_ratings")?.accountFrom == StreamFeed.RecordLookup(stream: "tickets", by: "ticket_id", field: "organization_id"))
        #expect(source.mappings.contains { $0.names == ["domain_names[0]"] && $0.to == "account.domain" })
    }

    @Test("account_from and a contacts stream's when are read; on the wrong feed, or naming a stream not declared, they are errors")
    func options() throws {
        let good = SyncSpecTests.spec(Self.zendesk)
        let read = SpecParser.read(good)
        #expect(read.diagnostics.errors.isEmpty, "\(read.diagnostics)")
        let missing = SpecParser.read(good.replacingOccurrences(of: "        - {stream: tickets, feeds: tickets, account: [organization_id]}\n", with: ""))
        #expect(missing.diagnostics.errors.contains { $0.message.contains("names its account from 'tickets', which is not among the source's streams") })
        let wrong = SpecParser.read(
            good.replacingOccurrences(of: "feeds: contacts, when: {role: end-user}", with: "feeds: contacts, account_from: {stream: tickets, by: a, field: b}"))
        #expect(wrong.diagnostics.errors.contains { $0.message.contains("account_from is not for a stream that feeds contacts") })
        let whenOnTickets = SpecParser.read(good.replacingOccurrences(of: "account: [organization_id]}", with: "when: {status: open}}"))
        #expect(whenOnTickets.diagnostics.errors.contains { $0.message.contains("when is not for a stream that feeds tickets") })
    }

    @Test("a record's lists become columns by position too, so a mapping can take an organization's first domain")
    func listColumns() throws {
        guard case .object(let record) = try JSONParser.parse(#"{"id":1,"domain_names":["acme.example","acme.io"],"tags":[]}"#) else { return }
        let cells = StreamRecord(stream: "organizations", key: "1", record: record, version: nil, deleted: false, line: 1).cells
        #expect(cells["domain_names[0]"] == "acme.example" && cells["domain_names[1]"] == "acme.io")
        #expect(cells["domain_names"] == #"["acme.example","acme.io"]"# && cells["tags[0]"] == nil)
    }
}
