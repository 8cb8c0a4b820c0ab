import AccordApp
import AccordCore
import AccordServer
import AccordStore
import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

let basicProduct = "Basic " + Data("wk_test:".utf8).base64EncodedString()

func track(_ id: String, event: String = "first_value_achieved", properties: String = #"{"milestone": "m"}"#) -> String {
    #"{"type": "track", "messageId": "\#(id)", "event": "\#(event)", "userId": "u1", "properties": \#(properties)}"#
}

@Suite("Ingestion API")
struct IngestionTests {
    @Test("a batch is answered 200 {success: true} once committed, and a retry adds nothing")
    func accepted() async throws {
        let (app, store) = try await makeIngestionServer()
        let body = #"{"batch": [\#(track("m1")), \#(track("m2"))], "sentAt": "2026-11-22T11:59:59Z"}"#
        try await app.test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/v1/batch", method: .post, headers: [.authorization: basicProduct], body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == #"{"success":true}"#)
                }
            }
        }
        #expect(try await store.events(EventQuery()).events.map(\.event.messageID) == ["m1", "m2"])
    }

    @Test(
        "each single-call endpoint accepts its call",
        arguments: [
            ("track", #"{"event": "first_value_achieved", "userId": "u", "properties": {"milestone": "m"}, "messageId": "a"}"#, SegmentCall.track),
            ("identify", #"{"userId": "u", "traits": {"email": "u@x.io"}, "messageId": "b"}"#, .identify),
            ("group", #"{"userId": "u", "groupId": "g", "traits": {"name": "G"}, "messageId": "c"}"#, .group),
            ("page", #"{"anonymousId": "a", "name": "Pricing", "messageId": "d"}"#, .page),
            ("screen", #"{"anonymousId": "a", "name": "Home", "messageId": "e"}"#, .screen),
            ("alias", #"{"userId": "u", "previousId": "a", "messageId": "f"}"#, .alias),
        ])
    func singleCalls(path: String, body: String, type: SegmentCall) async throws {
        let (app, store) = try await makeIngestionServer()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/\(path)", method: .post, headers: [.authorization: basicProduct], body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(try await store.events(EventQuery()).events.map(\.event.type) == [type])
    }

    @Test("the write key may come in the body instead of the header")
    func bodyWriteKey() async throws {
        let (app, store) = try await makeIngestionServer()
        try await app.test(.router) { client in
            let body = #"{"writeKey": "wk_test", "batch": [\#(track("k1"))]}"#
            try await client.execute(uri: "/v1/batch", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(try await store.events(EventQuery()).events.count == 1)
    }

    @Test("a gzip body cut short is said to be cut short, not invalid JSON")
    func truncatedGzip() async throws {
        let (app, store) = try await makeIngestionServer()
        var plain = ByteBuffer(string: #"{"batch": [\#((0..<50).map { track("g\($0)") }.joined(separator: ","))]}"#)
        var compressed = try plain.compress(with: .gzip)
        compressed.moveWriterIndex(to: compressed.writerIndex - 30)
        let body = compressed
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/batch", method: .post, headers: [.authorization: basicProduct, .contentEncoding: "gzip"], body: body) {
                response in
                #expect(response.status == .badRequest)
                let answer = try json(response.body)
                #expect(answer["code"] as? String == "invalid_gzip")
                #expect((answer["message"] as? String)?.contains("cut short") == true)
            }
        }
        #expect(try await store.events(EventQuery()).events.isEmpty)
    }

    @Test("integers beyond 2^53 keep every digit, in the log and in a kept-aside payload")
    func bigIntegers() async throws {
        let (app, store) = try await makeIngestionServer()
        let properties = #"{"milestone": "m", "order": 9007199254740993, "huge": 12345678901234567890, "negative": -99999999999999999999, "price": 19.99}"#
        let unplanned = #"{"type": "track", "messageId": "q1", "event": "no_such_event", "userId": "u1", "properties": {"id": 9007199254740993}}"#
        let body = #"{"batch": [\#(track("b1", properties: properties)), \#(unplanned)]}"#
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/batch", method: .post, headers: [.authorization: basicProduct], body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
            }
        }
        let stored = try #require(try await store.events(EventQuery()).events.first?.event.properties)
        #expect(
            stored.canonicalText == #"{"huge":12345678901234567890,"milestone":"m","negative":-99999999999999999999,"order":9007199254740993,"price":19.99}"#)
        let kept = try #require(try await store.failedEvents(FailedEventQuery()).failedEvents.first)
        #expect(kept.failed.payload.canonicalText.contains(#""id":9007199254740993"#))
    }

    @Test("implausible times use the receipt time and are noted; one bad clock cannot reach the dashboard's time to insight")
    func implausibleTimes() async throws {
        let (app, store) = try await makeIngestionServer()
        let received = Instant(iso: "2026-11-22T12:00:00Z")!
        let body = #"""
            {"batch": [
              {"type": "track", "messageId": "t1", "event": "first_value_achieved", "userId": "u1", "properties": {"milestone": "m"}, "timestamp": "0001-01-01T00:00:00Z"},
              {"type": "track", "messageId": "t2", "event": "first_value_achieved", "userId": "u1", "properties": {"milestone": "m"}, "timestamp": "2026-11-22T11:00:00Z", "sentAt": "0001-01-01T00:00:00Z"},
              {"type": "track", "messageId": "t3", "event": "first_value_achieved", "userId": "u1", "properties": {"milestone": "m"}, "timestamp": "9999-01-01T00:00:00Z"},
              {"type": "track", "messageId": "t4", "event": "first_value_achieved", "userId": "u1", "properties": {"milestone": "m"}, "timestamp": "2026-11-22T11:59:00+00:00"}
            ]}
            """#
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/batch", method: .post, headers: [.authorization: basicProduct], body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
            }
        }
        let events = Dictionary(uniqueKeysWithValues: try await store.events(EventQuery()).events.map { ($0.event.messageID, $0.event) })
        for id in ["t1", "t2", "t3"] {
            let event = try #require(events[id])
            #expect(event.timestamp == received, "\(id) uses the receipt time")
            #expect(event.violations.contains { $0.contains("implausible") }, "\(id) is noted")
        }
        #expect(events["t1"]?.originalTimestamp?.iso == "0001-01-01T00:00:00.000Z", "the sent time is kept, written with four year digits")
        #expect(events["t4"]?.timestamp == Instant(iso: "2026-11-22T11:59:00Z"), "a plausible time is untouched")
        #expect(events["t4"]?.violations.isEmpty == true)
    }

    @Test("gzip bodies are accepted")
    func gzip() async throws {
        let (app, store) = try await makeIngestionServer()
        var plain = ByteBuffer(string: #"{"batch": [\#(track("z1")), \#(track("z2"))]}"#)
        let compressed = try plain.compress(with: .gzip)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/batch", method: .post, headers: [.authorization: basicProduct, .contentEncoding: "gzip"], body: compressed) {
                response in
                #expect(response.status == .ok)
            }
        }
        #expect(try await store.events(EventQuery()).events.count == 2)
    }

    /// Every rule of the wire contract, with the status and the message a client sees. None stores anything.
    @Test(
        "bad input gets a clear error and stores nothing",
        arguments: [
            ("no key", "/v1/batch", nil, nil, #"{"batch": []}"#, 401, "missing write key"),
            ("unknown key", "/v1/batch", "Basic " + Data("wk_nope:".utf8).base64EncodedString(), nil, #"{"batch": []}"#, 401, "unknown write key"),
            ("unknown body key", "/v1/batch", nil, nil, #"{"writeKey": "wk_nope", "batch": []}"#, 401, "unknown write key"),
            ("bearer is not basic", "/v1/batch", "Bearer wk_test", nil, #"{"batch": []}"#, 401, "missing write key"),
            ("malformed JSON", "/v1/batch", basicProduct, nil, #"{"batch": [}"#, 400, "malformed JSON at line 1, column 12"),
            ("not an object", "/v1/batch", basicProduct, nil, "[]", 400, "the body must be a JSON object"),
            ("no batch", "/v1/batch", basicProduct, nil, "{}", 400, "the body must have a 'batch' array"),
            (
                "no identity", "/v1/batch", basicProduct, nil, #"{"batch": [\#(track("ok")), {"type": "track", "event": "e"}]}"#, 400,
                "batch[1] needs a userId or an anonymousId"
            ),
            ("no identity, single", "/v1/track", basicProduct, nil, #"{"event": "e"}"#, 400, "the message needs a userId or an anonymousId"),
            ("no event name", "/v1/track", basicProduct, nil, #"{"userId": "u"}"#, 400, "the message is a track call without an 'event' name"),
            ("unknown type", "/v1/batch", basicProduct, nil, #"{"batch": [{"type": "buy", "userId": "u"}]}"#, 400, "batch[0] has type 'buy'"),
            (
                "bad timestamp", "/v1/track", basicProduct, nil, #"{"event": "e", "userId": "u", "timestamp": "noon"}"#, 400,
                "the message.timestamp must be an ISO 8601 time"
            ),
            (
                "event over 32 KB", "/v1/track", basicProduct, nil,
                #"{"event": "e", "userId": "u", "properties": {"x": "\#(String(repeating: "y", count: 33_000))"}}"#, 400,
                "the limit is 32 KB (32,768 bytes) per event"
            ),
            (
                "batch over 500 KB", "/v1/batch", basicProduct, nil, #"{"batch": [], "pad": "\#(String(repeating: "y", count: 520_000))"}"#, 413,
                "limit of 500 KB (512,000 bytes) per batch"
            ),
            ("not gzip", "/v1/batch", basicProduct, "gzip", #"{"batch": []}"#, 400, "is not valid gzip"),
            ("unknown encoding", "/v1/batch", basicProduct, "br", #"{"batch": []}"#, 415, "Content-Encoding 'br' is not supported"),
            (
                "an offset no clock has", "/v1/track", basicProduct, nil, #"{"event": "e", "userId": "u", "timestamp": "2026-11-22T10:00:00+99:00"}"#, 400,
                "timestamp must be an ISO 8601 time"
            ),
            (
                "NUL in a user id", "/v1/track", basicProduct, nil, #"{"event": "e", "userId": "nulvictim\u0000evil"}"#, 400,
                "the message.userId holds the control character U+0000"
            ),
            (
                "NUL in an event name", "/v1/track", basicProduct, nil, #"{"event": "x\u0000y", "userId": "u"}"#, 400,
                "the message.event holds the control character U+0000"
            ),
            (
                "a tab in a group id", "/v1/batch", basicProduct, nil, #"{"batch": [{"type": "group", "userId": "u", "groupId": "g\tx"}]}"#, 400,
                "batch[0].groupId holds the control character U+0009"
            ),
            (
                "NUL in a company name", "/v1/group", basicProduct, nil, #"{"userId": "u", "groupId": "g", "traits": {"name": "Acme\u0000Evil"}}"#, 400,
                "traits.name holds the control character"
            ),
        ])
    func badInput(_ name: String, path: String, authorization: String?, encoding: String?, body: String, status: Int, message: String) async throws {
        let (app, store) = try await makeIngestionServer()
        var headers: HTTPFields = [.contentType: "application/json"]
        if let authorization { headers[.authorization] = authorization }
        if let encoding { headers[.contentEncoding] = encoding }
        let sent = headers
        try await app.test(.router) { client in
            try await client.execute(uri: path, method: .post, headers: sent, body: ByteBuffer(string: body)) { response in
                #expect(response.status.code == status, "\(name)")
                let answer = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect(answer?["success"] as? Bool == false, "\(name)")
                #expect((answer?["message"] as? String)?.contains(message) == true, "\(name): \(String(describing: answer))")
                #expect(answer?["code"] is String, "\(name)")
            }
        }
        #expect(try await store.events(EventQuery()).events.isEmpty, "\(name)")
        #expect(try await store.failedEvents(FailedEventQuery()).total == 0, "\(name)")
    }

    @Test("a gzip bomb is stopped at the batch limit")
    func gzipBomb() async throws {
        let (app, _) = try await makeIngestionServer()
        var huge = ByteBuffer(string: #"{"batch": [], "pad": "\#(String(repeating: "0", count: 5_000_000))"}"#)
        let bomb = try huge.compress(with: .gzip)
        #expect(bomb.readableBytes < 100_000)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/batch", method: .post, headers: [.authorization: basicProduct, .contentEncoding: "gzip"], body: bomb) {
                response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test("events that break the plan are kept aside, visible with their reasons, and counted")
    func quarantineVisible() async throws {
        let (app, _) = try await makeIngestionServer()
        try await app.test(.router) { client in
            let body = #"{"batch": [\#(track("bad", event: "contract_signed", properties: #"{"mrr": "lots", "licensed_seats": 1}"#)), \#(track("good"))]}"#
            try await client.execute(uri: "/v1/batch", method: .post, headers: [.authorization: basicProduct], body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/failed-events", method: .get, headers: viewer) { response in
                let page = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                let kept = try #require((page["failed_events"] as? [[String: Any]])?.first?["failed"] as? [String: Any])
                #expect(kept["reasons"] as? [String] == ["properties.mrr: expected number, got string"])
                #expect((kept["payload"] as? [String: Any])?["messageId"] as? String == "bad")
                #expect(kept["source"] as? String == "product")
            }
            try await client.execute(uri: "/api/v1/violations", method: .get, headers: viewer) { response in
                #expect(String(buffer: response.body).contains(#""event":"contract_signed","flagged":0,"kind":"invalid","quarantined":1,"source":"product""#))
            }
            try await client.execute(uri: "/api/v1/events?name=first_value_achieved", method: .get, headers: viewer) { response in
                #expect(String(buffer: response.body).contains(#""message_id":"good""#))
            }
        }
    }

    @Test("with a lenient policy, violations are accepted and flagged")
    func flagged() async throws {
        let (app, store) = try await makeIngestionServer {
            $0.unplanned = .allow
            $0.violations = .flag
        }
        try await app.test(.router) { client in
            let body =
                #"{"batch": [\#(track("bad", event: "contract_signed", properties: #"{"mrr": "lots", "licensed_seats": 1}"#)), \#(track("odd", event: "made_up"))]}"#
            try await client.execute(uri: "/v1/batch", method: .post, headers: [.authorization: basicProduct], body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
            }
        }
        let events = try await store.events(EventQuery()).events.map(\.event)
        #expect(events.map(\.planStatus) == [.invalid, .unplanned])
        #expect(try await store.violationCounts().map(\.flagged) == [1, 1])
    }

    @Test(
        "the event log API filters and rejects bad parameters",
        arguments: [
            ("limit=0", "limit: '0' must be a whole number from 1 to 1000"),
            ("cursor=-5", "cursor: '-5' is not a cursor this server handed out"),
            ("from=soon", "from: 'soon' is not a date"),
        ])
    func eventParameters(query: String, message: String) async throws {
        let (app, _) = try await makeIngestionServer()
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/events?\(query)", method: .get, headers: viewer) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(message))
            }
        }
    }
}
