import AccordCore
import Testing

@Suite("Record linkage")
struct LinkageTests {
    func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    @Test(
        "Jaro-Winkler gives the textbook values",
        arguments: [
            ("martha", "marhta", 0.9611), ("dwayne", "duane", 0.84), ("dixon", "dicksonx", 0.8133), ("abc", "abc", 1.0), ("abc", "xyz", 0.0),
        ])
    func jaroWinkler(_ a: String, _ b: String, _ expected: Double) {
        #expect(abs(Similarity.jaroWinkler(scalars(a), scalars(b)) - expected) < 0.0001)
    }

    @Test(
        "edit distances: Levenshtein, and Damerau-Levenshtein counting a swap of neighbours as one",
        arguments: [
            ("kitten", "sitting", false, 3), ("ab", "ba", false, 2), ("ab", "ba", true, 1), ("19800720", "19800270", true, 1),
            ("", "abc", false, 3), ("café", "cafe", false, 1),
        ])
    func editDistance(_ a: String, _ b: String, _ transpositions: Bool, _ expected: Int) {
        #expect(Similarity.editDistance(scalars(a), scalars(b), transpositions: transpositions) == expected)
    }

    @Test("the fast bounds never change an answer that matters")
    func boundsAreSafe() {
        var random = SeededRandom(seed: 7)
        let alphabet = Array("abcdeé12 ".unicodeScalars)
        func word() -> [UInt32] { (0..<Int(random.next() % 9)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))].value } }
        for _ in 0..<5000 {
            let a = word()
            let b = word()
            a.withUnsafeBufferPointer { p in
                b.withUnsafeBufferPointer { q in
                    let full = Similarity.jaroWinkler(p, q)
                    let bounded = Similarity.jaroWinkler(p, q, atLeast: 0.7)
                    #expect(full < 0.7 ? bounded < 0.7 : bounded == full)
                    for transpositions in [false, true] {
                        let exact = Similarity.editDistance(p, q, transpositions: transpositions)
                        let limited = Similarity.editDistance(p, q, transpositions: transpositions, limit: 2)
                        #expect(exact <= 2 ? limited == exact : limited > 2)
                    }
                }
            }
        }
    }

    static let settingsText = """
        link_type: dedupe
        unique_id: id
        blocking:
          - [postcode]
          - [surname]
        comparisons:
          - column: given_name
            levels: [exact, jaro_winkler 0.9, jaro_winkler 0.7]
          - column: surname
            levels: [exact, jaro_winkler 0.9]
            term_frequency: true
          - column: birth
            levels: [exact, damerau_levenshtein 1, days 365]
          - column: postcode
            levels: [exact]
        training:
          deterministic: [[birth, surname]]
          deterministic_recall: 0.9
          em_blocking: [[postcode], [birth]]
          random_pairs: 20000
        threshold: 0.9
        """

    @Test("settings with mistakes are refused with the line of each")
    func settingsDiagnostics() {
        let broken = """
            link_type: merge
            unique_id: id
            blocking: [[a]]
            comparisons:
              - column: a
                levels: [exact, jaro 0.9]
            threshold: 2
            """
        let (settings, diagnostics) = LinkageSettings.read(broken)
        #expect(settings == nil)
        let lines = diagnostics.filter { $0.severity == .error }.map(\.location.line)
        #expect(lines.contains(1) && lines.contains(6) && lines.contains(7), "\(diagnostics)")
        #expect(diagnostics.contains { $0.message.contains("'jaro 0.9' is not a level") })
        #expect(LinkageSettings.read(Self.settingsText).settings != nil)

        // A pair's levels are packed four bits a comparison: more than fits is refused, not truncated.
        let many = "link_type: dedupe\nunique_id: id\nblocking: [[c0]]\ncomparisons:\n" + (0..<17).map { "  - {column: c\($0), levels: [exact]}\n" }.joined()
        #expect(LinkageSettings.read(many).1.contains { $0.message.contains("at most 16 fit") })
        let wide =
            "link_type: dedupe\nunique_id: id\nblocking: [[a]]\ncomparisons:\n  - {column: a, levels: [exact\((1...14).map { ", levenshtein \($0)" }.joined())]}\n"
        #expect(LinkageSettings.read(wide).1.contains { $0.message.contains("comparisons.a has 15 levels; at most 14 fit") })
        var tooMany = LinkageSettings(linkType: .dedupe, uniqueID: "id", blocking: [.init(["a"])], comparisons: [])
        tooMany.comparisons = (0..<17).map { .init(column: "a\($0)", levels: [.exact]) }
        #expect(throws: LinkageError.self) { try LinkageEngine(settings: tooMany, left: LinkageTable(name: "x.csv", header: ["id", "a"], rows: [])) }
    }

    /// People with one duplicate each, the copies carrying a typo or a missing value.
    static func people() -> LinkageTable {
        let given = ["anna", "bernd", "carla", "dieter", "emma", "felix", "greta", "hanna", "ingo", "jonas", "karla", "lena", "marco", "nina", "otto"]
        let surnames = [
            "berg", "schulz", "meyer", "wagner", "becker", "hoffmann", "koch", "richter", "klein", "wolf", "neumann", "schwarz", "braun", "zimmer", "kraus",
        ]
        var rows: [[String]] = []
        var random = SeededRandom(seed: 3)
        for index in 0..<300 {
            let first = given[Int(random.next() % UInt64(given.count))]
            let last = surnames[Int(random.next() % UInt64(surnames.count))]
            let birth = "19\(50 + index % 50)0\(1 + index % 9)1\(index % 10)"
            let postcode = String(10000 + Int(random.next() % 400))
            rows.append(["p\(index)", first, last, birth, postcode])
            if index % 3 == 0 {
                // A duplicate: a typo in the given name, the postcode missing or the birth date off by a swap.
                var copy = ["p\(index)-dup", String(first.dropLast()) + "h", last, birth, index % 2 == 0 ? "" : postcode]
                if index % 5 == 0 { copy[3] = String(birth.prefix(6)) + String(birth.suffix(2).reversed()) }
                rows.append(copy)
            }
        }
        return LinkageTable(name: "people.csv", header: ["id", "given_name", "surname", "birth", "postcode"], rows: rows)
    }

    @Test("duplicates with typos and gaps are found, others are not, and a rerun gives the same answer")
    func dedupe() throws {
        let settings = try #require(LinkageSettings.read(Self.settingsText).settings)
        let table = Self.people()
        let result = try LinkageEngine(settings: settings, left: table).run()
        let truth = Set(table.rows.filter { $0[0].hasSuffix("-dup") }.map { [String($0[0].dropLast(4)), $0[0]] })
        let found = Set(result.links.map { [result.uniqueIDs[$0.left], result.uniqueIDs[$0.right]].sorted() })
        let correct = found.intersection(truth).count
        let precision = Double(correct) / Double(max(1, found.count))
        let recall = Double(correct) / Double(truth.count)
        #expect(precision >= 0.95, "precision \(precision)")
        #expect(recall >= 0.9, "recall \(recall)")
        // Clusters are connected components: each found pair shares a cluster.
        for link in result.links { #expect(result.cluster[link.left] == result.cluster[link.right]) }
        let again = try LinkageEngine(settings: settings, left: table).run()
        #expect(again.links == result.links && again.model == result.model)
    }

    @Test("inputs that do not fit the settings are refused with what to fix")
    func badInputs() throws {
        let settings = try #require(LinkageSettings.read(Self.settingsText).settings)
        let missing = LinkageTable(name: "other.csv", header: ["id", "given_name"], rows: [["1", "a"]])
        #expect(throws: LinkageError.self) { try LinkageEngine(settings: settings, left: missing) }
        do {
            _ = try LinkageEngine(settings: settings, left: missing)
        } catch {
            #expect(String(describing: error).contains("other.csv has no column 'birth'"))
        }
        #expect(throws: LinkageError.self) { try LinkageEngine(settings: settings, left: Self.people(), right: Self.people()) }
    }
}

