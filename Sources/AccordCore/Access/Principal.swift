/// Who is asking: a person signed in to the web UI, or an API token (held by a person or by an
/// integration). Source write keys are not principals: they only ever write their own source's events.
public struct Principal: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case person, token
    }

    public var kind: Kind
    /// The person's id, or the token's id.
    public var id: String
    /// Shown in the audit log and on pages.
    public var name: String
    public var role: Person.Role
    /// The business function acting; nil for an integration token, which acts for no function.
    public var function: String?
    /// The person behind a session or a personal token.
    public var personID: String?

    public init(kind: Kind, id: String, name: String, role: Person.Role, function: String?, personID: String?) {
        self.kind = kind
        self.id = id
        self.name = name
        self.role = role
        self.function = function
        self.personID = personID
    }

    public static func person(_ person: Person) -> Principal {
        Principal(kind: .person, id: person.id, name: person.name, role: person.role, function: person.function, personID: person.id)
    }

    /// How the audit log names this principal: `person:grace.kim` or `token:tok_3f…`.
    public var auditName: String { "\(kind.rawValue):\(id)" }
}
