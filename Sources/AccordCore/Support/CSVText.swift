/// CSV as RFC 4180 writes it. Text that a spreadsheet would run as a formula (=, +, -, @ first)
/// gets a leading apostrophe, so an account named "=HYPERLINK(…)" stays a name.
public enum CSVText {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(Double)
        case integer(Int64)
        case empty
    }

    public static func encode(header: [String], rows: [[Cell]]) -> String {
        var out = header.map { field($0) }.joined(separator: ",") + "\r\n"
        for row in rows { out += row.map(render).joined(separator: ",") + "\r\n" }
        return out
    }

    static func render(_ cell: Cell) -> String {
        switch cell {
        case .text(let text):
            let safe = text.first.map { "=+-@\t\r".contains($0) } == true ? "'" + text : text
            return field(safe)
        case .number(let value): return value.isFinite ? String(value) : ""
        case .integer(let value): return String(value)
        case .empty: return ""
        }
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
