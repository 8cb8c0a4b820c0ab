import Yams

/// Collects what the parser finds: problems, and where every value sits (by path such as
/// `handoffs[1].from.owner`) so later cross-reference checks can point at the right line.
final class ParseLog {
    var diagnostics: [Diagnostic] = []
    var locations: [String: SourceLocation] = [:]
    /// For each list, the paths of the items that parsed, so model index i maps back to its lines.
    var kept: [String: [String]] = [:]

    func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location, message))
    }

    func warning(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.warning, at: location, message))
    }
}

extension Node {
    var location: SourceLocation {
        guard let mark else { return SourceLocation(line: 1, column: 1) }
        return SourceLocation(line: mark.line, column: mark.column)
    }

    var isNull: Bool {
        guard case let .scalar(scalar) = self else { return false }
        return scalar.tag == Tag(.null) || (scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string))
    }

    var kindName: String {
        switch self {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// Reads one YAML mapping, reporting wrong types and unknown keys instead of stopping.
struct MapReader {
    let mapping: Node.Mapping
    let path: String
    let location: SourceLocation
    let log: ParseLog

    init?(_ node: Node, path: String, log: ParseLog, what: String) {
        guard case let .mapping(mapping) = node else {
            log.error(node.location, "\(what) must be a mapping of keys to values, got \(node.kindName)")
            return nil
        }
        self.mapping = mapping
        self.path = path
        self.location = node.location
        self.log = log
        log.locations[path] = node.location
    }

    private func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Every key not in `allowed` is an error, with the nearest allowed key as a hint.
    func allowOnly(_ allowed: [String]) {
        for (key, _) in mapping {
            let name = key.string ?? ""
            if !allowed.contains(name) {
                log.error(key.location, "unknown key '\(name)' in \(path.isEmpty ? "the spec" : path)\(hint(name, allowed))")
            }
        }
    }

    func node(_ key: String) -> Node? {
        for (k, v) in mapping where k.string == key {
            log.locations[child(key)] = v.location
            return v.isNull ? nil : v
        }
        return nil
    }

    func has(_ key: String) -> Bool { node(key) != nil }

    private func missing(_ key: String) {
        log.error(location, "\(path.isEmpty ? "the spec" : path) is missing required key '\(key)'")
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard case let .scalar(scalar) = value else {
            log.error(value.location, "\(child(key)) must be text, got \(value.kindName)")
            return nil
        }
        if scalar.string.trimmingCharacters(in: .whitespaces).isEmpty {
            log.error(value.location, "\(child(key)) must not be empty")
            return nil
        }
        return scalar.string
    }

    func double(_ key: String, required: Bool = false) -> Double? {
        guard let value = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard case let .scalar(scalar) = value, let number = Double(scalar.string.replacingOccurrences(of: "_", with: "")), number.isFinite else {
            log.error(value.location, "\(child(key)) must be a number, got \(value.kindName)")
            return nil
        }
        return number
    }

    func int(_ key: String, required: Bool = false) -> Int? {
        guard let value = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard case let .scalar(scalar) = value, let number = Int(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            log.error(value.location, "\(child(key)) must be a whole number, got \(value.kindName)")
            return nil
        }
        return number
    }

    func bool(_ key: String) -> Bool? {
        guard let value = node(key) else { return nil }
        guard case let .scalar(scalar) = value, let flag = Bool(scalar.string.lowercased()) else {
            log.error(value.location, "\(child(key)) must be true or false, got \(value.kindName)")
            return nil
        }
        return flag
    }

    /// A value from a closed set, with the allowed values in the error.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type, required: Bool = false) -> T? where T.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map(\.rawValue)
        log.error(log.locations[child(key)]!, "\(child(key)) '\(text)' is not one of \(allowed.joined(separator: ", "))\(hint(text, allowed))")
        return nil
    }

    /// A list of text values; a single scalar counts as a list of one.
    func strings(_ key: String, required: Bool = false) -> [String]? {
        guard let value = node(key) else {
            if required { missing(key) }
            return nil
        }
        switch value {
        case .scalar(let scalar):
            return [scalar.string]
        case .sequence(let sequence):
            var result: [String] = []
            for (index, item) in sequence.enumerated() {
                log.locations["\(child(key))[\(index)]"] = item.location
                guard case let .scalar(scalar) = item else {
                    log.error(item.location, "\(child(key))[\(index)] must be text, got \(item.kindName)")
                    continue
                }
                result.append(scalar.string)
            }
            return result
        default:
            log.error(value.location, "\(child(key)) must be a list, got \(value.kindName)")
            return nil
        }
    }

    func map(_ key: String, required: Bool = false) -> MapReader? {
        guard let value = node(key) else {
            if required { missing(key) }
            return nil
        }
        return MapReader(value, path: child(key), log: log, what: child(key))
    }

    /// The items of a list of mappings, each with its path.
    func list(_ key: String, required: Bool = false) -> [MapReader] {
        guard let value = node(key) else {
            if required { missing(key) }
            return []
        }
        guard case let .sequence(sequence) = value else {
            log.error(value.location, "\(child(key)) must be a list, got \(value.kindName)")
            return []
        }
        return sequence.enumerated().compactMap { index, item in
            MapReader(item, path: "\(child(key))[\(index)]", log: log, what: "\(child(key))[\(index)]")
        }
    }

    /// Parses each item of a list, remembering which file item each kept value came from.
    func items<T>(_ key: String, required: Bool = false, _ parse: (MapReader) -> T?) -> [T] {
        var paths: [String] = []
        let result = list(key, required: required).compactMap { reader -> T? in
            guard let value = parse(reader) else { return nil }
            paths.append(reader.path)
            return value
        }
        log.kept[child(key)] = paths
        return result
    }

    /// The entries of a mapping whose keys are names (event properties, payload fields).
    func entries(_ key: String) -> [(name: String, reader: MapReader)] {
        guard let inner = map(key) else { return [] }
        return inner.mapping.compactMap { k, v in
            let name = k.string ?? ""
            inner.log.locations["\(inner.path).\(name)#key"] = k.location
            return MapReader(v, path: "\(inner.path).\(name)", log: inner.log, what: "\(inner.path).\(name)").map { (name, $0) }
        }
    }

    func locationOf(_ key: String) -> SourceLocation {
        log.locations[child(key)] ?? location
    }
}
