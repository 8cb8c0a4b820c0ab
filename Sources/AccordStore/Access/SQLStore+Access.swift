public import AccordCore
import GRDB

extension SQLStore {
    static func append(_ entry: AuditEntry, _ db: any SQLSession) throws {
        try db.execute(
            sql: "INSERT INTO audit_log (at_ms, actor, origin, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [entry.at.milliseconds, entry.actor, entry.origin, entry.action, entry.target, entry.before?.canonicalText, entry.after?.canonicalText])
    }

    public func setPassword(personID: String, hash: String, audit: AuditEntry) async throws {
        try await write { db in
            try Self.append(audit, db)
            try db.execute(
                sql: """
                    INSERT INTO passwords (person_id, hash, updated_at_ms) VALUES (?, ?, ?)
                    ON CONFLICT(person_id) DO UPDATE SET hash = excluded.hash, updated_at_ms = excluded.updated_at_ms
                    """, arguments: [personID, hash, audit.at.milliseconds])
            // A new password ends every session signed in with the old one.
            try db.execute(sql: "DELETE FROM sessions WHERE person_id = ?", arguments: [personID])
        }
    }

    public func passwordHash(personID: String) async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT hash FROM passwords WHERE person_id = ?", arguments: [personID]) }
    }

    public func peopleWithPasswords() async throws -> Set<String> {
        try await read { db in Set(try String.fetchAll(db, sql: "SELECT person_id FROM passwords")) }
    }

    public func createSession(_ session: SessionRecord) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at_ms < ?", arguments: [session.createdAt.milliseconds])
            try db.execute(
                sql: "INSERT INTO sessions (id_hash, person_id, csrf_token, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [session.idHash, session.personID, session.csrfToken, session.createdAt.milliseconds, session.expiresAt.milliseconds])
        }
    }

    public func session(idHash: String, now: Instant) async throws -> SessionRecord? {
        try await read { db in
            try SQLRow.fetchOne(db, sql: "SELECT * FROM sessions WHERE id_hash = ? AND expires_at_ms > ?", arguments: [idHash, now.milliseconds]).map { row in
                SessionRecord(
                    idHash: row["id_hash"], personID: row["person_id"], csrfToken: row["csrf_token"],
                    createdAt: Instant(milliseconds: row["created_at_ms"]), expiresAt: Instant(milliseconds: row["expires_at_ms"]))
            }
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM sessions WHERE id_hash = ?", arguments: [idHash]) }
    }

    public func saveToken(_ token: APIToken, audit: AuditEntry) async throws {
        try await write { db in
            try Self.append(audit, db)
            try db.execute(
                sql: """
                    INSERT INTO api_tokens (id, hash, role, person_id, label, created_at_ms, created_by, last_used_at_ms, revoked_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.id, token.hash, token.role.rawValue, token.personID, token.label, token.createdAt.milliseconds, token.createdBy,
                    token.lastUsedAt?.milliseconds, token.revokedAt?.milliseconds,
                ])
        }
    }

    static func token(_ row: SQLRow) -> APIToken {
        APIToken(
            id: row["id"], hash: row["hash"], role: Person.Role(rawValue: row["role"]) ?? .viewer, personID: row["person_id"],
            label: row["label"], createdAt: Instant(milliseconds: row["created_at_ms"]), createdBy: row["created_by"],
            lastUsedAt: (row["last_used_at_ms"] as Int64?).map(Instant.init(milliseconds:)),
            revokedAt: (row["revoked_at_ms"] as Int64?).map(Instant.init(milliseconds:)))
    }

    public func token(hash: String) async throws -> APIToken? {
        try await read { db in try SQLRow.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE hash = ?", arguments: [hash]).map(Self.token) }
    }

    public func tokens() async throws -> [APIToken] {
        try await read { db in try SQLRow.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY created_at_ms, id").map(Self.token) }
    }

    public func revokeToken(id: String, at: Instant, audit: AuditEntry) async throws -> APIToken? {
        try await write { db in
            guard let before = try SQLRow.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE id = ?", arguments: [id]).map(Self.token) else { return nil }
            guard before.revokedAt == nil else { return before }
            var after = before
            after.revokedAt = at
            var entry = audit
            entry.before = before.publicJSON
            entry.after = after.publicJSON
            try Self.append(entry, db)
            try db.execute(sql: "UPDATE api_tokens SET revoked_at_ms = ? WHERE id = ?", arguments: [at.milliseconds, id])
            return after
        }
    }

    public func touchToken(id: String, at: Instant) async throws {
        try await write(bookkeeping: true) { db in
            try db.execute(sql: "UPDATE api_tokens SET last_used_at_ms = ? WHERE id = ?", arguments: [at.milliseconds, id])
        }
    }

    public func appendAudit(_ entry: AuditEntry) async throws {
        try await write { db in try Self.append(entry, db) }
    }

    public func audit(_ query: AuditQuery) async throws -> AuditPage {
        let limit = min(max(query.limit, 1), EventQuery.maximumLimit)
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let action = query.action {
            if action.hasSuffix(".") {
                conditions.append("substr(action, 1, ?) = ?")
                arguments += [action.count, action]
            } else {
                conditions.append("action = ?")
                arguments.append(action)
            }
        }
        if let actor = query.actor {
            conditions.append("actor = ?")
            arguments.append(actor)
        }
        if let target = query.target {
            conditions.append("target = ?")
            arguments.append(target)
        }
        if let after = query.after {
            conditions.append("seq > ?")
            arguments.append(after)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let statementArguments = SQLArguments(arguments.map(\.databaseValue) + [limit.databaseValue])
        return try await read { db in
            let entries = try SQLRow.fetchAll(db, sql: "SELECT * FROM audit_log \(filter) ORDER BY seq LIMIT ?", arguments: statementArguments).map { row in
                var entry = AuditEntry(
                    at: Instant(milliseconds: row["at_ms"]), actor: row["actor"], origin: row["origin"], action: row["action"], target: row["target"],
                    before: JSONText.decode(row["before"]), after: JSONText.decode(row["after"]))
                entry.seq = row["seq"]
                return entry
            }
            return AuditPage(entries: entries, nextCursor: entries.count == limit ? entries.last?.seq.map(String.init) : nil)
        }
    }
}
