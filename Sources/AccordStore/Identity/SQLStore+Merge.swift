public import AccordCore
import GRDB

/// Merging two accounts moves every row of the absorbed one onto the survivor and lists what moved,
/// so an unmerge puts back exactly those rows (plus what arrived since through the records that go back).
extension SQLStore {
    /// Tables whose rows follow their account, with the columns that key a row. Integer keys are
    /// listed as text and cast back. Every new table that holds an `account_id` belongs here.
    static let followingTables: [(table: String, keys: [String], integer: Bool)] = [
        ("contacts", ["id"], false), ("mrr_movements", ["id"], true), ("survey_responses", ["id"], false),
        ("events", ["seq"], true), ("source_identities", ["source", "kind", "external_id"], false), ("handoffs", ["id"], false),
        ("sync_subscription_items", ["source", "stream", "record_key"], false), ("support_tickets", ["source", "stream", "record_key"], false),
        ("marketing_touches", ["source", "stream", "record_key"], false), ("play_runs", ["id"], false), ("play_tasks", ["id"], false),
        ("save_cases", ["id"], false),
    ]

    /// Columns a survivor takes from the absorbed account when it has none of its own.
    static let fillableColumns = ["domain", "industry", "country", "cohort", "owner_cs", "owner_sales", "owner_marketing"]

    static func merge(_ proposal: MergeProposal, origin: AccountMerge.Origin, audit: AuditEntry, _ db: any SQLSession) throws -> AccountMerge {
        let (survivor, absorbed) = (proposal.survivor, proposal.absorbed)
        guard survivor != absorbed else { throw StoreError.conflict("\(survivor) cannot be merged into itself") }
        let survivorRow = try liveAccount(survivor, db)
        let absorbedRow = try liveAccount(absorbed, db)
        if let apart = try SQLRow.fetchOne(
            db, sql: "SELECT decided_by FROM accounts_kept_apart WHERE first = ? AND second = ?", arguments: [min(survivor, absorbed), max(survivor, absorbed)])
        {
            guard origin == .manual else {
                throw StoreError.conflict("\(survivor) and \(absorbed) were kept apart by \(apart["decided_by"] as String); only a person can merge them")
            }
            try db.execute(
                sql: "DELETE FROM accounts_kept_apart WHERE first = ? AND second = ?", arguments: [min(survivor, absorbed), max(survivor, absorbed)])
        }
        let lastSeq = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM events") ?? 0
        let id =
            try Int64.fetchOne(
                db,
                sql: """
                    INSERT INTO account_merges (survivor, absorbed, origin, reason, merged_by, merged_at_ms, last_event_seq, undo) VALUES (?, ?, ?, ?, ?, ?, ?, '{}')
                    RETURNING id
                    """, arguments: [survivor, absorbed, origin.rawValue, proposal.reason, audit.actor, audit.at.milliseconds, lastSeq]) ?? 0

        try db.execute(sql: "UPDATE source_identities SET merged_from = ? WHERE account_id = ? AND merged_from IS NULL", arguments: [absorbed, absorbed])
        var moved: [String: Int] = [:]
        for (table, keys, _) in followingTables {
            let columns = (keys + Array(repeating: "''", count: 3 - keys.count)).joined(separator: ", ")
            try db.execute(
                sql: "INSERT INTO account_merge_moves (merge_id, tbl, k1, k2, k3) SELECT ?, ?, \(columns) FROM \(table) WHERE account_id = ?",
                arguments: [id, table, absorbed])
            moved[table] = db.changesCount
            try db.execute(sql: "UPDATE \(table) SET account_id = ? WHERE account_id = ?", arguments: [survivor, absorbed])
        }
        // Open reviews that name the absorbed account now name the survivor.
        try db.execute(
            sql:
                "INSERT INTO account_merge_moves (merge_id, tbl, k1) SELECT ?, 'identity_reviews', id FROM identity_reviews WHERE candidate_account = ? AND decision IS NULL",
            arguments: [id, absorbed])
        try db.execute(
            sql: "UPDATE identity_reviews SET candidate_account = ? WHERE candidate_account = ? AND decision IS NULL", arguments: [survivor, absorbed])

        var undo: [String: JSONValue] = ["account": json(absorbedRow)]
        undo["subscriptions"] = try mergeSubscriptions(survivor, absorbed, db)
        undo["usage"] = try mergeUsage(survivor, absorbed, db)
        moved["subscriptions"] = undo["subscriptions"]?["absorbed"].map { $0 == .null ? 0 : 1 } ?? 0
        moved["usage_weeks"] = { if case .array(let weeks)? = undo["usage"] { return weeks.count } else { return 0 } }()
        undo["filled"] = try fillSurvivor(survivorRow, from: absorbedRow, db)

        try db.execute(sql: "DELETE FROM accounts WHERE id = ?", arguments: [absorbed])
        try db.execute(
            sql: """
                INSERT INTO account_redirects (id, target, merge_id) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET target = excluded.target, merge_id = excluded.merge_id
                """, arguments: [absorbed, survivor, id])
        try db.execute(sql: "UPDATE account_merges SET undo = ? WHERE id = ?", arguments: [JSONValue.object(undo).canonicalText, id])

        var entry = audit
        entry.action = "account.merged"
        entry.target = "account:\(survivor)"
        entry.before = ["accounts": [.string(survivor), .string(absorbed)]]
        entry.after = [
            "account": .string(survivor), "absorbed": .string(absorbed), "origin": .string(origin.rawValue), "reason": .string(proposal.reason),
            "moved": .object(moved.mapValues { .number(Double($0)) }),
        ]
        try append(entry, db)
        return try mergeRecord(id: id, db)!
    }

