import AccordApp
import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("every JSON route the server registers is in /openapi.json with its method, and nothing else is")
    func routesMatchTheDocument() async throws {
        let (app, _, registry) = try await makeAccessServer()
        let document = try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                return try json(response.body)
            }
        }
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let components = try #require(document["components"] as? [String: Any])
        let pathItems = components["pathItems"] as? [String: [String: Any]] ?? [:]
        var documented: Set<String> = []
        for (path, item) in paths {
            var operations = item
            if let ref = item["$ref"] as? String, let name = ref.split(separator: "/").last {
                operations = pathItems[String(name)] ?? [:]
            }
            for method in operations.keys where ["get", "post", "put", "delete", "patch"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let served = Set(registry.routes.filter { !$0.isPage }.map { "\($0.method) \($0.path)" })
        #expect(served.subtracting(documented).isEmpty, "routes missing from the document: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented routes the server lacks: \(documented.subtracting(served).sorted())")
    }

    @Test("operations that need credentials document 401, 403 and 429; open ones declare no security")
    func securityIsDocumented() async throws {
        let (app, _, registry) = try await makeAccessServer()
        let document = try await app.test(.router) { client in try await client.execute(uri: "/openapi.json", method: .get) { try json($0.body) } }
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for route in registry.routes where !route.isPage {
            if route.requirement == .open || route.requirement == .writeKey { continue }
            let operation = try #require(paths[route.path]?[route.method.lowercased()] as? [String: Any], "\(route.method) \(route.path)")
            let responses = try #require(operation["responses"] as? [String: Any])
            #expect(Set(["401", "403", "429"]).isSubset(of: Set(responses.keys)), "\(route.method) \(route.path)")
            #expect(operation["security"] == nil, "\(route.method) \(route.path) uses the document's bearer/session security")
        }
        for path in ["/health", "/openapi.json"] {
            let operation = try #require(paths[path]?["get"] as? [String: Any])
            #expect((operation["security"] as? [Any])?.isEmpty == true)
        }
    }
}
