/// Numbers formatted for people: thousands separators, currency, signed scores.
public enum Format {
    public static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, char) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(char)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `$1,234,567` from cents, rounded to whole dollars.
    public static func dollars(cents: Int64) -> String {
        let whole = (cents + (cents >= 0 ? 50 : -50)) / 100
        return (whole < 0 ? "-$" : "$") + count(Int(abs(whole)))
    }

    /// One decimal, e.g. `42.5`.
    public static func oneDecimal(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        let text = String(scaled)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A share as a whole percentage, e.g. `41%` for 0.41.
    public static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    public static func signed(_ value: Double) -> String {
        let text = oneDecimal(value)
        return value > 0 ? "+" + text : text
    }

    /// Seconds as `850 ms`, `3.2 s`, `4.5 min`, `22.8 h` or `3.1 days`.
    public static func duration(seconds: Double) -> String {
        switch seconds {
        case ..<1: "\(Int((seconds * 1000).rounded())) ms"
        case ..<120: "\(oneDecimal(seconds)) s"
        case ..<7200: "\(oneDecimal(seconds / 60)) min"
        case ..<172_800: "\(oneDecimal(seconds / 3600)) h"
        default: "\(oneDecimal(seconds / 86400)) days"
        }
    }

    /// An instant to the minute, `2026-11-28 14:03` (UTC), for timelines.
    public static func minute(_ instant: Instant) -> String {
        let iso = instant.iso
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5))
    }

    /// An instant as `2026-11-28 14:03 UTC`, for "computed at" stamps.
    public static func clock(_ instant: Instant) -> String { minute(instant) + " UTC" }
}
