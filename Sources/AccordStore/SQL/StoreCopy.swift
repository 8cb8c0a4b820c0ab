import AccordCore
import Foundation
import GRDB

/// One table's rows in the source and in the copy, and whether their content digests agree.
public struct TableCopy: Sendable, Hashable, Codable {
    public var table: String
    public var sourceRows: Int
    public var copiedRows: Int
    public var sourceDigest: String
    public var copiedDigest: String

    public var matches: Bool { sourceRows == copiedRows && sourceDigest == copiedDigest }
}

extension SQLiteStore {
    /// Every table, parents before children, with the columns that order its rows. Surrogate keys
    /// are copied as they are: merges, handoff chains and event cursors point at them.
    static let copyOrder: [(table: String, orderBy: String)] = [
        ("meta", "key"), ("accounts", "id"), ("contacts", "id"), ("subscriptions", "account_id"), ("mrr_movements", "id"),
        ("events", "seq"), ("usage_weeks", "account_id, week_start"), ("survey_responses", "id"), ("failed_events", "seq"),
        ("source_identities", "source, kind, external_id"), ("source_keys", "source"), ("passwords", "person_id"), ("sessions", "id_hash"),
        ("api_tokens", "id"), ("audit_log", "seq"), ("identity_reviews", "id"), ("account_merges", "id"),
        ("account_merge_moves", "merge_id, tbl, k1, k2, k3"), ("account_redirects", "id"), ("accounts_kept_apart", "first, second"),
        // A resubmission names the handoff before it, so older ones go first.
        ("handoffs", "submitted_at_ms, id"), ("webhooks", "id"), ("webhook_deliveries", "id"), ("triage_notes", "id"),
        ("outcome_model_versions", "model_id, version"), ("outcome_model_signatures", "model_id, version, function"), ("background_jobs", "name"),
        ("sync_runs", "id"), ("sync_records", "source, stream, record_key"), ("sync_states", "source"), ("sync_rejects", "id"), ("sync_alerts", "source"),
        ("sync_subscription_items", "source, stream, record_key"), ("support_tickets", "source, stream, record_key"),
        ("marketing_touches", "source, stream, record_key"),
        ("source_owners", "source, external_id"), ("play_runs", "id"), ("play_tasks", "id"), ("task_comments", "id"), ("play_switches", "play"),
        ("save_cases", "id"), ("win_back_campaigns", "id"), ("spec_proposals", "id"),
        ("meetings", "id"), ("ritual_reminders", "ritual, meeting_at_ms"),
    ]

    /// Surrogate keys a PostgreSQL counter hands out; after a copy it continues past the copied ones.
    static let counters: [(table: String, column: String)] = [
        ("mrr_movements", "id"), ("events", "seq"), ("failed_events", "seq"), ("audit_log", "seq"), ("identity_reviews", "id"),
        ("account_merges", "id"), ("webhook_deliveries", "id"), ("triage_notes", "id"), ("sync_runs", "id"), ("sync_rejects", "id"),
        ("task_comments", "id"),
    ]

    /// Copies everything this database holds into `target`, which must be empty, in one transaction
    /// of the target's: each table's row count and content digest are compared before it commits,
    /// so the copy is whole and equal, or nothing is written. `progress` is told rows copied and the total.
    public func copyEverything(to target: SQLStore, progress: @escaping @Sendable (Int, Int) -> Void) async throws -> [TableCopy] {
        let pool = self.pool
        let order = Self.copyOrder
        let counters = Self.counters
        let path = self.path
        return try await target.write { out in
            for (table, _) in order {
                let rows = try Int.fetchOne(out, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
                guard rows == 0 else {
                    throw StoreError.conflict(
                        "the target database already holds \(rows) row\(rows == 1 ? "" : "s") in \(table); migrate into an empty database")
                }
            }
            do {
                // The source is read in one snapshot while the target's transaction is open.
                return try pool.read { source in
                    let input = SQLiteSession(source)
                    var total = 0
                    for (table, _) in order { total += try Int.fetchOne(input, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
                    var copied = 0
                    var report: [TableCopy] = []
                    for (table, orderBy) in order {
                        var columns: [String] = []
                        var buffer: [SQLArguments] = []
                        var sourceDigest = ContentDigest()
                        var sourceRows = 0
                        func flush() throws {
                            guard !buffer.isEmpty else { return }
                            try out.insertRows("INSERT INTO \(table) (\(columns.joined(separator: ", ")))", buffer)
                            copied += buffer.count
                            buffer = []
                            progress(copied, total)
                        }
                        try input.forEach(sql: "SELECT * FROM \(table) ORDER BY \(orderBy)") { row in
                            let pairs = row.pairs
                            if columns.isEmpty { columns = pairs.map(\.0) }
                            sourceDigest.row(pairs.map(\.1))
                            sourceRows += 1
                            buffer.append(SQLArguments(pairs.map(\.1)))
                            if buffer.count == 5_000 { try flush() }
                        }
                        try flush()
                        var copiedDigest = ContentDigest()
                        var copiedRows = 0
                        try out.forEach(sql: "SELECT * FROM \(table) ORDER BY \(orderBy)") { row in
                            copiedDigest.row(row.pairs.map(\.1))
                            copiedRows += 1
                        }
                        report.append(
                            TableCopy(
                                table: table, sourceRows: sourceRows, copiedRows: copiedRows, sourceDigest: sourceDigest.finish(),
                                copiedDigest: copiedDigest.finish()))
                    }
                    for (table, column) in counters { try out.advanceCounter(table: table, column: column) }
                    if let differing = report.first(where: { !$0.matches }) {
                        throw StoreError.conflict(
                            "the copy of \(differing.table) differs (\(differing.sourceRows) rows in, \(differing.copiedRows) out, digests \(differing.sourceDigest.prefix(12)) and \(differing.copiedDigest.prefix(12))); nothing was written"
                        )
                    }
                    return report
                }
            } catch let error as DatabaseError {
                throw Self.translate(error, path: path)
            }
        }
    }
}

extension ContentDigest {
    /// One row's values, each in its kind; the same values hash the same in either database.
    mutating func row(_ values: [DatabaseValue]) {
        for value in values {
            switch value.storage {
            case .null: null()
            case .int64(let number): int(number)
            case .double(let number): text(String(number))
            case .string(let string): text(string)
            case .blob(let data): text(data.base64EncodedString())
            }
        }
        endRow()
    }
}
