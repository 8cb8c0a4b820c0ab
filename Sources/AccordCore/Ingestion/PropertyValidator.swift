import Foundation
import Synchronization

/// Checks a JSON value against the spec's JSON-Schema subset, returning every violation with
/// its path: `properties.mrr: expected number, got string`.
public enum PropertyValidator {
    public static func validate(_ properties: JSONValue, against schemas: [String: PropertySchema], path: String) -> [String] {
        guard case let .object(object) = properties else { return ["\(path): expected object, got \(properties.typeName)"] }
        var problems: [String] = []
        for name in schemas.keys.sorted() {
            let schema = schemas[name]!
            let fieldPath = "\(path).\(name)"
            guard let value = object[name], value != .null else {
                if schema.required { problems.append("\(fieldPath): required") }
                continue
            }
            problems += validate(value, against: schema, path: fieldPath)
        }
        return problems
    }

    /// Patterns compiled once each rather than on every event that carries the property: a
    /// spec names few, and NSRegularExpression is immutable and safe to share across threads.
    private static let patterns = Mutex<[String: NSRegularExpression]>([:])

    private static func compiled(_ pattern: String) -> NSRegularExpression? {
        if let regex = patterns.withLock({ $0[pattern] }) { return regex }
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        patterns.withLock { cache in
            // Specs change rarely; a bound keeps a long-lived server from holding every pattern it ever saw.
            if cache.count >= 1_000 { cache.removeAll() }
            cache[pattern] = regex
        }
        return regex
    }

    public static func validate(_ value: JSONValue, against schema: PropertySchema, path: String) -> [String] {
        switch (schema.type, value) {
        case (.string, .string(let text)):
            var problems: [String] = []
            if let allowed = schema.enumValues, !allowed.contains(text) {
                problems.append("\(path): '\(text)' is not one of \(allowed.joined(separator: ", "))")
            }
            if let minimum = schema.minLength, text.count < minimum {
                problems.append("\(path): \(text.count) characters, at least \(minimum) expected")
            }
            if let maximum = schema.maxLength, text.count > maximum {
                problems.append("\(path): \(text.count) characters, at most \(maximum) allowed")
            }
            if let pattern = schema.pattern, let regex = compiled(pattern),
                regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil
            {
                problems.append("\(path): '\(text)' does not match the pattern \(pattern)")
            }
            return problems
        case (.number, .number(let number)):
            return bounds(number, schema, path)
        case (.integer, .number(let number)):
            guard number.rounded() == number else { return ["\(path): expected a whole number, got \(JSONValue.number(number).canonicalText)"] }
            return bounds(number, schema, path)
        case (.number, .bigInteger(let digits)), (.integer, .bigInteger(let digits)):
            return bounds(Double(digits) ?? 0, schema, path)
        case (.boolean, .bool):
            return []
        case (.array, .array(let items)):
            var problems: [String] = []
            if let minimum = schema.minItems, items.count < minimum {
                problems.append("\(path): \(items.count) item\(items.count == 1 ? "" : "s"), at least \(minimum) expected")
            }
            if let itemSchema = schema.items?.value {
                for (index, item) in items.enumerated() { problems += validate(item, against: itemSchema, path: "\(path)[\(index)]") }
            }
            return problems
        case (.object, .object):
            return validate(value, against: schema.properties ?? [:], path: path)
        default:
            return ["\(path): expected \(schema.type.rawValue), got \(value.typeName)"]
        }
    }

    private static func bounds(_ number: Double, _ schema: PropertySchema, _ path: String) -> [String] {
        let text = JSONValue.number(number).canonicalText
        if let minimum = schema.minimum, number < minimum { return ["\(path): \(text) is below the minimum \(JSONValue.number(minimum).canonicalText)"] }
        if let maximum = schema.maximum, number > maximum { return ["\(path): \(text) is above the maximum \(JSONValue.number(maximum).canonicalText)"] }
        return []
    }
}

extension JSONValue {
    /// The JSON-Schema name of this value's type, for messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let number): number.rounded() == number ? "integer" : "number"
        case .bigInteger: "integer"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
