import AccordCore
import Foundation
import GRDB
import Synchronization

/// The client record in SQL, written once for SQLite and PostgreSQL. A subclass opens
/// transactions on its database; everything the Store protocol asks is answered here.
public class SQLStore: Store, @unchecked Sendable {
    /// Source ids → account and contact for ingestion, kept between its transactions.
    let identityCache = IdentityCache()
    private let writes = Atomic<Int>(0)

    public var writeCount: Int { writes.load(ordering: .acquiring) }

    init() {}

    /// Runs `work` in one transaction and commits it, or rolls it back when `work` throws. A
    /// writing transaction is the only one writing, also across processes and replicas, as
    /// SQLite's single writer is; an appending one runs beside other appends but never beside a
    /// write; a reading one sees one consistent snapshot.
    /// Returns what `work` returned and whether it changed rows.
    func transaction<T: Sendable>(_ kind: TransactionKind, _ work: @escaping @Sendable (any SQLSession) throws -> T) async throws -> (T, Bool) {
        preconditionFailure("a concrete store opens transactions")
    }

    /// Whether appending transactions really run side by side (on a server), so each needs
    /// caches of its own.
    var appendsRunTogether: Bool { false }

    /// Every write but ingestion's own may change what source ids point at, so it empties the
    /// identity cache first (inside the transaction, so no ingestion runs in between).
    /// - Parameter bookkeeping: the write records how Accord is used (a token's last use), not
    ///   client data, so caches of figures need not notice it.
    /// - Parameter appending: the write only adds events (see `TransactionKind.append`).
    func write<T: Sendable>(
        keepingIdentityCache: Bool = false, bookkeeping: Bool = false, appending: Bool = false,
        _ work: @escaping @Sendable (any SQLSession) throws -> T
    ) async throws -> T {
        let cache = identityCache
        let (result, changed) = try await transaction(appending ? .append : .write) { db in
            if !keepingIdentityCache && !appending { cache.clear() }
            return try work(db)
        }
        // Counted after the commit, so a reader that sees the new count sees the rows too.
        if changed && !bookkeeping { writes.add(1, ordering: .releasing) }
        return result
    }

    func read<T: Sendable>(_ work: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await transaction(.read, work).0
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

/// What a transaction may do, and so what it waits for when replicas share a server.
enum TransactionKind: Sendable {
    case read
    /// Changes anything; the only transaction writing.
    case write
    /// Only inserts events that need nothing after their insert (no identify, group or followed
    /// event). Their message ids make a retry or a race harmless, so appends need not wait for
    /// each other; they still wait for a write, which may move what they attribute to.
    case append
}

/// What ingestion has looked up in `source_identities`, so a busy source's users are read once,
/// not once per transaction. Touched only inside write transactions, which run one at a time;
/// any other write empties it, and so does a commit by another process (SQLite's
/// `data_version`; on PostgreSQL every ingestion transaction starts it afresh).
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
