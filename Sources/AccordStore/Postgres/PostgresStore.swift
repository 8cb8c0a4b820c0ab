import AccordCore
import Foundation
import GRDB
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The client record on a PostgreSQL server, for several `accord serve` replicas over one
/// database. Writing transactions take one advisory lock, so writes are serial across replicas as
/// they are in SQLite, and background jobs that run in a write see each other's results. Plain
/// event inserts take that lock shared: replicas ingest side by side, and no write runs meanwhile.
public final class PostgresStore: SQLStore, @unchecked Sendable {
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    /// Key of the advisory lock every writing transaction holds until it ends.
    static let writerLock: Int64 = 0x4143_434F_5244_0001
    /// Key of the advisory lock held while the schema is migrated.
    static let migrationLock: Int64 = 0x4143_434F_5244_0002
    /// Threads that wait for the server's answers; shared by every store in the process.
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()

    /// Connects, checks the server answers and migrates the schema (once, even when several
    /// replicas start together).
    public init(url: String, maximumConnections: Int = 10) async throws {
        location = try PostgresLocation(url)
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: location.tls)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        var logger = Logger(label: "accord.postgres")
        logger.logLevel = ProcessInfo.processInfo.environment["ACCORD_POSTGRES_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        self.logger = logger
        // One direct connection first: the pool retries quietly, and a person needs to hear at
        // once that the server is down, the login is wrong or the database is missing.
        try await Self.probe(location, logger: logger)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        super.init()
        do {
            try await migrate()
        } catch {
            runner.cancel()
            throw error
        }
    }

    deinit { runner.cancel() }