    static func unmerge(_ absorbed: String, audit: AuditEntry, _ db: any SQLSession) throws -> AccountMerge {
        guard
            let row = try SQLRow.fetchOne(
                db, sql: "SELECT * FROM account_merges WHERE absorbed = ? AND unmerged_at_ms IS NULL ORDER BY id DESC LIMIT 1", arguments: [absorbed])
        else {
            if try Int.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE id = ?", arguments: [absorbed]) != nil {
                throw StoreError.conflict("\(absorbed) is not merged into another account; there is nothing to unmerge")
            }
            throw StoreError.notFound("no account with id '\(absorbed)'")
        }
        let id: Int64 = row["id"]
        let survivor: String = row["survivor"]
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE id = ?", arguments: [survivor]) != nil else {
            let now = try currentAccountID(survivor, db) ?? "another account"
            throw StoreError.conflict("\(absorbed) was merged into \(survivor), which was itself merged into \(now) later; unmerge \(survivor) first")
        }
        guard case .object(let undo)? = JSONText.decode(row["undo"]), case .object(let account)? = undo["account"] else {
            throw StoreError.conflict("merge \(id) has no record of what moved; it cannot be undone")
        }
        try insert(account, into: "accounts", db)
        for (table, keys, integer) in followingTables {
            let selected = keys.indices.map { integer ? "CAST(k\($0 + 1) AS INTEGER)" : "k\($0 + 1)" }.joined(separator: ", ")
            let target = keys.count == 1 ? keys[0] : "(\(keys.joined(separator: ", ")))"
            try db.execute(
                sql:
                    "UPDATE \(table) SET account_id = ? WHERE account_id = ? AND \(target) IN (SELECT \(selected) FROM account_merge_moves WHERE merge_id = ? AND tbl = ?)",
                arguments: [absorbed, survivor, id, table])
        }
        try db.execute(sql: "UPDATE source_identities SET merged_from = NULL WHERE account_id = ? AND merged_from = ?", arguments: [absorbed, absorbed])
        // What arrived since the merge through records that go back goes back with them.
        try db.execute(
            sql: """
                UPDATE contacts SET account_id = ? WHERE account_id = ?
                  AND id IN (SELECT contact_id FROM source_identities WHERE account_id = ? AND contact_id IS NOT NULL)
                """, arguments: [absorbed, survivor, absorbed])
        try db.execute(
            sql: """
                UPDATE events SET account_id = ? WHERE account_id = ? AND seq > ? AND (
                  contact_id IN (SELECT id FROM contacts WHERE account_id = ?)
                  OR (source, group_id) IN (SELECT source, external_id FROM source_identities WHERE account_id = ? AND kind = 'group')
                  OR (source, user_id) IN (SELECT source, external_id FROM source_identities WHERE account_id = ? AND kind = 'user'))
                """, arguments: [absorbed, survivor, row["last_event_seq"] as Int64, absorbed, absorbed, absorbed])
        try db.execute(
            sql: """
                UPDATE identity_reviews SET candidate_account = ? WHERE candidate_account = ? AND decision IS NULL
                  AND id IN (SELECT CAST(k1 AS INTEGER) FROM account_merge_moves WHERE merge_id = ? AND tbl = 'identity_reviews')
                """, arguments: [absorbed, survivor, id])
        try restoreSubscriptions(undo["subscriptions"], survivor, absorbed, db)
        try restoreUsage(undo["usage"], survivor, absorbed, db)
        try restoreFilled(undo["filled"], survivor, db)

        try db.execute(sql: "DELETE FROM account_redirects WHERE id = ?", arguments: [absorbed])
        // A person said these are two companies: no automatic run merges them again.
        try db.execute(
            sql: """
                INSERT INTO accounts_kept_apart (first, second, decided_by, decided_at_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT(first, second) DO UPDATE SET decided_by = excluded.decided_by, decided_at_ms = excluded.decided_at_ms
                """, arguments: [min(survivor, absorbed), max(survivor, absorbed), audit.actor, audit.at.milliseconds])
        try db.execute(sql: "UPDATE account_merges SET unmerged_by = ?, unmerged_at_ms = ? WHERE id = ?", arguments: [audit.actor, audit.at.milliseconds, id])
        var entry = audit
        entry.action = "account.unmerged"
        entry.target = "account:\(absorbed)"
        entry.before = ["account": .string(survivor), "absorbed": .string(absorbed), "merge": .number(Double(id))]
        entry.after = ["accounts": [.string(survivor), .string(absorbed)], "kept_apart": true]
        try append(entry, db)
        return try mergeRecord(id: id, db)!
    }

    /// The row of a live account, or an error naming where the id went.
    private static func liveAccount(_ id: String, _ db: any SQLSession) throws -> SQLRow {
        if let row = try SQLRow.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id]) { return row }
        if let now = try currentAccountID(id, db) { throw StoreError.conflict("\(id) was already merged into \(now); merge \(now) instead") }
        throw StoreError.notFound("no account with id '\(id)'")
    }

    /// The live account an id stands for: itself, or the end of its redirects.
    static func currentAccountID(_ id: String, _ db: any SQLSession) throws -> String? {
        var current = id
        for _ in 0..<64 {
            if try Int.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE id = ?", arguments: [current]) != nil { return current }
            guard let next = try String.fetchOne(db, sql: "SELECT target FROM account_redirects WHERE id = ?", arguments: [current]) else { return nil }
            current = next
        }
        return nil
    }

    static func mergeRecord(id: Int64, _ db: any SQLSession) throws -> AccountMerge? {
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT * FROM account_merges WHERE id = ?", arguments: [id]) else { return nil }
        var moved: [String: Int] = [:]
        for count in try SQLRow.fetchAll(db, sql: "SELECT tbl, COUNT(*) AS n FROM account_merge_moves WHERE merge_id = ? GROUP BY tbl", arguments: [id]) {
            moved[count["tbl"]] = count["n"]
        }
        let undo = JSONText.decode(row["undo"])
        if case .array(let weeks)? = undo?["usage"], !weeks.isEmpty { moved["usage_weeks"] = weeks.count }
        if let absorbed = undo?["subscriptions"]?["absorbed"], absorbed != .null { moved["subscriptions"] = 1 }
        return AccountMerge(
            id: id, survivor: row["survivor"], absorbed: row["absorbed"], absorbedName: undo?["account"]?["name"]?.stringValue ?? row["absorbed"],
            origin: AccountMerge.Origin(rawValue: row["origin"]) ?? .automatic, reason: row["reason"], mergedBy: row["merged_by"],
            mergedAt: Instant(milliseconds: row["merged_at_ms"]), moved: moved, unmergedBy: row["unmerged_by"],
            unmergedAt: (row["unmerged_at_ms"] as Int64?).map(Instant.init(milliseconds:)))
    }
}

