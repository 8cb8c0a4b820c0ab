import AccordApp
import AccordCore
import AccordServer
import AccordStore
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

    @Test("every GET route's answer on a demo company matches the schema the document gives for its status")
    func answersMatchTheirSchemas() async throws {
        let (app, store, registry) = try await makeAccessServer()
        let accounts = try await store.accounts(AccountQuery(limit: 500)).accounts
        let handoff = try #require(try await store.handoffs(HandoffQuery(limit: 1)).first)
        let model = try #require(SpecTemplate.defaultSpec.outcomeModels.first?.id)
        let (documentText, metrics) = try await app.test(.router) { client in
            let text = try await client.execute(uri: "/openapi.json", method: .get) { String(buffer: $0.body) }
            let ids = try await client.execute(uri: "/api/v1/dashboard", method: .get, headers: bearer(.admin)) { response in
                ((try json(response.body)["metrics"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            }
            return (text, ids)
        }
        let document = try JSONParser.parse(documentText)
        let check = JSONSchemaCheck(document: document)
        var asks: [(route: RouteInfo, uri: String)] = []
        for route in registry.routes where route.method == "GET" && !route.isPage {
            let path = route.path
            if path.contains("{id}") {
                let ids: [String] =
                    path.hasPrefix("/api/v1/accounts/")
                    ? [accounts[0].id, accounts[1].id, "acc_missing"]
                    : path.contains("handoffs")
                        ? [handoff.id, "hnd_missing"]
                        : path.contains("metrics")
                            ? metrics + ["no_such_metric"]
                            : [model, "no_such_model"]
                asks += ids.map { (route, path.replacingOccurrences(of: "{id}", with: $0)) }
            } else {
                asks.append((route, path))
            }
        }
        asks += registry.routes.filter { $0.path == "/api/v1/accounts" && $0.method == "GET" }.map { ($0, "/api/v1/accounts?limit=0") }
        #expect(asks.count > 40, "the walk covers the registry")
        let walk = asks
        let checked = try await app.test(.router) { client in
            var checked = 0
            for (route, uri) in walk {
                try await client.execute(uri: uri, method: .get, headers: bearer(.admin)) { response in
                    guard response.headers[.contentType]?.hasPrefix("application/json") == true else { return }
                    var answer = document["paths"]?[route.path]?["get"]?["responses"]?[String(response.status.code)]
                    if let ref = answer?["$ref"]?.stringValue { answer = check.resolve(ref) }
                    guard let schema = answer?["content"]?["application/json"]?["schema"] else {
                        Issue.record("GET \(uri) answered \(response.status.code), which the document does not describe with a JSON schema")
                        return
                    }
                    let body = try JSONParser.parse(String(buffer: response.body))
                    for problem in check.problems(body, schema).prefix(5) { Issue.record("GET \(uri) (\(response.status.code)): \(problem)") }
                    checked += 1
                }
            }
            return checked
        }
        #expect(checked > 40)
    }

    @Test("the metric ids the document lists are the catalog's, but for the two with reports of their own")
    func metricIDsFollowTheCatalog() async throws {
        let (app, _, _) = try await makeAccessServer()
        let document = try await app.test(.router) { client in try await client.execute(uri: "/openapi.json", method: .get) { try json($0.body) } }
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let get = try #require(paths["/api/v1/metrics/{id}"]?["get"] as? [String: Any])
        let parameters = try #require(get["parameters"] as? [[String: Any]])
        let listed = try #require((parameters.first?["schema"] as? [String: Any])?["enum"] as? [String])
        #expect(listed == MetricCatalog.ids.filter { !["handoff_sla", "outcome_attainment"].contains($0) })
    }
}