    private static func probe(_ location: PostgresLocation, logger: Logger) async throws {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: try location.connectionTLS)
        configuration.options.connectTimeout = .seconds(5)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try? await connection.close()
        } catch let error as PSQLError {
            throw translate(error, location)
        } catch {
            throw StoreError.cannotOpen(path: location.description, reason: "\(error)")
        }
    }

    override var appendsRunTogether: Bool { true }

    override func transaction<T: Sendable>(_ kind: TransactionKind, _ work: @escaping @Sendable (any SQLSession) throws -> T) async throws -> (T, Bool) {
        let logger = logger
        let begin = kind == .read ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"
        let lock: String? =
            switch kind {
            case .read: nil
            case .write: "SELECT pg_advisory_xact_lock(\(Self.writerLock))"
            case .append: "SELECT pg_advisory_xact_lock_shared(\(Self.writerLock))"
            }
        do {
            return try await client.withConnection { connection in
                try await Self.threads.runIfActive {
                    // Two appends that insert the same retried message ids in other orders can
                    // deadlock; the server aborts one, which then runs again.
                    var attempt = 1
                    while true {
                        let session = PostgresSession(connection, logger: logger)
                        try session.execute(sql: begin)
                        do {
                            if let lock { try session.execute(sql: lock) }
                            let result = try work(session)
                            try session.execute(sql: "COMMIT")
                            return (result, session.totalChangesCount > 0)
                        } catch let error as PSQLError where kind == .append && attempt < Self.appendAttempts && Self.isDeadlock(error) {
                            try? session.execute(sql: "ROLLBACK")
                            attempt += 1
                        } catch {
                            try? session.execute(sql: "ROLLBACK")
                            throw error
                        }
                    }
                }
            }
        } catch let error as PSQLError {
            throw Self.translate(error, location)
        } catch let error as StoreError {
            throw error
        } catch  where String(reflecting: type(of: error)).contains("ConnectionPool") {
            // The pool gave up connecting (its error type is not public API).
            throw Self.unreachable(location)
        }
    }

    private func migrate() async throws {
        let location = location
        _ = try await transaction(.write) { db in
            // Replicas starting together wait here for the first to finish.
            try db.execute(sql: "SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
            let hasSchemaTable = try Bool.fetchOne(db, sql: "SELECT to_regclass('accord_schema') IS NOT NULL") ?? false
            if !hasSchemaTable {
                let others = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()") ?? 0
                if others > 0 { throw StoreError.notAccordDatabase(path: location.description) }
                try db.execute(sql: "CREATE TABLE accord_schema (version BIGINT NOT NULL)")
                try db.execute(sql: "INSERT INTO accord_schema (version) VALUES (0)")
            }
            let format = try Int.fetchOne(db, sql: "SELECT version FROM accord_schema") ?? 0
            guard format <= Self.schemaFormat else { throw StoreError.newerSchema(path: location.description) }
            if format < Self.schemaFormat {
                // Formats 1 and 2 numbered PostgreSQL's own scripts: 1 was migrations v1 to v10
                // together, 2 added v11. Since format 3 the migrations that ran are listed by name.
                try db.execute(sql: #"CREATE TABLE accord_migrations (identifier TEXT COLLATE "C" PRIMARY KEY NOT NULL)"#)
                let ran = format == 2 ? 11 : format == 1 ? 10 : 0
                for migration in Schema.migrations.prefix(ran) {
                    try db.execute(sql: "INSERT INTO accord_migrations (identifier) VALUES (?)", arguments: [migration.id])
                }
                // An older Accord reads the format and refuses this database as newer than itself.
                try db.execute(sql: "UPDATE accord_schema SET version = ?", arguments: [Self.schemaFormat])
            }
            let ran = Set(try String.fetchAll(db, sql: "SELECT identifier FROM accord_migrations"))
            guard ran.isSubset(of: Schema.migrations.map(\.id)) else { throw StoreError.newerSchema(path: location.description) }
            for migration in Schema.migrations where !ran.contains(migration.id) {
                for statement in Self.statements(Schema.script(migration, for: .postgres)) { try db.execute(sql: statement) }
                try db.execute(sql: "INSERT INTO accord_migrations (identifier) VALUES (?)", arguments: [migration.id])
            }
        }
    }

    /// What `accord_schema.version` says: 3 means `accord_migrations` lists the migrations that ran.
    static let schemaFormat = 3

    /// A script's statements, split at semicolons that end a line outside `$$` bodies.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, line.hasSuffix(";") {
                statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }

    /// How often an append runs when the server aborts it as one side of a deadlock.
    static let appendAttempts = 3

    static func isDeadlock(_ error: PSQLError) -> Bool { error.serverInfo?[.sqlState] == "40P01" }

    static func unreachable(_ location: PostgresLocation) -> StoreError {
        .cannotOpen(
            path: location.description, reason: "no connection to the server (is PostgreSQL running and listening on \(location.host):\(location.port)?)")
    }

    /// Says what went wrong in terms of the server: not reachable, refused the login, or refused a statement.
    static func translate(_ error: PSQLError, _ location: PostgresLocation) -> StoreError {
        let place = location.description
        if let info = error.serverInfo {
            let message = info[.message] ?? "error"
            let state = info[.sqlState] ?? ""
            switch state {
            case "28P01", "28000": return .cannotOpen(path: place, reason: "the server refused the login: \(message); check the user and password in the URL")
            case "3D000": return .cannotOpen(path: place, reason: "\(message); create it with createdb or name another database")
            default: return .cannotOpen(path: place, reason: "the server answered: \(message) (SQLSTATE \(state))")
            }
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed:
            return unreachable(location)
        default:
            return .cannotOpen(path: place, reason: "\(error.code)")
        }
    }
}

/// Where a PostgreSQL database is: `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    var sslMode: String

    public init(_ url: String) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw StoreError.invalidQuery("'\(url)' is not a PostgreSQL URL; write postgres://user@host:5432/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.invalidQuery("'\(url)' names no host; write postgres://user@host:5432/database")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreError.invalidQuery("'\(url)' names no database; add it after the host: postgres://user@\(host)/accord")
        }
        self.host = host
        port = components.port ?? 5432
        user = components.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = components.password
        self.database = database
        sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw StoreError.invalidQuery("sslmode '\(sslMode)' is not one of disable, prefer, require")
        }
    }

    var tls: PostgresClient.Configuration.TLS {
        switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
    }

    var connectionTLS: PostgresConnection.Configuration.TLS {
        get throws {
            switch sslMode {
            case "disable": .disable
            case "require": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            default: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        }
    }

    /// The URL without its password, for messages.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