extension SQLStore {
    public func mergeAccounts(_ proposals: [MergeProposal], origin: AccountMerge.Origin, audit: AuditEntry) async throws -> [AccountMerge] {
        try await write { db in try proposals.map { try Self.merge($0, origin: origin, audit: audit, db) } }
    }

    public func unmergeAccount(_ absorbed: String, audit: AuditEntry) async throws -> AccountMerge {
        try await write { db in try Self.unmerge(absorbed, audit: audit, db) }
    }

    public func merges(accountID: String?) async throws -> [AccountMerge] {
        try await read { db in
            let ids = try Int64.fetchAll(
                db,
                sql: accountID == nil
                    ? "SELECT id FROM account_merges ORDER BY id" : "SELECT id FROM account_merges WHERE survivor = ? OR absorbed = ? ORDER BY id",
                arguments: accountID.map { [$0, $0] } ?? [])
            return try ids.compactMap { try Self.mergeRecord(id: $0, db) }
        }
    }

    public func currentAccountID(_ id: String) async throws -> String? {
        try await read { db in try Self.currentAccountID(id, db) }
    }

    public func keptApart() async throws -> Set<AccountPair> {
        try await read { db in
            Set(try SQLRow.fetchAll(db, sql: "SELECT first, second FROM accounts_kept_apart").map { AccountPair($0["first"], $0["second"]) })
        }
    }
}
