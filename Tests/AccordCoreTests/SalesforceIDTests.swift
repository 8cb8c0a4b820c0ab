import AccordCore
import Testing

@Suite("Salesforce ids: the 15- and 18-character forms are one record")
struct SalesforceIDTests {
    @Test("a 15-character id gains the suffix that encodes its case; an 18-character one stays; anything else is not one")
    func canonical() {
        #expect(SalesforceID.canonical("001A0000006Vm9r") == "001A0000006Vm9rIAC")
        #expect(SalesforceID.canonical("001A0000006Vm9rIAC") == "001A0000006Vm9rIAC")
        #expect(SalesforceID.canonical("001a0000006vm9r") == "001a0000006vm9rAAA", "case matters: another record")
        #expect(SalesforceID.canonical("0011") == nil && SalesforceID.canonical("001A0000006Vm9-") == nil)
    }

    @Test("a source with identity_keys.format salesforce keeps its ids in the 18-character form; others keep theirs")
    func sourceFormat() throws {
        let text = SpecTemplate.full.text.replacingOccurrences(
            of: "    identity_keys: {account: Id, contact: Id}\n", with: "    identity_keys: {account: Id, contact: Id, format: salesforce}\n")
        let spec = try #require(SpecParser.read(text).spec)
        let salesforce = try #require(spec.sources.first { $0.id == "salesforce" })
        #expect(salesforce.idFormat == .salesforce && salesforce.canonicalID("001A0000006Vm9r") == "001A0000006Vm9rIAC")
        #expect(spec.sources.first { $0.id == "hubspot" }?.canonicalID("001A0000006Vm9r") == "001A0000006Vm9r")
        let wrong = SpecParser.read(text.replacingOccurrences(of: "format: salesforce", with: "format: sf"))
        #expect(wrong.diagnostics.contains { $0.description.contains("'sf' is not one of") }, "\(wrong.diagnostics)")
    }
}
