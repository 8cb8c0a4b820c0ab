public import AccordCore
import Foundation
import GRDB

/// The embedded default: one SQLite file in WAL mode, migrated when opened.
public final class SQLiteStore: Store {
    let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) and migrates the database at `path`.
    /// - Parameter busyTimeout: how long a write waits for another process's lock before failing.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "accord"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrate(pool, path: path)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    private static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = SQLiteSchema.migrator
        try pool.write { db in
            let migrated = try db.tableExists("grdb_migrations")
            if !migrated {
                let others = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                if !others.isEmpty { throw StoreError.notAccordDatabase(path: path) }
            }
            if try migrator.hasBeenSuperseded(db) { throw StoreError.newerSchema(path: path) }
        }
        try migrator.migrate(pool)
    }

    /// Maps SQLite's codes to errors that say what to do.
    static func translate(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: .locked(path: path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: .notADatabase(path: path)
        case .SQLITE_CANTOPEN: .cannotOpen(path: path, reason: "the folder does not exist or is not writable")
        case .SQLITE_READONLY: .cannotOpen(path: path, reason: "the file is read-only")
        default: .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(work)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(work)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    public func meta(_ key: String) async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value])
        }
    }

    public func ping() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
