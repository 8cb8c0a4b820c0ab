import AccordCore
import AccordStore
import Foundation
import Testing

/// Ingestion behaviour every Store must have.
@Suite("Store conformance: ingestion")
struct IngestionConformanceTests {
    static let spec = SpecTemplate.defaultSpec
    static let received = Instant(iso: "2026-11-22T12:00:00Z")!

    static func audit(_ action: String) -> AuditEntry {
        AuditEntry(at: received, actor: "cli:test", origin: "local", action: action, target: "source:product")
    }

    static func batch(_ body: String, source: String = "product") throws -> IngestBatch {
        let plan = TrackingPlan(spec.taxonomy)
        let mapping = TraitMapping(source: nil)
        let messages = try SegmentEnvelope.messages(in: try JSONParser.parse(body), call: nil, source: source, receivedAt: received)
        return IngestBatch(entries: messages.map { .init(item: plan.classify($0), update: mapping.update(for: $0.event)) }, defaultSegment: "mid_market")
    }

    static func track(_ id: String, event: String = "first_value_achieved", user: String = "u1", properties: String = #"{"milestone": "m"}"#) -> String {
        #"{"type": "track", "messageId": "\#(id)", "event": "\#(event)", "userId": "\#(user)", "properties": \#(properties)}"#
    }

    @Test("a retried batch never creates a duplicate, across requests and within one", arguments: StoreKind.allCases)
    func idempotent(kind: StoreKind) async throws {
        let store = try await kind.make()
        let body = #"{"batch": [\#(Self.track("m1")), \#(Self.track("m2")), \#(Self.track("m1"))]}"#
        let first = try await store.ingest([try Self.batch(body)])
        #expect(first == [IngestReceipt(accepted: 2, duplicates: 1)])
        let retried = try await store.ingest([try Self.batch(body), try Self.batch(body)])
        #expect(retried == [IngestReceipt(duplicates: 3), IngestReceipt(duplicates: 3)])
        #expect(try await store.events(EventQuery()).events.map(\.event.messageID) == ["m1", "m2"])
    }

    @Test("quarantined events are kept with payload and reasons, once, and counted", arguments: StoreKind.allCases)
    func quarantine(kind: StoreKind) async throws {
        let store = try await kind.make()
        let body =
            #"{"batch": [\#(Self.track("bad", event: "contract_signed", properties: #"{"mrr": "lots", "licensed_seats": 3}"#)), \#(Self.track("odd", event: "made_up"))]}"#
        #expect(try await store.ingest([try Self.batch(body)]) == [IngestReceipt(quarantined: 2)])
        #expect(try await store.ingest([try Self.batch(body)]) == [IngestReceipt(duplicates: 2)])
        let page = try await store.failedEvents(FailedEventQuery())
        #expect(page.total == 2)
        let bad = try #require(page.failedEvents.first { $0.failed.messageID == "bad" }?.failed)
        #expect(bad.reasons == ["properties.mrr: expected number, got string"])
        #expect(bad.payload["properties"]?["mrr"] == "lots")
        #expect(bad.source == "product" && bad.kind == .invalid)
        #expect(try await store.failedEvents(FailedEventQuery(kind: .unplanned)).failedEvents.map(\.failed.messageID) == ["odd"])
        let counts = try await store.violationCounts()
        #expect(counts.contains(ViolationCount(source: "product", event: "contract_signed", kind: "invalid", flagged: 0, quarantined: 1)))
        #expect(counts.contains(ViolationCount(source: "product", event: "made_up", kind: "unplanned", flagged: 0, quarantined: 1)))
        #expect(try await store.events(EventQuery()).events.isEmpty)
    }

