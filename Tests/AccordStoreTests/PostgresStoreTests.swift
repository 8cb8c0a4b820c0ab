import AccordCore
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import AccordStore

/// What only PostgreSQL has: a server to reach, several replicas opening one database at once.
@Suite("PostgreSQL store", .enabled(if: PostgresTestServer.url != nil, "scripts/test starts the PostgreSQL server"))
struct PostgresStoreTests {
    @Test("replicas starting together migrate once and all open the same database")
    func migrationsOnce() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<6 { group.addTask { try await PostgresStore(url: url, maximumConnections: 2) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 6)
        try await stores[0].setMeta("written-by", "replica 0")
        for store in stores { #expect(try await store.meta("written-by") == "replica 0") }
        #expect(try await PostgresTestServer.scalar(url, "SELECT version FROM accord_schema") == PostgresStore.schemaFormat)
        #expect(try await PostgresTestServer.scalar(url, "SELECT COUNT(*) FROM accord_schema") == 1)
    }

    @Test("plain events from several replicas go in side by side; a write waits for them, and they wait for a write", .timeLimit(.minutes(1)))
    func appendsShareTheLock() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        let first = try await PostgresStore(url: url, maximumConnections: 2)
        let second = try await PostgresStore(url: url, maximumConnections: 2)
        let lock = PostgresStore.writerLock
        func track(_ id: String) throws -> IngestBatch { try IngestionConformanceTests.batch(#"{"batch": [\#(IngestionConformanceTests.track(id))]}"#) }
        let group = try IngestionConformanceTests.batch(
            #"{"batch": [{"type": "group", "messageId": "g1", "userId": "u1", "groupId": "org-1", "traits": {"name": "Org One"}}]}"#)

        // Another replica's append in progress: plain events go in meanwhile, a group call waits.
        try await PostgresTestServer.withConnection(url) { other in
            try await other.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_lock_shared(\(lock))"), logger: PostgresTestServer.logger)
            #expect(try await first.ingest([try track("a1")]) == [IngestReceipt(accepted: 1)])
            #expect(try await second.ingest([try track("a2"), try track("a1")]) == [IngestReceipt(accepted: 1), IngestReceipt(duplicates: 1)])
            let waiting = Task { try await first.ingest([group]) }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await PostgresTestServer.scalar(url, "SELECT COUNT(*) FROM events WHERE message_id = 'g1'") == 0)
            try await other.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_unlock_shared(\(lock))"), logger: PostgresTestServer.logger)
            #expect(try await waiting.value == [IngestReceipt(accepted: 1)])
        }

        // Another replica's write in progress (a merge, an import): plain events wait for it.
        try await PostgresTestServer.withConnection(url) { other in
            try await other.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_lock(\(lock))"), logger: PostgresTestServer.logger)
            let waiting = Task { try await second.ingest([try track("a3")]) }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await PostgresTestServer.scalar(url, "SELECT COUNT(*) FROM events WHERE message_id = 'a3'") == 0)
            try await other.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_unlock(\(lock))"), logger: PostgresTestServer.logger)
            #expect(try await waiting.value == [IngestReceipt(accepted: 1)])
        }

        // Many appends at once from both replicas, with retries of each other's messages: each
        // message is logged once and every duplicate is counted.
        let receipts = try await withThrowingTaskGroup(of: [IngestReceipt].self) { tasks in
            for round in 0..<8 {
                let store = round.isMultiple(of: 2) ? first : second
                let ids = (0..<50).map { "c\(($0 * 7 + round * 13) % 120)" }
                tasks.addTask { try await store.ingest([try IngestBatch(entries: ids.flatMap { try track($0).entries }, defaultSegment: "mid_market")]) }
            }
            return try await tasks.reduce(into: []) { $0 += $1 }
        }
        let logged = try await PostgresTestServer.scalar(url, "SELECT COUNT(*) FROM events WHERE message_id LIKE 'c%'")
        #expect(receipts.reduce(0) { $0 + $1.accepted } == logged)
        #expect(receipts.reduce(0) { $0 + $1.accepted + $1.duplicates } == 400)
        // The group call's account attributes the user's later events on both replicas.
        let accounts = try await PostgresTestServer.rows(url, "SELECT DISTINCT account_id FROM events WHERE message_id LIKE 'c%'")
        #expect(accounts.count == 1 && accounts[0][0]?.hasPrefix("acc_") == true)
    }

    @Test("a database another application uses is refused, and nothing is written to it")
    func foreignDatabase() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        _ = try await PostgresTestServer.scalar(url, "CREATE TABLE invoices (id INT)")
        await #expect(throws: StoreError.notAccordDatabase(path: try PostgresLocation(url).description)) {
            try await PostgresStore(url: url)
        }
        #expect(try await PostgresTestServer.scalar(url, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'accounts'") == 0)
    }

    @Test("a server that does not answer and a malformed URL each say what to fix")
    func clearErrors() async throws {
        let port = 1  // nothing listens on loopback port 1
        do {
            _ = try await PostgresStore(url: "postgres://accord@127.0.0.1:\(port)/accord?sslmode=disable")
            Issue.record("opening a database on a closed port succeeded")
        } catch let error as StoreError {
            #expect(error.description.contains("is PostgreSQL running and listening on 127.0.0.1:\(port)"))
        }
        #expect(throws: StoreError.self) { try PostgresLocation("postgres://127.0.0.1:5432") }
        #expect((try? PostgresLocation("mysql://x@y/z")) == nil)
        let missing = try PostgresLocation(PostgresTestServer.url!)
        do {
            _ = try await PostgresStore(url: "postgres://\(missing.user)@\(missing.host):\(missing.port)/no_such_database?sslmode=disable")
            Issue.record("opening a database that does not exist succeeded")
        } catch let error as StoreError {
            #expect(error.description.contains("no_such_database"))
            #expect(error.description.contains("createdb"))
        }
    }
}