@Suite("Record linkage at scale")
struct LinkageScaleTests {
    /// 4,000 companies sharing one blocking key (same first letters, same country), among them
    /// one pair spelt two ways: all against all would be eight million pairs.
    static func crowdedBlock() -> LinkageTable {
        func number(_ i: Int) -> String {
            let text = String(i * 7919 % 100_000)
            return String(repeating: "0", count: 5 - text.count) + text
        }
        var rows = (0..<4_000).map { ["\($0)", "north company \(number($0))", "us"] }
        rows.append(["dup", "north company \(number(1)) inc", "us"])
        return LinkageTable(name: "crowded.csv", header: ["id", "name", "country"], rows: rows)
    }

    static let settings = LinkageSettings(
        linkType: .dedupe, uniqueID: "id", blocking: [.init(["country"])],
        comparisons: [.init(column: "name", levels: [.exact, .jaroWinkler(0.95)]), .init(column: "country", levels: [.exact])],
        randomPairs: 10_000, threshold: 0.0)

    @Test("a block shared by thousands is compared in a sorted window, not all against all, and similar names still meet")
    func windowedBlock() throws {
        let result = try LinkageEngine(settings: Self.settings, left: Self.crowdedBlock()).run()
        #expect(result.candidatePairs <= 4_001 * 16, "at most a window of pairs per record: \(result.candidatePairs)")
        #expect(result.candidatePairs >= 4_000, "every record is compared with its neighbours")
        let ids = result.uniqueIDs
        let near = result.links.contains { link in Set([ids[link.left], ids[link.right]]) == ["1", "dup"] }
        #expect(near, "the two spellings of one name sort side by side and are compared")
    }

