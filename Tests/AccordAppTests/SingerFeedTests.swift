import AccordApp
import AccordCore
import AccordStore
import Foundation
import Testing

/// Billing, support and event streams through the loader into a real SQLite file: the client's
/// subscription and MRR movements follow its billing items, tickets and satisfaction ratings
/// reach its page, records become events on the log under the taxonomy.
@Suite("Singer loader: subscriptions, tickets, surveys and events")
struct SingerFeedTests {
    typealias Fixture = SingerLoaderTests

    static let spec: Spec = {
        let text = SpecTemplate.full.text
            .replacingOccurrences(
                of: """
                      - id: zendesk
                        system: support
                        connection: webhook
                        sync: {frequency: realtime}

                    """,
                with: """
                      - id: zendesk
                        system: support
                        connection: webhook
                        identity_keys: {account: id}
                        sync:
                          frequency: realtime
                          tap: [tap-zendesk]
                          streams:
                            - {stream: organizations, feeds: accounts}
                            - {stream: tickets, feeds: tickets}
                            - {stream: satisfaction_ratings, feeds: surveys}
                        mappings:
                          - {from: name, to: account.name, direction: inbound}

                    """
            )
            .replacingOccurrences(
                of: """
                      - id: stripe
                        system: billing
                        connection: webhook
                        sync: {frequency: realtime}

                    """,
                with: """
                      - id: stripe
                        system: billing
                        connection: webhook
                        identity_keys: {account: id}
                        sync:
                          frequency: realtime
                          tap: [tap-stripe]
                          streams:
                            - {stream: customers, feeds: accounts}
                            - {stream: subscriptions, feeds: subscriptions, items: subscription_items}
                            - {stream: subscription_items, feeds: raw}
                            - {stream: events, feeds: events}
                            - {stream: failed_charges, feeds: events, event: risk_signal_detected}

                    """
            )
            .replacingOccurrences(
                of: "      # Cents per billing interval;",
                with: """
                          - {from: name, to: account.name, direction: inbound}
                          - {from: metadata.website, to: account.domain, direction: inbound}
                          # Cents per billing interval;
                    """)
        let read = SpecParser.read(text)
        guard let spec = read.spec else { fatalError("\(read.diagnostics)") }
        return spec
    }()

    static let templateSalesforce = "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly}\n"

    /// The full template with the salesforce source's identity keys and `sync:` block as given.
    static func salesforce(keys: String = "{account: Id, contact: Id}", sync: String) -> String {
        SpecTemplate.full.text.replacingOccurrences(of: templateSalesforce, with: "    identity_keys: \(keys)\n    sync:\n" + sync)
    }

    static func load(_ source: String, _ lines: [String], into store: SQLiteStore) async throws -> SyncRun {
        let desk = SyncDesk(spec: spec, store: store, now: { .now }, today: { Day(iso: "2026-06-30")! })
        let loader = try await desk.start(source, trigger: .load, options: Fixture.eager)
        for line in lines { _ = try await loader.take(line) }
        return try await loader.finish(exit: TapExit(code: 0))
    }

