public import AccordCore
import GRDB

/// Handoffs with their state changes: each change is written with its event on the log and its
/// audit entry in one transaction.
extension SQLStore {
    public func saveHandoff(_ handoff: Handoff, effects: HandoffEffects, audit: AuditEntry) async throws {
        try await write { db in
            try Self.insertHandoff(handoff, db)
            try Self.apply(effects, at: handoff.submittedAt, db)
            try Self.append(audit, db)
        }
    }

    public func decideHandoff(
        id: String, status: Handoff.Status, reason: Handoff.Reason?, comment: String?, at: Instant, effects: @escaping @Sendable (Handoff) -> HandoffEffects,
        audit: AuditEntry
    ) async throws -> Handoff? {
        let make = effects
        return try await write { db in
            guard let before = try SQLRow.fetchOne(db, sql: "SELECT * FROM handoffs WHERE id = ?", arguments: [id]).map(Self.handoff) else { return nil }
            let decision = HandoffStateMachine.Decision(status: status, reason: reason, comment: comment, auditAction: audit.action)
            guard let after = HandoffStateMachine.apply(decision, to: before, by: audit.actor, at: at) else { return before }
            try db.execute(
                sql: "UPDATE handoffs SET status = ?, reason = ?, comment = ?, decided_by = ?, decided_at_ms = ? WHERE id = ?",
                arguments: [status.rawValue, reason?.rawValue, comment, audit.actor, at.milliseconds, id])
            try Self.apply(make(after), at: at, db)
            var entry = audit
            entry.before = ["status": .string(before.status.rawValue)]
            entry.after = [
                "status": .string(status.rawValue), "reason": reason.map { .string($0.rawValue) } ?? .null, "comment": comment.map(JSONValue.string) ?? .null,
            ]
            try Self.append(entry, db)
            return after
        }
    }

    public func handoff(id: String) async throws -> Handoff? {
        try await read { db in try SQLRow.fetchOne(db, sql: "SELECT * FROM handoffs WHERE id = ?", arguments: [id]).map(Self.handoff) }
    }

