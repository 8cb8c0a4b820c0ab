import AccordApp
import AccordCore
import Hummingbird
import NIOCore
import Yams

/// `/openapi.json`: the OpenAPI 3.1 document of the JSON API, written in YAML in the source
/// (OpenAPIDocument.swift) and served as JSON.
struct OpenAPIController {
    let registry: RouteRegistry

    static let json: String = {
        do {
            guard let node = try Yams.compose(yaml: OpenAPIDocument.yaml) else { preconditionFailure("the OpenAPI document is empty") }
            return JSONValue(yaml: node).canonicalText
        } catch {
            preconditionFailure("the built-in OpenAPI document must be valid YAML: \(error)")
        }
    }()

    func add(to routes: GuardedRoutes) {
        routes.get("/openapi.json", .open) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: Self.json)))
        }
    }
}

extension JSONValue {
    /// YAML to JSON for the OpenAPI document: plain scalars that read as numbers or booleans
    /// become those, quoted ones stay text (so `'200':` is a key, `200` a number).
    init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if scalar.string == "true" { self = .bool(true); return }
                if scalar.string == "false" { self = .bool(false); return }
                if scalar.string == "null" || scalar.string == "~" { self = .null; return }
                if let number = Double(scalar.string), scalar.string.first.map({ $0.isNumber || $0 == "-" }) == true { self = .number(number); return }
            }
            self = .string(scalar.string)
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.string ?? ""] = JSONValue(yaml: value) }
            self = .object(object)
        case .sequence(let sequence):
            self = .array(sequence.map { JSONValue(yaml: $0) })
        case .alias:
            self = .null
        }
    }
}
