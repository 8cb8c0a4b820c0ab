import GRDB

/// One connection inside one transaction, whatever the database. The store's SQL is written once
/// against this and runs on SQLite (through GRDB) and on PostgreSQL (through PostgresNIO); values
/// travel as GRDB's `DatabaseValue`, which both sides map to the same four kinds.
protocol SQLSession: AnyObject {
    var dialect: SQLDialect { get }
    /// Rows the last `execute` changed.
    var changesCount: Int { get }
    /// Rows changed since the session began: whether the transaction wrote anything.
    var totalChangesCount: Int { get }
    /// Runs one statement; `?` marks each argument, in order.
    func execute(sql: String, arguments: SQLArguments) throws
    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow]
    /// Calls `body` for each row; the row is valid only during the call.
    func forEach(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws
}

enum SQLDialect: Sendable {
    case sqlite, postgres
}

extension SQLSession {
    func execute(sql: String) throws { try execute(sql: sql, arguments: []) }
    func forEach(sql: String, _ body: (SQLRow) throws -> Void) throws { try forEach(sql: sql, arguments: [], body) }
}

/// Statement arguments, in order of their `?`.
struct SQLArguments: ExpressibleByArrayLiteral, Sendable {
    var values: [DatabaseValue]

    init(arrayLiteral elements: (any DatabaseValueConvertible)?...) {
        values = elements.map { $0?.databaseValue ?? .null }
    }

    init(_ values: [DatabaseValue]) { self.values = values }

    init(_ values: [(any DatabaseValueConvertible)?]) {
        self.values = values.map { $0?.databaseValue ?? .null }
    }

}

/// A result row: GRDB's own on SQLite, decoded values on PostgreSQL. Read a column as an
/// optional type when it may be NULL (GRDB makes optionals convertible); reading NULL as a
/// non-optional type is a programming error, as with GRDB.
struct SQLRow {
    private enum Storage {
        case grdb(Row)
        case values([DatabaseValue], SQLColumns)
    }

    private let storage: Storage

    init(_ row: Row) { storage = .grdb(row) }
    init(values: [DatabaseValue], columns: SQLColumns) { storage = .values(values, columns) }

    func databaseValue(at index: Int) -> DatabaseValue {
        switch storage {
        case .grdb(let row): row[index] as DatabaseValue
        case .values(let values, _): values[index]
        }
    }

    func databaseValue(_ column: String) -> DatabaseValue {
        switch storage {
        case .grdb(let row): (row[column] as DatabaseValue?) ?? .null
        case .values(let values, let columns): columns.index[column].map { values[$0] } ?? .null
        }
    }

    /// Column names and values in select order.
    var pairs: [(String, DatabaseValue)] {
        switch storage {
        case .grdb(let row): row.map { ($0.0, $0.1) }
        case .values(let values, let columns): Array(zip(columns.names, values))
        }
    }

    subscript<T: DatabaseValueConvertible>(_ column: String) -> T {
        Self.decode(databaseValue(column), column)
    }

    subscript<T: DatabaseValueConvertible>(_ index: Int) -> T {
        Self.decode(databaseValue(at: index), "#\(index)")
    }

    private static func decode<T: DatabaseValueConvertible>(_ value: DatabaseValue, _ column: String) -> T {
        guard let decoded = T.fromDatabaseValue(value) else {
            preconditionFailure("column \(column): cannot read \(value) as \(T.self)")
        }
        return decoded
    }

    static func fetchAll(_ db: any SQLSession, sql: String, arguments: SQLArguments = []) throws -> [SQLRow] {
        try db.fetchAll(sql: sql, arguments: arguments)
    }

    static func fetchOne(_ db: any SQLSession, sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try db.fetchAll(sql: sql, arguments: arguments).first
    }
}

/// Column names of a result and where each is.
final class SQLColumns: Sendable {
    let names: [String]
    let index: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        // The first of two same-named columns wins, as in GRDB.
        for (i, name) in names.enumerated().reversed() { index[name] = i }
        self.index = index
    }
}

extension DatabaseValueConvertible {
    static func fetchOne(_ db: any SQLSession, sql: String, arguments: SQLArguments = []) throws -> Self? {
        guard let row = try SQLRow.fetchOne(db, sql: sql, arguments: arguments) else { return nil }
        let value = row.databaseValue(at: 0)
        return value.isNull ? nil : fromDatabaseValue(value)
    }

    static func fetchAll(_ db: any SQLSession, sql: String, arguments: SQLArguments = []) throws -> [Self] {
        try db.fetchAll(sql: sql, arguments: arguments).compactMap { row in
            let value = row.databaseValue(at: 0)
            return value.isNull ? nil : fromDatabaseValue(value)
        }
    }
}

extension SQLSession {
    /// Inserts many rows, `insert` naming the table and columns ("INSERT INTO t (a, b)") and
    /// `suffix` what follows the values (an ON CONFLICT clause). SQLite runs one prepared statement
    /// per row, its fastest way; PostgreSQL gets multi-row statements, one round trip per
    /// thousand rows rather than per row. Returns the rows inserted.
    @discardableResult
    func insertRows(_ insert: String, _ rows: [SQLArguments], suffix: String = "") throws -> Int {
        guard let width = rows.first?.values.count, width > 0 else { return 0 }
        let one = "(" + repeatElement("?", count: width).joined(separator: ", ") + ")"
        var inserted = 0
        switch dialect {
        case .sqlite:
            let sql = "\(insert) VALUES \(one) \(suffix)"
            for row in rows {
                try execute(sql: sql, arguments: row)
                inserted += changesCount
            }
        case .postgres:
            // PostgreSQL takes at most 65,535 parameters per statement.
            let perStatement = max(1, min(1_000, 60_000 / width))
            for start in stride(from: 0, to: rows.count, by: perStatement) {
                let chunk = rows[start..<min(start + perStatement, rows.count)]
                let sql = "\(insert) VALUES " + repeatElement(one, count: chunk.count).joined(separator: ", ") + " \(suffix)"
                try execute(sql: sql, arguments: SQLArguments(chunk.flatMap(\.values)))
                inserted += changesCount
            }
        }
        return inserted
    }

    /// After rows were written with their own surrogate keys, PostgreSQL's counter for `column`
    /// continues past the largest, so it never hands one out again. SQLite's rowid needs nothing.
    func advanceCounter(table: String, column: String) throws {
        guard dialect == .postgres else { return }
        try execute(sql: "SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), GREATEST((SELECT MAX(\(column)) FROM \(table)), 1))")
    }
}
