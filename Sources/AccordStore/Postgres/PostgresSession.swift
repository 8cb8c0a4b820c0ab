import Foundation
import GRDB
import Logging
import NIOCore
import PostgresNIO

/// A PostgreSQL connection inside one transaction, used from a thread of the store's own pool
/// (never an event loop), which waits for each statement's answer as GRDB waits for SQLite's.
final class PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger
    private(set) var changesCount = 0
    private(set) var totalChangesCount = 0

    init(_ connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    var dialect: SQLDialect { .postgres }

    func execute(sql: String, arguments: SQLArguments) throws {
        _ = try run(sql, arguments)
    }

    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        guard let first = result.rows.first else { return [] }
        let columns = SQLColumns(first.map(\.columnName))
        return try result.rows.map { row in
            SQLRow(values: try row.map(Self.value), columns: columns)
        }
    }

    /// Through a server-side cursor, ten thousand rows at a time, so a scan of the whole event log
    /// never holds it all in memory. Every session is inside a transaction, where cursors live.
    func forEach(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        cursors += 1
        let cursor = "accord_cursor_\(cursors)"
        try execute(sql: "DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)", arguments: arguments)
        while true {
            let rows = try fetchAll(sql: "FETCH FORWARD 10000 FROM \(cursor)", arguments: [])
            for row in rows { try body(row) }
            if rows.count < 10_000 { break }
        }
        try execute(sql: "CLOSE \(cursor)")
    }

    private var cursors = 0

    private func run(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            if let bind = UntypedBind(value) { binds.append(bind) } else { binds.appendNull() }
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds)
        let result = try connection.query(query, logger: logger).wait()
        // A SELECT's tag counts rows returned; only statements that write change rows.
        let command = result.metadata.command
        changesCount = ["INSERT", "UPDATE", "DELETE", "MERGE"].contains(command) ? result.metadata.rows ?? 0 : 0
        totalChangesCount += changesCount
        return result
    }

    /// `?` → `$1`, `$2`, …, outside quoted text.
    static func numbered(_ sql: String) -> String {
        guard sql.utf8.contains(UInt8(ascii: "?")) else { return sql }
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count + sql.utf8.count / 2)
        var n = 0
        var quote: UInt8? = nil
        for byte in sql.utf8 {
            if let q = quote {
                if byte == q { quote = nil }
                out.append(byte)
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
                out.append(byte)
            } else if byte == UInt8(ascii: "?") {
                n += 1
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(n).utf8)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A column as one of SQLite's four kinds: integers and booleans as Int64, numeric as Int64 when
    /// whole (sums and counts) else Double, text and everything else as text.
    static func value(_ cell: PostgresCell) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            return try cell.decode(Int64.self).databaseValue
        case .bool:
            return (try cell.decode(Bool.self) ? 1 : 0).databaseValue
        case .float4, .float8:
            return try cell.decode(Double.self).databaseValue
        case .numeric:
            let number = try cell.decode(Decimal.self)
            var rounded = Decimal()
            var copy = number
            NSDecimalRound(&rounded, &copy, 0, .plain)
            let whole = NSDecimalNumber(decimal: number).int64Value
            if rounded == number, Decimal(whole) == number { return whole.databaseValue }
            return NSDecimalNumber(decimal: number).doubleValue.databaseValue
        case .bytea:
            var buffer = cell.bytes!
            return Data(buffer.readBytes(length: buffer.readableBytes) ?? []).databaseValue
        default:
            return try cell.decode(String.self).databaseValue
        }
    }
}

/// An argument sent as text with no declared type, so the server gives it the type of the column
/// or expression it meets, much as SQLite's type affinity does: "42" into a BIGINT column is 42.
struct UntypedBind: PostgresDynamicTypeEncodable {
    let text: String

    init?(_ value: DatabaseValue) {
        switch value.storage {
        case .null: return nil
        case .int64(let number): text = String(number)
        case .double(let number): text = number.isFinite ? "\(number)" : (number.isNaN ? "NaN" : number > 0 ? "Infinity" : "-Infinity")
        case .string(let string): text = string
        case .blob(let data): text = "\\x" + data.map { String(format: "%02x", $0) }.joined()
        }
    }

    var psqlType: PostgresDataType { .null }
    var psqlFormat: PostgresFormat { .text }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeString(text)
    }
}
