/// The fields of one raw record that a feed reads: a client-record target (`subscription.amount`)
/// is found under the names the source's mappings give it, else under the names the standard taps
/// use. Paths are dotted (`price.recurring.interval`) and matched without regard to case.
public struct FeedFields: Sendable {
    public var record: [String: JSONValue]
    public var mappings: [FieldMapping]

    public init(record: [String: JSONValue], mappings: [FieldMapping]) {
        self.record = record
        self.mappings = mappings
    }

    /// The names a target is read from: the mapped ones, else `defaults`.
    public func names(_ target: String, defaults: [String]) -> [String] {
        let mapped = mappings.filter { $0.to == target && $0.direction != .outbound }.flatMap(\.names)
        return mapped.isEmpty ? defaults : mapped
    }

    /// The first non-null value of the target.
    public func value(_ target: String, defaults: [String]) -> JSONValue? {
        for name in names(target, defaults: defaults) {
            if let value = Self.lookup(name, in: record), value != .null { return value }
        }
        return nil
    }

    /// A field of the record by its own (dotted) name, not through a mapping target.
    public func field(_ path: String) -> JSONValue? {
        guard let value = Self.lookup(path, in: record), value != .null else { return nil }
        return value
    }

    /// The target as text: strings as they are, numbers without a trailing `.0`.
    public func text(_ target: String, defaults: [String]) -> String? {
        value(target, defaults: defaults).flatMap(Self.text)?.trimmingCharacters(in: .whitespaces).nilIfEmpty
    }

    public func number(_ target: String, defaults: [String]) throws(FeedError) -> Double? {
        guard let value = value(target, defaults: defaults) else { return nil }
        guard let number = Self.number(value) else {
            throw FeedError("\(target) is '\(Self.text(value) ?? value.canonicalText)', not a number; map \(target) to a numeric field")
        }
        return number
    }

    /// A date-time: ISO 8601 text (a date alone is midnight UTC), or Unix seconds or milliseconds.
    public func instant(_ target: String, defaults: [String]) throws(FeedError) -> Instant? {
        guard let value = value(target, defaults: defaults) else { return nil }
        if let instant = Self.instant(value) { return instant }
        throw FeedError("\(target) is '\(Self.text(value) ?? value.canonicalText)', not a date or time; give ISO 8601 (2026-11-20T09:30:00Z) or Unix seconds")
    }

    /// `values[email]` reads an array of name-value pairs (HubSpot's form fields, Zendesk's
    /// custom fields): the `value` of the element whose `name` (or `id`) is `email`; `ids[0]`
    /// the first element of a list.
    static func lookup(_ path: String, in record: [String: JSONValue]) -> JSONValue? {
        if let exact = record[path] { return exact }
        var current: JSONValue = .object(record)
        for var part in path.split(separator: ".") {
            var element: Substring?
            if part.hasSuffix("]"), let open = part.firstIndex(of: "[") {
                element = part[part.index(after: open)..<part.index(before: part.endIndex)]
                part = part[..<open]
            }
            guard case .object(let object) = current else { return nil }
            guard let next = object[String(part)] ?? object.first(where: { $0.key.lowercased() == part.lowercased() })?.value else { return nil }
            current = next
            if let element {
                guard case .array(let list) = current else { return nil }
                if let index = Int(element) {
                    // `associatedCompanyIds[0]`: the first of a list of ids.
                    guard list.indices.contains(index) else { return nil }
                    current = list[index]
                } else {
                    guard let pair = list.first(where: { Self.names($0, element) }), case .object(let found) = pair else { return nil }
                    current = found["value"] ?? .null
                }
            }
        }
        return current
    }

    private static func names(_ pair: JSONValue, _ name: Substring) -> Bool {
        guard case .object(let object) = pair else { return false }
        return [object["name"], object["id"]].contains { $0.flatMap(text)?.lowercased() == name.lowercased() }
    }

    public static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bigInteger(let digits): digits
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number): number
        case .bigInteger(let digits): Double(digits)
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    static func instant(_ value: JSONValue) -> Instant? {
        if let number = number(value) { return epoch(number) }
        guard case .string(let text) = value else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let instant = Instant(iso: trimmed) { return instant }
        if trimmed.count == 10, let day = Day(iso: trimmed) { return Instant(milliseconds: Int64(day.number) * 86_400_000) }
        // "2026-11-20 09:30:00" and "…+00:00" without the T, as some taps write them.
        if trimmed.count >= 19, trimmed.dropFirst(10).first == " " {
            var spaced = trimmed
            spaced.replaceSubrange(spaced.index(spaced.startIndex, offsetBy: 10)...spaced.index(spaced.startIndex, offsetBy: 10), with: "T")
            return Instant(iso: spaced) ?? Instant(iso: spaced + "Z")
        }
        return nil
    }

    /// Seconds or milliseconds since 1970, told apart by size.
    static func epoch(_ number: Double) -> Instant? {
        guard number > 0, number < 1e14 else { return nil }
        return Instant(milliseconds: number < 1e11 ? Int64(number * 1000) : Int64(number))
    }
}

/// Why a raw record cannot feed its part of the client record, said so a person can fix it.
public struct FeedError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
