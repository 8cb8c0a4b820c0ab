public import AccordCore
import Foundation
import GRDB

/// What billing, support, survey and event streams write into the client record, in the mapping
/// batch's transaction: the client's subscription follows the sum of its items (RevenueLedger
/// decides the movement), tickets and responses are upserted on their record, events appended.
extension SQLStore {
    /// The client record ids a source's external ids are linked to, as `kind` ("account" or "contact").
    public func linkedIDs(source: String, kind: String, externalIDs: [String]) async throws -> [String: String] {
        let unique = Array(Set(externalIDs))
        guard !unique.isEmpty else { return [:] }
        let column = kind == "contact" ? "contact_id" : "account_id"
        return try await read { db in
            var linked: [String: String] = [:]
            for (chunk, marks) in Self.batches(unique) {
                for row in try SQLRow.fetchAll(
                    db,
                    sql:
                        "SELECT external_id, \(column) AS id FROM source_identities WHERE source = ? AND kind = ? AND external_id IN (\(marks)) AND \(column) IS NOT NULL",
                    arguments: SQLArguments([source, kind] + chunk))
                {
                    linked[row["external_id"]] = row["id"]
                }
            }
            return linked
        }
    }

    public func heldFeedKeys(source: String, stream: String, feed: StreamFeed.Feed, keys: [String]) async throws -> Set<String> {
        // Items and tickets are kept by their record; responses and events by the id made of it.
        let (sql, scope, id): (String, [String], (String) -> String)
        switch feed {
        case .subscriptions:
            (sql, scope, id) = (
                "SELECT record_key AS k FROM sync_subscription_items WHERE source = ? AND stream = ? AND record_key IN", [source, stream], { $0 }
            )
        case .tickets:
            (sql, scope, id) = ("SELECT record_key AS k FROM support_tickets WHERE source = ? AND stream = ? AND record_key IN", [source, stream], { $0 })
        case .surveys: (sql, scope, id) = ("SELECT id AS k FROM survey_responses WHERE id IN", [], { Self.feedID(source, stream, $0) })
        case .events: (sql, scope, id) = ("SELECT message_id AS k FROM events WHERE message_id IN", [], { Self.feedID(source, stream, $0) })
        case .touches:
            (sql, scope, id) = ("SELECT record_key AS k FROM marketing_touches WHERE source = ? AND stream = ? AND record_key IN", [source, stream], { $0 })
        case .accounts, .contacts, .raw, .owners: return []
        }
        let ids = Dictionary(keys.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            var held = Set<String>()
            for (chunk, marks) in Self.batches(Array(ids.keys)) {
                for row in try SQLRow.fetchAll(db, sql: "\(sql) (\(marks))", arguments: SQLArguments(scope + chunk)) {
                    if let original = ids[row["k"] as String] { held.insert(original) }
                }
            }
            return held
        }
    }

    /// The id a survey response or an event of a stream's record has: one per record, so a resend is the same.
    public static func feedID(_ source: String, _ stream: String, _ key: String) -> String { "sync:\(source):\(stream):\(key)" }

    public func sourceOwners(source: String) async throws -> [String: String] {
        try await read { db in
            var owners: [String: String] = [:]
            for row in try SQLRow.fetchAll(db, sql: "SELECT external_id, person_id FROM source_owners WHERE source = ?", arguments: [source]) {
                owners[row["external_id"]] = row["person_id"]
            }
            return owners
        }
    }

    /// The contacts of the client record with these emails (case aside), each with its account;
    /// an email two contacts share goes to the one added first.
    public func contactsByEmail(_ emails: [String]) async throws -> [String: (contactID: String, accountID: String)] {
        let unique = Array(Set(emails.map { $0.lowercased() }))
        guard !unique.isEmpty else { return [:] }
        return try await read { db in
            var found: [String: (String, String)] = [:]
            for (chunk, marks) in Self.batches(unique) {
                for row in try SQLRow.fetchAll(
                    db, sql: "SELECT LOWER(email) AS email, id, account_id FROM contacts WHERE LOWER(email) IN (\(marks)) ORDER BY id",
                    arguments: SQLArguments(chunk))
                {
                    let email: String = row["email"]
                    if found[email] == nil { found[email] = (row["id"], row["account_id"]) }
                }
            }
            return found
        }
    }

    /// The account's marketing touches, first consumed first, at most `limit`.
    public func touches(accountID: String, limit: Int = 200) async throws -> [MarketingTouch] {
        try await read { db in try SQLRow.fetchAll(db, sql: Self.touchesSQL, arguments: [accountID, limit]).map(Self.touch) }
    }

    static let touchesSQL = "SELECT * FROM marketing_touches WHERE account_id = ? ORDER BY occurred_at_ms, record_key LIMIT ?"

