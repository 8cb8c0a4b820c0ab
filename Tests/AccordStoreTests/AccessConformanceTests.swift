import AccordCore
import AccordStore
import Foundation
import GRDB
import Testing

@Suite("Store conformance: access and audit")
struct AccessConformanceTests {
    static let now = Instant(iso: "2026-11-22T12:00:00Z")!

    static func entry(_ action: String, target: String = "x", before: JSONValue? = nil, after: JSONValue? = nil) -> AuditEntry {
        AuditEntry(at: now, actor: "person:admin", origin: "127.0.0.1", action: action, target: target, before: before, after: after)
    }

    @Test("a password is stored with its audit entry, and a new one ends the person's sessions", arguments: StoreKind.allCases)
    func passwords(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.passwordHash(personID: "grace.kim") == nil)
        try await store.setPassword(personID: "grace.kim", hash: "h1", audit: Self.entry("password.set", target: "person:grace.kim"))
        try await store.createSession(
            SessionRecord(
                idHash: "s1", personID: "grace.kim", csrfToken: "c", createdAt: Self.now, expiresAt: Instant(milliseconds: Self.now.milliseconds + 60_000)))
        #expect(try await store.session(idHash: "s1", now: Self.now)?.personID == "grace.kim")
        try await store.setPassword(personID: "grace.kim", hash: "h2", audit: Self.entry("password.set", target: "person:grace.kim"))
        #expect(try await store.passwordHash(personID: "grace.kim") == "h2")
        #expect(try await store.session(idHash: "s1", now: Self.now) == nil)
        #expect(try await store.peopleWithPasswords() == ["grace.kim"])
        #expect(try await store.audit(AuditQuery(action: "password.set")).entries.count == 2)
    }

    @Test("sessions expire and can be ended", arguments: StoreKind.allCases)
    func sessions(kind: StoreKind) async throws {
        let store = try await kind.make()
        let session = SessionRecord(
            idHash: "s1", personID: "p", csrfToken: "c", createdAt: Self.now, expiresAt: Instant(milliseconds: Self.now.milliseconds + 1000))
        try await store.createSession(session)
        #expect(try await store.session(idHash: "s1", now: Self.now) == session)
        #expect(try await store.session(idHash: "s1", now: Instant(milliseconds: Self.now.milliseconds + 1000)) == nil)
        try await store.deleteSession(idHash: "s1")
        #expect(try await store.session(idHash: "s1", now: Self.now) == nil)
    }

    @Test("tokens: saved, found by hash, touched, revoked once with before and after in the audit log", arguments: StoreKind.allCases)
    func tokens(kind: StoreKind) async throws {
        let store = try await kind.make()
        let token = APIToken(id: "tok_1", hash: "abc", role: .revops, personID: "priya.raman", label: "ci", createdAt: Self.now, createdBy: "cli:root")
        try await store.saveToken(token, audit: Self.entry("token.created", target: "token:tok_1", after: token.publicJSON))
        #expect(try await store.token(hash: "abc") == token)
        #expect(try await store.token(hash: "nope") == nil)
        let later = Instant(milliseconds: Self.now.milliseconds + 5000)
        try await store.touchToken(id: "tok_1", at: later)
        #expect(try await store.tokens().first?.lastUsedAt == later)

        let revoked = try await store.revokeToken(id: "tok_1", at: later, audit: Self.entry("token.revoked", target: "token:tok_1"))
        #expect(revoked?.revokedAt == later)
        _ = try await store.revokeToken(
            id: "tok_1", at: Instant(milliseconds: later.milliseconds + 1), audit: Self.entry("token.revoked", target: "token:tok_1"))
        #expect(try await store.token(hash: "abc")?.revokedAt == later, "revoking twice keeps the first time")
        #expect(try await store.revokeToken(id: "tok_missing", at: later, audit: Self.entry("token.revoked")) == nil)

        let log = try await store.audit(AuditQuery(action: "token."))
        #expect(log.entries.map(\.action) == ["token.created", "token.revoked"])
        #expect(log.entries[1].before?["revoked_at"] == .null)
        #expect(log.entries[1].after?["revoked_at"] == .string(later.iso))
        #expect(log.entries[1].after?["hash"] == nil, "the audit log never holds a token's hash")
    }

    @Test("the audit log pages by cursor and filters by actor and target", arguments: StoreKind.allCases)
    func auditPaging(kind: StoreKind) async throws {
        let store = try await kind.make()
        for index in 0..<5 { try await store.appendAudit(Self.entry("spec.changed", target: "spec", after: ["version": .number(Double(index))])) }
        try await store.appendAudit(AuditEntry(at: Self.now, actor: "cli:ops", origin: "local", action: "source.created", target: "source:crm"))
        let first = try await store.audit(AuditQuery(limit: 4))
        #expect(first.entries.count == 4)
        let rest = try await store.audit(AuditQuery(after: first.nextCursor.flatMap { Int64($0) }, limit: 4))
        #expect(rest.entries.count == 2 && rest.nextCursor == nil)
        #expect(try await store.audit(AuditQuery(actor: "cli:ops")).entries.map(\.target) == ["source:crm"])
        #expect(try await store.audit(AuditQuery(target: "spec")).entries.count == 5)
        #expect(try await store.audit(AuditQuery(action: "spec.")).entries.last?.after?["version"] == .number(4))
    }
}

@Suite("SQLite audit log")
struct SQLiteAuditTests {
    @Test("the audit log refuses updates and deletes, even through SQL")
    func appendOnly() async throws {
        let path = TemporaryFolder.make().appendingPathComponent("accord.db").path
        let store = try SQLiteStore(path: path)
        try await store.appendAudit(AccessConformanceTests.entry("spec.changed"))
        let queue = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE audit_log SET actor = 'someone else'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM audit_log") } }
        #expect(try await store.audit(AuditQuery()).entries.first?.actor == "person:admin")
    }
}
