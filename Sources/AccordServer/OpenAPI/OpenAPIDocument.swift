import Foundation
import Synchronization
import Yams

/// The OpenAPI 3.1 description of every JSON route, served at /openapi.json. It is written once,
/// in `openapi.yaml` beside this file (embedded in the binary at build time); the answers every
/// credentialed route shares (401, 403, 429) are added from the route registry as it is served,
/// so a new route cannot forget them. Tests compare its paths with the registered routes and its
/// schemas with the bodies the handlers return; schemathesis checks the running server against it.
final class OpenAPIDocument: Sendable {
    private let registry: RouteRegistry
    private let cache = Mutex<String?>(nil)

    init(registry: RouteRegistry) {
        self.registry = registry
    }

    /// The document as JSON, built on the first request (when every route is registered).
    var json: String {
        cache.withLock { cached in
            if let cached { return cached }
            let text = Self.render(Self.document(), routes: registry.routes)
            cached = text
            return text
        }
    }

    /// The YAML as written, read with Yams' resolver but for timestamps (a date stays the text it is).
    static func document() -> [String: Any] {
        let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
        do {
            guard let document = try Yams.load(yaml: yaml, Resolver.default.removing(.timestamp)) as? [String: Any] else {
                preconditionFailure("the built-in OpenAPI document is not a mapping")
            }
            return document
        } catch {
            preconditionFailure("the built-in OpenAPI document must be valid YAML: \(error)")
        }
    }

    static let shared: [String: [String: String]] = [
        "401": ["$ref": "#/components/responses/Unauthorized"],
        "403": ["$ref": "#/components/responses/Forbidden"],
        "429": ["$ref": "#/components/responses/TooManyRequests"],
    ]

    static func render(_ document: [String: Any], routes: [RouteInfo]) -> String {
        var document = document
        var paths = document["paths"] as? [String: Any] ?? [:]
        for route in routes where !route.isPage && route.requirement != .open && route.requirement != .writeKey {
            let method = route.method.lowercased()
            guard var item = paths[route.path] as? [String: Any], var operation = item[method] as? [String: Any] else { continue }
            var responses = operation["responses"] as? [String: Any] ?? [:]
            for (status, response) in shared where responses[status] == nil { responses[status] = response }
            operation["responses"] = responses
            item[method] = operation
            paths[route.path] = item
        }
        document["paths"] = paths
        do {
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        } catch {
            preconditionFailure("the built-in OpenAPI document must be JSON: \(error)")
        }
    }
}
