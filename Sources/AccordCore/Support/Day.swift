/// A calendar day in UTC, counted from 1970-01-01. Dates in Accord's records are days or
/// instants; days avoid time-zone surprises in cohorts, renewals and outcome due dates.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var number: Int

    public init(_ number: Int) { self.number = number }

    /// Days from civil date (Howard Hinnant's algorithm), valid for the proleptic Gregorian calendar.
    public init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146097 + doe - 719468
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        // The stored form is always ten ASCII bytes: read them directly, it is on every hot path.
        if let day = text.utf8.withContiguousStorageIfAvailable(Self.parseTenBytes) ?? nil {
            self = day
            return
        }
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
        guard components == (y, m, d) else { return nil }
    }

    /// `YYYY-MM-DD` in exactly ten bytes, or nil for anything else.
    private static func parseTenBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Day? {
        guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45 else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let c = bytes[index]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10), (1...12).contains(m), (1...31).contains(d) else { return nil }
        let day = Day(year: y, month: m, day: d)
        return day.components == (y, m, d) ? day : nil
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = number + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var iso: String {
        let (y, m, d) = components
        // Four digits always, as ISO 8601 writes years (0001, not 1).
        let year = y >= 0 && y < 1000 ? String(repeating: "0", count: 4 - String(y).count) + String(y) : String(y)
        return "\(year)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    public var description: String { iso }

    /// Calendar quarter label such as `2025-Q3`; cohorts are quarters of the first contract.
    public var quarter: String {
        let (y, m, _) = components
        return "\(y)-Q\((m - 1) / 3 + 1)"
    }

    /// Monday of this day's ISO week (1970-01-01 was a Thursday).
    public var weekStart: Day { Day(number - ((number + 3) % 7 + 7) % 7) }

    public func adding(days: Int) -> Day { Day(number + days) }

    /// The same day of the month `months` later, clamped to the month's length.
    public func adding(months: Int) -> Day {
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + months
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        let month = total - year * 12 + 1
        var day = d
        while Day(year: year, month: month, day: day).components.month != month { day -= 1 }
        return Day(year: year, month: month, day: day)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }
    public static func - (lhs: Day, rhs: Day) -> Int { lhs.number - rhs.number }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a YYYY-MM-DD date"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

/// An instant as milliseconds since 1970-01-01T00:00:00Z, formatted as ISO 8601 in UTC.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init(day: Day, seconds: Int = 0) {
        milliseconds = Int64(day.number) * 86_400_000 + Int64(seconds) * 1000
    }

    public var day: Day {
        Day(Int((milliseconds >= 0 ? milliseconds : milliseconds - 86_399_999) / 86_400_000))
    }

    public var iso: String {
        let d = day
        let rest = milliseconds - Int64(d.number) * 86_400_000
        let h = rest / 3_600_000
        let mi = rest / 60_000 % 60
        let s = rest / 1000 % 60
        let ms = rest % 1000
        func pad(_ v: Int64, _ width: Int) -> String {
            let text = String(v)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(d.iso)T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }

    public var description: String { iso }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, the forms Segment clients send. Reads the
    /// UTF-8 bytes in place: every ingested event has one or two of these.
    public init?(iso text: String) {
        var text = text
        guard let value = text.withUTF8({ Instant.parse($0) }) else { return nil }
        milliseconds = value
    }

    private static func parse(_ chars: UnsafeBufferPointer<UInt8>) -> Int64? {
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var value = 0
            for index in from..<(from + count) {
                let c = chars[index]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard chars.count >= 19, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
            chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
            let y = number(0, 4), let m = number(5, 2), let d = number(8, 2), (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        let day = Day(year: y, month: m, day: d)
        guard day.components == (y, m, d) else { return nil }
        guard let h = number(11, 2), let mi = number(14, 2), let s = number(17, 2), h < 24, mi < 60, s < 61,
            chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":")
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                if digits < 3 { fraction = fraction * 10 + Int64(chars[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { fraction *= 10 } }
        }
        var offsetSeconds = 0
        if index == chars.count {
            offsetSeconds = 0
        } else if chars[index] == UInt8(ascii: "Z"), index + 1 == chars.count {
            offsetSeconds = 0
        } else if chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
            let sign = chars[index] == UInt8(ascii: "+") ? 1 : -1
            guard let oh = number(index + 1, 2) else { return nil }
            var om = 0
            if index + 3 < chars.count {
                let minuteStart = chars[index + 3] == UInt8(ascii: ":") ? index + 4 : index + 3
                guard let m = number(minuteStart, 2), minuteStart + 2 == chars.count else { return nil }
                om = m
            } else if index + 3 != chars.count {
                return nil
            }
            // Offsets in use run from -12:00 to +14:00; +99:00 is no clock's.
            guard om < 60, oh * 60 + om <= 14 * 60 else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        return Int64(day.number) * 86_400_000 + Int64(h * 3600 + mi * 60 + s - offsetSeconds) * 1000 + fraction
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let instant = Instant(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an ISO 8601 time"))
        }
        self = instant
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