    @Test("a crossed rule pairs a given name with the other's surname, in one file and across two, on two columns or three")
    func crossedRule() throws {
        func pairs(_ settings: LinkageSettings, _ left: LinkageTable, _ right: LinkageTable? = nil) throws -> Set<[String]> {
            let result = try LinkageEngine(settings: settings, left: left, right: right).run()
            return Set(result.links.map { [result.uniqueIDs[$0.left], result.uniqueIDs[$0.right]].sorted() })
        }
        let header = ["id", "given_name", "surname", "birth"]
        let crossed = LinkageSettings.BlockingRule(left: ["given_name", "surname"], right: ["surname", "given_name"])
        var settings = LinkageSettings(
            linkType: .dedupe, uniqueID: "id", blocking: [crossed],
            comparisons: [.init(column: "given_name", levels: [.exact]), .init(column: "surname", levels: [.exact])], randomPairs: 1_000, threshold: 0.0)
        let people = LinkageTable(
            name: "people.csv", header: header,
            rows: [
                ["p1", "anna", "berg", "19800101"], ["p2", "Berg", "Anna", "19800101"], ["p3", "anna", "berg", "19900101"],
                ["p4", "carl", "meyer", "19800101"],
            ])
        #expect(try pairs(settings, people) == [["p1", "p2"], ["p2", "p3"]], "swapped names meet; the same order does not, under this rule")

        settings.blocking = [.init(left: ["given_name", "surname", "birth"], right: ["surname", "given_name", "birth"])]
        #expect(try pairs(settings, people) == [["p1", "p2"]], "and with a third column that must agree")

        settings.linkType = .link
        settings.blocking = [crossed]
        let left = LinkageTable(name: "a.csv", header: header, rows: [["1", "anna", "berg", ""], ["2", "carl", "meyer", ""], ["3", "dora", "koch", ""]])
        let right = LinkageTable(
            name: "b.csv", header: header,
            rows: [["a", "berg", "anna", ""], ["b", "meyer", "carl", ""], ["c", "anna", "berg", ""], ["d", "koch", "emil", ""]])
        #expect(try pairs(settings, left, right) == [["1", "a"], ["2", "b"]], "a value one column never holds matches nothing")
    }

    @Test("a small block is still compared all against all")
    func smallBlock() throws {
        let rows = (0..<50).map { ["\($0)", "company \($0)", "us"] }
        let result = try LinkageEngine(settings: Self.settings, left: LinkageTable(name: "small.csv", header: ["id", "name", "country"], rows: rows)).run()
        #expect(result.candidatePairs == 50 * 49 / 2)
    }
}
