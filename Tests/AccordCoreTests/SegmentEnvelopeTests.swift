import AccordCore
import Testing

@Suite("Segment messages")
struct SegmentEnvelopeTests {
    let received = Instant(iso: "2026-11-22T12:00:00Z")!

    func parse(_ text: String, call: SegmentCall? = nil) throws -> [ParsedMessage] {
        try SegmentEnvelope.messages(in: try JSONParser.parse(text), call: call, source: "product", receivedAt: received)
    }

    func problem(_ text: String, call: SegmentCall? = nil) -> IngestionProblem? {
        do {
            _ = try parse(text, call: call)
            return nil
        } catch let error as IngestionProblem {
            return error
        } catch {
            return nil
        }
    }

    @Test("a batch's context and integrations merge into each message; the message wins")
    func batchMerge() throws {
        let messages = try parse(
            #"""
            {"batch": [
              {"type": "track", "event": "e", "userId": "u", "context": {"ip": "1.2.3.4", "library": {"version": "2"}}},
              {"type": "page", "name": "Pricing", "anonymousId": "a"}
            ], "context": {"library": {"name": "sdk", "version": "1"}, "groupId": "g1"}, "integrations": {"All": true}}
            """#)
        #expect(messages.count == 2)
        #expect(messages[0].event.context == ["ip": "1.2.3.4", "library": ["name": "sdk", "version": "2"], "groupId": "g1"])
        #expect(messages[0].event.groupID == "g1", "context.groupId attributes a track call to an account")
        #expect(messages[1].event.type == .page && messages[1].event.name == "Pricing")
        #expect(messages[1].payload["integrations"] == ["All": true])
    }

    @Test("timestamps are corrected for the sender's clock skew, and all three are kept")
    func clockSkew() throws {
        // The sender's clock runs 10 minutes behind: it says it sent at 11:50:05 what happened at 11:50:00.
        let message = try parse(
            #"{"batch": [{"type": "track", "event": "e", "userId": "u", "timestamp": "2026-11-22T11:50:00Z"}], "sentAt": "2026-11-22T11:50:05Z"}"#)[0].event
        #expect(message.timestamp.iso == "2026-11-22T11:59:55.000Z")
        #expect(message.originalTimestamp?.iso == "2026-11-22T11:50:00.000Z")
        #expect(message.sentAt?.iso == "2026-11-22T11:50:05.000Z")
        #expect(message.receivedAt == received)
        let noSentAt = try parse(#"{"event": "e", "userId": "u", "timestamp": "2026-11-20T08:00:00+02:00"}"#, call: .track)[0].event
        #expect(noSentAt.timestamp.iso == "2026-11-20T06:00:00.000Z")
        let nothing = try parse(#"{"event": "e", "userId": "u"}"#, call: .track)[0].event
        #expect(nothing.timestamp == received)
    }

    @Test("a message without a messageId gets a stable one, so an identical retry is still one event")
    func generatedMessageID() throws {
        let body = #"{"event": "e", "userId": "u", "properties": {"b": 2, "a": 1}}"#
        let first = try parse(body, call: .track)[0].event.messageID
        let again = try parse(#"{"userId": "u", "properties": {"a": 1, "b": 2}, "event": "e"}"#, call: .track)[0].event.messageID
        #expect(first.hasPrefix("auto-") && first == again)
        #expect(try parse(#"{"event": "e", "userId": "v"}"#, call: .track)[0].event.messageID != first)
    }

    @Test("identify and group carry traits; numeric ids become text")
    func identifyAndGroup() throws {
        let messages = try parse(
            #"{"batch": [{"type": "identify", "userId": 42, "traits": {"email": "a@b.co"}}, {"type": "group", "userId": "42", "groupId": 7, "traits": {"name": "Acme"}}]}"#
        )
        #expect(messages[0].event.userID == "42" && messages[0].event.properties == ["email": "a@b.co"])
        #expect(messages[1].event.groupID == "7" && messages[1].event.name == "group")
    }

    @Test(
        "every broken message is refused with a sentence that names it",
        arguments: [
            (#"[1]"#, "the body must be a JSON object"),
            (#"{"sentAt": "2026-11-22T10:00:00Z"}"#, "the body must have a 'batch' array"),
            (#"{"batch": [5]}"#, "batch[0] must be a JSON object"),
            (#"{"batch": [{"type": "track", "event": "e"}]}"#, "batch[0] needs a userId or an anonymousId"),
            (#"{"batch": [{"type": "track", "userId": "u"}]}"#, "batch[0] is a track call without an 'event' name"),
            (#"{"batch": [{"type": "group", "userId": "u"}]}"#, "batch[0] is a group call without a 'groupId'"),
            (#"{"batch": [{"type": "purchase", "userId": "u"}]}"#, "batch[0] has type 'purchase'; expected one of track"),
            (#"{"batch": [{"event": "e", "userId": "u"}]}"#, "batch[0] has type '(none)'"),
            (#"{"batch": [{"type": "track", "event": "e", "userId": "u", "properties": [1]}]}"#, "batch[0].properties must be an object"),
            (#"{"batch": [{"type": "track", "event": "e", "userId": {"id": 1}}]}"#, "batch[0].userId must be text or a number"),
            (#"{"batch": [{"type": "track", "event": "e", "userId": "u", "timestamp": "yesterday"}]}"#, "batch[0].timestamp must be an ISO 8601 time"),
            (#"{"batch": [], "sentAt": 5}"#, "the message.sentAt must be text"),
        ])
    func refused(body: String, message: String) {
        let found = problem(body)
        #expect(found?.description.hasPrefix(message) == true, "\(String(describing: found))")
    }

    @Test("an event over 32 KB is refused; the limit is named")
    func tooLarge() {
        let big = String(repeating: "x", count: 33 * 1024)
        let found = problem(#"{"batch": [{"type": "track", "event": "e", "userId": "u", "properties": {"blob": "\#(big)"}}]}"#)
        #expect(found?.description.contains("the limit is 32 KB (32,768 bytes) per event") == true)
        #expect(found?.code == "too_large")
    }
}
