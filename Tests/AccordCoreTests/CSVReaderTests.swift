import AccordCore
import Testing

@Suite("CSV exports: every line a row or a rejected line with its reason")
struct CSVReaderTests {
    func read(_ text: String) throws -> ExportRows { try ExportRows.csv(Array(text.utf8)) }

    static let header = "Id,Name,Website,BillingCountry\n"

    static func rows(_ range: ClosedRange<Int>) -> String {
        range.map { "001A\($0),Company \($0) Ltd,company\($0).example,US\n" }.joined()
    }

    @Test("a stray quote on line 12 rejects line 12 alone; the ten rows after it are imported as rows")
    func strayQuote() throws {
        let text = Self.header + Self.rows(2...11) + "001AXXXX,\"Unterminated quote Ltd,broken.example,US\n" + Self.rows(13...22)
        let export = try read(text)
        #expect(export.rows.count == 20)
        #expect(export.unreadable.map(\.line) == [12])
        #expect(export.unreadable[0].reason.contains("never closed"))
        #expect(export.rows.map(\.line) == Array(2...11) + Array(13...22), "line numbers are the file's")
        #expect(export.rows.allSatisfy { ($0.cells["Name"] ?? "").count < 30 }, "no row folds others into a name")
        #expect(export.rows.last?.cells["Name"] == "Company 22 Ltd")
        #expect(export.untrusted == nil)
    }

    @Test("a stray quote in a fully quoted export is text after a closing quote, and costs only its line")
    func strayQuoteQuoted() throws {
        let text = "\"Id\",\"Name\",\"Website\"\n\"1\",\"One\",\"one.example\"\n\"2\",\"Two \"Ltd,\"two.example\"\n\"3\",\"Three\",\"three.example\"\n"
        let export = try read(text)
        #expect(export.rows.map { $0.cells["Name"] } == ["One", "Three"])
        #expect(export.unreadable.count == 1 && export.unreadable[0].line == 3)
        #expect(export.unreadable[0].reason.contains("after the closing quote"))
    }

    @Test("a row with too few or too many cells is rejected, never shifted into the wrong columns")
    func cellCounts() throws {
        let export = try read(Self.header + "1,One,one.example,US\n2,two.example\n3,Three,three.example,US,extra\n4,Four,four.example,US\n")
        #expect(export.rows.map(\.line) == [2, 5])
        #expect(export.unreadable.map(\.line) == [3, 4])
        #expect(export.unreadable[0].reason.contains("has 2 cells, the header has 4"))
        #expect(export.unreadable[1].reason.contains("has 5 cells"))
    }

    @Test("a NUL byte rejects its line instead of cutting the value short")
    func nulByte() throws {
        let export = try read(Self.header + "1,Nul\u{0}victim,one.example,US\n2,Two,two.example,US\n")
        #expect(export.rows.map(\.line) == [3])
        #expect(export.unreadable.first?.line == 2 && export.unreadable.first?.reason.contains("NUL") == true)
    }

