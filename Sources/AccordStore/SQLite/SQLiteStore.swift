public import AccordCore
import Foundation
import GRDB
import Synchronization

/// The embedded default: one SQLite file in WAL mode, migrated when opened.
public final class SQLiteStore: Store {
    let pool: DatabasePool
    public let path: String
    /// Source ids → account and contact for ingestion, kept between its transactions.
    let identityCache = IdentityCache()
    private let writes = Atomic<Int>(0)

    public var writeCount: Int { writes.load(ordering: .acquiring) }

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

    /// Every write but ingestion's own may change what source ids point at, so it empties the
    /// identity cache first (inside the transaction, so no ingestion runs in between).
    /// - Parameter bookkeeping: the write records how Accord is used (a token's last use), not
    ///   client data, so caches of figures need not notice it.
    func write<T: Sendable>(
        keepingIdentityCache: Bool = false, bookkeeping: Bool = false, _ work: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        let cache = identityCache
        do {
            let (result, changed) = try await pool.write { db in
                if !keepingIdentityCache { cache.clear() }
                let before = db.totalChangesCount
                return (try work(db), db.totalChangesCount != before)
            }
            // Counted after the commit, so a reader that sees the new count sees the rows too.
            if changed && !bookkeeping { writes.add(1, ordering: .releasing) }
            return result
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

/// What ingestion has looked up in `source_identities`, so a busy source's users are read once,
/// not once per transaction. Touched only inside write transactions, which GRDB runs one at a
/// time; any other write empties it, and so does a commit by another process (`data_version`).
final class IdentityCache: @unchecked Sendable {
    struct Key: Hashable {
        var source: String
        var kind: String
        var id: String
    }

    /// nil inside: looked up and not linked.
    var links: [Key: (account: String?, contact: String?)?] = [:]
    var dataVersion: Int64 = -1
    /// Enough for a large product's active users; past it the cache starts again.
    static let capacity = 500_000

    func clear() {
        links = [:]
        dataVersion = -1
    }
}
