import AccordCore
import Foundation
import GRDB

extension SQLStore {
    static let insertEventPrefix = """
        INSERT INTO events (message_id, type, name, account_id, contact_id, user_id, anonymous_id, group_id, source,
          timestamp_ms, original_timestamp_ms, sent_at_ms, received_at_ms, properties, context, plan_status, violations)
        """
    static let insertEventSQL = insertEventPrefix + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(message_id) DO NOTHING"

    static func eventArguments(_ e: Event, _ texts: EncodedEvent? = nil) -> SQLArguments {
        let texts = texts ?? EncodedEvent(e)
        return [
            e.messageID, e.type.rawValue, e.name, e.accountID, e.contactID, e.userID, e.anonymousID, e.groupID, e.source,
            e.timestamp.milliseconds, e.originalTimestamp?.milliseconds, e.sentAt?.milliseconds, e.receivedAt.milliseconds,
            texts.properties, texts.context, e.planStatus?.rawValue, texts.violations,
        ]
    }

    public func ingest(_ batches: [IngestBatch]) async throws -> [IngestReceipt] {
        let appending = batches.allSatisfy { $0.entries.allSatisfy(\.isPlainEvent) }
        // Appends on a server run side by side, so each reads links afresh into a cache of its own.
        let cache = appending && appendsRunTogether ? IdentityCache() : identityCache
        return try await write(keepingIdentityCache: true, appending: appending) { db in
            do {
                // Another process (an import, a merge from the command line, another replica) may have
                // changed links. SQLite tells; on PostgreSQL each transaction starts afresh.
                let version = db.dialect == .sqlite ? try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 : -1
                if version != cache.dataVersion || version < 0 || cache.links.count > IdentityCache.capacity {
                    cache.clear()
                    cache.dataVersion = version
                }
                var writer = try IngestWriter(db, cache: cache)
                if db.dialect == .postgres { try writer.prefetchLinks(batches) }
                return try batches.map { try writer.write($0) }
            } catch {
                // Rolled back: what was cached in this transaction may not exist.
                cache.clear()
                throw error
            }
        }
    }

    public func resolveFailedEvents(_ moves: [FailedEventMove]) async throws -> Int {
        let cache = identityCache
        return try await write { db in
            var writer = try IngestWriter(db, cache: cache)
            var moved = 0
            for move in moves {
                let receipt = try writer.write(IngestBatch(entries: [.init(item: .accept(move.event))], defaultSegment: "unassigned"))
                try db.execute(sql: "DELETE FROM failed_events WHERE seq = ?", arguments: [move.seq])
                moved += receipt.accepted + receipt.duplicates
            }
            return moved
        }
    }

