import AccordCore
import Testing

/// What billing, support, survey and event streams' records say for the client record.
@Suite("Sync feeds: subscriptions, tickets, surveys and events from raw records")
struct SyncFeedTests {
    static func fields(_ json: String, mappings: [FieldMapping] = []) -> FeedFields {
        guard case .object(let record) = try! JSONParser.parse(json) else { fatalError("a JSON object") }
        return FeedFields(record: record, mappings: mappings)
    }

    static func item(_ json: String, mappings: [FieldMapping] = []) throws(FeedError) -> SubscriptionItem {
        try SubscriptionItem.read(key: "si_1", fields: fields(json, mappings: mappings), account: [])
    }

    @Test("MRR is unit amount × quantity per month: yearly plans count a twelfth, 3-month ones a third, discounts come off")
    func monthlyRecurringRevenue() throws {
        let monthly = try Self.item(#"{"customer":"cus_1","quantity":10,"price":{"unit_amount":5000,"recurring":{"interval":"month","interval_count":1}}}"#)
        #expect(monthly.mrrCents == 50_000 && monthly.state == .active && monthly.accountRef == "cus_1")
        let yearly = try Self.item(#"{"customer":"cus_1","quantity":2,"price":{"unit_amount":120000,"recurring":{"interval":"year"}}}"#)
        #expect(yearly.mrrCents == 20_000)
        let quarterly = try Self.item(#"{"customer":"cus_1","plan":{"amount":30000,"interval":"month","interval_count":3}}"#)
        #expect(quarterly.mrrCents == 10_000)
        let percent = try Self.item(#"{"customer":"cus_1","plan":{"amount":10000,"interval":"month"},"discount":{"coupon":{"percent_off":25}}}"#)
        #expect(percent.mrrCents == 7_500)
        let fixed = try Self.item(#"{"customer":"cus_1","plan":{"amount":10000,"interval":"month"},"discount":{"coupon":{"amount_off":1500}}}"#)
        #expect(fixed.mrrCents == 8_500)
        let mapped = try Self.item(
            #"{"org":"42","monthly_fee":"1250.50"}"#,
            mappings: [
                FieldMapping(from: "monthly_fee", to: "subscription.mrr", direction: .inbound, systemOfRecord: true),
                FieldMapping(from: "org", to: "subscription.account", direction: .inbound, systemOfRecord: false),
            ])
        #expect(mapped.mrrCents == 125_050 && mapped.accountRef == "42")
    }

    @Test("a subscription's items nested as Stripe sends them are summed; trials and cancelled ones are worth nothing")
    func itemsAndStates() throws {
        let nested = try Self.item(
            #"{"customer":"cus_9","status":"active","items":{"data":[{"quantity":3,"price":{"unit_amount":2000,"recurring":{"interval":"month"}}},{"quantity":1,"price":{"unit_amount":60000,"recurring":{"interval":"year"}}}]}}"#
        )
        #expect(nested.mrrCents == 11_000)
        let trial = try Self.item(#"{"customer":"cus_1","status":"trialing","plan":{"amount":9900,"interval":"month"}}"#)
        #expect(trial.state == .trialing && trial.mrrCents == 0)
        let cancelled = try Self.item(
            #"{"customer":"cus_1","status":"canceled","canceled_at":"2026-05-04T10:00:00Z","plan":{"amount":9900,"interval":"month"}}"#)
        #expect(cancelled.state == .ended && cancelled.mrrCents == 0 && cancelled.changedOn == Day(iso: "2026-05-04"))
        let dated = try Self.item(#"{"customer":"cus_1","start_date":1767225600,"current_period_end":"2027-01-01","plan":{"amount":100,"interval":"month"}}"#)
        #expect(dated.startedOn == Day(iso: "2026-01-01") && dated.renewalOn == Day(iso: "2027-01-01"))
    }

    @Test("a record without an account, an amount or a known status says which field to map")
    func badRecords() {
        #expect(throws: FeedError.self) { try Self.item(#"{"plan":{"amount":100}}"#) }
        do {
            _ = try Self.item(#"{"customer":"cus_1"}"#)
            Issue.record("an amount is needed")
        } catch {
            #expect(error.description.contains("map subscription.amount"))
        }
        do {
            _ = try Self.item(#"{"customer":"cus_1","status":"frozen","plan":{"amount":100}}"#)
            Issue.record("an unknown status is refused")
        } catch {
            #expect(error.description.contains("subscription.status 'frozen'"))
        }
        do {
            _ = try Self.item(#"{"customer":"cus_1","plan":{"amount":"a lot"}}"#)
            Issue.record("a text amount is refused")
        } catch {
            #expect(error.description.contains("not a number"))
        }
    }

    static let today = Day(iso: "2026-06-30")!

    static func change(_ current: Subscription?, churned: Bool = false, _ items: [SubscriptionItem]) -> RevenueLedger.Change {
        RevenueLedger.change(accountID: "acc_1", current: current, churnedBefore: churned, items: items, today: today)
    }

    static func active(_ cents: Int64, changed: String? = nil) -> SubscriptionItem {
        SubscriptionItem(key: "si", accountRef: "cus", mrrCents: cents, state: .active, changedOn: changed.flatMap { Day(iso: $0) })
    }

    @Test("the client's MRR follows its items: new, expansion, contraction, churn and reactivation, dated by the change")
    func movements() {
        let first = Self.change(nil, [Self.active(10_000, changed: "2026-02-01")])
        #expect(first.movement == MRRMovement(accountID: "acc_1", occurredOn: Day(iso: "2026-02-01")!, kind: .new, amountCents: 10_000, mrrAfterCents: 10_000))
        let subscription = first.subscription!
        #expect(subscription.status == .active && subscription.mrrCents == 10_000)

        #expect(Self.change(subscription, [Self.active(15_000)]).movement?.kind == .expansion)
        #expect(Self.change(subscription, [Self.active(15_000)]).movement?.amountCents == 5_000)
        #expect(Self.change(subscription, [Self.active(4_000)]).movement?.kind == .contraction)
        let churn = Self.change(subscription, [SubscriptionItem(key: "si", accountRef: "cus", mrrCents: 0, state: .ended)])
        #expect(churn.movement?.kind == .churn && churn.movement?.amountCents == 10_000 && churn.subscription?.status == .churned)
        #expect(churn.churnedOn == .some(Self.today))
        let back = Self.change(churn.subscription, churned: true, [Self.active(8_000)])
        #expect(back.movement?.kind == .reactivation && back.churnedOn == .some(nil))
        #expect(Self.change(subscription, [Self.active(10_000)]).movement == nil, "no change, no movement")
    }

    @Test("a client with only trials has no subscription yet; a date in the future is the sync's day")
    func trials() {
        let trial = Self.change(nil, [SubscriptionItem(key: "si", accountRef: "cus", mrrCents: 0, state: .trialing)])
        #expect(trial.subscription == nil && trial.movement == nil)
        let future = Self.change(nil, [Self.active(100, changed: "2027-01-01")])
        #expect(future.movement?.occurredOn == Self.today)
    }

    @Test("tickets, satisfaction ratings and events are read with the usual names; good is 5, bad 1, offered is no answer")
    func ticketsSurveysEvents() throws {
        let ticket = try TicketRecord.read(
            source: "zendesk", key: "81",
            fields: Self.fields(
                #"{"id":81,"organization_id":360001,"subject":"Export fails","status":"Open","priority":"high","created_at":"2026-06-01T08:00:00Z"}"#),
            account: [])
        #expect(ticket.accountRef == "360001" && ticket.ticket.status == "open" && ticket.ticket.priority == "high" && ticket.ticket.isOpen)
        #expect(ticket.ticket.ageDays(now: Instant(iso: "2026-06-11T08:00:00Z")!) == 10)

        let good = try SurveyRecord.read(
            fields: Self.fields(#"{"organization_id":7,"score":"good","updated_at":"2026-06-02T00:00:00Z"}"#), account: [], kind: nil, today: Self.today)
        #expect(good?.score == 5 && good?.kind == .csat && good?.respondedOn == Day(iso: "2026-06-02"))
        let bad = try SurveyRecord.read(fields: Self.fields(#"{"organization_id":7,"score":"bad"}"#), account: [], kind: nil, today: Self.today)
        #expect(bad?.score == 1 && bad?.respondedOn == Self.today)
        #expect(try SurveyRecord.read(fields: Self.fields(#"{"organization_id":7,"score":"offered"}"#), account: [], kind: nil, today: Self.today) == nil)
        let nps = try SurveyRecord.read(fields: Self.fields(#"{"account_id":"a","score":9}"#), account: [], kind: .nps, today: Self.today)
        #expect(nps?.score == 9 && nps?.kind == .nps)
        #expect(throws: FeedError.self) {
            try SurveyRecord.read(fields: Self.fields(#"{"account_id":"a","score":9}"#), account: [], kind: .csat, today: Self.today)
        }

        let event = try FeedEvent.read(fields: Self.fields(#"{"customer":"cus_1","type":"invoice.paid","created":1767225600}"#), account: [], event: nil)
        #expect(event.name == "invoice.paid" && event.accountRef == "cus_1" && event.timestamp == Instant(iso: "2026-01-01T00:00:00Z"))
        let named = try FeedEvent.read(fields: Self.fields(#"{"org":"o1"}"#), account: ["org"], event: "support_ticket_opened")
        #expect(named.name == "support_ticket_opened" && named.accountRef == "o1" && named.timestamp == nil)
        #expect(throws: FeedError.self) { try FeedEvent.read(fields: Self.fields(#"{"org":"o1"}"#), account: [], event: nil) }
    }
}

/// What `accord source add NAME --tap TAP` writes, and the catalog Accord selects from a tap's discovery.
@Suite("Ready-made sources and discovered catalogs")
struct ReadyMadeSourceTests {
    @Test("the ready-made Stripe source replaces the template's stripe source, and the spec stays valid")
    func replaceStripe() throws {
        let block = try #require(ReadyMadeSource.named("tap-stripe")).block(id: "stripe", owner: "priya.raman", start: "2026-01-01")
        let text = ReadyMadeSource.insert(block, id: "stripe", into: SpecTemplate.full.text)
        let read = SpecParser.read(text)
        #expect(read.diagnostics.filter { $0.severity == .error }.isEmpty, "\(read.diagnostics)")
        let spec = try #require(read.spec)
        #expect(spec.sources.filter { $0.id == "stripe" }.count == 1)
        let stripe = try #require(spec.sources.first { $0.id == "stripe" })
        #expect(stripe.sync?.tap == [".taps/tap-stripe/bin/tap-stripe"] && stripe.sync?.catalogFile == "discover")
        #expect(stripe.sync?.stream("subscriptions")?.items == "subscription_items" && stripe.sync?.refreshOn == ["older than 30 days"])
        #expect(stripe.sync?.owner == "priya.raman" && stripe.notify == ["priya.raman"])
        #expect(spec.sources.map(\.id) == SpecTemplate.defaultSpec.sources.map(\.id), "the other sources stay, in their order")
        #expect(text.contains("# Identity resolution"), "what follows the sources is kept")
    }

    @Test("a new id is added after the last source")
    func addNew() throws {
        let block = try #require(ReadyMadeSource.named("tap-stripe")).block(id: "billing_eu", owner: "priya.raman", start: "2026-01-01")
        let spec = try #require(SpecParser.read(ReadyMadeSource.insert(block, id: "billing_eu", into: SpecTemplate.full.text)).spec)
        #expect(spec.sources.last?.id == "billing_eu" && spec.sources.count == SpecTemplate.defaultSpec.sources.count + 1)
    }

    @Test("a discovered catalog has exactly the spec's streams selected, in both forms taps read; a missing stream is named")
    func selection() throws {
        let catalog: JSONValue = [
            "streams": [
                ["tap_stream_id": "customers", "stream": "customers", "metadata": [["breadcrumb": [], "metadata": ["selected": false]]]],
                ["tap_stream_id": "charges", "stream": "charges", "metadata": []],
            ]
        ]
        let selected = try CatalogSelection.select(catalog, streams: ["customers"])
        guard case .array(let streams)? = selected["streams"] else {
            Issue.record("no streams")
            return
        }
        #expect(streams[0]["selected"] == true && streams[0]["metadata"] == [["breadcrumb": [], "metadata": ["selected": true]]])
        #expect(streams[1]["selected"] == false && streams[1]["metadata"] == [["breadcrumb": [], "metadata": ["selected": false]]])
        #expect(throws: FeedError.self) { try CatalogSelection.select(catalog, streams: ["customers", "subscriptions"]) }
        #expect(throws: FeedError.self) { try CatalogSelection.select(["type": "nothing"], streams: ["customers"]) }
    }
}