    static func touch(_ row: SQLRow) -> MarketingTouch {
        MarketingTouch(
            source: row["source"], stream: row["stream"], key: row["record_key"], accountID: row["account_id"], contactID: row["contact_id"],
            email: row["email"], content: row["content"], motivation: row["motivation"], occurredAt: Instant(milliseconds: row["occurred_at_ms"]))
    }

    public func tickets(accountID: String, limit: Int = 50) async throws -> [SupportTicket] {
        try await read { db in try SQLRow.fetchAll(db, sql: Self.ticketsSQL, arguments: [accountID, limit]).map(Self.ticket) }
    }

    static let ticketsSQL = """
        SELECT * FROM support_tickets WHERE account_id = ?
        ORDER BY CASE WHEN solved_at_ms IS NULL AND status NOT IN (\(SupportTicket.closedStatuses.sorted().map { "'\($0)'" }.joined(separator: ", "))) THEN 0 ELSE 1 END,
          opened_at_ms DESC, record_key LIMIT ?
        """

    static func ticket(_ row: SQLRow) -> SupportTicket {
        SupportTicket(
            source: row["source"], key: row["record_key"], accountID: row["account_id"], subject: row["subject"], status: row["status"],
            priority: row["priority"], openedAt: (row["opened_at_ms"] as Int64?).map(Instant.init(milliseconds:)),
            updatedAt: (row["updated_at_ms"] as Int64?).map(Instant.init(milliseconds:)),
            solvedAt: (row["solved_at_ms"] as Int64?).map(Instant.init(milliseconds:)))
    }

    static func subscription(_ row: SQLRow) -> Subscription {
        Subscription(
            accountID: row["account_id"], mrrCents: row["mrr_cents"], startedOn: Day(iso: row["started_on"] as String) ?? Day(0),
            renewalOn: Day(iso: row["renewal_on"] as String) ?? Day(0), status: SubscriptionStatus(rawValue: row["status"]) ?? .active)
    }

    static func writeFeeds(_ feeds: FeedWrites, source: String, at: Instant, _ db: any SQLSession) throws {
        var touched = Set<String>()
        for (stream, key) in feeds.removedItems {
            if let account = try String.fetchOne(
                db, sql: "SELECT account_id FROM sync_subscription_items WHERE source = ? AND stream = ? AND record_key = ?", arguments: [source, stream, key])
            {
                touched.insert(account)
                try db.execute(sql: "DELETE FROM sync_subscription_items WHERE source = ? AND stream = ? AND record_key = ?", arguments: [source, stream, key])
            }
        }
        for (stream, accountID, item) in feeds.items {
            // An item that moved to another client changes both.
            if let before = try String.fetchOne(
                db, sql: "SELECT account_id FROM sync_subscription_items WHERE source = ? AND stream = ? AND record_key = ?",
                arguments: [source, stream, item.key])
            {
                touched.insert(before)
            }
            touched.insert(accountID)
            try db.execute(
                sql: """
                    INSERT INTO sync_subscription_items (source, stream, record_key, account_id, mrr_cents, state, started_on, renewal_on, changed_on, updated_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(source, stream, record_key) DO UPDATE SET account_id = excluded.account_id, mrr_cents = excluded.mrr_cents,
                      state = excluded.state, started_on = excluded.started_on, renewal_on = excluded.renewal_on, changed_on = excluded.changed_on,
                      updated_at_ms = excluded.updated_at_ms
                    """,
                arguments: [
                    source, stream, item.key, accountID, item.mrrCents, item.state.rawValue, item.startedOn?.iso, item.renewalOn?.iso, item.changedOn?.iso,
                    at.milliseconds,
                ])
        }
        for account in touched.sorted() { try followSubscription(account, today: at.day, db) }

        for (stream, key) in feeds.removedTickets {
            try db.execute(sql: "DELETE FROM support_tickets WHERE source = ? AND stream = ? AND record_key = ?", arguments: [source, stream, key])
        }
        for (stream, t) in feeds.tickets {
            try db.execute(
                sql: """
                    INSERT INTO support_tickets (source, stream, record_key, account_id, subject, status, priority, opened_at_ms, updated_at_ms, solved_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(source, stream, record_key) DO UPDATE SET account_id = excluded.account_id, subject = excluded.subject,
                      status = excluded.status, priority = excluded.priority, opened_at_ms = excluded.opened_at_ms,
                      updated_at_ms = excluded.updated_at_ms, solved_at_ms = excluded.solved_at_ms
                    """,
                arguments: [
                    source, stream, t.key, t.accountID, t.subject, t.status, t.priority, t.openedAt?.milliseconds, t.updatedAt?.milliseconds,
                    t.solvedAt?.milliseconds,
                ])
        }
        for id in feeds.removedSurveys { try db.execute(sql: "DELETE FROM survey_responses WHERE id = ?", arguments: [id]) }
        for r in feeds.surveys {
            try db.execute(
                sql: """
                    INSERT INTO survey_responses (id, account_id, contact_id, kind, score, responded_on) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET account_id = excluded.account_id, contact_id = excluded.contact_id, kind = excluded.kind,
                      score = excluded.score, responded_on = excluded.responded_on
                    """, arguments: [r.id, r.accountID, r.contactID, r.kind.rawValue, r.score, r.respondedOn.iso])
        }
        for id in feeds.removedOwners { try db.execute(sql: "DELETE FROM source_owners WHERE source = ? AND external_id = ?", arguments: [source, id]) }
        for (id, person) in feeds.owners {
            try db.execute(
                sql: """
                    INSERT INTO source_owners (source, external_id, person_id, updated_at_ms) VALUES (?, ?, ?, ?)
                    ON CONFLICT(source, external_id) DO UPDATE SET person_id = excluded.person_id, updated_at_ms = excluded.updated_at_ms
                    """, arguments: [source, id, person, at.milliseconds])
            // Accounts mapped before their owner arrived (a tap may send users after companies) name the person now.
            for column in ["owner_sales", "owner_cs", "owner_marketing"] {
                try db.execute(
                    sql: """
                        UPDATE accounts SET \(column) = ? WHERE \(column) = ?
                          AND id IN (SELECT account_id FROM source_identities WHERE source = ? AND kind = 'account' AND account_id IS NOT NULL)
                        """, arguments: [person, id, source])
            }
        }
        for (stream, key) in feeds.removedTouches {
            try db.execute(sql: "DELETE FROM marketing_touches WHERE source = ? AND stream = ? AND record_key = ?", arguments: [source, stream, key])
        }
        for t in feeds.touches {
            try db.execute(
                sql: """
                    INSERT INTO marketing_touches (source, stream, record_key, account_id, contact_id, email, content, motivation, occurred_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(source, stream, record_key) DO UPDATE SET account_id = excluded.account_id, contact_id = excluded.contact_id,
                      email = excluded.email, content = excluded.content, motivation = excluded.motivation, occurred_at_ms = excluded.occurred_at_ms
                    """,
                arguments: [t.source, t.stream, t.key, t.accountID, t.contactID, t.email, t.content, t.motivation, t.occurredAt.milliseconds])
        }
        // The log is append-only: an event's record sent again is the same event (its message id).
        for event in feeds.events { try db.execute(sql: insertEventSQL, arguments: eventArguments(event)) }
        for event in feeds.events { try follow(event, db) }
    }