    @Test("bytes that are not UTF-8 reject their line")
    func notUTF8() throws {
        var bytes = Array((Self.header + "1,").utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(",x.example,US\n2,Two,two.example,US\n".utf8)
        let export = try ExportRows.csv(bytes)
        #expect(export.rows.count == 1 && export.unreadable.first?.reason.contains("UTF-8") == true)
    }

    @Test("quoted cells keep commas, doubled quotes and line breaks; CRLF, a BOM and blank lines are read as exports write them")
    func validCSV() throws {
        let text = "\u{FEFF}Id,Name,Note\r\n1,\"Acme, Inc.\",\"said \"\"hi\"\"\"\r\n\r\n2,Beta,\"two\nlines\"\r\n3,Gamma,\r\n"
        let export = try read(text)
        #expect(export.header == ["Id", "Name", "Note"])
        #expect(export.unreadable.isEmpty)
        #expect(export.rows.map { $0.cells["Name"] } == ["Acme, Inc.", "Beta", "Gamma"])
        #expect(export.rows[0].cells["Note"] == "said \"hi\"")
        #expect(export.rows[1].cells["Note"] == "two\nlines")
        #expect(export.rows.map(\.line) == [2, 4, 6], "a record's line is where it begins")
    }

    @Test("a file where many lines are broken is not trusted at all")
    func untrusted() throws {
        let broken = (2...11).map { "\($0);Name \($0);x.example;US\n" }.joined()
        let export = try read(Self.header + broken + Self.rows(12...15))
        #expect(export.untrusted?.contains("10 of 14 lines cannot be read") == true)
    }

    @Test("a header that is empty, has a blank name or a name twice is refused with its reason")
    func headers() throws {
        #expect(throws: ImportError.self) { try read("") }
        #expect { try read("Id,,Name\n1,2,3\n") } throws: { ($0 as? ImportError)?.description.contains("column 2 of the header has no name") == true }
        #expect { try read("Id,Name,name\n1,2,3\n") } throws: { ($0 as? ImportError)?.description.contains("'name' twice") == true }
        #expect { try read("Id,\"Name\n") } throws: { ($0 as? ImportError)?.description.contains("header row opens a quoted cell") == true }
    }

    @Test("JSON Lines: a value holding a NUL rejects its line; a line that is not JSON refuses the file")
    func jsonLines() throws {
        let export = try ExportRows.jsonLines("{\"Id\": \"1\", \"Name\": \"nul\\u0000victim\"}\n{\"Id\": \"2\", \"Name\": \"Fine\"}\n")
        #expect(export.rows.map(\.line) == [2] && export.unreadable.map(\.line) == [1])
        #expect(throws: ImportError.self) { try ExportRows.jsonLines("{\"Id\": \"1\"}\n{\"Id\": \n") }
        let numeric = try ExportRows.jsonLines("{\"Id\": 12345678901234567890, \"Name\": \"Big Co\"}\n")
        #expect(numeric.rows.first?.cells["Id"] == "12345678901234567890", "an id beyond 2^53 keeps its digits")
    }
    @Test("a large file split for several cores reads the same records, line numbers and rejected lines as one reader")
    func split() throws {
        // Quoted cells holding line breaks and commas near every cut, and a broken line in the middle.
        var text = Self.header
        for index in 0..<40_000 {
            text +=
                index % 7 == 0 ? "001A\(index),\"Company\n\(index), Ltd\",company\(index).example,US\n" : "001A\(index),Company \(index),c\(index).example,US\n"
            if index == 20_000 { text += "001AXXXX,\"Unterminated quote Ltd,broken.example,US\n" }
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 1 << 20, "large enough to be split")
        func one(_ bytes: [UInt8]) throws -> [CSVReader.Item] {
            var whole = try CSVReader(bytes: bytes)
            var items: [CSVReader.Item] = []
            while let item = whole.next() { items.append(item) }
            return items
        }
        // Without the broken line, the cuts fall between records and every part is read on its own.
        let clean = Array(text.replacingOccurrences(of: "001AXXXX,\"Unterminated quote Ltd,broken.example,US\n", with: "").utf8)
        let expected = try one(clean)
        for parts in [2, 3, 8] {
            let readers = try CSVReader(bytes: clean).split(parts)
            #expect(readers.count == parts)
            var items: [CSVReader.Item] = []
            for var reader in readers { while let item = reader.next() { items.append(item) } }
            #expect(items == expected, "\(parts) parts")
            #expect(try CSVReader(bytes: clean).readAll(parts: parts) == expected)
        }
        // The stray quote turns the count of quotes, so a cut may land inside a cell: read as one reader would.
        let broken = try one(bytes)
        // The header, 20,001 rows before it, and a second line for every seventh of them.
        let brokenLine = 1 + 20_001 + (0...20_000).filter { $0 % 7 == 0 }.count + 1
        #expect(broken.contains { if case .rejected(let line, _) = $0 { line == brokenLine } else { false } }, "the broken line, by its number")
        for parts in [2, 3, 8] { #expect(try CSVReader(bytes: bytes).readAll(parts: parts) == broken, "\(parts) parts") }
        #expect(try CSVReader(bytes: Array((Self.header + Self.rows(2...5)).utf8)).split(2).count == 1, "a small file is read in one part")
    }
}
