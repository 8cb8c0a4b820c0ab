/// Checks a JSON value against a JSON Schema: the keywords the OpenAPI document and Singer taps'
/// SCHEMA messages use ($ref, type, properties, required, additionalProperties, items, enum, const,
/// allOf, anyOf, oneOf, not, minimum, maximum, minItems). Written here because no package in the
/// mirror validates instances; formats are not checked. Returns every mismatch with its path.
public struct JSONSchemaCheck: Sendable {
    /// What `$ref`s point into (`#/components/schemas/...`).
    public let document: JSONValue

    public init(document: JSONValue = .null) {
        self.document = document
    }

    public func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        guard case .object(let schema) = schema else { return [] }
        if let ref = schema["$ref"]?.stringValue {
            guard let target = resolve(ref) else { return ["\(path): unresolvable \(ref)"] }
            return problems(value, target, at: path)
        }
        if let type = schema["type"] {
            let types = (type.arrayValue ?? [type]).compactMap(\.stringValue)
            if !types.contains(where: { Self.value(value, is: $0) }) { return ["\(path): \(Self.describe(value)) is not \(types.joined(separator: " or "))"] }
        }
        var found: [String] = []
        if let options = schema["enum"]?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            found.append("\(path): \(Self.describe(value)) is not one of \(options.map(Self.describe).joined(separator: ", "))")
        }
        if let constant = schema["const"], !Self.equal(constant, value) { found.append("\(path): \(Self.describe(value)) is not \(Self.describe(constant))") }
        if let number = value.numberValue {
            if let minimum = schema["minimum"]?.numberValue, number < minimum { found.append("\(path): \(number) is below \(minimum)") }
            if let maximum = schema["maximum"]?.numberValue, number > maximum { found.append("\(path): \(number) is above \(maximum)") }
        }
        if case .object(let object) = value {
            let properties = schema["properties"]?.objectValue ?? [:]
            for name in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue) where object[name] == nil {
                found.append("\(path): '\(name)' is missing")
            }
            for (name, item) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[name] {
                    found += problems(item, property, at: "\(path).\(name)")
                } else if case .bool(false)? = schema["additionalProperties"] {
                    found.append("\(path): '\(name)' is not in the schema")
                } else if case .object? = schema["additionalProperties"] {
                    found += problems(item, schema["additionalProperties"]!, at: "\(path).\(name)")
                }
            }
        }
        if case .array(let array) = value {
            if let minimum = schema["minItems"]?.numberValue, Double(array.count) < minimum { found.append("\(path): fewer than \(Int(minimum)) items") }
            if let items = schema["items"] {
                for (index, item) in array.enumerated() { found += problems(item, items, at: "\(path)[\(index)]") }
            }
        }
        for part in schema["allOf"]?.arrayValue ?? [] { found += problems(value, part, at: path) }
        if let options = schema["anyOf"]?.arrayValue, !options.contains(where: { problems(value, $0, at: path).isEmpty }) {
            found.append("\(path): \(Self.describe(value)) matches none of anyOf")
        }
        if let options = schema["oneOf"]?.arrayValue, options.filter({ problems(value, $0, at: path).isEmpty }).count != 1 {
            found.append("\(path): \(Self.describe(value)) does not match exactly one of oneOf")
        }
        if let not = schema["not"], problems(value, not, at: path).isEmpty { found.append("\(path): \(Self.describe(value)) matches a schema it must not") }
        return found
    }

    /// `#/components/schemas/Account` → that schema.
    public func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in ref.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number), ("number", .bigInteger),
            ("integer", .bigInteger):
            true
        case ("integer", .number(let number)): number == number.rounded()
        default: false
        }
    }

    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.numberValue, let y = b.numberValue { return x == y }
        return a == b
    }

    static func describe(_ value: JSONValue) -> String {
        let text = value.canonicalText
        return text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}

extension JSONValue {
    public var arrayValue: [JSONValue]? { if case .array(let values) = self { values } else { nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let object) = self { object } else { nil } }
}
