import AccordCore
import Foundation
import GRDB

/// The embedded default: one SQLite file in WAL mode, migrated when opened.
public final class SQLiteStore: SQLStore, @unchecked Sendable {
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
        super.init()
    }

    private static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = Schema.sqliteMigrator
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

    override func transaction<T: Sendable>(_ kind: TransactionKind, _ work: @escaping @Sendable (any SQLSession) throws -> T) async throws -> (T, Bool) {
        do {
            // SQLite has one writer: an append is a write.
            if kind != .read {
                return try await pool.write { db in
                    let session = SQLiteSession(db)
                    let before = session.totalChangesCount
                    return (try work(session), session.totalChangesCount != before)
                }
            }
            return (try await pool.read { db in try work(SQLiteSession(db)) }, false)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }
}
