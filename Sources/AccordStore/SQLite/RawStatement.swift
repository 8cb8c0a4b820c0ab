import GRDB
import GRDBSQLite

/// The ingestion hot path binds and steps prepared statements through SQLite's C API: GRDB's
/// argument arrays box every value, which costs more than the insert itself at 100,000 rows/s.
/// Only for statements GRDB prepared and caches; used inside GRDB's own write transaction.
struct RawStatement {
    let handle: OpaquePointer
    let connection: OpaquePointer
    let sql: String

    init(_ statement: Statement, _ db: Database) {
        handle = statement.sqliteStatement
        connection = db.sqliteConnection!
        sql = statement.sql
    }

    /// SQLite copies the bytes (SQLITE_TRANSIENT), so the string may go away after binding.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func reset() {
        sqlite3_reset(handle)
    }

    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // A null pointer would bind NULL: an empty string stays an empty string.
                guard let base = chars.baseAddress else {
                    _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                    return
                }
                _ = sqlite3_bind_text(handle, index, base, Int32(chars.count), Self.transient)
            }
        }
    }

    func bind(_ index: Int32, _ number: Int64?) {
        guard let number else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, number)
    }

    /// Steps to the end; returns the rows changed.
    func execute() throws -> Int {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw failure(code) }
        if code == SQLITE_ROW { while sqlite3_step(handle) == SQLITE_ROW {} }
        return Int(sqlite3_changes(connection))
    }

    /// Steps once: true when a row is there to read with `text(_:)`.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        guard code == SQLITE_DONE else { throw failure(code) }
        return false
    }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: pointer)
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = sqlite3_errmsg(connection).map { String(cString: $0) }
        sqlite3_reset(handle)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}
