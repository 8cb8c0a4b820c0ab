import AccordCore
import Foundation
import GRDB

/// Writes ingested messages inside one transaction: dedup by messageId, attribution to the
/// account and contact the source's ids point at, and the record changes identify and group make.
struct IngestWriter {
    let db: any SQLSession
    /// SQLite's hot statements, bound through its C API.
    let raw: (insertEvent: RawStatement, findLink: RawStatement)?
    /// (source, kind, external id) → (account, contact), or nil when not linked.
    let cache: IdentityCache
    /// Whether anything is kept aside at all; when not, accepted events need no clean-up there.
    let anyFailed: Bool
    /// On PostgreSQL, events that need nothing after their insert wait here and go in with one
    /// multi-row statement: a round trip per batch instead of per event.
    private var pending: [SQLArguments] = []
    static let findLinkSQL = "SELECT account_id, contact_id FROM source_identities WHERE source = ? AND kind = ? AND external_id = ?"

    init(_ db: any SQLSession, cache: IdentityCache) throws {
        self.db = db
        self.cache = cache
        if let sqlite = db as? SQLiteSession {
            raw = (
                RawStatement(try sqlite.db.cachedStatement(sql: SQLStore.insertEventSQL), sqlite.db),
                RawStatement(try sqlite.db.cachedStatement(sql: Self.findLinkSQL), sqlite.db)
            )
        } else {
            raw = nil
        }
        anyFailed = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM failed_events)") ?? false
    }

    mutating func write(_ batch: IngestBatch) throws -> IngestReceipt {
        var receipt = IngestReceipt()
        for entry in batch.entries {
            switch entry.item {
            case .quarantine(let failed):
                try flush(into: &receipt)
                if try Int.fetchOne(db, sql: "SELECT 1 FROM events WHERE message_id = ?", arguments: [failed.messageID]) != nil {
                    receipt.duplicates += 1
                    continue
                }
                try db.execute(
                    sql: """
                        INSERT INTO failed_events (message_id, source, type, name, kind, reasons, payload, received_at_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(message_id) DO NOTHING
                        """,
                    arguments: [
                        failed.messageID, failed.source, failed.type.rawValue, failed.name, failed.kind.rawValue,
                        JSONText.encode(failed.reasons) ?? "[]", failed.payload.canonicalText, failed.receivedAt.milliseconds,
                    ])
                if db.changesCount == 1 { receipt.quarantined += 1 } else { receipt.duplicates += 1 }
            case .accept(var event) where raw == nil && !anyFailed && entry.isPlainEvent:
                try attribute(&event)
                pending.append(SQLStore.eventArguments(event, entry.encoded))
            case .accept(var event):
                try flush(into: &receipt)
                // A group call names (or creates) its account before it is logged, so it is attributed too;
                // the account's id is stable, so a duplicate changes nothing.
                if event.type == .group, let groupID = event.groupID {
                    event.accountID = try resolveGroup(event, update: entry.update, defaultSegment: batch.defaultSegment, groupID: groupID)
                }
                try attribute(&event)
                guard try insert(event, entry.encoded) == 1 else {
                    receipt.duplicates += 1
                    continue
                }
                receipt.accepted += 1
                if anyFailed { try db.execute(sql: "DELETE FROM failed_events WHERE message_id = ?", arguments: [event.messageID]) }
                try apply(event, update: entry.update, defaultSegment: batch.defaultSegment, encoded: entry.encoded)
            }
        }
        try flush(into: &receipt)
        return receipt
    }

    /// Reads the links of every user and group id in these batches with one query per thousand ids:
    /// on a server each lookup is a round trip, and a batch from an SDK names up to 100 users.
    mutating func prefetchLinks(_ batches: [IngestBatch]) throws {
        var wanted = Set<IdentityCache.Key>()
        for batch in batches {
            for entry in batch.entries {
                guard case .accept(let event) = entry.item else { continue }
                if let user = event.userID { wanted.insert(key(event.source, "user", user)) }
                if let group = event.groupID { wanted.insert(key(event.source, "group", group)) }
            }
        }
        let missing = Array(wanted.filter { cache.links[$0] == nil })
        for start in stride(from: 0, to: missing.count, by: 1_000) {
            let chunk = missing[start..<min(start + 1_000, missing.count)]
            for wantedKey in chunk { cache.links[wantedKey] = .some(nil) }
            let rows = try db.fetchAll(
                sql: """
                    SELECT source, kind, external_id, account_id, contact_id FROM source_identities
                    WHERE (source, kind, external_id) IN (\(repeatElement("(?, ?, ?)", count: chunk.count).joined(separator: ", ")))
                    """,
                arguments: SQLArguments(chunk.flatMap { [$0.source.databaseValue, $0.kind.databaseValue, $0.id.databaseValue] }))
            for row in rows {
                cache.links[key(row["source"], row["kind"], row["external_id"])] = (account: row["account_id"], contact: row["contact_id"])
            }
        }
    }

    /// Inserts the waiting events; those whose message id is already logged count as duplicates.
    private mutating func flush(into receipt: inout IngestReceipt) throws {
        guard !pending.isEmpty else { return }
        let inserted = try db.insertRows(SQLStore.insertEventPrefix, pending, suffix: "ON CONFLICT(message_id) DO NOTHING")
        receipt.accepted += inserted
        receipt.duplicates += pending.count - inserted
        pending = []
    }

    private func key(_ source: String, _ kind: String, _ id: String) -> IdentityCache.Key { .init(source: source, kind: kind, id: id) }

    /// Binds every column of the insert (same order as `insertEventSQL`) and runs it; 1 when stored, 0 for a duplicate.
    private func insert(_ e: Event, _ texts: EncodedEvent?) throws -> Int {
        // Attribution changes ids, never the JSON columns, so text made before the write still holds.
        let texts = texts ?? EncodedEvent(e)
        guard let s = raw?.insertEvent else {
            try db.execute(sql: SQLStore.insertEventSQL, arguments: SQLStore.eventArguments(e, texts))
            return db.changesCount
        }
        s.reset()
        s.bind(1, e.messageID)
        s.bind(2, e.type.rawValue)
        s.bind(3, e.name)
        s.bind(4, e.accountID)
        s.bind(5, e.contactID)
        s.bind(6, e.userID)
        s.bind(7, e.anonymousID)
        s.bind(8, e.groupID)
        s.bind(9, e.source)
        s.bind(10, e.timestamp.milliseconds)
        s.bind(11, e.originalTimestamp?.milliseconds)
        s.bind(12, e.sentAt?.milliseconds)
        s.bind(13, e.receivedAt.milliseconds)
        s.bind(14, texts.properties)
        s.bind(15, texts.context)
        s.bind(16, e.planStatus?.rawValue)
        s.bind(17, texts.violations)
        return try s.execute()
    }

    private mutating func link(_ source: String, _ kind: String, _ id: String) throws -> (account: String?, contact: String?)? {
        let cacheKey = key(source, kind, id)
        if let cached = cache.links[cacheKey] { return cached }
        guard let findLink = raw?.findLink else {
            let row = try SQLRow.fetchOne(db, sql: Self.findLinkSQL, arguments: [source, kind, id])
            let value = row.map { (account: $0["account_id"] as String?, contact: $0["contact_id"] as String?) }
            cache.links[cacheKey] = .some(value)
            return value
        }
        findLink.reset()
        findLink.bind(1, source)
        findLink.bind(2, kind)
        findLink.bind(3, id)
        guard try findLink.step() else {
            cache.links[cacheKey] = .some(nil)
            return nil
        }
        let value = (account: findLink.text(0), contact: findLink.text(1))
        findLink.reset()
        cache.links[cacheKey] = value
        return value
    }

    /// An account id the message names directly (`acc_…`), or the one its group id is linked to.
    private mutating func groupAccount(_ source: String, _ groupID: String) throws -> String? {
        if groupID.hasPrefix("acc_"), let account = try SQLStore.currentAccountID(groupID, db) { return account }
        return try link(source, "group", groupID)?.account
    }

    private mutating func attribute(_ event: inout Event) throws {
        if let groupID = event.groupID, let account = try groupAccount(event.source, groupID) { event.accountID = account }
        if let userID = event.userID, let user = try link(event.source, "user", userID) {
            event.contactID = user.contact
            if event.accountID == nil { event.accountID = user.account }
        }
    }

    private mutating func apply(_ event: Event, update: RecordUpdate?, defaultSegment: String, encoded: EncodedEvent?) throws {
        switch event.type {
        case .identify:
            guard let userID = event.userID else { return }
            try saveUser(event.source, userID, account: nil, traits: event.properties, at: event.receivedAt)
            if let contact = try link(event.source, "user", userID)?.contact, let fields = update?.contact {
                try updateContact(contact, fields)
            }
        case .group:
            if let userID = event.userID, let account = event.accountID {
                try saveUser(event.source, userID, account: account, traits: nil, at: event.receivedAt)
            }
        case .track where SQLStore.followedEvents.contains(event.name):
            // Ingestion keeps an event's properties only as the text it logs.
            try SQLStore.follow(event, properties: encoded.flatMap { try? JSONParser.parse($0.properties) }, db)
        default:
            break
        }
    }

    /// The account a group id stands for: already linked, named by its id, matched by domain, or new.
    private mutating func resolveGroup(_ event: Event, update: RecordUpdate?, defaultSegment: String, groupID: String) throws -> String {
        let fields = update?.account ?? [:]
        if let account = try groupAccount(event.source, groupID) {
            try updateAccount(account, fields)
            if try link(event.source, "group", groupID) == nil {
                try saveLink(
                    event.source, "group", groupID, account: account, contact: nil, at: event.receivedAt, rule: "the group call named account \(account)")
            }
            return account
        }
        var account: String? = nil
        var rule = "new account from a group call"
        if let domain = fields["domain"] {
            account = try String.fetchOne(db, sql: "SELECT id FROM accounts WHERE domain = ? ORDER BY created_on, id LIMIT 1", arguments: [domain])
            if account != nil { rule = "same website domain \(domain)" }
        }
        if account == nil {
            let id = "acc_" + String(StableHash.hex("\(event.source)\u{1F}group\u{1F}\(groupID)").prefix(12))
            if let survivor = try SQLStore.currentAccountID(id, db), survivor != id {
                // This group's account was merged away: its id is never made again.
                try saveLink(event.source, "group", groupID, account: survivor, contact: nil, at: event.receivedAt, rule: "\(id) was merged into \(survivor)")
                return survivor
            }
            try db.execute(
                sql: """
                    INSERT INTO accounts (id, name, domain, segment, industry, country, acquisition_source, lifecycle_stage, licensed_seats, created_on)
                    VALUES (?, ?, ?, ?, ?, ?, 'sales', 'awareness', ?, ?) ON CONFLICT(id) DO NOTHING
                    """,
                arguments: [
                    id, fields["name"] ?? groupID, fields["domain"], defaultSegment, fields["industry"], fields["country"],
                    Int(fields["licensed_seats"] ?? "") ?? 0, event.receivedAt.day.iso,
                ])
            account = id
        } else {
            try updateAccount(account!, fields)
        }
        try saveLink(event.source, "group", groupID, account: account, contact: nil, at: event.receivedAt, rule: rule)
        return account!
    }

    private mutating func saveLink(_ source: String, _ kind: String, _ id: String, account: String?, contact: String?, at: Instant, rule: String) throws {
        try db.execute(
            sql: """
                INSERT INTO source_identities (source, kind, external_id, account_id, contact_id, updated_at_ms, rule) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(source, kind, external_id) DO UPDATE SET account_id = COALESCE(excluded.account_id, source_identities.account_id),
                  contact_id = COALESCE(excluded.contact_id, source_identities.contact_id), updated_at_ms = excluded.updated_at_ms, rule = excluded.rule
                """, arguments: [source, kind, id, account, contact, at.milliseconds, rule])
        cache.links[key(source, kind, id)] = nil
    }

    /// Records a user id; merges traits; once the user belongs to an account, gives them a contact.
    private mutating func saveUser(_ source: String, _ userID: String, account: String?, traits: JSONValue?, at: Instant) throws {
        let row = try SQLRow.fetchOne(
            db, sql: "SELECT account_id, contact_id, traits FROM source_identities WHERE source = ? AND kind = 'user' AND external_id = ?",
            arguments: [source, userID])
        var merged = JSONText.decode(row?["traits"]) ?? .object([:])
        if case let .object(new)? = traits { merged = merged.mergedOver(new) }
        let accountID = account ?? row?["account_id"]
        var contactID: String? = row?["contact_id"]
        if contactID == nil, let accountID {
            let id = "con_" + String(StableHash.hex("\(source)\u{1F}user\u{1F}\(userID)").prefix(12))
            let mapping = TraitMapping(source: nil).update(
                for: Event(messageID: "", type: .identify, name: "identify", accountID: nil, source: source, timestamp: at, receivedAt: at, properties: merged))
            try db.execute(
                sql: """
                    INSERT INTO contacts (id, account_id, name, email, title, stakeholder_role, influence, last_engaged_on)
                    VALUES (?, ?, ?, ?, ?, 'user', 1, ?) ON CONFLICT(id) DO NOTHING
                    """, arguments: [id, accountID, mapping?.contact["name"] ?? userID, mapping?.contact["email"], mapping?.contact["title"], at.day.iso])
            contactID = id
        }
        try db.execute(
            sql: """
                INSERT INTO source_identities (source, kind, external_id, account_id, contact_id, traits, updated_at_ms, rule) VALUES (?, 'user', ?, ?, ?, ?, ?, ?)
                ON CONFLICT(source, kind, external_id) DO UPDATE SET account_id = excluded.account_id, contact_id = excluded.contact_id,
                  traits = excluded.traits, updated_at_ms = excluded.updated_at_ms, rule = excluded.rule
                """,
            arguments: [
                source, userID, accountID, contactID, merged.canonicalText, at.milliseconds,
                accountID.map { "user \(userID) was in a group call for \($0)" },
            ])
        cache.links[key(source, "user", userID)] = nil
    }

    private func updateAccount(_ id: String, _ fields: [String: String]) throws {
        let columns = ["name": "name", "domain": "domain", "industry": "industry", "country": "country", "licensed_seats": "licensed_seats"]
        for (field, value) in fields.sorted(by: { $0.key < $1.key }) {
            guard let column = columns[field] else { continue }
            try db.execute(sql: "UPDATE accounts SET \(column) = ? WHERE id = ?", arguments: [value, id])
        }
    }

    private func updateContact(_ id: String, _ fields: [String: String]) throws {
        let columns = ["name": "name", "email": "email", "title": "title"]
        for (field, value) in fields.sorted(by: { $0.key < $1.key }) {
            guard let column = columns[field] else { continue }
            try db.execute(sql: "UPDATE contacts SET \(column) = ? WHERE id = ?", arguments: [value, id])
        }
    }
}

extension IngestBatch.Entry {
    /// An accepted event that only needs its insert: no identify or group call changes the record,
    /// and no followed event (a signed contract, a churn reason) changes it afterwards.
    var isPlainEvent: Bool {
        guard case .accept(let event) = item else { return false }
        return event.type != .group && event.type != .identify && !SQLStore.followedEvents.contains(event.name)
    }
}
