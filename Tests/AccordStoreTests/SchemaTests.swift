import AccordCore
import Foundation
import GRDB
import Testing

@testable import AccordStore

/// The schema is written once; these tests hold the two databases to it: the same tables, the
/// same columns in the same order with matching types, nullability and defaults, the same indexes,
/// after a fresh install and after an upgrade from the schema PostgreSQL had before.
@Suite("Schema", .enabled(if: PostgresTestServer.url != nil, "scripts/test starts the PostgreSQL server"))
struct SchemaTests {
    /// `table.column` → "position type null default", and `index` → "table (columns) unique partial".
    struct Shape: Equatable, CustomStringConvertible {
        var columns: [String: String] = [:]
        var indexes: [String: String] = [:]

        var description: String {
            (columns.sorted { $0.key < $1.key } + indexes.sorted { $0.key < $1.key }).map { "\($0.key): \($0.value)" }.joined(separator: "\n")
        }

        func differences(from other: Shape) -> [String] {
            let keys = Set(columns.keys).union(other.columns.keys).sorted()
            let indexKeys = Set(indexes.keys).union(other.indexes.keys).sorted()
            return keys.compactMap { columns[$0] == other.columns[$0] ? nil : "\($0): \(columns[$0] ?? "absent") ≠ \(other.columns[$0] ?? "absent")" }
                + indexKeys.compactMap { indexes[$0] == other.indexes[$0] ? nil : "\($0): \(indexes[$0] ?? "absent") ≠ \(other.indexes[$0] ?? "absent")" }
        }
    }

