import AccordCore
import Foundation
import GRDB
import Testing

@testable import AccordStore

/// What only a file on disk can show: reopening, migrations, and files that are not ours.
@Suite("SQLite file")
struct SQLiteFileTests {
    @Test("reopening an existing file keeps its data and migrates nothing twice")
    func reopen() async throws {
        let path = TemporaryFolder.make().appendingPathComponent("accord.db").path
        let first = try SQLiteStore(path: path)
        try await first.replaceAll(with: TinyCompany.dataset()) { _, _ in }
        let digest = try await first.statistics().contentDigest
        let second = try SQLiteStore(path: path)
        #expect(try await second.statistics().contentDigest == digest)
        let applied = try await second.pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(
            applied == [
                "v1-client-record", "v2-ingestion", "v3-access", "v4-identity", "v5-identity-reviews", "v6-account-merges", "v7-handoffs", "v8-webhooks",
                "v9-triage-notes", "v10-outcome-models", "v11-background-jobs", "v12-sync", "v13-sync-mapping", "v14-sync-feeds", "v15-source-owners",
                "v16-marketing-touches", "v17-plays", "v18-saves", "v19-win-back", "v20-program", "v21-rituals",
            ])
    }

    @Test("a database from the first schema is migrated forward with its data")
    func migrateForward() async throws {
        let path = TemporaryFolder.make().appendingPathComponent("accord.db").path
        let old = try DatabaseQueue(path: path)
        try Schema.sqliteMigrator.migrate(old, upTo: "v1-client-record")
        try await old.write { db in
            try db.execute(
                sql:
                    "INSERT INTO accounts (id, name, segment, acquisition_source, lifecycle_stage, licensed_seats, created_on) VALUES ('acc_old', 'Old Co', 'smb', 'sales', 'retention', 5, '2025-01-01')"
            )
            try db.execute(
                sql:
                    "INSERT INTO events (message_id, name, account_id, source, timestamp_ms, received_at_ms, properties) VALUES ('old-1', 'contract_signed', 'acc_old', 'crm', 0, 0, '{}')"
            )
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        #expect(try await store.account(id: "acc_old")?.account.name == "Old Co")
        let event = try #require(try await store.events(EventQuery(messageID: "old-1")).events.first?.event)
        #expect(event.type == .track && event.planStatus == nil && event.context == nil)
        #expect(try await store.failedEvents(FailedEventQuery()).total == 0)
    }

    @Test("a file that is not a database is refused with a clear error")
    func corrupt() throws {
        let path = TemporaryFolder.make().appendingPathComponent("accord.db").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path)) { try SQLiteStore(path: path) }
    }

    @Test("another application's SQLite database is refused and left untouched")
    func foreign() throws {
        let path = TemporaryFolder.make().appendingPathComponent("other.db").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE recipes (id INTEGER PRIMARY KEY)") }
        try queue.close()
        #expect(throws: StoreError.notAccordDatabase(path: path)) { try SQLiteStore(path: path) }
        let tables = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables == ["recipes"])
    }

    @Test("a database from a newer Accord is refused")
    func newer() async throws {
        let path = TemporaryFolder.make().appendingPathComponent("accord.db").path
        let store = try SQLiteStore(path: path)
        try await store.pool.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        #expect(throws: StoreError.newerSchema(path: path)) { try SQLiteStore(path: path) }
    }

    @Test("a write blocked by another process's lock fails with 'locked', not a hang")
    func locked() async throws {
        let path = TemporaryFolder.make().appendingPathComponent("accord.db").path
        let store = try SQLiteStore(path: path, busyTimeout: 0.2)
        let blocker = try DatabaseQueue(path: path)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        // Another connection holds the write lock inside an open transaction until released.
        Thread.detachNewThread {
            try? blocker.write { db in
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('holder', 'x')")
                holding.signal()
                release.wait()
            }
            released.signal()
        }
        holding.wait()
        await #expect(throws: StoreError.locked(path: path)) { try await store.setMeta("k", "v") }
        #expect(throws: StoreError.locked(path: path), "opening needs the lock too, to migrate") { try SQLiteStore(path: path, busyTimeout: 0.2) }
        release.signal()
        // Once the other transaction has committed (on a busy machine that can take longer than the 0.2 s timeout), the write goes through.
        released.wait()
        try await store.setMeta("k", "v")
    }

    @Test("a folder that does not exist is a clear error")
    func missingFolder() {
        let path = "/nonexistent-accord-folder/accord.db"
        #expect(throws: StoreError.cannotOpen(path: path, reason: "the folder does not exist or is not writable")) { try SQLiteStore(path: path) }
    }
}