    public func handoffs(_ query: HandoffQuery) async throws -> [Handoff] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let account = query.accountID {
            conditions.append("account_id = ?")
            arguments.append(account)
        }
        if let kinds = query.handoffs {
            guard !kinds.isEmpty else { return [] }
            conditions.append("handoff IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))")
            arguments += kinds.sorted()
        }
        if let statuses = query.statuses {
            guard !statuses.isEmpty else { return [] }
            conditions.append("status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))")
            arguments += statuses.map(\.rawValue).sorted()
        }
        if let from = query.submittedFrom {
            conditions.append("submitted_at_ms >= ?")
            arguments.append(from.milliseconds)
        }
        if let to = query.submittedBefore {
            conditions.append("submitted_at_ms < ?")
            arguments.append(to.milliseconds)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let statementArguments = SQLArguments(arguments.map(\.databaseValue) + [query.limit.databaseValue])
        return try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM handoffs \(filter) ORDER BY submitted_at_ms DESC, id LIMIT ?", arguments: statementArguments).map(
                Self.handoff)
        }
    }

    public func saveTriageNote(_ note: TriageNote, audit: AuditEntry) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO triage_notes (week, kind, handoff, text, written_by, written_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [note.week, note.kind.rawValue, note.handoff, note.text, note.by, note.at.milliseconds])
            try Self.append(audit, db)
        }
    }

    public func triageNotes(week: String) async throws -> [TriageNote] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM triage_notes WHERE week = ? ORDER BY id", arguments: [week]).map { row in
                TriageNote(
                    week: row["week"], kind: TriageNote.Kind(rawValue: row["kind"]) ?? .rootCause, handoff: row["handoff"], text: row["text"],
                    by: row["written_by"], at: Instant(milliseconds: row["written_at_ms"]))
            }
        }
    }

    public func markBreached(at now: Instant, effects: @escaping @Sendable (Handoff) -> HandoffEffects, audit: AuditEntry) async throws -> [Handoff] {
        let make = effects
        return try await write { db in
            let overdue = try SQLRow.fetchAll(
                db, sql: "SELECT * FROM handoffs WHERE status = 'waiting' AND due_at_ms < ? AND breached_at_ms IS NULL ORDER BY due_at_ms, id",
                arguments: [now.milliseconds]
            ).map(Self.handoff)
            return try overdue.compactMap { handoff in
                guard let breached = HandoffStateMachine.breach(handoff, at: now) else { return nil }
                try db.execute(sql: "UPDATE handoffs SET breached_at_ms = ? WHERE id = ?", arguments: [now.milliseconds, handoff.id])
                try Self.apply(make(breached), at: now, db)
                var entry = audit
                entry.target = "handoff:\(handoff.id)"
                entry.after = ["breached_at": .string(now.iso), "due_at": .string(handoff.dueAt.iso)]
                try Self.append(entry, db)
                return breached
            }
        }
    }

    static let insertHandoffPrefix = """
        INSERT INTO handoffs (id, handoff, account_id, status, payload, problems, submitted_by, submitted_at_ms, due_at_ms, previous_id,
          decided_by, decided_at_ms, reason, comment, breached_at_ms)
        """

    static func handoffArguments(_ handoff: Handoff) -> SQLArguments {
        [
            handoff.id, handoff.handoff, handoff.accountID, handoff.status.rawValue, handoff.payload.canonicalText,
            Self.problemsText(handoff.problems), handoff.submittedBy, handoff.submittedAt.milliseconds, handoff.dueAt.milliseconds,
            handoff.previousID, handoff.decidedBy, handoff.decidedAt?.milliseconds, handoff.reason?.rawValue, handoff.comment,
            handoff.breachedAt?.milliseconds,
        ]
    }

    static func insertHandoff(_ handoff: Handoff, _ db: any SQLSession) throws {
        try db.insertRows(insertHandoffPrefix, [handoffArguments(handoff)])
    }

    /// The change's events, and one delivery per webhook that listens for any of its notices' people.
    static func apply(_ effects: HandoffEffects, at: Instant, _ db: any SQLSession) throws {
        try log(effects.events, db)
        try deliver(effects.notices, at: at, db)
    }

    /// Events Accord itself writes (handoff changes): straight onto the log, once per message id.
    static func log(_ events: [Event], _ db: any SQLSession) throws {
        for event in events {
            try db.execute(sql: insertEventSQL, arguments: eventArguments(event))
        }
    }

    static func problemsText(_ problems: [HandoffProblem]) -> String {
        JSONValue.array(problems.map { ["field": .string($0.field), "message": .string($0.message)] }).canonicalText
    }

    static func handoff(_ row: SQLRow) -> Handoff {
        var problems: [HandoffProblem] = []
        if case .array(let items)? = JSONText.decode(row["problems"]) {
            problems = items.compactMap { item in
                guard let field = item["field"]?.stringValue, let message = item["message"]?.stringValue else { return nil }
                return HandoffProblem(field: field, message: message)
            }
        }
        var handoff = Handoff(
            id: row["id"], handoff: row["handoff"], accountID: row["account_id"], status: Handoff.Status(rawValue: row["status"]) ?? .waiting,
            payload: JSONText.decode(row["payload"]) ?? .object([:]), problems: problems, submittedBy: row["submitted_by"],
            submittedAt: Instant(milliseconds: row["submitted_at_ms"]), dueAt: Instant(milliseconds: row["due_at_ms"]), previousID: row["previous_id"])
        handoff.decidedBy = row["decided_by"]
        handoff.decidedAt = (row["decided_at_ms"] as Int64?).map(Instant.init(milliseconds:))
        handoff.reason = (row["reason"] as String?).flatMap(Handoff.Reason.init(rawValue:))
        handoff.comment = row["comment"]
        handoff.breachedAt = (row["breached_at_ms"] as Int64?).map(Instant.init(milliseconds:))
        return handoff
    }
}
