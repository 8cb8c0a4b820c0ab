/// Rows of one input file: a header and text cells.
public struct LinkageTable: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[String]]

    public init(name: String, header: [String], rows: [[String]]) {
        self.name = name
        self.header = header
        self.rows = rows
    }
}

public struct LinkageError: Error, CustomStringConvertible, Equatable {
    public var description: String
}

/// The input columns the settings use, interned: each distinct normalised value gets a small
/// integer (0 = empty), so blocking and exact comparisons compare integers.
struct InternedColumns {
    /// column → per record (left records first, then right) → value id
    var ids: [String: [Int32]] = [:]
    /// column → value id → text as scalars
    var texts: [String: [[Unicode.Scalar]]] = [:]
    /// column → value id → records holding it (for term frequencies)
    var counts: [String: [Int]] = [:]
    let recordCount: Int
    var uniqueIDs: [String] = []

    init(settings: LinkageSettings, left: LinkageTable, right: LinkageTable?) throws {
        let tables = [left] + (right.map { [$0] } ?? [])
        recordCount = tables.reduce(0) { $0 + $1.rows.count }
        for table in tables {
            for column in settings.columns.sorted() where !table.header.contains(settings.source(of: column)) {
                let source = settings.source(of: column)
                throw LinkageError(
                    description:
                        "\(table.name) has no column '\(source)'\(source == column ? "" : " (columns.\(column) is derived from it)") (it has \(table.header.joined(separator: ", "))); fix the settings or the file"
                )
            }
        }
        // Columns are independent, so each core takes some.
        let columns = settings.columns.sorted()
        let interned = LinkageParallel.each(columns.count) { index in
            Self.intern(columns[index], tables: tables, settings: settings, recordCount: recordCount)
        }
        for (column, (ids, texts, counts)) in zip(columns, interned) {
            self.ids[column] = ids
            self.texts[column] = texts
            self.counts[column] = counts
        }
        for table in tables {
            guard settings.uniqueID != LinkageSettings.rowNumber else {
                uniqueIDs += (1...max(1, table.rows.count)).prefix(table.rows.count).map(String.init)
                continue
            }
            let index = table.header.firstIndex(of: settings.uniqueID)!
            uniqueIDs += table.rows.map { index < $0.count ? $0[index] : "" }
        }
    }

    /// One column's value ids per record, texts per id and records per id. Each distinct cell
    /// is normalised once: a million records hold far fewer distinct names than cells.
    static func intern(_ column: String, tables: [LinkageTable], settings: LinkageSettings, recordCount: Int) -> ([Int32], [[Unicode.Scalar]], [Int]) {
        var normalised: [String: Int32] = ["": 0]
        var raw: [String: Int32] = [:]
        var texts: [[Unicode.Scalar]] = [[]]
        var counts: [Int] = [0]
        var ids: [Int32] = []
        ids.reserveCapacity(recordCount)
        let steps = settings.derived[column]?.steps ?? []
        for table in tables {
            let index = table.header.firstIndex(of: settings.source(of: column))!
            for row in table.rows {
                let cell = index < row.count ? row[index] : ""
                let id: Int32
                if let known = raw[cell] {
                    id = known
                } else {
                    let value = Self.normalise(cell, steps: steps, missing: settings.missing)
                    if let known = normalised[value] {
                        id = known
                    } else {
                        id = Int32(texts.count)
                        normalised[value] = id
                        texts.append(Array(value.unicodeScalars))
                        counts.append(0)
                    }
                    raw[cell] = id
                }
                ids.append(id)
                counts[Int(id)] += 1
            }
        }
        return (ids, texts, counts)
    }

    static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// Trimmed and lower-cased, a missing-value marker ("NA", "null", …) read as empty, then the
    /// column's normalisers; a value they reduce to nothing is missing too.
    static func normalise(_ text: String, steps: [LinkageNormaliser] = [], missing: Set<String> = ["", "nan", "null", "none"]) -> String {
        // Most cells are already plain ASCII without capitals or edge spaces: taken as they are.
        let utf8 = text.utf8
        let plain =
            utf8.allSatisfy { $0 < 0x80 && !(0x41...0x5A).contains($0) }
            && !(utf8.first.map(Self.isASCIISpace) ?? false) && !(utf8.last.map(Self.isASCIISpace) ?? false)
        let trimmed = plain ? text : text.trimmedWhitespace.lowercased()
        if missing.contains(trimmed) { return "" }
        var value = trimmed
        for step in steps { value = step.apply(value) }
        return steps.isEmpty ? value : value.trimmedWhitespace.lowercased()
    }
}

/// Days since 0000-03-01 for YYYYMMDD or YYYY-MM-DD text, for "within N days" levels.
func dayNumber(_ scalars: [Unicode.Scalar]) -> Int? {
    let digits = scalars.filter { $0 != "-" && $0 != "/" }
    guard digits.count == 8, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
    func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1.value - 48) } }
    var year = number(0..<4)
    var month = number(4..<6)
    let day = number(6..<8)
    guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    if month <= 2 {
        year -= 1
        month += 12
    }
    return 365 * year + year / 4 - year / 100 + year / 400 + (153 * (month - 3) + 2) / 5 + day
}

extension String {
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
