/// One line of the Singer protocol, as a tap writes it to stdout (Singer specification v0.3.0).
/// Only SCHEMA, RECORD, STATE and ACTIVATE_VERSION carry data; BATCH (a singer-sdk extension that
/// points at files) is refused with a sentence rather than read half.
public enum SingerMessage: Sendable, Hashable {
    case schema(stream: String, schema: JSONValue, keyProperties: [String], bookmarkProperties: [String])
    case record(stream: String, record: [String: JSONValue], version: Int?)
    case state(JSONValue)
    case activateVersion(stream: String, version: Int)

    /// What is wrong with a line, with the line number, so that a broken tap is named precisely.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var reason: String

        public var description: String { "line \(line): \(reason)" }
    }

    /// Reads one line. Blank lines are nil (some taps end with one).
    public static func parse(_ text: some StringProtocol, line: Int) throws(Problem) -> SingerMessage? {
        if text.allSatisfy(\.isWhitespace) { return nil }
        let value: JSONValue
        do {
            value = try JSONParser.parse(String(text))
        } catch {
            throw Problem(line: line, reason: "not JSON (\(error.description)); a tap writes one JSON message per line on stdout and its logs on stderr")
        }
        guard case .object(let object) = value else { throw Problem(line: line, reason: "a Singer message is a JSON object, not \(value.kindName)") }
        guard let type = object["type"]?.stringValue else { throw Problem(line: line, reason: "the message has no \"type\"") }
        func stream() throws(Problem) -> String {
            guard let name = object["stream"]?.stringValue, !name.isEmpty else { throw Problem(line: line, reason: "\(type) has no \"stream\"") }
            return name
        }
        func strings(_ key: String) throws(Problem) -> [String] {
            guard let field = object[key], field != .null else { return [] }
            guard case .array(let items) = field, let names = Optional(items.compactMap(\.stringValue)), names.count == items.count else {
                throw Problem(line: line, reason: "\(type).\(key) must be a list of property names")
            }
            return names
        }
        switch type {
        case "SCHEMA":
            guard let schema = object["schema"], case .object = schema else { throw Problem(line: line, reason: "SCHEMA has no \"schema\" object") }
            guard object["key_properties"] != nil else {
                throw Problem(line: line, reason: "SCHEMA for \(try stream()) has no \"key_properties\" (the specification requires it, [] when there is none)")
            }
            return .schema(
                stream: try stream(), schema: schema, keyProperties: try strings("key_properties"), bookmarkProperties: try strings("bookmark_properties"))
        case "RECORD":
            guard case .object(let record)? = object["record"] else { throw Problem(line: line, reason: "RECORD for \(try stream()) has no \"record\" object") }
            return .record(stream: try stream(), record: record, version: object["version"]?.numberValue.map { Int($0) })
        case "STATE":
            guard let value = object["value"] else { throw Problem(line: line, reason: "STATE has no \"value\"") }
            return .state(value)
        case "ACTIVATE_VERSION":
            guard let version = object["version"]?.numberValue else { throw Problem(line: line, reason: "ACTIVATE_VERSION has no \"version\"") }
            return .activateVersion(stream: try stream(), version: Int(version))
        case "BATCH":
            throw Problem(line: line, reason: "BATCH messages (records in files) are not read; run the tap without batch_config so it writes RECORD messages")
        default:
            throw Problem(line: line, reason: "unknown message type '\(type)'; Singer has SCHEMA, RECORD, STATE and ACTIVATE_VERSION")
        }
    }
}

extension JSONValue {
    /// "a string", "a list", … for messages about a value of the wrong kind.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number, .bigInteger: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
