import AccordCore
import GRDB

extension SQLStore {
    public func claimJob(_ name: String, holder: String, at now: Instant, every: Int64) async throws -> Bool {
        // Bookkeeping that touches no source ids: the ingestion cache and dashboard snapshots stay.
        try await write(keepingIdentityCache: true, bookkeeping: true) { db in
            try db.execute(
                sql: """
                    INSERT INTO background_jobs (name, holder, started_at_ms, runs) VALUES (?, ?, ?, 1) ON CONFLICT(name) DO NOTHING
                    """, arguments: [name, holder, now.milliseconds])
            if db.changesCount == 1 { return true }
            try db.execute(
                sql: """
                    UPDATE background_jobs SET holder = ?, started_at_ms = ?, runs = runs + 1 WHERE name = ? AND started_at_ms <= ?
                    """, arguments: [holder, now.milliseconds, name, now.milliseconds - every])
            return db.changesCount == 1
        }
    }

    public func jobs() async throws -> [JobRun] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT name, holder, started_at_ms, runs FROM background_jobs ORDER BY name").map { row in
                JobRun(name: row["name"], holder: row["holder"], startedAt: Instant(milliseconds: row["started_at_ms"]), runs: row["runs"])
            }
        }
    }
}
