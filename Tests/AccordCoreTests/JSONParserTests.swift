import AccordCore
import Foundation
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("valid documents parse to the expected values")
    func valid() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2.5, 3e2, 0, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}} "#)
        #expect(value == ["a": [1, -2.5, 300, 0, true, false, .null], "b": "x\"\\/\né😀", "c": .object([:])])
        #expect(try JSONParser.parse("\"plain\"") == "plain")
        #expect(try JSONParser.parse("12345678901234567890") == .bigInteger("12345678901234567890"), "kept exactly: a Double would round it")
        #expect(try JSONParser.parse("[]") == .array([]))
        #expect(try JSONParser.parse(#"{"k": 1, "j": [2, {"k": 3, "k": 4}], "k": 5}"#) == ["k": 5, "j": [2, ["k": 4]]], "a repeated key keeps its last value")
        #expect(try JSONParser.parse("[[1, [2, 3]], [], [4]]") == [[1, [2, 3]], [], [4]], "nested arrays keep their order")
    }

    @Test("canonical text parses back to the same value")
    func roundTrip() throws {
        let value: JSONValue = ["name": "Ünïcødé \u{01} tab\t", "list": [1.5, -0, 1e-7, "x"], "nested": ["deep": [["k": .null]]]]
        #expect(try JSONParser.parse(value.canonicalText) == value)
    }

    @Test("canonical text sorts keys, escapes exactly what JSON requires, and writes integers without a fraction")
    func canonicalText() {
        let value: JSONValue = ["b": [-12, 0, 1_234_567_890_123, 2.5], "a": "q\"\\\n\r\t\u{01}\u{1F}é😀/", "é": .null, "A": [:]]
        #expect(value.canonicalText == #"{"A":{},"a":"q\"\\\n\r\t\u0001\u001fé😀/","b":[-12,0,1234567890123,2.5],"é":null}"#)
        let small: JSONValue = ["z": ["b": 1, "a": 2], "y": ["only": true]]
        #expect(small.canonicalText == #"{"y":{"only":true},"z":{"a":2,"b":1}}"#, "objects of one and two keys are sorted too")
    }

    @Test("the canonical size is counted exactly without building the text")
    func canonicalSize() {
        let values: [JSONValue] = [
            .null, true, false, 0, -7, 1_234_567_890_123, 2.5, -0.001, 1e20, "", "a\"b\\c\n\t\r\u{01}é😀",
            ["k": [1, "two", ["x": .null]], "é": [], "": [:]],
        ]
        for value in values { #expect(value.canonicalByteCount == value.canonicalText.utf8.count, "\(value.canonicalText)") }
    }

    @Test(
        "malformed input is an error with its line and column",
        arguments: [
            ("", 1, 1, "unexpected end of input"),
            ("{", 1, 2, "expected a quoted key"),
            ("{\"a\" 1}", 1, 6, "expected ':' after a key"),
            ("{\"a\": 1,}", 1, 9, "expected a quoted key"),
            ("[1 2]", 1, 4, "expected ',' or ']'"),
            ("{\n  \"a\": tru\n}", 2, 8, "expected 'true'"),
            ("\"abc", 1, 5, "unterminated string"),
            ("\"a\u{1}b\"", 1, 3, "control character in a string"),
            ("\"\\x\"", 1, 3, "unknown escape '\\x'"),
            ("\"\\ud800\"", 1, 8, "unpaired surrogate"),
            ("01", 1, 2, "numbers must not start with 0"),
            ("1.", 1, 3, "expected a digit after '.'"),
            ("-", 1, 2, "expected a digit"),
            ("1e999", 1, 6, "number out of range"),
            ("{} x", 1, 4, "unexpected text after the JSON value"),
            ("@", 1, 1, "unexpected character '@'"),
        ])
    func malformed(text: String, line: Int, column: Int, reason: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.reason.hasPrefix(reason), "\(error)")
        }
    }

    @Test("invalid UTF-8 is refused, not replaced")
    func invalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test("deep nesting is refused before it can exhaust the stack")
    func depth() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? JSONParser.parse(ok)) != nil)
    }

    @Test("random bytes never crash the parser")
    func garbage() {
        var rng = SeededRandom(seed: 7)
        let alphabet = Array(#"{}[]":,.-+eE0123456789tfnrul\ abc"#.utf8) + [0x00, 0xFF, 0xC3, 0xA9]
        for _ in 0..<5000 {
            let bytes = (0..<rng.int(0...40)).map { _ in alphabet[rng.int(0...(alphabet.count - 1))] }
            _ = try? JSONParser.parse(bytes)
        }
    }
}

@Suite("Large integers")
struct LargeIntegerTests {
    @Test(
        "integers a Double cannot hold keep their digits through parsing, canonical text and JSON encoding",
        arguments: [
            "9007199254740993", "12345678901234567890", "-99999999999999999999", "123456789012345678901234567890",
        ])
    func exact(_ digits: String) throws {
        let value = try JSONParser.parse("{\"n\": \(digits)}")
        #expect(value.canonicalText == "{\"n\":\(digits)}")
        let encoded = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        #expect(encoded == "{\"n\":\(digits)}")
        #expect(value["n"]?.numberValue != nil, "still a number for comparisons")
    }

    @Test("integers within 2^53 and fractions stay ordinary numbers")
    func ordinary() throws {
        #expect(try JSONParser.parse("9007199254740992") == .number(9_007_199_254_740_992))
        #expect(try JSONParser.parse("19.99") == .number(19.99))
        #expect(try JSONParser.parse("1e3") == .number(1000))
    }
}
