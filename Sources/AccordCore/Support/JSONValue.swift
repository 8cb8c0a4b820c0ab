import Foundation

/// Free-form JSON, as event properties and handoff payloads arrive. Objects keep their keys
/// sorted when written so equal values always serialise to equal text.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    /// An integer beyond ±2^53, which a Double would round: its digits exactly as sent.
    case bigInteger(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self), value.magnitude > JSONValue.exactIntegers {
            self = .bigInteger(String(value))
        } else if let value = try? container.decode(UInt64.self), value > JSONValue.exactIntegers {
            self = .bigInteger(String(value))
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bigInteger(let digits):
            // Encoders write Int64, UInt64 and Decimal with all their digits; a Double would round.
            if let value = Int64(digits) {
                try container.encode(value)
            } else if let value = UInt64(digits) {
                try container.encode(value)
            } else if let value = Decimal(string: digits) {
                try container.encode(value)
            } else {
                try container.encode(Double(digits) ?? 0)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case let .object(object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// The value as a Double, for comparisons and sums (a big integer rounded to the nearest Double).
    public var numberValue: Double? {
        switch self {
        case .number(let value): value
        case .bigInteger(let digits): Double(digits)
        default: nil
        }
    }

    /// Integers up to 2^53 are exact as Doubles.
    static let exactIntegers: UInt64 = 1 << 53

    /// Integer text as a value: a Double when it holds the integer exactly, its digits otherwise.
    public static func integer(_ text: String) -> JSONValue? {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if digits.count <= 15 || (UInt64(digits).map { $0 <= exactIntegers } ?? false) { return Double(text).map(JSONValue.number) }
        return .bigInteger(text)
    }

    /// Canonical compact JSON text: sorted keys, integers without a fraction.
    public var canonicalText: String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The length of `canonicalText` in UTF-8 bytes, counted without building the text; the
    /// ingestion size limit is checked on every message.
    public var canonicalByteCount: Int {
        switch self {
        case .null: return 4
        case .bool(let value): return value ? 4 : 5
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 {
                var magnitude = Int64(value).magnitude
                var digits = 1
                while magnitude >= 10 {
                    magnitude /= 10
                    digits += 1
                }
                return digits + (value < 0 ? 1 : 0)
            }
            return "\(value)".utf8.count
        case .bigInteger(let digits): return digits.utf8.count
        case .string(let value): return JSONValue.stringByteCount(value)
        case .array(let values): return 2 + max(0, values.count - 1) + values.reduce(0) { $0 + $1.canonicalByteCount }
        case .object(let object):
            return 2 + max(0, object.count - 1) + object.reduce(0) { $0 + JSONValue.stringByteCount($1.key) + 1 + $1.value.canonicalByteCount }
        }
    }

    static func stringByteCount(_ value: String) -> Int {
        var value = value
        return value.withUTF8 { bytes in
            var count = 2 + bytes.count
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                switch byte {
                case 0x22, 0x5C, 0x0A, 0x0D, 0x09: count += 1
                default: count += 5
                }
            }
            return count
        }
    }

    // Written as bytes, copying unescaped runs whole: every ingested event's properties and
    // context pass through here.
    private func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 {
                JSONValue.writeInteger(Int64(value), to: &out)
            } else {
                out.append(contentsOf: "\(value)".utf8)
            }
        case .bigInteger(let digits): out.append(contentsOf: digits.utf8)
        case .string(let value): JSONValue.writeString(value, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            func member(_ key: String, _ value: JSONValue) {
                JSONValue.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            // Small objects (most properties and contexts' parts) are put in order without sorting a copy.
            if object.count == 2 {
                let a = object[object.startIndex]
                let b = object[object.index(after: object.startIndex)]
                let (first, second) = a.key < b.key ? (a, b) : (b, a)
                member(first.key, first.value)
                out.append(UInt8(ascii: ","))
                member(second.key, second.value)
            } else if let only = object.first, object.count == 1 {
                member(only.key, only.value)
            } else {
                for (index, pair) in object.sorted(by: { $0.key < $1.key }).enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    member(pair.key, pair.value)
                }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let start = out.count
        var magnitude = value.magnitude
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }

    private static func writeString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            // Most text needs no escape at all: one scan, one copy.
            guard bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
                out.append(contentsOf: bytes)
                return
            }
            var runStart = 0
            for (index, byte) in bytes.enumerated() {
                let escape: StaticString
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0..<0x20: escape = ""
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                if escape.utf8CodeUnitCount > 0 {
                    out.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
                } else {
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                    ])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
