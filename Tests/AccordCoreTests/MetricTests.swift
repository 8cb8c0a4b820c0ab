import AccordCore
import Testing

@Suite("Survey scores and formatting")
struct MetricTests {
    @Test("CSAT counts only 4 and 5 as satisfied")
    func csat() {
        let score = CSATScore(counts: [5: 3, 4: 1, 3: 4, 1: 2])
        #expect(score.responses == 10)
        #expect(score.satisfied == 4)
        #expect(score.score == 40)
        #expect(CSATScore(counts: [:]).score == nil)
    }

    @Test("NPS is % promoters minus % detractors, from -100 to +100")
    func nps() {
        let score = NPSScore(counts: [10: 5, 9: 1, 8: 2, 7: 0, 6: 1, 0: 1])
        #expect(score.promoters == 6 && score.passives == 2 && score.detractors == 2)
        #expect(score.score == 40)
        #expect(NPSScore(counts: [0: 3]).score == -100)
        #expect(NPSScore(counts: [10: 3]).score == 100)
        #expect(NPSScore(counts: [:]).score == nil)
    }

    @Test("numbers are formatted for people")
    func formatting() {
        #expect(Format.count(1_234_567) == "1,234,567")
        #expect(Format.count(-1000) == "-1,000")
        #expect(Format.count(999) == "999")
        #expect(Format.dollars(cents: 773_570_049) == "$7,735,700")
        #expect(Format.dollars(cents: -150) == "-$2")
        #expect(Format.signed(12.34) == "+12.3")
        #expect(Format.signed(-5) == "-5")
        #expect(Format.duration(seconds: 0.925) == "925 ms")
        #expect(Format.duration(seconds: 3.24) == "3.2 s")
        #expect(Format.duration(seconds: 270) == "4.5 min" && Format.duration(seconds: 82_094) == "22.8 h" && Format.duration(seconds: 267_840) == "3.1 days")
    }

    @Test("JSON values serialise canonically, keys sorted")
    func canonicalJSON() {
        let value: JSONValue = ["b": 1, "a": ["x", 2.5, true, .null], "c": "q\"\n"]
        #expect(value.canonicalText == #"{"a":["x",2.5,true,null],"b":1,"c":"q\"\n"}"#)
    }
}

@Suite("CSV out")
struct CSVTextTests {
    @Test("quotes what needs quoting and keeps a name that looks like a formula a name")
    func quoting() {
        let text = CSVText.encode(
            header: ["name", "mrr", "note"],
            rows: [
                [.text("Acme, Inc."), .number(12.5), .text(#"say "hi""#)],
                [.text("=HYPERLINK(\"x\")"), .integer(3), .empty],
                [.text("-5"), .number(-2), .text("line\nbreak")],
            ])
        #expect(text == "name,mrr,note\r\n\"Acme, Inc.\",12.5,\"say \"\"hi\"\"\"\r\n\"'=HYPERLINK(\"\"x\"\")\",3,\r\n'-5,-2.0,\"line\nbreak\"\r\n")
    }
}
