public import AccordCore
public import AccordStore

/// API tokens: `acc_` + 40 random characters, shown once; the store keeps the SHA-256 only.
public enum Tokens {
    public struct Created: Sendable {
        public var secret: String
        public var token: APIToken
    }

    public static func make(role: Person.Role, personID: String?, label: String, createdBy: String, at: Instant) -> Created {
        let secret = "acc_" + Secrets.random(40)
        let token = APIToken(
            id: "tok_" + Secrets.random(10).lowercased(), hash: Secrets.hash(secret), role: role, personID: personID, label: label,
            createdAt: at, createdBy: createdBy)
        return Created(secret: secret, token: token)
    }

    public static func hash(_ secret: String) -> String { Secrets.hash(secret) }
}
