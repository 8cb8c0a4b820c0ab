import Testing

@testable import AccordCore

@Suite("Record linkage on raw inputs: normalisers, missing values, delimiters, row ids")
struct LinkageNormaliserTests {
    @Test(
        "each normaliser turns two sources' ways of writing a value into one",
        arguments: [
            ("phone", "+1 (555) 010-2000", "5550102000"), ("phone", "555.010.2000", "5550102000"), ("digits", "ab-12 3", "123"),
            ("strip_punctuation", "o'brien & sons, inc.", "o brien sons inc"), ("company_name", "The Acme Clinics, Ltd.", "acme clinics"),
            ("email_domain", "Ana@Example.COM", "example.com"), ("registrable_domain", "https://www.shop.acme.co.uk/x", "acme.co.uk"),
            ("first 3", "barcelona", "bar"), ("last 4", "5550102000", "2000"), ("soundex", "Robert", "R163"), ("soundex", "Rupert", "R163"),
            ("soundex", "Ashcraft", "A261"), ("soundex", "Tymczak", "T522"), ("soundex", "Pfister", "P236"), ("soundex", "Honeyman", "H555"),
            ("lowercase", "ÉCOLE", "école"), ("double_metaphone", "Smith", "SM0"), ("double_metaphone_alternate", "Smith", "XMT"),
            ("double_metaphone", "Schmidt", "XMT"), ("double_metaphone_alternate", "Schmidt", "SMT"), ("double_metaphone", "Catherine", "K0RN"),
            ("double_metaphone", "Kathryn", "K0RN"), ("double_metaphone_alternate", "Kathryn", "KTRN"), ("double_metaphone", "Thomas", "TMS"),
            ("double_metaphone", "Jose", "HS"), ("double_metaphone", "Michael", "MKL"), ("double_metaphone_alternate", "Michael", "MXL"),
            ("double_metaphone", "Xavier", "SF"), ("double_metaphone_alternate", "Xavier", "SFR"), ("double_metaphone_alternate", "Arnow", "ARNF"),
            ("double_metaphone", "Wasserman", "ASRM"), ("double_metaphone_alternate", "Wasserman", "FSRM"), ("double_metaphone", "Laughlin", "LFLN"),
            ("double_metaphone", "Philipowicz", "FLPT"), ("double_metaphone", "", ""), ("double_metaphone", "12 -", ""),
        ])
    func normalisers(step: String, raw: String, expected: String) throws {
        let settings = try #require(
            LinkageSettings.read(
                """
                link_type: dedupe
                unique_id: id
                columns:
                  key: {from: value, normalise: [\(step)]}
                blocking: [[key]]
                comparisons:
                  - {column: key, levels: [exact]}
                training: {em_blocking: [[key]]}
                """
            ).settings)
        let normaliser = try #require(settings.derived["key"]?.steps.first)
        #expect(normaliser.apply(raw) == expected)
    }

    static let restaurants = """
        link_type: link
        unique_id: _row
        missing: [NA, "", "n/a"]
        columns:
          phone_key: {from: phone, normalise: [phone]}
          name_key: {from: name, normalise: [company_name]}
          name_block: {from: name, normalise: [company_name, first 3]}
        blocking: [[phone_key], [name_block]]
        comparisons:
          - {column: name_key, levels: [exact, jaro_winkler 0.9]}
          - {column: phone_key, levels: [exact]}
          - {column: city, levels: [exact]}
        training:
          deterministic: [[phone_key]]
          em_blocking: [[name_block]]
          random_pairs: 1000
        threshold: 0.5
        """

    /// Two guides that write the same restaurants' phones and names their own way; "NA" for an unknown city.
    static var guides: (LinkageTable, LinkageTable) {
        let names = [
            "Arnie Morton's of Chicago", "Art's Delicatessen", "Hotel Bel-Air", "Cafe Bizou", "Campanile", "Chinois on Main", "Citrus", "Fenix", "Granita",
            "Grill on the Alley",
        ]
        let left = names.enumerated().map { index, name in [name, "310/555-01\(10 + index)", index == 3 ? "NA" : "los angeles"] }
        let right = names.enumerated().map { index, name in [name.uppercased() + " Inc", "(310) 555 01\(10 + index)", "los angeles"] }
        return (
            LinkageTable(name: "fodors.tsv", header: ["name", "phone", "city"], rows: left),
            LinkageTable(name: "zagat.tsv", header: ["name", "phone", "city"], rows: right)
        )
    }

    @Test("raw files whose phones and names differ in form link once normalised, with row numbers as ids; NA is no value")
    func rawFiles() throws {
        let (settings, diagnostics) = LinkageSettings.read(Self.restaurants)
        let read = try #require(settings, "\(diagnostics)")
        #expect(read.missing == ["na", "", "n/a"])
        let (left, right) = Self.guides
        let result = try LinkageEngine(settings: read, left: left, right: right).run()
        let pairs = Set(result.links.map { "\(result.uniqueIDs[$0.left])-\(result.uniqueIDs[$0.right])" })
        #expect(pairs == Set((1...10).map { "\($0)-\($0)" }), "every restaurant with its twin, by row number")
        // Without the normalisers the raw phones never agree.
        let raw = try #require(
            LinkageSettings.read(Self.restaurants.replacingOccurrences(of: "from: phone, normalise: [phone]", with: "from: phone, normalise: [lowercase]"))
                .settings)
        let plain = try LinkageEngine(settings: raw, left: left, right: right).run()
        #expect(plain.links.count < 10)
    }

    @Test("a normaliser or derived column that cannot work is an error with its line; settings without training warn")
    func diagnostics() {
        let (settings, diagnostics) = LinkageSettings.read(
            """
            link_type: dedupe
            unique_id: id
            delimiter: ":"
            columns:
              a: {from: name, normalise: [metaphone 2]}
              b: {from: a, normalise: [digits]}
            blocking: [[a]]
            comparisons:
              - {column: a, levels: [exact]}
            """)
        #expect(settings == nil)
        let messages = diagnostics.map(\.message)
        #expect(messages.contains { $0.hasPrefix("columns.a.normalise[0] 'metaphone 2' is not a normaliser; use lowercase,") })
        #expect(messages.contains("columns.b.from names 'a', another derived column; derive from an input column"))
        #expect(messages.contains { $0.hasPrefix("delimiter must be") })
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.hasPrefix("no training section") })
        #expect(diagnostics.first { $0.message.hasPrefix("columns.a.normalise") }?.location.line == 5)
    }

    @Test("a derived column names its input column when the file lacks it")
    func missingSource() throws {
        let settings = try #require(LinkageSettings.read(Self.restaurants).settings)
        let table = LinkageTable(name: "short.tsv", header: ["name", "city"], rows: [["a", "b"]])
        #expect(
            throws: LinkageError(
                description: "short.tsv has no column 'phone' (columns.phone_key is derived from it) (it has name, city); fix the settings or the file")
        ) {
            try LinkageEngine(settings: settings, left: table, right: table)
        }
    }

    @Test("a tab-separated file is read as one; its cells may hold commas")
    func tabs() throws {
        let bytes = Array("name\tcity\nSmith, John\tParis\n".utf8)
        #expect(CSVReader.detectDelimiter(bytes) == CSVReader.tab)
        #expect(CSVReader.detectDelimiter(Array("a,b\tc,d\n".utf8)) == UInt8(ascii: ","))
        var reader = try CSVReader(bytes: bytes, delimiter: CSVReader.tab)
        #expect(reader.header == ["name", "city"])
        #expect(reader.next() == .record(line: 2, cells: ["Smith, John", "Paris"]))
        var short = try CSVReader(bytes: Array("a\tb\nx\n".utf8), delimiter: CSVReader.tab)
        guard case .rejected(_, let reason)? = short.next() else {
            Issue.record("a short row is refused")
            return
        }
        #expect(reason.contains("a tab inside a value needs quotes"))
    }
}

