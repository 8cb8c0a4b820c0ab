public import AccordCore
import Foundation

extension SQLStore {
    public func saveCases(_ query: SaveCaseQuery) async throws -> [SaveCase] {
        try await read { db in
            var clauses: [String] = []
            var arguments: [String] = []
            if let account = query.account {
                clauses.append("account_id = ?")
                arguments.append(account)
            }
            if let owner = query.owner {
                clauses.append("owner = ?")
                arguments.append(owner)
            }
            if let kind = query.kind {
                clauses.append("kind = ?")
                arguments.append(kind.rawValue)
            }
            if !query.statuses.isEmpty {
                clauses.append("status IN (\(query.statuses.map { _ in "?" }.joined(separator: ", ")))")
                arguments += query.statuses.map(\.rawValue)
            }
            let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try SQLRow.fetchAll(
                db, sql: "SELECT body FROM save_cases \(filter) ORDER BY opened_at_ms DESC, id LIMIT \(max(1, min(query.limit, 100_000)))",
                arguments: SQLArguments(arguments)
            ).compactMap { try Self.decodeCase($0["body"]) }
        }
    }

    public func saveCase(id: String) async throws -> SaveCase? {
        try await read { db in
            try SQLRow.fetchOne(db, sql: "SELECT body FROM save_cases WHERE id = ?", arguments: [id]).flatMap { try Self.decodeCase($0["body"]) }
        }
    }

    public func saveCaseVersion(id: String) async throws -> Int? {
        try await read { db in try Int.fetchOne(db, sql: "SELECT version FROM save_cases WHERE id = ?", arguments: [id]) }
    }

    public func writeSaveCase(_ save: SaveCase, expecting version: Int?, event: Event, movements: [MRRMovement], audit: AuditEntry) async throws {
        let body = String(decoding: try JSONEncoder().encode(save), as: UTF8.self)
        try await write { db in
            if let version {
                try db.execute(
                    sql: "UPDATE save_cases SET owner = ?, status = ?, reason = ?, version = version + 1, body = ? WHERE id = ? AND version = ?",
                    arguments: [save.owner, save.status.rawValue, save.reason?.rawValue, body, save.id, version])
                guard db.changesCount == 1 else { throw StoreError.conflict("save case \(save.id) changed since it was read; reload it and decide again") }
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO save_cases (id, account_id, kind, owner, status, reason, opened_on, opened_at_ms, version, body)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
                        """,
                    arguments: [
                        save.id, save.account, save.kind.rawValue, save.owner, save.status.rawValue, save.reason?.rawValue, save.openedOn.iso,
                        save.openedAt.milliseconds, body,
                    ])
            }
            try Self.append(audit, db)
            try db.execute(sql: Self.insertEventSQL, arguments: Self.eventArguments(event))
            for m in movements {
                try db.execute(
                    sql: "INSERT INTO mrr_movements (account_id, occurred_on, kind, amount_cents, mrr_after_cents, save_case) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [m.accountID, m.occurredOn.iso, m.kind.rawValue, m.amountCents, m.mrrAfterCents, save.id])
            }
            // The subscription carries MRR as of now: a pause's later reactivation is only a movement until its day.
            if let now = movements.filter({ $0.occurredOn <= audit.at.day }).last {
                try db.execute(sql: "UPDATE subscriptions SET mrr_cents = ? WHERE account_id = ?", arguments: [now.mrrAfterCents, save.account])
            }
        }
    }

    public func attributeMovement(account: String, on day: Day, kind: MRRMovementKind, to saveCase: String) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE mrr_movements SET save_case = ? WHERE id = (
                      SELECT MIN(id) FROM mrr_movements WHERE account_id = ? AND occurred_on = ? AND kind = ? AND save_case IS NULL)
                    """, arguments: [saveCase, account, day.iso, kind.rawValue])
            return db.changesCount == 1
        }
    }

    static func decodeCase(_ body: String?) throws -> SaveCase? {
        guard let body else { return nil }
        return try JSONDecoder().decode(SaveCase.self, from: Data(body.utf8))
    }
}
