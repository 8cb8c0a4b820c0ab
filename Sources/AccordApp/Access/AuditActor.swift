public import AccordCore
public import AccordStore

/// Who makes a change and from where, as the audit log records it.
public struct AuditActor: Sendable, Hashable {
    public var actor: String
    public var origin: String

    public init(actor: String, origin: String) {
        self.actor = actor
        self.origin = origin
    }

    public func entry(_ action: String, target: String, at: Instant, before: JSONValue? = nil, after: JSONValue? = nil) -> AuditEntry {
        AuditEntry(at: at, actor: actor, origin: origin, action: action, target: target, before: before, after: after)
    }
}
