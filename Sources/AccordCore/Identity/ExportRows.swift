/// The rows of an export file (CSV with a header row, or JSON Lines), with the lines that could
/// not be read and why. A few broken lines are rejected one by one and the rest imported; a file
/// where many are broken is more likely the wrong file or the wrong format, and is refused whole.
public struct ExportRows: Sendable {
    public var header: [String]
    public var rows: [ImportRow]
    /// Lines that are not rows, with the reason, in file order.
    public var unreadable: [(line: Int, reason: String)]

    /// More unreadable lines than this share of the data lines (and more than `tolerated`) make the file untrustworthy.
    public static let untrustedShare = 0.1
    public static let tolerated = 3

    public init(header: [String], rows: [ImportRow], unreadable: [(line: Int, reason: String)]) {
        self.header = header
        self.rows = rows
        self.unreadable = unreadable
    }

    /// Data lines in the file, rows and unreadable alike.
    public var lines: Int { rows.count + unreadable.count }

    /// Why the file as a whole cannot be trusted, or nil when its broken lines are few enough to reject one by one.
    public var untrusted: String? {
        guard unreadable.count > Self.tolerated, Double(unreadable.count) > Double(lines) * Self.untrustedShare, let first = unreadable.first else {
            return nil
        }
        return "\(Format.count(unreadable.count)) of \(Format.count(lines)) lines cannot be read (first, line \(first.line): \(first.reason)); "
            + "check that it is a comma-separated UTF-8 export"
    }

    /// A CSV export; `progress` hears how many bytes are read, now and then.
    public static func csv(_ bytes: [UInt8], progress: (Int) -> Void = { _ in }) throws -> ExportRows {
        var reader: CSVReader
        do { reader = try CSVReader(bytes: bytes) } catch let error as CSVReader.HeaderError { throw ImportError(description: error.reason, line: error.line) }
        let header = reader.header
        var rows: [ImportRow] = []
        var unreadable: [(line: Int, reason: String)] = []
        while let item = reader.next() {
            switch item {
            case .record(let line, let cells):
                var values: [String: String] = [:]
                values.reserveCapacity(header.count)
                for (name, cell) in zip(header, cells) { values[name] = cell }
                rows.append(ImportRow(line: line, cells: values))
                if rows.count % 50_000 == 0 { progress(reader.bytesRead) }
            case .rejected(let line, let reason):
                unreadable.append((line, reason))
            }
        }
        progress(bytes.count)
        return ExportRows(header: header, rows: rows, unreadable: unreadable)
    }

    /// JSON Lines: one object per line. A line that is not JSON means a truncated or garbled file,
    /// which is refused whole; a value holding a NUL character rejects its line.
    public static func jsonLines(_ text: String) throws -> ExportRows {
        var header: [String] = []
        var seen: Set<String> = []
        var rows: [ImportRow] = []
        var unreadable: [(line: Int, reason: String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !String(line).trimmedWhitespace.isEmpty {
            let value: JSONValue
            do { value = try JSONParser.parse(String(line)) } catch { throw ImportError(description: error.description, line: index + 1) }
            guard case .object(let object) = value else { throw ImportError(description: "each line must be a JSON object", line: index + 1) }
            var cells: [String: String] = [:]
            var problem: String?
            for (key, value) in object {
                if seen.insert(key).inserted { header.append(key) }
                switch value {
                case .string(let text): cells[key] = text
                case .number, .bigInteger: cells[key] = value.canonicalText
                case .bool(let flag): cells[key] = flag ? "true" : "false"
                default: break
                }
                if cells[key]?.contains("\u{0}") == true || key.contains("\u{0}") { problem = "\(key) holds a NUL character; remove it and import again" }
            }
            if let problem { unreadable.append((index + 1, problem)) } else { rows.append(ImportRow(line: index + 1, cells: cells)) }
        }
        return ExportRows(header: header, rows: rows, unreadable: unreadable)
    }
}
