import GRDB

/// GRDB's connection inside one of its transactions. Every statement is prepared once per
/// connection and kept (the store's SQL is a fixed set), which bulk writes depend on.
final class SQLiteSession: SQLSession {
    let db: Database
    private(set) var changesCount = 0

    init(_ db: Database) { self.db = db }

    var dialect: SQLDialect { .sqlite }
    var totalChangesCount: Int { db.totalChangesCount }

    private func statement(_ sql: String, _ arguments: SQLArguments) throws -> Statement {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(StatementArguments(arguments.values.map { $0 as (any DatabaseValueConvertible)? }))
        return statement
    }

    func execute(sql: String, arguments: SQLArguments) throws {
        try statement(sql, arguments).execute()
        changesCount = db.changesCount
    }

    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        try Row.fetchAll(statement(sql, arguments)).map(SQLRow.init)
    }

    func forEach(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        let rows = try Row.fetchCursor(statement(sql, arguments))
        while let row = try rows.next() { try body(SQLRow(row)) }
    }
}
