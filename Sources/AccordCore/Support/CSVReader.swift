/// Reads CSV (RFC 4180, as CRMs and spreadsheets export it) record by record, and says exactly
/// which line is broken and why instead of guessing: a quote that never closes, text after a
/// closing quote, a NUL byte, bytes that are not UTF-8, or a row whose cells do not line up with
/// the header. A broken record costs only its own line: reading goes on at the next one, so one
/// stray quote cannot fold the rows after it into one field. Written here because the CSV
/// libraries at hand accept such files silently and cannot say which line broke.
public struct CSVReader: Sequence, IteratorProtocol {
    public enum Item: Sendable, Hashable {
        /// A record and the line it starts on.
        case record(line: Int, cells: [String])
        /// A line that is not a record, and why.
        case rejected(line: Int, reason: String)
    }

    public struct HeaderError: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var line: Int?

        public var description: String { line.map { "line \($0): \(reason)" } ?? reason }
    }

    public let header: [String]
    /// The byte between cells: a comma, or a tab for tab-separated files.
    public let delimiter: UInt8
    private let bytes: [UInt8]
    private var position: Int
    private var line: Int

    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
    public static let tab = UInt8(ascii: "\t")

    /// Tab when the first line holds more tabs than commas (a TSV export), else comma.
    public static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var tabs = 0
        var commas = 0
        for byte in bytes.prefix(64 * 1024) {
            if byte == newline { break }
            if byte == tab { tabs += 1 } else if byte == comma { commas += 1 }
        }
        return tabs > commas ? tab : comma
    }

    /// Reads the header row; a file whose header cannot be read is not imported at all.
    public init(bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) throws {
        self.bytes = bytes
        self.delimiter = delimiter
        // A UTF-8 byte order mark, as Excel writes it, is not part of the first column's name.
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        line = 1
        var first: Item?
        while position < bytes.count {
            first = Self.read(bytes, &position, &line, expected: nil, delimiter: delimiter)
            if case .record(_, let cells)? = first, cells == [""] { continue }
            break
        }
        switch first {
        case .record(_, let cells)? where cells != [""]:
            let names = cells.map { $0.trimmedWhitespace }
            if let blank = names.firstIndex(of: "") {
                throw HeaderError(reason: "column \(blank + 1) of the header has no name; name every column", line: 1)
            }
            var seen: Set<String> = []
            for name in names where !seen.insert(name.lowercased()).inserted {
                throw HeaderError(reason: "the header names the column '\(name)' twice; rename one of them", line: 1)
            }
            header = names
        case .rejected(let line, let reason)?:
            throw HeaderError(reason: "the header row \(reason)", line: line)
        default:
            throw HeaderError(reason: "the file is empty; it needs a header row naming its columns")
        }
    }

    private init(header: [String], delimiter: UInt8, bytes: [UInt8], line: Int) {
        self.header = header
        self.delimiter = delimiter
        self.bytes = bytes
        position = 0
        self.line = line
    }

    /// The rest of the file as up to `parts` readers over consecutive runs of whole records, cut
    /// at line ends outside quotes, so a large file can be read on several cores. Their records,
    /// one reader after the other, are this reader's, with the same line numbers.
    public func split(_ parts: Int) -> [CSVReader] {
        guard parts > 1, bytes.count - position > 1 << 20 else { return [self] }
        var readers: [CSVReader] = []
        var start = position
        var startLine = line
        var index = position
        var lines = line
        var inQuotes = false
        for part in 1..<parts {
            let target = position + (bytes.count - position) * part / parts
            // Quotes and line ends up to the cut, then on to the first line end outside quotes.
            while index < target {
                if bytes[index] == Self.quote { inQuotes.toggle() } else if bytes[index] == Self.newline { lines += 1 }
                index += 1
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == Self.quote {
                    inQuotes.toggle()
                } else if byte == Self.newline {
                    lines += 1
                    if !inQuotes { break }
                }
            }
            guard index < bytes.count else { break }
            readers.append(CSVReader(header: header, delimiter: delimiter, bytes: Array(bytes[start..<index]), line: startLine))
            start = index
            startLine = lines
        }
        readers.append(CSVReader(header: header, delimiter: delimiter, bytes: Array(bytes[start...]), line: startLine))
        return readers
    }

    /// Every item of the rest of the file, its parts (`split`) read on as many cores at once. A
    /// stray quote can make a cut fall inside a quoted cell; a part before the last that rejects a
    /// line may be one, so then the file is read again in one part, as a single reader reads it.
    public func readAll(parts: Int) -> [Item] {
        let readers = split(parts)
        let read = LinkageParallel.each(readers.count) { index -> [Item] in
            var reader = readers[index]
            var items: [Item] = []
            while let item = reader.next() { items.append(item) }
            return items
        }
        let clean = read.dropLast().allSatisfy { items in !items.contains { if case .rejected = $0 { true } else { false } } }
        guard clean else {
            var reader = self
            var items: [Item] = []
            while let item = reader.next() { items.append(item) }
            return items
        }
        return read.flatMap { $0 }
    }

    /// How far into the file reading has come, for progress.
    public var bytesRead: Int { position }

    public mutating func next() -> Item? {
        while position < bytes.count {
            let item = Self.read(bytes, &position, &line, expected: header.count, delimiter: delimiter)
            if case .record(_, let cells) = item, cells == [""] { continue }  // a blank line
            return item
        }
        return nil
    }

    struct CellProblem: Error, CustomStringConvertible {
        var description: String
    }

    /// A cell's bytes as text, or why they are not.
    static func text(_ bytes: ArraySlice<UInt8>, cell: Int) -> Result<String, CellProblem> {
        if bytes.contains(0) { return .failure(CellProblem(description: "holds a NUL byte in cell \(cell); remove it and import again")) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(CellProblem(description: "cell \(cell) is not UTF-8 text; export the file as UTF-8"))
        }
        return .success(text)
    }

    /// Reads one record from `position`, leaving `position` at the start of the next one.
    /// `comma` is the delimiter here: a comma, or a tab.
    static func read(_ bytes: [UInt8], _ position: inout Int, _ line: inout Int, expected: Int?, delimiter comma: UInt8) -> Item {
        let start = position
        let startLine = line
        var cells: [String] = []
        var cell: [UInt8] = []
        var index = position
        var problem: String?
        record: while true {
            // One cell.
            cell.removeAll(keepingCapacity: true)
            if index < bytes.count, bytes[index] == quote {
                index += 1
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            cell.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if byte == newline { line += 1 }
                    cell.append(byte)
                    index += 1
                }
                if !closed {
                    problem = "opens a quoted cell (cell \(cells.count + 1)) that is never closed; close the quote or remove it"
                    break record
                }
                if index < bytes.count, bytes[index] != comma, bytes[index] != newline, bytes[index] != carriage {
                    problem = "has text after the closing quote of cell \(cells.count + 1); a quote inside a quoted cell is written twice (\"\")"
                    break record
                }
                switch Self.text(cell[...], cell: cells.count + 1) {
                case .success(let text): cells.append(text)
                case .failure(let reason):
                    problem = reason.description
                    break record
                }
            } else {
                // An unquoted cell becomes text straight from the file's bytes, without a copy first.
                let begin = index
                while index < bytes.count, bytes[index] != comma, bytes[index] != newline, bytes[index] != carriage { index += 1 }
                switch Self.text(bytes[begin..<index], cell: cells.count + 1) {
                case .success(let text): cells.append(text)
                case .failure(let reason):
                    problem = reason.description
                    break record
                }
            }
            // What ends the cell: a comma (another cell follows), a line end, or the end of the file.
            if index < bytes.count, bytes[index] == comma {
                index += 1
                continue
            }
            if index < bytes.count, bytes[index] == carriage { index += 1 }
            if index < bytes.count, bytes[index] == newline {
                index += 1
                line += 1
            }
            break
        }
        if problem == nil, let expected, cells.count != expected, cells != [""] {
            problem =
                "has \(cells.count) \(cells.count == 1 ? "cell" : "cells"), the header has \(expected); a \(comma == Self.tab ? "tab" : "comma") inside a value needs quotes around the value"
        }
        guard let problem else {
            position = index
            return .record(line: startLine, cells: cells)
        }
        // Only this line is lost: reading goes on at the line after the one the record began on,
        // so a quote opened by mistake swallows nothing after it.
        index = start
        while index < bytes.count, bytes[index] != newline { index += 1 }
        position = Swift.min(index + 1, bytes.count)
        line = startLine + 1
        return .rejected(line: startLine, reason: problem)
    }
}