    static func schema(_ stream: String) -> String { #"{"type":"SCHEMA","stream":"\#(stream)","key_properties":["id"],"schema":{"type":"object"}}"# }
    static func record(_ stream: String, _ json: String) -> String { #"{"type":"RECORD","stream":"\#(stream)","record":\#(json)}"# }
    static let state = #"{"type":"STATE","value":{"bookmarks":{}}}"#

    static func customer(_ n: Int) -> String {
        record("customers", #"{"id":"cus_\#(n)","name":"Billing Client \#(n)","metadata":{"website":"https://client\#(n).example"}}"#)
    }

    static func subscription(_ id: String, customer: String, status: String = "active", quantity: Int, cents: Int, extra: String = "") -> String {
        record(
            "subscriptions",
            #"{"id":"\#(id)","customer":"\#(customer)","status":"\#(status)","quantity":\#(quantity),"plan":{"amount":\#(cents),"interval":"month"},"current_period_end":"2026-12-01"\#(extra)}"#
        )
    }

    @Test("the client's subscription follows its billing items: new, expansion, a trial's conversion, churn and a deleted item")
    func subscriptions() async throws {
        let store = try Fixture.store()
        var run = try await Self.load(
            "stripe",
            [
                Self.schema("customers"), Self.customer(1), Self.customer(2), Self.schema("subscriptions"),
                Self.subscription("sub_1", customer: "cus_1", quantity: 10, cents: 5000, extra: #","created":"2026-01-15T09:00:00Z""#),
                Self.subscription("sub_2", customer: "cus_2", status: "trialing", quantity: 1, cents: 9900),
                Self.subscription("sub_3", customer: "cus_404", quantity: 1, cents: 100), Self.state,
            ], into: store)
        #expect(run.status == .partial && run.streams["subscriptions"]?.created == 2 && run.streams["subscriptions"]?.rejected == 1, "\(run.streams)")
        let links = try await store.sourceLinks(source: "stripe", kind: "account")
        let (one, two) = (links["cus_1"]!, links["cus_2"]!)
        var detail = try #require(try await store.account(id: one))
        #expect(detail.subscription?.mrrCents == 50_000 && detail.subscription?.status == .active && detail.subscription?.renewalOn == Day(iso: "2026-12-01"))
        #expect(detail.movements.map(\.kind) == [.new] && detail.movements.first?.occurredOn == Day(iso: "2026-01-15"))
        #expect(try await store.account(id: two)?.subscription == nil, "a trial is not a subscription yet")
        let rejects = try await store.syncRejects(source: "stripe", limit: 10)
        #expect(rejects.count == 1 && rejects[0].reject.reason.contains("account 'cus_404' of stripe is not in the client record yet"))

        run = try await Self.load(
            "stripe",
            [
                Self.schema("subscriptions"), Self.subscription("sub_1", customer: "cus_1", quantity: 12, cents: 5000),
                Self.subscription("sub_2", customer: "cus_2", quantity: 1, cents: 9900), Self.state,
            ], into: store)
        #expect(run.streams["subscriptions"]?.updated == 2, "\(run.streams)")
        detail = try #require(try await store.account(id: one))
        #expect(detail.subscription?.mrrCents == 60_000 && detail.movements.map(\.kind) == [.new, .expansion])
        #expect(detail.movements.last?.amountCents == 10_000 && detail.movements.last?.mrrAfterCents == 60_000)
        #expect(try await store.account(id: two)?.movements.map(\.kind) == [.new])

        _ = try await Self.load(
            "stripe",
            [
                Self.schema("subscriptions"),
                Self.subscription("sub_1", customer: "cus_1", status: "canceled", quantity: 12, cents: 5000, extra: #","canceled_at":"2026-06-20T00:00:00Z""#),
                Self.record("subscriptions", #"{"id":"sub_2","customer":"cus_2","is_deleted":true}"#), Self.state,
            ], into: store)
        detail = try #require(try await store.account(id: one))
        #expect(detail.subscription?.status == .churned && detail.subscription?.mrrCents == 0)
        // Dated by its cancellation (the expansion before it had no date of its own, so it has the sync's).
        let churn = try #require(detail.movements.first { $0.kind == .churn })
        #expect(churn.amountCents == 60_000 && churn.mrrAfterCents == 0 && churn.occurredOn == Day(iso: "2026-06-20"))
        #expect(detail.account.churnedOn == Day(iso: "2026-06-20") && detail.account.lifecycleStage == .churned)
        #expect(try await store.account(id: two)?.movements.map(\.kind) == [.new, .churn], "a deleted item takes its MRR with it")

        // The unknown customer arrives; the replay takes its subscription.
        _ = try await Self.load("stripe", [Self.schema("customers"), Self.customer(404), Self.state], into: store)
        let desk = SyncDesk(spec: Self.spec, store: store, now: { .now }, today: { Day(iso: "2026-06-30")! })
        let replay = try await desk.replay("stripe")
        #expect(replay.replayed == 1 && replay.run?.status == .ok, "\(String(describing: replay.run))")
        let late = try await store.sourceLinks(source: "stripe", kind: "account")["cus_404"]!
        #expect(try await store.account(id: late)?.subscription?.mrrCents == 100)
    }

    @Test("a subscription that lists its items by id is worth their sum; an item that changes later maps its subscription again")
    func itemsByID() async throws {
        let store = try Fixture.store()
        func item(_ id: String, quantity: Int, cents: Int, interval: String = "month") -> String {
            Self.record(
                "subscription_items",
                #"{"id":"\#(id)","subscription":"sub_m","quantity":\#(quantity),"price":{"unit_amount":\#(cents),"recurring":{"interval":"\#(interval)","interval_count":1}}}"#
            )
        }
        let subscription = Self.record("subscriptions", #"{"id":"sub_m","customer":"cus_1","status":"active","items":["si_1","si_2"],"plan":null}"#)
        var run = try await Self.load(
            "stripe",
            [
                Self.schema("customers"), Self.customer(1), Self.schema("subscriptions"), subscription, Self.schema("subscription_items"),
                item("si_1", quantity: 3, cents: 2000), item("si_2", quantity: 1, cents: 24000, interval: "year"), Self.state,
            ], into: store)
        // Its items came after it: it waited for them instead of being rejected.
        #expect(run.streams["subscriptions"]?.created == 1 && run.streams["subscriptions"]?.rejected == 0, "\(run.streams)")
        let account = try await store.sourceLinks(source: "stripe", kind: "account")["cus_1"]!
        #expect(try await store.account(id: account)?.subscription?.mrrCents == 8_000)
        // Only the item comes again (more seats): its subscription is mapped again with it.
        run = try await Self.load("stripe", [Self.schema("subscription_items"), item("si_1", quantity: 5, cents: 2000), Self.state], into: store)
        let detail = try #require(try await store.account(id: account))
        #expect(detail.subscription?.mrrCents == 12_000 && detail.movements.map(\.kind) == [.new, .expansion], "\(detail.movements)")

        // A subscription whose items have not arrived is rejected until they do.
        let orphan = Self.record("subscriptions", #"{"id":"sub_o","customer":"cus_1","status":"active","items":["si_9"],"plan":null}"#)
        run = try await Self.load("stripe", [Self.schema("subscriptions"), orphan, Self.state], into: store)
        #expect(run.streams["subscriptions"]?.rejected == 1)
        #expect(
            try await store.syncRejects(source: "stripe", limit: 10).first?.reject.reason.contains("its items si_9 are not in stream 'subscription_items' yet")
                == true)
    }

    @Test("a billing record that cannot be read is rejected with what to map, and the rest of its page is kept")
    func unreadable() async throws {
        let store = try Fixture.store()
        let run = try await Self.load(
            "stripe",
            [
                Self.schema("customers"), Self.customer(1), Self.schema("subscriptions"),
                Self.record("subscriptions", #"{"id":"sub_x","customer":"cus_1","status":"frozen","plan":{"amount":100}}"#),
                Self.record("subscriptions", #"{"id":"sub_y","customer":"cus_1"}"#),
                Self.subscription("sub_z", customer: "cus_1", quantity: 1, cents: 2500), Self.state,
            ], into: store)
        #expect(run.status == .partial && run.streams["subscriptions"]?.rejected == 2 && run.streams["subscriptions"]?.created == 1)
        let reasons = try await store.syncRejects(source: "stripe", limit: 10).map(\.reject.reason).sorted()
        #expect(reasons.contains { $0.contains("subscription.status 'frozen'") } && reasons.contains { $0.contains("map subscription.amount") }, "\(reasons)")
        let account = try await store.sourceLinks(source: "stripe", kind: "account")["cus_1"]!
        #expect(try await store.account(id: account)?.subscription?.mrrCents == 2500)
    }

    @Test("tickets reach the client's page, open first; satisfaction ratings become CSAT responses, offered ones are not answers")
    func support() async throws {
        let store = try Fixture.store()
        let run = try await Self.load(
            "zendesk",
            [
                Self.schema("organizations"), Self.record("organizations", #"{"id":360001,"name":"Support Client"}"#),
                Self.schema("tickets"),
                Self.record(
                    "tickets",
                    #"{"id":81,"organization_id":360001,"subject":"Export fails","status":"open","priority":"urgent","created_at":"2026-06-01T08:00:00Z"}"#),
                Self.record(
                    "tickets",
                    #"{"id":82,"organization_id":360001,"subject":"How to add seats","status":"solved","priority":"low","created_at":"2026-06-05T08:00:00Z","updated_at":"2026-06-06T08:00:00Z"}"#
                ),
                Self.schema("satisfaction_ratings"),
                Self.record("satisfaction_ratings", #"{"id":1,"organization_id":360001,"score":"good","updated_at":"2026-06-06T09:00:00Z"}"#),
                Self.record("satisfaction_ratings", #"{"id":2,"organization_id":360001,"score":"bad","updated_at":"2026-06-07T09:00:00Z"}"#),
                Self.record("satisfaction_ratings", #"{"id":3,"organization_id":360001,"score":"offered"}"#), Self.state,
            ], into: store)
        #expect(run.status == .ok, "\(run.streams) \(run.error ?? "")")
        #expect(
            run.streams["tickets"]?.created == 2 && run.streams["satisfaction_ratings"]?.created == 2 && run.streams["satisfaction_ratings"]?.unchanged == 1)
        let account = try await store.sourceLinks(source: "zendesk", kind: "account")["360001"]!
        let detail = try #require(try await store.account(id: account))
        #expect(detail.tickets.map(\.subject) == ["Export fails", "How to add seats"] && detail.tickets.map(\.isOpen) == [true, false])
        #expect(detail.tickets[0].priority == "urgent" && detail.tickets[0].source == "zendesk")
        #expect(detail.surveys.map(\.score).sorted() == [1, 5] && detail.surveys.allSatisfy { $0.kind == .csat })

        // The open ticket is solved: the same ticket, not a second one.
        _ = try await Self.load(
            "zendesk",
            [
                Self.schema("tickets"),
                Self.record(
                    "tickets",
                    #"{"id":81,"organization_id":360001,"subject":"Export fails","status":"closed","priority":"urgent","created_at":"2026-06-01T08:00:00Z","solved_at":"2026-06-10T08:00:00Z"}"#
                ), Self.state,
            ], into: store)
        let after = try #require(try await store.account(id: account))
        #expect(after.tickets.count == 2 && after.tickets.allSatisfy { !$0.isOpen })
    }

    @Test("records become events under the taxonomy: planned ones on the log once, unplanned or invalid ones rejected with why")
    func events() async throws {
        let store = try Fixture.store()
        let failed = { (id: String, signal: String) in
            Self.record("failed_charges", #"{"id":"\#(id)","customer":"cus_1","created":"2026-06-03T10:00:00Z"\#(signal)}"#)
        }
        let lines = [
            Self.schema("customers"), Self.customer(1), Self.schema("failed_charges"), failed("ch_1", #","signal":"payment_late""#), failed("ch_2", ""),
            Self.schema("events"), Self.record("events", #"{"id":"evt_1","type":"invoice.paid","customer":"cus_1","created":1767225600}"#), Self.state,
        ]
        let run = try await Self.load("stripe", lines, into: store)
        #expect(run.streams["failed_charges"]?.created == 1 && run.streams["failed_charges"]?.rejected == 1 && run.streams["events"]?.rejected == 1)
        let reasons = try await store.syncRejects(source: "stripe", limit: 10).map(\.reject.reason)
        #expect(reasons.contains { $0.contains("event 'invoice.paid' is not in the taxonomy") }, "\(reasons)")
        #expect(reasons.contains { $0.contains("breaks its taxonomy schema") }, "\(reasons)")
        let account = try await store.sourceLinks(source: "stripe", kind: "account")["cus_1"]!
        let logged = try #require(try await store.account(id: account)).recentEvents.filter { $0.name == "risk_signal_detected" }
        #expect(logged.count == 1 && logged[0].source == "stripe" && logged[0].timestamp == Instant(iso: "2026-06-03T10:00:00Z"))
        #expect(logged[0].properties["signal"] == "payment_late" && logged[0].messageID == "sync:stripe:failed_charges:ch_1")

        // A resend with a change is the same event: the log is append-only.
        _ = try await Self.load(
            "stripe", [Self.schema("failed_charges"), failed("ch_1", #","signal":"payment_late","note":"retried""#), Self.state], into: store)
        #expect(try #require(try await store.account(id: account)).recentEvents.filter { $0.name == "risk_signal_detected" }.count == 1)
    }

    @Test("accord check: stream options belong to their feed, and an events stream's event must be in the taxonomy")
    func check() {
        let text = Self.salesforce(
            sync: """
                      frequency: hourly
                      tap: [tap-crm]
                      streams:
                        - {stream: Account, feeds: accounts, event: contract_signed}
                        - {stream: Activity, feeds: events, event: invoice_paid}
                        - {stream: Survey, feeds: surveys, kind: nps, account: [AccountId]}

                """)
        let messages = SpecParser.read(text).diagnostics.map(\.description)
        #expect(messages.contains { $0.contains("event is not for a stream that feeds accounts") }, "\(messages)")
        #expect(messages.contains { $0.contains("writes 'invoice_paid', which is not in the taxonomy") }, "\(messages)")
        #expect(messages.filter { $0.contains("Survey") || $0.contains("streams[2]") }.isEmpty, "\(messages)")
    }
}
