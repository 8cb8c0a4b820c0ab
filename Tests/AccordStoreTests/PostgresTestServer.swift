import Foundation
import Logging
import PostgresNIO

@testable import AccordStore

/// The PostgreSQL server `scripts/test` starts; every test store gets a database of its own.
enum PostgresTestServer {
    static let url = ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let logger = Logger(label: "accord.tests")

    /// Runs `body` on one connection to the database at `url`, closed afterwards.
    static func withConnection<T>(_ url: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let location = try PostgresLocation(url)
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password, database: location.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        return try await body(connection)
    }

    /// Creates an empty database on the test server and returns its URL.
    static func freshDatabase() async throws -> String {
        guard let url else { throw StoreError.invalidQuery("ACCORD_TEST_POSTGRES_URL is not set") }
        let name = "accord_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        _ = try await withConnection(url) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var components = URLComponents(string: url)!
        components.path = "/\(name)"
        return components.string!
    }

    /// The first column of the first row of `sql`, as an integer (0 when there is none).
    static func scalar(_ url: String, _ sql: String) async throws -> Int {
        try await withConnection(url) { connection in
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                return try row.decode(Int.self)
            }
            return 0
        }
    }

    /// Every row of `sql`, each column as text (NULL as nil).
    static func rows(_ url: String, _ sql: String) async throws -> [[String?]] {
        try await withConnection(url) { connection in
            var rows: [[String?]] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                rows.append(try row.map { cell in try cell.decode(String?.self) })
            }
            return rows
        }
    }

    /// Runs a script of statements, split as the store splits its migrations.
    static func run(_ url: String, _ script: String) async throws {
        try await withConnection(url) { connection in
            for statement in PostgresStore.statements(script) {
                do {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                } catch let error as PSQLError {
                    throw StoreError.invalidQuery("\(error.serverInfo?[.message] ?? String(reflecting: error)) in: \(statement.prefix(200))")
                }
            }
        }
    }
}
