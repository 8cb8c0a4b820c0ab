public import AccordCore
import Foundation
import GRDB

extension SQLStore {
    public func runningSyncRuns(source: String) async throws -> [SyncRun] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM sync_runs WHERE source = ? AND status = 'running' ORDER BY id", arguments: [source]).map(Self.syncRun)
        }
    }

    public func startSyncRun(source: String, trigger: SyncRun.Trigger, holder: String, at: Instant, timeout: Int64) async throws -> SyncRun {
        try await write(keepingIdentityCache: true, bookkeeping: true) { db in
            // One run of a source at a time; a run left running by a process that died counts until its timeout.
            if let running = try SQLRow.fetchOne(
                db, sql: "SELECT id, started_at_ms FROM sync_runs WHERE source = ? AND status = 'running' AND started_at_ms > ? ORDER BY id DESC LIMIT 1",
                arguments: [source, at.milliseconds - timeout])
            {
                throw StoreError.conflict(
                    "a sync of \(source) is already running (run \(running["id"] as Int64), started \(Instant(milliseconds: running["started_at_ms"]).iso)); wait for it to end"
                )
            }
            let state = try String.fetchOne(db, sql: "SELECT state FROM sync_states WHERE source = ?", arguments: [source]).flatMap(JSONText.decode)
            let id =
                try Int64.fetchOne(
                    db,
                    sql: """
                        INSERT INTO sync_runs (source, run_trigger, holder, started_at_ms, status, streams, state_before) VALUES (?, ?, ?, ?, 'running', '{}', ?)
                        RETURNING id
                        """,
                    arguments: [source, trigger.rawValue, holder, at.milliseconds, state?.canonicalText]) ?? 0
            return SyncRun(id: id, source: source, trigger: trigger, holder: holder, startedAt: at, stateBefore: state)
        }
    }

    public func syncState(source: String) async throws -> JSONValue? {
        try await read { db in try String.fetchOne(db, sql: "SELECT state FROM sync_states WHERE source = ?", arguments: [source]).flatMap(JSONText.decode) }
    }

    public func syncRecordTexts(source: String, stream: String, keys: [String]) async throws -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        return try await read { db in
            var texts: [String: String] = [:]
            for (chunk, marks) in Self.batches(keys) {
                let arguments = SQLArguments([source, stream] + chunk)
                for row in try SQLRow.fetchAll(
                    db,
                    sql: "SELECT record_key, record FROM sync_records WHERE source = ? AND stream = ? AND deleted_at_ms IS NULL AND record_key IN (\(marks))",
                    arguments: arguments)
                {
                    texts[row["record_key"]] = row["record"]
                }
            }
            return texts
        }
    }

    public func commitSync(_ batch: SyncBatch) async throws {
        try await write { db in
            let at = batch.at.milliseconds
            for landed in batch.records {
                let record = landed.record
                // A resend the client record has taken keeps its mark; a change waits to be mapped.
                try db.execute(
                    sql: """
                        INSERT INTO sync_records (source, stream, record_key, record, version, deleted_at_ms, received_at_ms, run_id, mapped_at_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(source, stream, record_key) DO UPDATE SET record = excluded.record, version = excluded.version,
                          deleted_at_ms = excluded.deleted_at_ms, received_at_ms = excluded.received_at_ms, run_id = excluded.run_id,
                          mapped_at_ms = CASE WHEN excluded.mapped_at_ms IS NULL THEN NULL ELSE sync_records.mapped_at_ms END
                        """,
                    arguments: [
                        batch.source, record.stream, record.key, record.text, record.version, record.deleted ? at : nil, at, batch.run.id,
                        landed.awaitsMapping ? nil : at,
                    ])
            }
            // ACTIVATE_VERSION: this version is the stream now; what older versions held is gone.
            for activation in batch.activations {
                try db.execute(
                    sql: """
                        UPDATE sync_records SET deleted_at_ms = ?, mapped_at_ms = NULL
                        WHERE source = ? AND stream = ? AND deleted_at_ms IS NULL AND (version IS NULL OR version < ?)
                        """,
                    arguments: [at, batch.source, activation.stream, activation.version])
            }
            for reject in batch.rejects {
                try db.execute(
                    sql: "INSERT INTO sync_rejects (run_id, source, stream, record_key, line, reason, record, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [batch.run.id, batch.source, reject.stream, reject.key, reject.line, reject.reason, reject.record.canonicalText, at])
            }
            for plan in batch.accounts { try Self.writeImport(plan, source: batch.source, at: batch.at, audit: batch.audit, progress: { _, _ in }, db) }
            for plan in batch.contacts { try Self.writeContactImport(plan, source: batch.source, at: batch.at, audit: batch.audit, progress: { _, _ in }, db) }
            if !batch.unlinked.isEmpty {
                var audit = batch.audit
                audit.action = "sync.deleted"
                audit.after = ["unlinked": .array(batch.unlinked.map { .string("\($0.kind) \($0.externalID)") })]
                try Self.append(audit, db)
                for item in batch.unlinked {
                    try db.execute(
                        sql: "DELETE FROM source_identities WHERE source = ? AND kind = ? AND external_id = ?",
                        arguments: [batch.source, item.kind, item.externalID])
                }
            }
            if !batch.feeds.isEmpty { try Self.writeFeeds(batch.feeds, source: batch.source, at: batch.at, db) }
            for (stream, keys) in batch.mapped {
                for (chunk, marks) in Self.batches(keys) {
                    try db.execute(
                        sql: "UPDATE sync_records SET mapped_at_ms = ? WHERE source = ? AND stream = ? AND record_key IN (\(marks))",
                        arguments: SQLArguments([at, batch.source, stream] + chunk))
                }
            }
            try db.execute(sql: "UPDATE sync_runs SET streams = ? WHERE id = ?", arguments: [Self.streamsText(batch.run.streams), batch.run.id])
            if let state = batch.state {
                try db.execute(
                    sql: """
                        INSERT INTO sync_states (source, state, run_id, updated_at_ms) VALUES (?, ?, ?, ?)
                        ON CONFLICT(source) DO UPDATE SET state = excluded.state, run_id = excluded.run_id, updated_at_ms = excluded.updated_at_ms
                        """, arguments: [batch.source, state.canonicalText, batch.run.id, at])
            }
        }
    }

    public func unmappedSyncRecords(source: String, stream: String, limit: Int) async throws -> [StreamRecord] {
        try await read { db in
            try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT record_key, record, version, deleted_at_ms FROM sync_records
                    WHERE source = ? AND stream = ? AND mapped_at_ms IS NULL ORDER BY record_key LIMIT ?
                    """, arguments: [source, stream, limit]
            ).enumerated().map { index, row in
                guard case .object(let record)? = JSONText.decode(row["record"]) else { preconditionFailure("a stored record is a JSON object") }
                return StreamRecord(
                    stream: stream, key: row["record_key"], record: record, version: (row["version"] as Int64?).map { Int($0) },
                    deleted: (row["deleted_at_ms"] as Int64?) != nil, line: index + 1)
            }
        }
    }

    public func unmappedSyncCount(source: String) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_records WHERE source = ? AND mapped_at_ms IS NULL", arguments: [source]) ?? 0
        }
    }

    public func markSyncRecordsUnmapped(source: String, streams: [String]) async throws -> Int {
        guard !streams.isEmpty else { return 0 }
        return try await write(keepingIdentityCache: true, bookkeeping: true) { db in
            let marks = Self.marks(streams.count)
            let arguments = SQLArguments([source] + streams)
            let count =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM sync_records WHERE source = ? AND deleted_at_ms IS NULL AND stream IN (\(marks))", arguments: arguments) ?? 0
            try db.execute(
                sql: "UPDATE sync_records SET mapped_at_ms = NULL WHERE source = ? AND deleted_at_ms IS NULL AND stream IN (\(marks))", arguments: arguments)
            return count
        }
    }

    public func markSyncRecordsUnmapped(source: String, stream: String, keys: [String]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return try await write(keepingIdentityCache: true, bookkeeping: true) { db in
            var count = 0
            for (chunk, marks) in Self.batches(keys) {
                try db.execute(
                    sql: "UPDATE sync_records SET mapped_at_ms = NULL WHERE source = ? AND stream = ? AND deleted_at_ms IS NULL AND record_key IN (\(marks))",
                    arguments: SQLArguments([source, stream] + chunk))
                count += db.changesCount
            }
            return count
        }
    }

    public func replayableSyncRejects(source: String, limit: Int) async throws -> [StoredSyncReject] {
        try await read { db in
            try SQLRow.fetchAll(
                db, sql: "SELECT * FROM sync_rejects WHERE source = ? AND replayed_at_ms IS NULL ORDER BY id LIMIT ?", arguments: [source, limit]
            ).map(Self.syncReject)
        }
    }

    public func markSyncRejectsReplayed(_ ids: [Int64], at: Instant) async throws {
        guard !ids.isEmpty else { return }
        try await write(keepingIdentityCache: true, bookkeeping: true) { db in
            for (chunk, marks) in Self.batches(ids) {
                try db.execute(
                    sql: "UPDATE sync_rejects SET replayed_at_ms = ? WHERE id IN (\(marks))", arguments: SQLArguments([at.milliseconds] + chunk))
            }
        }
    }

    public func syncFreshness() async throws -> [String: MetricFacts.SyncFreshness] {
        try await read { db in try Self.syncFreshness(db) }
    }

    static func syncFreshness(_ db: any SQLSession) throws -> [String: MetricFacts.SyncFreshness] {
        var freshness: [String: MetricFacts.SyncFreshness] = [:]
        for row in try SQLRow.fetchAll(
            db,
            sql: "SELECT source, MAX(CASE WHEN status = 'ok' THEN ended_at_ms END) AS last_ok, MIN(started_at_ms) AS first_run FROM sync_runs GROUP BY source")
        {
            freshness[row["source"]] = .init(
                lastOK: (row["last_ok"] as Int64?).map(Instant.init(milliseconds:)), firstRun: Instant(milliseconds: row["first_run"]))
        }
        return freshness
    }

    public func staleAlerts() async throws -> [String: Instant] {
        try await read { db in
            var alerts: [String: Instant] = [:]
            for row in try SQLRow.fetchAll(db, sql: "SELECT source, stale_since_ms FROM sync_alerts") {
                alerts[row["source"]] = Instant(milliseconds: row["stale_since_ms"])
            }
            return alerts
        }
    }

    public func noteStale(source: String, since: Instant, at: Instant, notices: [Notice]) async throws -> Bool {
        try await write(keepingIdentityCache: true, bookkeeping: true) { db in
            try db.execute(
                sql: "INSERT INTO sync_alerts (source, stale_since_ms, notified_at_ms) VALUES (?, ?, ?) ON CONFLICT(source) DO NOTHING",
                arguments: [source, since.milliseconds, at.milliseconds])
            guard db.changesCount > 0 else { return false }
            try Self.deliver(notices, at: at, db)
            return true
        }
    }

    public func finishSyncRun(_ run: SyncRun, notices: [Notice]) async throws {
        try await write(keepingIdentityCache: true, bookkeeping: true) { db in
            try Self.deliver(notices, at: run.endedAt ?? run.startedAt, db)
            // A tap that works again is no longer stale; a later silence is told anew.
            if run.status == .ok { try db.execute(sql: "DELETE FROM sync_alerts WHERE source = ?", arguments: [run.source]) }
            try db.execute(
                sql: """
                    UPDATE sync_runs SET ended_at_ms = ?, status = ?, streams = ?, state_after = ?, exit_code = ?, error = ?, stderr_tail = ?, warnings = ?
                    WHERE id = ?
                    """,
                arguments: [
                    run.endedAt?.milliseconds, run.status.rawValue, Self.streamsText(run.streams), run.stateAfter?.canonicalText, run.exitCode, run.error,
                    run.stderrTail, run.warnings.isEmpty ? nil : run.warnings.joined(separator: "\n"), run.id,
                ])
        }
    }

    public func syncRuns(source: String?, limit: Int) async throws -> [SyncRun] {
        try await read { db in
            let rows =
                if let source {
                    try SQLRow.fetchAll(db, sql: "SELECT * FROM sync_runs WHERE source = ? ORDER BY id DESC LIMIT ?", arguments: [source, limit])
                } else {
                    try SQLRow.fetchAll(db, sql: "SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?", arguments: [limit])
                }
            return rows.map(Self.syncRun)
        }
    }

    public func syncRejects(source: String, limit: Int) async throws -> [StoredSyncReject] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM sync_rejects WHERE source = ? ORDER BY id DESC LIMIT ?", arguments: [source, limit]).map(
                Self.syncReject)
        }
    }

    static func syncReject(_ row: SQLRow) -> StoredSyncReject {
        StoredSyncReject(
            id: row["id"], runID: row["run_id"],
            reject: SyncReject(
                stream: row["stream"], key: row["record_key"], line: row["line"], reason: row["reason"], record: JSONText.decode(row["record"]) ?? .null),
            at: Instant(milliseconds: row["at_ms"]), replayedAt: (row["replayed_at_ms"] as Int64?).map(Instant.init(milliseconds:)))
    }

    /// Values for an `IN (…)` list, 500 at a time (under every database's limit on parameters),
    /// each with its placeholders.
    static func batches<T>(_ values: [T]) -> [(values: [T], marks: String)] {
        stride(from: 0, to: values.count, by: 500).map { start in
            let chunk = Array(values[start..<min(start + 500, values.count)])
            return (chunk, marks(chunk.count))
        }
    }

    static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    static func streamsText(_ streams: [String: StreamCounts]) -> String {
        String(decoding: (try? JSONEncoder.sorted.encode(streams)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func syncRun(_ row: SQLRow) -> SyncRun {
        var run = SyncRun(
            id: row["id"], source: row["source"], trigger: SyncRun.Trigger(rawValue: row["run_trigger"]) ?? .manual, holder: row["holder"],
            startedAt: Instant(milliseconds: row["started_at_ms"]), stateBefore: JSONText.decode(row["state_before"]))
        run.endedAt = (row["ended_at_ms"] as Int64?).map(Instant.init(milliseconds:))
        run.status = SyncRun.Status(rawValue: row["status"]) ?? .failed
        run.streams = (try? JSONDecoder().decode([String: StreamCounts].self, from: Data((row["streams"] as String).utf8))) ?? [:]
        run.stateAfter = JSONText.decode(row["state_after"])
        run.exitCode = (row["exit_code"] as Int64?).map { Int($0) }
        run.error = row["error"]
        run.stderrTail = row["stderr_tail"]
        run.warnings = (row["warnings"] as String?)?.split(separator: "\n").map(String.init) ?? []
        return run
    }
}
