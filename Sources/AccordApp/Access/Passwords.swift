public import AccordCore
public import AccordStore
import HummingbirdBcrypt

/// People's passwords: bcrypt (hummingbird-auth), checked in the same time whether or not the
/// person exists or has a password, so sign-in answers do not reveal who is registered.
public enum Passwords {
    public static let minimumLength = 12
    /// bcrypt work factor for passwords people set; the demo uses a lower one to start fast.
    public static let cost: UInt8 = 12
    private static let absentHash = Bcrypt.hash("no password has been set for this person", cost: 10)

    /// Why a password is not acceptable, or nil when it is.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "a password needs at least \(minimumLength) characters" }
        if password.utf8.count > 72 { return "bcrypt uses at most 72 bytes of a password; choose a shorter one" }
        return nil
    }

    public static func hash(_ password: String, cost: UInt8 = Passwords.cost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public static func verify(_ password: String, hash: String?) -> Bool {
        guard let hash else {
            _ = Bcrypt.verify(password, hash: absentHash)
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }

    /// The audit entry for a password change: the fact, never the hash.
    public static func auditEntry(person: Person, actor: String, origin: String, at: Instant, hadPassword: Bool) -> AuditEntry {
        AuditEntry(
            at: at, actor: actor, origin: origin, action: "password.set", target: "person:\(person.id)",
            before: ["password": .string(hadPassword ? "set" : "none")], after: ["password": .string(hadPassword ? "changed" : "set")])
    }
}