    /// Brings one client's subscription to the sum of its items, with the movement that makes.
    static func followSubscription(_ accountID: String, today: Day, _ db: any SQLSession) throws {
        let items = try SQLRow.fetchAll(
            db, sql: "SELECT * FROM sync_subscription_items WHERE account_id = ? ORDER BY source, stream, record_key", arguments: [accountID]
        )
        .map { row in
            SubscriptionItem(
                key: row["record_key"], accountRef: "", mrrCents: row["mrr_cents"],
                state: SubscriptionItem.State(rawValue: row["state"]) ?? .active, startedOn: (row["started_on"] as String?).flatMap { Day(iso: $0) },
                renewalOn: (row["renewal_on"] as String?).flatMap { Day(iso: $0) }, changedOn: (row["changed_on"] as String?).flatMap { Day(iso: $0) })
        }
        let current = try SQLRow.fetchOne(db, sql: "SELECT * FROM subscriptions WHERE account_id = ?", arguments: [accountID]).map(subscription)
        let churned = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mrr_movements WHERE account_id = ? AND kind = 'churn'", arguments: [accountID]) ?? 0
        let change = RevenueLedger.change(accountID: accountID, current: current, churnedBefore: churned > 0, items: items, today: today)
        if let s = change.subscription {
            try db.execute(
                sql: """
                    INSERT INTO subscriptions (account_id, mrr_cents, started_on, renewal_on, status) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(account_id) DO UPDATE SET mrr_cents = excluded.mrr_cents, started_on = excluded.started_on,
                      renewal_on = excluded.renewal_on, status = excluded.status
                    """, arguments: [s.accountID, s.mrrCents, s.startedOn.iso, s.renewalOn.iso, s.status.rawValue])
        }
        if let m = change.movement {
            try db.execute(
                sql: "INSERT INTO mrr_movements (account_id, occurred_on, kind, amount_cents, mrr_after_cents) VALUES (?, ?, ?, ?, ?)",
                arguments: [m.accountID, m.occurredOn.iso, m.kind.rawValue, m.amountCents, m.mrrAfterCents])
        }
        switch change.churnedOn {
        case .some(.some(let day)):
            try db.execute(sql: "UPDATE accounts SET churned_on = ?, lifecycle_stage = 'churned' WHERE id = ?", arguments: [day.iso, accountID])
        case .some(.none):
            try db.execute(
                sql:
                    "UPDATE accounts SET churned_on = NULL, lifecycle_stage = CASE WHEN lifecycle_stage = 'churned' THEN 'retention' ELSE lifecycle_stage END WHERE id = ?",
                arguments: [accountID])
        case .none:
            break
        }
    }
}
