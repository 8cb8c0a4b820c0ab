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
