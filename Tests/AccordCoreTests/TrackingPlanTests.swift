import Testing

@testable import AccordCore

@Suite("Tracking plan")
struct TrackingPlanTests {
    static let spec = SpecTemplate.defaultSpec

    func message(_ event: String, _ properties: JSONValue, type: SegmentCall = .track) -> ParsedMessage {
        var body: [String: JSONValue] = ["type": .string(type.rawValue), "userId": "u", "properties": properties, "traits": properties]
        if type == .track { body["event"] = .string(event) }
        if type == .group { body["groupId"] = "g" }
        return try! SegmentEnvelope.messages(in: .object(body), call: type, source: "product", receivedAt: Instant(milliseconds: 0))[0]
    }

    @Test(
        "property violations name the field, the rule and the value",
        arguments: [
            (#"{"mrr": "lots", "licensed_seats": 5}"#, "properties.mrr: expected number, got string"),
            (#"{"licensed_seats": 5}"#, "properties.mrr: required"),
            (#"{"mrr": 10, "licensed_seats": 2.5}"#, "properties.licensed_seats: expected a whole number, got 2.5"),
            (#"{"mrr": 10, "licensed_seats": 0}"#, "properties.licensed_seats: 0 is below the minimum 1"),
            (#"{"mrr": 10, "licensed_seats": 3, "term_months": 99}"#, "properties.term_months: 99 is above the maximum 60"),
            (#"{"mrr": -1, "licensed_seats": 3}"#, "properties.mrr: -1 is below the minimum 0"),
        ])
    func violations(text: String, reason: String) throws {
        let properties = try JSONParser.parse(text)
        let plan = TrackingPlan(Self.spec.taxonomy)
        guard case let .quarantine(failed) = plan.classify(message("contract_signed", properties)) else {
            Issue.record("expected quarantine")
            return
        }
        #expect(failed.reasons.contains(reason), "\(failed.reasons)")
        #expect(failed.kind == .invalid)
        #expect(failed.payload["properties"] == properties, "the full payload is kept")
    }

    @Test("enum, length, pattern, items and nested objects are checked")
    func schemaRules() {
        var schema = PropertySchema(type: .array)
        var item = PropertySchema(type: .object)
        var influence = PropertySchema(type: .integer)
        influence.required = true
        influence.maximum = 5
        var role = PropertySchema(type: .string)
        role.enumValues = ["champion", "user"]
        item.properties = ["influence": influence, "role": role]
        schema.items = Box(item)
        schema.minItems = 2
        let problems = PropertyValidator.validate([["role": "boss", "influence": 9]], against: schema, path: "p")
        #expect(problems == ["p: 1 item, at least 2 expected", "p[0].influence: 9 is above the maximum 5", "p[0].role: 'boss' is not one of champion, user"])
        var code = PropertySchema(type: .string)
        code.pattern = "^[A-Z]{3}$"
        code.minLength = 3
        #expect(PropertyValidator.validate("usd", against: code, path: "c") == ["c: 'usd' does not match the pattern ^[A-Z]{3}$"])
        #expect(PropertyValidator.validate("ab", against: code, path: "c").count == 2)
        #expect(PropertyValidator.validate("USD", against: code, path: "c").isEmpty)
        #expect(PropertyValidator.validate(true, against: code, path: "c") == ["c: expected string, got boolean"])
        code.pattern = "^[a-z]+$"
        #expect(PropertyValidator.validate("usd", against: code, path: "c").isEmpty, "each pattern is compiled and kept on its own")
        #expect(PropertyValidator.validate("USD", against: code, path: "c") == ["c: 'USD' does not match the pattern ^[a-z]+$"])
    }

    @Test("a valid planned event is accepted as planned")
    func planned() {
        let plan = TrackingPlan(Self.spec.taxonomy)
        guard case let .accept(event) = plan.classify(message("contract_signed", ["mrr": 1200.5, "licensed_seats": 40])) else {
            Issue.record("expected accept")
            return
        }
        #expect(event.planStatus == .planned && event.violations.isEmpty)
    }

    @Test("policy decides: unplanned and invalid events are quarantined or accepted with a flag")
    func policies() {
        var taxonomy = Self.spec.taxonomy
        let strict = TrackingPlan(taxonomy)
        guard case let .quarantine(unplanned) = strict.classify(message("made_up", [:])) else {
            Issue.record("expected quarantine")
            return
        }
        #expect(unplanned.kind == .unplanned)
        #expect(unplanned.reasons == ["event 'made_up' is not in the taxonomy; add it to taxonomy.events or set taxonomy.unplanned: allow"])
        taxonomy.unplanned = .allow
        taxonomy.violations = .flag
        let lenient = TrackingPlan(taxonomy)
        guard case let .accept(flagged) = lenient.classify(message("made_up", [:])) else {
            Issue.record("expected accept")
            return
        }
        #expect(flagged.planStatus == .unplanned)
        guard case let .accept(invalid) = lenient.classify(message("contract_signed", ["mrr": "x", "licensed_seats": 1])) else {
            Issue.record("expected accept")
            return
        }
        #expect(invalid.planStatus == .invalid && invalid.violations == ["properties.mrr: expected number, got string"])
    }

    @Test("identify, group and page calls are not held to the track plan")
    func otherCalls() {
        let plan = TrackingPlan(Self.spec.taxonomy)
        for type in [SegmentCall.identify, .group, .page] {
            guard case let .accept(event) = plan.classify(message("", ["anything": 1], type: type)) else {
                Issue.record("\(type) was not accepted")
                continue
            }
            #expect(event.planStatus == nil)
        }
    }

    @Test("traits map onto the client record, through the spec's mappings or Segment's reserved traits")
    func traitMapping() {
        let group = message("", ["name": "Globex", "website": "https://www.Globex.com/about", "employees": 250], type: .group).event
        let update = TraitMapping(source: nil).update(for: group)
        #expect(update?.account == ["name": "Globex", "domain": "globex.com", "licensed_seats": "250"])
        let hubspot = Self.spec.sources.first { $0.id == "hubspot" }
        let identify = message("", ["email": "ann@globex.com", "name": "ignored by hubspot's mappings"], type: .identify).event
        #expect(TraitMapping(source: hubspot).update(for: identify)?.contact == ["email": "ann@globex.com"])
        let names = message("", ["firstName": "Ann", "lastName": "Lee"], type: .identify).event
        #expect(TraitMapping(source: nil).update(for: names)?.contact["name"] == "Ann Lee")
        #expect(DomainName.normalize("ann@Mail.Globex.com") == "mail.globex.com")
        #expect(DomainName.normalize("globex") == nil)
    }
}

@Suite("Website domains")
struct DomainNameTests {
    @Test(
        "the byte-level reading of ASCII websites gives what the text-level one gives",
        arguments: [
            "https://www.Acme.com/", " acme.com ", "\tWWW.www.acme.co.uk.", "ann@Mail.Globex.com", "http://acme.com:8080/path?x=1#y", "acme", "",
            "a b.com", "ftp://files.acme.com", "www.", "acme.com:", "HTTPS://WWW.ACME.COM", "x@y@z.example", "://acme.com", "acme.com/://x",
        ])
    func sameAsText(_ text: String) {
        #expect(DomainName.normalize(text) == DomainName.normalizeText(text), "\(text.debugDescription)")
    }

    @Test("non-ASCII websites still normalise")
    func unicode() {
        #expect(DomainName.normalize("https://www.Bücher.de/") == "bücher.de")
    }
}