@Suite("Record linkage: a trained model saved and used again")
struct SavedLinkageModelTests {
    @Test("a saved model reads back as it was trained and scores the same links without training")
    func roundTrip() throws {
        let settings = try #require(LinkageSettings.read(LinkageTests.settingsText).settings)
        let table = LinkageTests.people()
        let trained = try LinkageEngine(settings: settings, left: table).run()
        let text = SavedLinkageModel.text(trained.model, settings: settings)
        let model = try SavedLinkageModel.read(text, settings: settings)
        #expect(model == trained.model)
        let again = try LinkageEngine(settings: settings, left: table).run(model: model)
        #expect(again.links == trained.links && again.notes == ["the saved model, not trained again"])
    }

    @Test("a model for other comparisons, or a file that is no model, is refused with what to do")
    func mismatch() throws {
        let settings = try #require(LinkageSettings.read(LinkageTests.settingsText).settings)
        let trained = try LinkageEngine(settings: settings, left: LinkageTests.people()).run()
        let text = SavedLinkageModel.text(trained.model, settings: settings)
        var other = settings
        other.comparisons.removeLast()
        #expect {
            try SavedLinkageModel.read(text, settings: other)
        } throws: { error in
            (error as? LinkageError)?.description.contains("train a model for these settings") == true
        }
        #expect(throws: LinkageError.self) { try SavedLinkageModel.read("{not json", settings: settings) }
        #expect(throws: LinkageError.self) { try SavedLinkageModel.read(#"{"format": 2}"#, settings: settings) }
        let broken = text.replacingOccurrences(of: #""lambda":"#, with: #""lambda":7,"x":"#)
        #expect(throws: LinkageError.self) { try SavedLinkageModel.read(broken, settings: settings) }
    }
}
