import AccordCore
import Testing

@Suite("Alignment spec: a sync checked against its tap's catalog")
struct SyncCatalogTests {
    static let text = SyncSpecTests.spec(
        """
            sync:
              tap: [tap-salesforce]
              catalog: salesforce.catalog.json
              catalog_flag: properties
              streams:
                - {stream: Account, feeds: accounts}
                - {stream: Contacts, feeds: contacts}
                - {stream: Opportunity, feeds: raw}

        """)

    static func catalog(accountFields: [String], opportunitySelected: Bool = true) throws -> JSONValue {
        let properties = accountFields.map { "\"\($0)\": {\"type\": [\"null\", \"string\"]}" }.joined(separator: ", ")
        return try JSONParser.parse(
            """
            {"streams": [
              {"tap_stream_id": "Account", "stream": "Account", "schema": {"type": "object", "properties": {\(properties)}},
               "metadata": [{"breadcrumb": [], "metadata": {"selected": true}}]},
              {"tap_stream_id": "Contact", "stream": "Contact", "schema": {"type": "object", "properties": {"Id": {"type": "string"}}}},
              {"tap_stream_id": "Opportunity", "stream": "Opportunity", "schema": {"type": "object", "properties": {"Id": {"type": "string"}}},
               "metadata": [{"breadcrumb": [], "metadata": {"selected": \(opportunitySelected)}}]}
            ]}
            """)
    }

    @Test("a stream missing from the catalog, a stream not selected, a missing key and a mapped field the stream lacks are named with their line")
    func problems() throws {
        let catalog = try Self.catalog(accountFields: ["Name", "Website", "Industry"], opportunitySelected: false)
        let result = SpecParser.read(Self.text, catalogs: ["salesforce.catalog.json": .read(catalog)])
        let messages = result.diagnostics.map(\.description)
        #expect(
            messages.contains {
                $0.contains(
                    "error: stream 'Contacts' of 'salesforce' is not in the catalog salesforce.catalog.json; its streams are Account, Contact, Opportunity; did you mean 'Contact'?"
                )
            },
            "\(messages)")
        #expect(messages.contains { $0.contains("warning: stream 'Opportunity' is not selected in salesforce.catalog.json") })
        #expect(messages.contains { $0.contains("error: stream 'Account' of salesforce.catalog.json has no field Id (the source's account key)") })
        #expect(messages.contains { $0.contains("warning: 'salesforce' maps NumberOfEmployees to account.licensed_seats, but stream 'Account'") })
        #expect(!messages.contains { $0.contains("maps Name to") }, "Name is in the stream")
        let line = try #require(result.diagnostics.first { $0.message.contains("'Contacts'") }).location.line
        #expect(Self.text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].contains("Contacts"))
    }

    @Test("a catalog with everything the spec reads is quiet; one that cannot be read says so")
    func quiet() throws {
        let fields = ["Id", "Name", "Website", "NumberOfEmployees", "Industry", "BillingCountry", "OwnerId"]
        let fine = Self.text.replacingOccurrences(of: "- {stream: Contacts, feeds: contacts}", with: "- {stream: Contact, feeds: contacts}")
        let result = SpecParser.read(fine, catalogs: ["salesforce.catalog.json": .read(try Self.catalog(accountFields: fields))])
        #expect(!result.diagnostics.contains { $0.message.contains("catalog") }, "\(result.diagnostics)")
        let broken = SpecParser.read(fine, catalogs: ["salesforce.catalog.json": .unreadable("no file at ./salesforce.catalog.json")])
        #expect(
            broken.diagnostics.errors.map(\.message).contains {
                $0.contains(
                    "cannot read the catalog salesforce.catalog.json of 'salesforce': no file at ./salesforce.catalog.json; write it with the tap's --discover")
            })
    }
}
