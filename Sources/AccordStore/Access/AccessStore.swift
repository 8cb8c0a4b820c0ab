public import AccordCore

/// Passwords, sessions, tokens and the audit log.
public protocol AccessStore: Sendable {
    // Every change below is written with its audit entry in the same transaction: a change
    // without its entry, or an entry without its change, cannot happen.

    func setPassword(personID: String, hash: String, audit: AuditEntry) async throws
    func passwordHash(personID: String) async throws -> String?
    func peopleWithPasswords() async throws -> Set<String>

    func createSession(_ session: SessionRecord) async throws
    /// The session with this hash if it has not expired at `now`.
    func session(idHash: String, now: Instant) async throws -> SessionRecord?
    func deleteSession(idHash: String) async throws

    func saveToken(_ token: APIToken, audit: AuditEntry) async throws
    func token(hash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    /// Marks a token revoked; nil when there is no such token. Revoking twice changes nothing.
    func revokeToken(id: String, at: Instant, audit: AuditEntry) async throws -> APIToken?
    func touchToken(id: String, at: Instant) async throws

    func appendAudit(_ entry: AuditEntry) async throws
    func audit(_ query: AuditQuery) async throws -> AuditPage
}
