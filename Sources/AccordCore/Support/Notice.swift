/// Who hears about a change, and what they read: delivered by the outgoing webhooks that
/// listen for one of its people, one of their functions, or everyone.
public struct Notice: Sendable, Hashable {
    /// `handoff.submitted`, `sync.failed`, ….
    public var kind: String
    /// Person ids, and their functions, for routing to the webhooks that listen for them.
    public var people: [String]
    public var functions: [String]
    /// The generic JSON body.
    public var body: JSONValue
    /// One line for chat (Slack-compatible `{"text": ...}`).
    public var text: String

    public init(kind: String, people: [String], functions: [String], body: JSONValue, text: String) {
        self.kind = kind
        self.people = people
        self.functions = functions
        self.body = body
        self.text = text
    }
}