    static func sqliteShape(_ path: String) throws -> Shape {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            var shape = Shape()
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'")
            for table in tables {
                for row in try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))") {
                    let type: String = row["type"]
                    let kind = ["INTEGER": "integer", "TEXT": "text", "REAL": "real"][type] ?? type
                    let notNull = (row["notnull"] as Int) == 1 || (row["pk"] as Int) > 0
                    let position = (row["cid"] as Int) + 1
                    shape.columns["\(table).\(row["name"] as String)"] =
                        "\(position) \(kind) \(notNull ? "not null" : "null") \((row["dflt_value"] as String?) ?? "-")"
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL") {
                let name: String = row["name"]
                let sql: String = row["sql"]
                let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [name])
                shape.indexes[name] =
                    "\(row["tbl_name"] as String) (\(columns.joined(separator: ", ")))\(sql.contains("UNIQUE") ? " unique" : "")\(sql.contains(" WHERE ") ? " partial" : "")"
            }
            return shape
        }
    }

    static func postgresShape(_ url: String) async throws -> Shape {
        var shape = Shape()
        let columns = try await PostgresTestServer.rows(
            url,
            """
            SELECT table_name::text, column_name::text, ordinal_position::text, data_type::text, is_nullable::text, column_default::text
            FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT IN ('accord_schema', 'accord_migrations')
            """)
        for row in columns {
            let kind = ["bigint": "integer", "text": "text", "double precision": "real"][row[3] ?? ""] ?? (row[3] ?? "?")
            // PostgreSQL writes a default with its cast: 'track'::text.
            let defaultValue = row[5].map { String($0.split(separator: ":", maxSplits: 1).first ?? "") } ?? "-"
            shape.columns["\(row[0]!).\(row[1]!)"] = "\(row[2]!) \(kind) \(row[4] == "NO" ? "not null" : "null") \(defaultValue)"
        }
        // Indexes made by PRIMARY KEY and UNIQUE constraints are SQLite's automatic ones: not listed on either side.
        let indexes = try await PostgresTestServer.rows(
            url,
            """
            SELECT i.indexname::text, i.tablename::text, i.indexdef::text FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename NOT IN ('accord_schema', 'accord_migrations')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """)
        for row in indexes {
            let definition = row[2]!
            let inside = definition.split(separator: "(", maxSplits: 1).last.map { $0.split(separator: ")").first ?? "" } ?? ""
            shape.indexes[row[0]!] =
                "\(row[1]!) (\(inside))\(definition.contains("UNIQUE") ? " unique" : "")\(definition.contains(" WHERE ") ? " partial" : "")"
        }
        return shape
    }

    static func freshSQLite() throws -> String {
        let path = TemporaryFolder.make().appendingPathComponent("accord.db").path
        _ = try SQLiteStore(path: path)
        return path
    }

    @Test("a fresh install gives both databases the same tables, columns, types and indexes")
    func freshInstallsAgree() async throws {
        let sqlite = try Self.sqliteShape(try Self.freshSQLite())
        let url = try await PostgresTestServer.freshDatabase()
        _ = try await PostgresStore(url: url)
        let postgres = try await Self.postgresShape(url)
        #expect(sqlite.columns.count > 150 && sqlite.indexes.count > 15, "the shape is read: \(sqlite.columns.count) columns, \(sqlite.indexes.count) indexes")
        #expect(sqlite.differences(from: postgres) == [])
        #expect(try await PostgresTestServer.scalar(url, "SELECT COUNT(*) FROM accord_migrations") == Schema.migrations.count)
    }

    @Test("a PostgreSQL database of the schema before one list (format 2) is upgraded with its data and ends up as a fresh one")
    func upgradeFromFormatTwo() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        try await PostgresTestServer.run(url, "CREATE TABLE accord_schema (version BIGINT NOT NULL);\nINSERT INTO accord_schema (version) VALUES (2);")
        for (_, sql) in LegacyPostgresSchema.versions { try await PostgresTestServer.run(url, sql) }
        try await PostgresTestServer.run(
            url,
            """
            INSERT INTO accounts (id, name, segment, acquisition_source, lifecycle_stage, licensed_seats, created_on) VALUES ('acc_old', 'Old Co', 'smb', 'sales', 'retention', 5, '2025-01-01');
            INSERT INTO background_jobs (name, holder, started_at_ms, runs) VALUES ('handoff-sla', 'replica-a', 0, 3);
            """)
        let store = try await PostgresStore(url: url)
        #expect(try await store.account(id: "acc_old")?.account.name == "Old Co")
        #expect(try await store.jobs().first?.runs == 3)
        #expect(try await PostgresTestServer.scalar(url, "SELECT version FROM accord_schema") == PostgresStore.schemaFormat)
        #expect(try await PostgresTestServer.scalar(url, "SELECT COUNT(*) FROM accord_migrations") == Schema.migrations.count)
        let fresh = try await PostgresTestServer.freshDatabase()
        _ = try await PostgresStore(url: fresh)
        #expect(try await Self.postgresShape(url).differences(from: try await Self.postgresShape(fresh)) == [])
    }

    @Test("a PostgreSQL database of format 1 gets the migrations that came after it")
    func upgradeFromFormatOne() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        try await PostgresTestServer.run(url, "CREATE TABLE accord_schema (version BIGINT NOT NULL);\nINSERT INTO accord_schema (version) VALUES (1);")
        try await PostgresTestServer.run(url, LegacyPostgresSchema.versions[0].sql)
        let store = try await PostgresStore(url: url)
        #expect(try await store.claimJob("handoff-sla", holder: "a", at: Instant(milliseconds: 0), every: 1000), "background_jobs was created")
    }

    @Test("a SQLite file of the first schema ends up as a fresh one")
    func sqliteUpgrade() async throws {
        let path = TemporaryFolder.make().appendingPathComponent("accord.db").path
        let old = try DatabaseQueue(path: path)
        try Schema.sqliteMigrator.migrate(old, upTo: "v1-client-record")
        try old.close()
        _ = try SQLiteStore(path: path)
        #expect(try Self.sqliteShape(path).differences(from: try Self.sqliteShape(try Self.freshSQLite())) == [])
    }

    @Test("a PostgreSQL database that ran a migration this Accord does not know is refused as newer")
    func newerPostgres() async throws {
        let url = try await PostgresTestServer.freshDatabase()
        _ = try await PostgresStore(url: url)
        try await PostgresTestServer.run(url, "INSERT INTO accord_migrations (identifier) VALUES ('v99-from-the-future');")
        await #expect(throws: StoreError.newerSchema(path: try PostgresLocation(url).description)) { try await PostgresStore(url: url) }
    }
}
