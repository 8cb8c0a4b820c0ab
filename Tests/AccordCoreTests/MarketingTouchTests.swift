import AccordCore
import Testing

/// Marketing automation's side of the client record: form submissions and campaigns as touches,
/// and the context they give the close-to-onboarding handoff.
@Suite("Marketing touches and the context a handoff carries")
struct MarketingTouchTests {
    static func fields(_ json: String, mappings: [FieldMapping] = []) -> FeedFields {
        guard case .object(let record) = try! JSONParser.parse(json) else { fatalError("a JSON object") }
        return FeedFields(record: record, mappings: mappings)
    }

    @Test("a path reads a list's element by index and a name-value list's value by name, and misses quietly")
    func bracketPaths() {
        let fields = Self.fields(
            #"{"associations":{"associatedCompanyIds":[42,43]},"values":[{"name":"email","value":"Ann@Acme.example"},{"id":"seats","value":12}]}"#)
        #expect(fields.field("associations.associatedCompanyIds[0]") == 42)
        #expect(fields.field("associations.associatedCompanyIds[1]") == 43)
        #expect(fields.field("associations.associatedCompanyIds[2]") == nil, "past the end is missing, not a crash")
        #expect(fields.field("values[email]") == "Ann@Acme.example")
        #expect(fields.field("values[SEATS]") == 12, "names match whatever their case, by name or id")
        #expect(fields.field("values[phone]") == nil)
        #expect(fields.field("associations[0]") == nil, "an object is not a list")
    }

    @Test("a form submission reads as a touch: the person's email, what was consumed, why they came and when")
    func touchRecord() throws {
        let form = Self.fields(
            #"{"formId":"f-1","submittedAt":1767225600000,"pageTitle":"NRR playbook","values":[{"name":"email","value":"Ann@Acme.example"},{"name":"buying_motivation","value":"Renewals surprise us"}]}"#
        )
        let touch = try TouchRecord.read(fields: form, account: [])
        #expect(touch.email == "ann@acme.example" && touch.content == "NRR playbook" && touch.motivation == "Renewals surprise us")
        #expect(touch.occurredAt?.day == Day(iso: "2026-01-01"))
        let mapped = try TouchRecord.read(
            fields: Self.fields(
                #"{"org":"9","asset":"Pricing page"}"#, mappings: [FieldMapping(from: "org", to: "touch.account", direction: .inbound, systemOfRecord: false)]),
            account: ["company_id"])
        #expect(mapped.accountRef == "9" && mapped.email == nil && mapped.content == "Pricing page")
    }

    @Test("a touch naming no person or no content says which field to map")
    func badTouches() {
        do {
            _ = try TouchRecord.read(fields: Self.fields(#"{"title":"Webinar"}"#), account: [])
            Issue.record("a person is needed")
        } catch {
            #expect(error.description.contains("map touch.email to the field holding the person's email"))
        }
        do {
            _ = try TouchRecord.read(fields: Self.fields(#"{"email":"ann@acme.example"}"#), account: [])
            Issue.record("content is needed")
        } catch {
            #expect(error.description.contains("map touch.content") && error.description.contains("content_from"))
        }
        #expect(throws: FeedError.self) { try TouchRecord.read(fields: Self.fields(#"{"email":"a@b.example","title":"T","submittedAt":"soon"}"#), account: []) }
    }

    @Test("who sourced a client reads from HubSpot's channels: everything but offline and outbound is marketing's")
    func acquisitionChannels() {
        #expect(AcquisitionSource(reading: "ORGANIC_SEARCH") == .marketing)
        #expect(AcquisitionSource(reading: "Paid Social") == .marketing)
        #expect(AcquisitionSource(reading: "OFFLINE") == .sales)
        #expect(AcquisitionSource(reading: " sales ") == .sales && AcquisitionSource(reading: "marketing") == .marketing)
        #expect(AcquisitionSource(reading: "a friend told me") == nil)
    }

    @Test("the context is the first motivation given and the content in the order first consumed, once each")
    func context() {
        let account = Account(
            id: "acc_1", name: "Acme", domain: "acme.example", segment: "mid_market", acquisitionSource: .marketing, cohort: nil,
            lifecycleStage: .purchase, licensedSeats: 10, createdOn: Day(iso: "2026-01-01")!)
        func touch(_ key: String, _ content: String, _ motivation: String?, day: String) -> MarketingTouch {
            MarketingTouch(
                source: "hubspot", stream: "form_submissions", key: key, accountID: "acc_1", content: content, motivation: motivation,
                occurredAt: Instant(day: Day(iso: day)!))
        }
        let context = MarketingContext.of(
            account,
            touches: [
                touch("3", "Request a demo", "Second thoughts", day: "2026-03-01"), touch("1", "NRR playbook", nil, day: "2026-01-05"),
                touch("2", "Webinar", "Renewals surprise us", day: "2026-02-01"), touch("4", "nrr playbook", nil, day: "2026-03-05"),
            ])
        #expect(context.contentConsumed == ["NRR playbook", "Webinar", "Request a demo"])
        #expect(context.buyingMotivation == "Renewals surprise us" && context.touches == 4 && context.firstTouchOn == Day(iso: "2026-01-05"))

        var list = PropertySchema(type: .array)
        list.items = Box(PropertySchema(type: .string))
        let payload: [String: PropertySchema] = [
            "content_consumed": list, "buying_motivation": PropertySchema(type: .string), "acquisition_source": PropertySchema(type: .string),
            "success_criteria": PropertySchema(type: .array),
        ]
        let filled = context.prefill(payload)
        #expect(filled["content_consumed"] == ["NRR playbook", "Webinar", "Request a demo"] && filled["buying_motivation"] == "Renewals surprise us")
        #expect(filled["acquisition_source"] == "marketing" && filled["success_criteria"] == nil, "only what marketing knows is filled")
        #expect(MarketingContext.of(account, touches: []).prefill(payload).keys.sorted() == ["acquisition_source"], "nothing invented")
    }

    @Test("content_from reads a touch's content from another stream, which the source must declare")
    func contentFrom() throws {
        let good = SyncSpecTests.spec(
            """
                sync:
                  tap: [tap-hubspot]
                  streams:
                    - {stream: forms, feeds: raw}
                    - {stream: form_submissions, feeds: touches, content_from: {stream: forms, by: formId, field: name}}

            """)
        let read = SpecParser.read(good)
        #expect(read.diagnostics.errors.isEmpty, "\(read.diagnostics)")
        let stream = try #require(read.spec?.sources.first { $0.id == "salesforce" }?.sync?.stream("form_submissions"))
        #expect(stream.feeds == .touches && stream.contentFrom == StreamFeed.RecordLookup(stream: "forms", by: "formId", field: "name"))

        let missing = SpecParser.read(good.replacingOccurrences(of: "    - {stream: forms, feeds: raw}\n", with: ""))
        #expect(missing.diagnostics.errors.contains { $0.message.contains("names its content from 'forms', which is not among the source's streams") })
        let wrongFeed = SpecParser.read(
            good.replacingOccurrences(of: "{stream: forms, feeds: raw}", with: "{stream: forms, feeds: raw, content_from: {stream: a, by: b, field: c}}"))
        #expect(wrongFeed.diagnostics.errors.contains { $0.message.contains("content_from is not for a stream that feeds raw") })
        let incomplete = SpecParser.read(good.replacingOccurrences(of: ", field: name}", with: "}"))
        #expect(incomplete.diagnostics.errors.contains { $0.message.contains("field") }, "\(incomplete.diagnostics)")
    }

    @Test("the ready-made HubSpot source is valid and turns closed-won deals into contract_signed with amount, seats and rep")
    func readyMadeHubSpot() throws {
        let block = try #require(ReadyMadeSource.named("tap-hubspot")).block(id: "hubspot", owner: "priya.raman", start: "2026-01-01")
        let read = SpecParser.read(ReadyMadeSource.insert(block, id: "hubspot", into: SpecTemplate.full.text))
        #expect(read.diagnostics.errors.isEmpty, "\(read.diagnostics)")
        let sync = try #require(read.spec?.sources.first { $0.id == "hubspot" }?.sync)
        let deals = try #require(sync.stream("deals"))
        #expect(deals.feeds == .events && deals.event == "contract_signed" && deals.when == ["property_dealstage.value": "closedwon"])
        #expect(deals.account == ["associations.associatedCompanyIds[0]"])
        #expect(Set(deals.properties.keys).isSuperset(of: ["mrr", "licensed_seats", "sales_rep"]))
        #expect(sync.stream("form_submissions")?.contentFrom?.stream == "forms")
        #expect(sync.stream("contacts")?.feeds == .contacts && sync.stream("companies")?.feeds == .accounts)
    }

    @Test("a chosen stream's fields are all selected, so a singer-io tap asks its API for them; unsupported ones stay off")
    func fieldSelection() throws {
        let catalog: JSONValue = [
            "streams": [
                [
                    "tap_stream_id": "contacts", "stream": "contacts",
                    "metadata": [
                        ["breadcrumb": [], "metadata": ["selected": false]],
                        ["breadcrumb": ["properties", "email"], "metadata": ["inclusion": "available"]],
                        ["breadcrumb": ["properties", "legacy"], "metadata": ["inclusion": "unsupported"]],
                        ["breadcrumb": ["properties", "phone"], "metadata": ["inclusion": "available", "selected": false]],
                    ],
                ]
            ]
        ]
        let selected = try CatalogSelection.select(catalog, streams: ["contacts"])
        guard case .array(let streams)? = selected["streams"], case .array(let metadata)? = streams[0]["metadata"] else {
            Issue.record("no metadata")
            return
        }
        #expect(metadata[1]["metadata"]?["selected"] == true)
        #expect(metadata[2]["metadata"]?["selected"] == nil, "a field the tap cannot give is not asked for")
        #expect(metadata[3]["metadata"]?["selected"] == false, "a choice the catalog made is kept")
    }

    @Test("a chosen stream that offers a replication key is read by it, and the chosen streams come first in the spec's order")
    func replicationAndOrder() throws {
        let catalog: JSONValue = [
            "streams": [
                ["tap_stream_id": "Opportunity", "metadata": [["breadcrumb": [], "metadata": ["valid-replication-keys": ["SystemModstamp"]]]]],
                ["tap_stream_id": "Lead", "metadata": [["breadcrumb": [], "metadata": ["valid-replication-keys": ["SystemModstamp"]]]]],
                ["tap_stream_id": "Account", "metadata": [["breadcrumb": [], "metadata": ["forced-replication-method": "FULL_TABLE"]]]],
            ]
        ]
        let selected = try CatalogSelection.select(catalog, streams: ["Account", "Opportunity"])
        guard case .array(let streams)? = selected["streams"] else {
            Issue.record("no streams")
            return
        }
        #expect(streams.map { $0["tap_stream_id"]?.stringValue } == ["Account", "Opportunity", "Lead"])
        func top(_ stream: JSONValue) -> JSONValue? {
            guard case .array(let list)? = stream["metadata"] else { return nil }
            return list.first { $0["breadcrumb"] == .array([]) }?["metadata"]
        }
        #expect(top(streams[1])?["replication-key"] == "SystemModstamp" && top(streams[1])?["replication-method"] == "INCREMENTAL")
        #expect(top(streams[0])?["replication-key"] == nil, "a stream the tap reads whole stays whole")
        #expect(top(streams[2])?["replication-key"] == nil, "a stream not chosen is left as discovered")
    }
}