@Suite("Moving a SQLite installation to PostgreSQL", .enabled(if: PostgresTestServer.url != nil, "scripts/test starts the PostgreSQL server"))
struct StoreCopyTests {
    @Test("every table arrives with equal counts and checksums; counters continue past the copied keys; a second copy is refused")
    func copy() async throws {
        let source = try SQLiteStore(path: TemporaryFolder.make().appendingPathComponent("accord.db").path)
        try await source.replaceAll(
            with: DemoCompany.generate(DemoConfig(accounts: 40, seed: 3, asOf: Day(iso: "2026-06-30")!, spec: SpecTemplate.defaultSpec))
        ) { _, _ in }
        let audit = AuditEntry(at: Instant(iso: "2026-06-30T12:00:00Z")!, actor: "person:admin", origin: "local", action: "test", target: "x")
        try await source.appendAudit(audit)
        try await source.setMeta("demo", "yes")
        let target = try await PostgresStore(url: PostgresTestServer.freshDatabase(), maximumConnections: 2)

        // Every table the schema has is copied: a new capability's tables cannot be left behind.
        let schemaTables = try await source.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
                .map { $0["name"] as String }
        }
        #expect(Set(schemaTables) == Set(SQLiteStore.copyOrder.map(\.table)))
        let report = try await source.copyEverything(to: target) { _, _ in }
        #expect(report.allSatisfy { $0.matches })
        let statistics = try await source.statistics()
        #expect(report.first { $0.table == "events" }?.copiedRows == statistics.rows("events"))
        #expect(try await target.statistics() == statistics)

        // New rows get keys after the copied ones.
        let lastSeq = try await target.events(EventQuery(limit: 500)).lastSeq ?? 0
        let added = try await target.logDerivedEvents([
            Event(
                messageID: "after-copy", name: "first_value_achieved", accountID: nil, source: "accord", timestamp: audit.at, receivedAt: audit.at,
                properties: [:])
        ])
        #expect(added == 1)
        let newest = try await target.events(EventQuery(messageID: "after-copy")).events
        #expect(newest.first.map { $0.seq > lastSeq } == true)
        try await target.appendAudit(audit)
        #expect(try await target.audit(AuditQuery()).entries.count == 2)

        await #expect(throws: StoreError.self) { try await source.copyEverything(to: target) { _, _ in } }
    }
}