    @Test("resolving a kept-aside event moves it into the log exactly once", arguments: StoreKind.allCases)
    func resolve(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.ingest([try Self.batch(#"{"batch": [\#(Self.track("odd", event: "made_up"))]}"#)])
        let kept = try #require(try await store.failedEvents(FailedEventQuery()).failedEvents.first)
        var event = Event(
            messageID: "odd", name: "made_up", accountID: nil, userID: "u1", source: "product", timestamp: Self.received, receivedAt: Self.received,
            properties: [:])
        event.planStatus = .unplanned
        #expect(try await store.resolveFailedEvents([FailedEventMove(seq: kept.seq, event: event)]) == 1)
        #expect(try await store.failedEvents(FailedEventQuery()).total == 0)
        #expect(try await store.events(EventQuery(messageID: "odd")).events.count == 1)
        #expect(try await store.resolveFailedEvents([FailedEventMove(seq: kept.seq, event: event)]) == 1, "a second move is a duplicate, not a second event")
        #expect(try await store.events(EventQuery(messageID: "odd")).events.count == 1)
    }

    @Test("group makes the account, links the user; later events are attributed through the user", arguments: StoreKind.allCases)
    func attribution(kind: StoreKind) async throws {
        let store = try await kind.make()
        let body = #"""
            {"batch": [
              {"type": "identify", "messageId": "i1", "userId": "u1", "traits": {"name": "Ann Lee", "email": "ann@globex.com"}},
              {"type": "group", "messageId": "g1", "userId": "u1", "groupId": "globex-1", "traits": {"name": "Globex Corp", "website": "www.globex.com"}},
              \#(Self.track("t1")),
              {"type": "track", "messageId": "t2", "event": "first_value_achieved", "anonymousId": "x", "properties": {"milestone": "m"}, "context": {"groupId": "globex-1"}}
            ]}
            """#
        #expect(try await store.ingest([try Self.batch(body)]) == [IngestReceipt(accepted: 4)])
        let events = try await store.events(EventQuery()).events.map(\.event)
        let account = try #require(events[1].accountID)
        #expect(events[1].type == .group)
        #expect(events[2].accountID == account, "a track call with only a userId is attributed to the user's account")
        #expect(events[2].contactID != nil)
        #expect(events[3].accountID == account, "context.groupId attributes a track call")
        let detail = try #require(try await store.account(id: account))
        #expect(detail.account.name == "Globex Corp" && detail.account.domain == "globex.com")
        #expect(detail.contacts.map(\.name) == ["Ann Lee"])
        #expect(detail.contacts.first?.email == "ann@globex.com")
        #expect(try await store.events(EventQuery(accountID: account)).events.count == 3)
    }

    @Test(
        "a contract signed through the Segment endpoint names the cohort and sets the licensed seats; a late older one changes neither",
        arguments: StoreKind.allCases)
    func contract(kind: StoreKind) async throws {
        let store = try await kind.make()
        func contract(_ id: String, at: String, seats: Int) -> String {
            #"{"type": "track", "messageId": "\#(id)", "event": "contract_signed", "userId": "u1", "timestamp": "\#(at)", "properties": {"mrr": 900, "licensed_seats": \#(seats)}, "context": {"groupId": "globex-1"}}"#
        }
        let group = #"{"type": "group", "messageId": "g1", "userId": "u1", "groupId": "globex-1", "traits": {"name": "Globex Corp", "website": "globex.com"}}"#
        _ = try await store.ingest([try Self.batch(#"{"batch": [\#(group), \#(contract("c2", at: "2026-08-03T10:00:00Z", seats: 40))]}"#)])
        let account = try #require(try await store.events(EventQuery(messageID: "g1")).events.first?.event.accountID)
        var detail = try #require(try await store.account(id: account))
        #expect(detail.account.cohort == "2026-Q3" && detail.account.licensedSeats == 40)
        _ = try await store.ingest([try Self.batch(#"{"batch": [\#(contract("c1", at: "2026-05-20T10:00:00Z", seats: 25))]}"#)])
        detail = try #require(try await store.account(id: account))
        #expect(detail.account.cohort == "2026-Q2", "the first contract names the cohort, whenever it arrives")
        #expect(detail.account.licensedSeats == 40, "the newer contract's seats stand")
        _ = try await store.ingest([try Self.batch(#"{"batch": [\#(contract("c3", at: "2026-11-02T10:00:00Z", seats: 60))]}"#)])
        #expect(try await store.account(id: account)?.account.licensedSeats == 60)
    }

    @Test("a group whose domain is already an account's joins that account", arguments: StoreKind.allCases)
    func domainMatch(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.replaceAll(with: TinyCompany.dataset()) { _, _ in }
        _ = try await store.ingest([
            try Self.batch(
                #"{"batch": [{"type": "group", "messageId": "g", "userId": "u", "groupId": "crm-77", "traits": {"website": "https://acc_a.example/"}}]}"#)
        ])
        #expect(try await store.events(EventQuery(messageID: "g")).events.first?.event.accountID == "acc_a")
        #expect(try await store.statistics().rows("accounts") == 4)
    }

    @Test("the event log filters and pages by position", arguments: StoreKind.allCases)
    func eventQueries(kind: StoreKind) async throws {
        let store = try await kind.make()
        let items = (1...25).map { Self.track("m\($0)", user: $0 % 2 == 0 ? "even" : "odd") }.joined(separator: ",")
        _ = try await store.ingest([try Self.batch(#"{"batch": [\#(items)]}"#)])
        var seen: [String] = []
        var after: Int64?
        repeat {
            let page = try await store.events(EventQuery(after: after, limit: 10))
            seen += page.events.map(\.event.messageID)
            after = page.nextCursor.flatMap { Int64($0) }
        } while after != nil
        #expect(seen == (1...25).map { "m\($0)" })
        #expect(try await store.events(EventQuery(name: "first_value_achieved", source: "product", limit: 1000)).events.count == 25)
        #expect(try await store.events(EventQuery(source: "crm")).events.isEmpty)
        #expect(try await store.events(EventQuery(messageID: "m7")).events.map(\.event.userID) == ["odd"])
        #expect(try await store.events(EventQuery(from: Self.received, to: Instant(milliseconds: Self.received.milliseconds + 1))).events.count == 25)
        #expect(try await store.events(EventQuery(to: Self.received)).events.isEmpty)
    }

    @Test("write keys are saved as hashes and replaced on rotation", arguments: StoreKind.allCases)
    func sourceKeys(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.saveSourceKey(
            SourceKey(source: "product", system: "product_analytics", keyHash: "aa", hint: "1234", createdAt: Self.received),
            audit: Self.audit("source.created"))
        try await store.saveSourceKey(
            SourceKey(source: "product", system: "product_analytics", keyHash: "bb", hint: "5678", createdAt: Self.received, rotatedAt: Self.received),
            audit: Self.audit("source.key_rotated"))
        let keys = try await store.sourceKeys()
        #expect(keys.count == 1 && keys[0].keyHash == "bb" && keys[0].rotatedAt == Self.received && keys[0].createdAt == Self.received)
    }
}
