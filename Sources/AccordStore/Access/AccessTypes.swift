public import AccordCore

/// A signed-in browser. Only a hash of the cookie's secret is stored, so a copy of the
/// database does not sign anyone in.
public struct SessionRecord: Sendable, Hashable {
    public var idHash: String
    public var personID: String
    /// Sent back with every state-changing form; not a credential on its own.
    public var csrfToken: String
    public var createdAt: Instant
    public var expiresAt: Instant

    public init(idHash: String, personID: String, csrfToken: String, createdAt: Instant, expiresAt: Instant) {
        self.idHash = idHash
        self.personID = personID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// An API token: a role, optionally a person it acts for, and its life.
public struct APIToken: Sendable, Hashable, Codable {
    /// `tok_` + 10 characters; shown in lists and the audit log, never enough to authenticate.
    public var id: String
    /// SHA-256 of the secret, hex.
    public var hash: String
    public var role: Person.Role
    public var personID: String?
    public var label: String
    public var createdAt: Instant
    public var createdBy: String
    public var lastUsedAt: Instant?
    public var revokedAt: Instant?

    public init(
        id: String, hash: String, role: Person.Role, personID: String?, label: String, createdAt: Instant, createdBy: String,
        lastUsedAt: Instant? = nil, revokedAt: Instant? = nil
    ) {
        self.id = id
        self.hash = hash
        self.role = role
        self.personID = personID
        self.label = label
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// What the audit log and the API show: everything but the hash.
    public var publicJSON: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "role": .string(role.rawValue), "label": .string(label),
            "created_at": .string(createdAt.iso), "created_by": .string(createdBy),
        ]
        object["person"] = personID.map(JSONValue.string) ?? .null
        object["last_used_at"] = lastUsedAt.map { .string($0.iso) } ?? .null
        object["revoked_at"] = revokedAt.map { .string($0.iso) } ?? .null
        return .object(object)
    }
}

/// One line of the append-only audit log: who, when, from where, what changed.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var seq: Int64?
    public var at: Instant
    /// `person:grace.kim`, `token:tok_…`, `cli:USER`, `spec-file`.
    public var actor: String
    /// The client address, or `local` for the command line.
    public var origin: String
    /// `token.created`, `token.revoked`, `password.set`, `spec.changed`, `source.key_rotated`, …
    public var action: String
    public var target: String
    public var before: JSONValue?
    public var after: JSONValue?

    public init(at: Instant, actor: String, origin: String, action: String, target: String, before: JSONValue? = nil, after: JSONValue? = nil) {
        self.at = at
        self.actor = actor
        self.origin = origin
        self.action = action
        self.target = target
        self.before = before
        self.after = after
    }
}

public struct AuditQuery: Sendable, Hashable {
    /// Exact action, or a prefix ending in `.` (`token.` for every token change).
    public var action: String?
    public var actor: String?
    public var target: String?
    public var after: Int64?
    public var limit: Int

    public init(action: String? = nil, actor: String? = nil, target: String? = nil, after: Int64? = nil, limit: Int = 100) {
        self.action = action
        self.actor = actor
        self.target = target
        self.after = after
        self.limit = limit
    }
}

public struct AuditPage: Sendable, Hashable, Codable {
    public var entries: [AuditEntry]
    public var nextCursor: String?
}