    public func events(_ query: EventQuery) async throws -> EventPage {
        let limit = min(max(query.limit, 1), EventQuery.maximumLimit)
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            conditions.append(condition)
            arguments.append(value)
        }
        add("account_id = ?", query.accountID)
        add("contact_id = ?", query.contactID)
        add("name = ?", query.name)
        add("source = ?", query.source)
        add("message_id = ?", query.messageID)
        add("timestamp_ms >= ?", query.from?.milliseconds)
        add("timestamp_ms < ?", query.to?.milliseconds)
        add("seq > ?", query.after)
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let statementArguments = SQLArguments(arguments.map(\.databaseValue) + [limit.databaseValue])
        return try await read { db in
            let rows = try SQLRow.fetchAll(db, sql: "SELECT * FROM events \(filter) ORDER BY seq LIMIT ?", arguments: statementArguments)
            let events = rows.map { LoggedEvent(seq: $0["seq"], event: Event($0)) }
            let last = events.last?.seq ?? query.after
            return EventPage(events: events, nextCursor: events.count == limit ? last.map(String.init) : nil, lastSeq: last)
        }
    }

    public func failedEvents(_ query: FailedEventQuery) async throws -> FailedEventPage {
        let limit = min(max(query.limit, 1), EventQuery.maximumLimit)
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let source = query.source {
            conditions.append("source = ?")
            arguments.append(source)
        }
        if let name = query.name {
            conditions.append("name = ?")
            arguments.append(name)
        }
        if let kind = query.kind {
            conditions.append("kind = ?")
            arguments.append(kind.rawValue)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let pageFilter = (conditions + (query.after == nil ? [] : ["seq > ?"])).joined(separator: " AND ")
        let totalArguments = SQLArguments(arguments.map(\.databaseValue))
        let pageArguments = SQLArguments(arguments.map(\.databaseValue) + (query.after.map { [$0.databaseValue] } ?? []) + [limit.databaseValue])
        return try await read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM failed_events \(filter)", arguments: totalArguments) ?? 0
            let rows = try SQLRow.fetchAll(
                db, sql: "SELECT * FROM failed_events \(pageFilter.isEmpty ? "" : "WHERE " + pageFilter) ORDER BY seq LIMIT ?", arguments: pageArguments)
            let kept = rows.map { row in
                KeptEvent(
                    seq: row["seq"],
                    failed: FailedEvent(
                        messageID: row["message_id"], source: row["source"], type: SegmentCall(rawValue: row["type"]) ?? .track,
                        name: row["name"], kind: FailedEvent.Kind(rawValue: row["kind"]) ?? .invalid,
                        reasons: JSONText.strings(row["reasons"]), payload: JSONText.decode(row["payload"]) ?? .null,
                        receivedAt: Instant(milliseconds: row["received_at_ms"])))
            }
            return FailedEventPage(failedEvents: kept, total: total, nextCursor: kept.count == limit ? kept.last.map { String($0.seq) } : nil)
        }
    }

    public func violationCounts() async throws -> [ViolationCount] {
        try await read { db in
            var counts: [String: ViolationCount] = [:]
            for row in try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT source, name, plan_status AS kind, COUNT(*) AS n FROM events
                    WHERE plan_status IN ('unplanned', 'invalid') GROUP BY source, name, plan_status
                    """)
            {
                let key = "\(row["source"] as String)\u{1F}\(row["name"] as String)\u{1F}\(row["kind"] as String)"
                counts[key] = ViolationCount(source: row["source"], event: row["name"], kind: row["kind"], flagged: row["n"], quarantined: 0)
            }
            for row in try SQLRow.fetchAll(db, sql: "SELECT source, COALESCE(name, type) AS name, kind, COUNT(*) AS n FROM failed_events GROUP BY 1, 2, 3") {
                let key = "\(row["source"] as String)\u{1F}\(row["name"] as String)\u{1F}\(row["kind"] as String)"
                counts[key, default: ViolationCount(source: row["source"], event: row["name"], kind: row["kind"], flagged: 0, quarantined: 0)].quarantined =
                    row["n"]
            }
            return counts.values.sorted { ($0.source, $0.event, $0.kind) < ($1.source, $1.event, $1.kind) }
        }
    }

    public func saveSourceKey(_ key: SourceKey, audit: AuditEntry) async throws {
        try await write { db in
            try Self.append(audit, db)
            try db.execute(
                sql: """
                    INSERT INTO source_keys (source, system, key_hash, hint, created_at_ms, rotated_at_ms) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(source) DO UPDATE SET system = excluded.system, key_hash = excluded.key_hash, hint = excluded.hint,
                      rotated_at_ms = excluded.rotated_at_ms
                    """, arguments: [key.source, key.system, key.keyHash, key.hint, key.createdAt.milliseconds, key.rotatedAt?.milliseconds])
        }
    }

    public func sourceKeys() async throws -> [SourceKey] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM source_keys ORDER BY source").map { row in
                SourceKey(
                    source: row["source"], system: row["system"], keyHash: row["key_hash"], hint: row["hint"],
                    createdAt: Instant(milliseconds: row["created_at_ms"]), rotatedAt: (row["rotated_at_ms"] as Int64?).map(Instant.init(milliseconds:)))
            }
        }
    }
}
