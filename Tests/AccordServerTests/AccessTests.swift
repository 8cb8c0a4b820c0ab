import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Who may call each route: the README's permission matrix, written out independently of the code.
let expectedRoles: [String: Set<Person.Role>] = {
    let everyone = Set(Person.Role.allCases)
    return [
        "GET /api/v1/accounts": everyone, "GET /api/v1/accounts/{id}": everyone, "GET /api/v1/accounts/{id}/identities": everyone,
        "GET /api/v1/accounts/{id}/scorecard": everyone, "GET /api/v1/headline": everyone,
        "GET /api/v1/events": everyone, "GET /api/v1/failed-events": everyone, "GET /api/v1/violations": everyone,
        "GET /api/v1/spec": everyone, "GET /api/v1/me": everyone, "GET /api/v1/people": everyone,
        "GET /": everyone, "GET /accounts/{id}": everyone, "POST /sign-out": everyone,
        "GET /api/v1/audit": [.admin, .revops, .itPartner, .leader], "GET /audit": [.admin, .revops, .itPartner, .leader],
        "GET /api/v1/tokens": [.admin], "POST /api/v1/tokens": [.admin], "DELETE /api/v1/tokens/{id}": [.admin],
        "PUT /api/v1/people/{id}/password": [.admin],
        "GET /api/v1/identity-reviews": everyone, "POST /api/v1/identity-reviews/{id}": [.revops, .itPartner],
        "GET /api/v1/webhooks": [.revops, .itPartner], "POST /api/v1/webhooks": [.revops, .itPartner], "DELETE /api/v1/webhooks/{id}": [.revops, .itPartner],
        "GET /api/v1/webhooks/deliveries": [.revops, .itPartner],
        "GET /api/v1/reports/triage": everyone, "GET /api/v1/reports/sla": everyone, "GET /api/v1/reports/outcome-validation": everyone,
        "GET /api/v1/reports/portfolio": everyone, "GET /api/v1/reports/adoption": everyone,
        "GET /api/v1/outcome-models": everyone, "POST /api/v1/outcome-models": [.revops, .itPartner], "GET /api/v1/outcome-models/{id}/diff": everyone,
        "POST /api/v1/reports/triage/notes": [.leader, .manager, .csManager, .revops],
        "GET /api/v1/dashboard": everyone, "GET /api/v1/metrics/{id}": everyone, "GET /api/v1/metrics/{id}/accounts": everyone,
        "GET /dashboard": everyone, "GET /metrics/{id}": everyone, "GET /metrics/{id}/accounts": everyone,
        "GET /api/v1/renewals": everyone, "GET /renewals": everyone, "GET /data-quality": everyone,
        "GET /outcome-models": everyone, "POST /outcome-models": [.revops, .itPartner], "GET /reports/outcome-validation": everyone,
        "GET /handoffs/{id}": everyone, "GET /outcomes": everyone, "GET /reports/triage": everyone,
        "POST /reports/triage/notes": [.leader, .manager, .csManager, .revops],
        "GET /api/v1/handoffs": everyone, "GET /api/v1/handoffs/{id}": everyone, "GET /api/v1/handoffs/draft": everyone,
        "GET /api/v1/merges": everyone, "POST /api/v1/merges": [.revops, .itPartner], "POST /api/v1/merges/{id}/undo": [.revops, .itPartner],
        "GET /api/v1/sources": [.revops, .itPartner], "POST /api/v1/sources/{id}/rotate": [.revops, .itPartner],
        "POST /api/v1/sources/{id}/sync": [.revops, .itPartner], "GET /api/v1/sync-runs": everyone,
        "GET /metrics": [.admin, .revops, .itPartner, .leader],
        // Deciding a task and switching a play depend on who asks (the task's owner, the CS leader): signed-in routes, tested in PlayAPITests.
        "GET /api/v1/tasks": everyone, "GET /api/v1/tasks/{id}": everyone, "GET /api/v1/reports/plays": everyone, "GET /api/v1/plays": everyone,
        "GET /api/v1/plays/{id}": everyone, "GET /api/v1/plays/{id}/backtest": everyone, "GET /today": everyone, "GET /plays": everyone,
        "GET /plays/{id}": everyone,
        // Working a save case depends on who asks (its owner, the offer's approver): signed-in routes, tested in SaveCaseAPITests.
        "GET /api/v1/save-cases": everyone, "GET /api/v1/save-cases/{id}": everyone, "GET /save-cases": everyone, "GET /save-cases/{id}": everyone,
        "GET /api/v1/reports/concessions": everyone, "GET /reports/concessions": everyone, "GET /api/v1/win-back": everyone, "GET /win-back": everyone,
        "GET /api/v1/win-back/campaigns": everyone, "GET /api/v1/win-back/campaigns/{id}": everyone, "GET /win-back/campaigns": everyone,
        "GET /win-back/campaigns/{id}": everyone, "GET /api/v1/reports/win-back": everyone, "GET /reports/win-back": everyone,
        "GET /api/v1/program": everyone, "GET /program": everyone, "GET /program/artifacts": everyone, "GET /program/artifacts/{id}": everyone,
        "GET /program/artifacts/{id}/markdown": everyone, "GET /api/v1/reviews/monthly": everyone, "GET /reviews/monthly": everyone,
        "GET /api/v1/reviews/quarterly": everyone, "GET /reviews/quarterly": everyone, "GET /api/v1/rituals": everyone, "GET /api/v1/meetings": everyone,
        "POST /api/v1/meetings": [.leader, .revops, .itPartner], "GET /reviews": everyone, "POST /reviews/meetings": [.leader, .revops, .itPartner],
        "GET /api/v1/accounts/{id}/review": everyone, "GET /accounts/{id}/review": everyone,
        "GET /api/v1/proposals": everyone, "POST /api/v1/proposals": [.revops, .itPartner],
        "GET /api/v1/accounts/{id}/health": everyone, "GET /api/v1/reports/health-validation": everyone, "GET /reports/health-validation": everyone,
    ]
}()

func concrete(_ path: String) -> String {
    path.replacingOccurrences(of: "{id}", with: "acc_missing")
}

@Suite("Access: roles, tokens, sessions, CSRF, limits, audit")
struct AccessTests {
    @Test("every route answers every role as the permission matrix says: 401 without credentials, 403 out of scope")
    func permissionMatrix() async throws {
        let (app, _, registry) = try await makeAccessServer()
        let guarded = registry.routes.filter { if case .allowed = $0.requirement { true } else { false } }
        let names = Set(guarded.map { "\($0.method) \($0.path)" })
        #expect(names == Set(expectedRoles.keys), "every guarded route is in the matrix, and only those")
        try await app.test(.router) { client in
            for route in guarded {
                let method = HTTPRequest.Method(route.method)!
                let body = ByteBuffer(string: "{}")
                let type: HTTPFields = [.contentType: route.isPage ? "application/x-www-form-urlencoded" : "application/json"]
                try await client.execute(uri: concrete(route.path), method: method, headers: type, body: route.isPage ? ByteBuffer() : body) { response in
                    if route.isPage {
                        #expect(
                            response.status == .seeOther && response.headers[.location]?.hasPrefix("/sign-in") == true,
                            "\(route.method) \(route.path) anonymous")
                    } else {
                        #expect(response.status == .unauthorized, "\(route.method) \(route.path) anonymous")
                        #expect(response.headers[.wwwAuthenticate] != nil)
                    }
                }
                for role in Person.Role.allCases {
                    var headers = bearer(role)
                    headers[.contentType] = route.isPage ? "application/x-www-form-urlencoded" : "application/json"
                    try await client.execute(uri: concrete(route.path), method: method, headers: headers, body: route.isPage ? ByteBuffer() : body) {
                        response in
                        let allowed = expectedRoles["\(route.method) \(route.path)"]?.contains(role) == true
                        if allowed {
                            #expect(
                                ![.unauthorized, .forbidden].contains(response.status), "\(role.rawValue) \(route.method) \(route.path): \(response.status)")
                        } else {
                            #expect(response.status == .forbidden, "\(role.rawValue) \(route.method) \(route.path): \(response.status)")
                        }
                    }
                }
            }
        }
    }

    @Test("a bad or missing token is a 401 that says what to do")
    func badTokens() async throws {
        let (app, _, _) = try await makeAccessServer()
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/accounts", method: .get, headers: [.authorization: "Bearer acc_wrong"]) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("accord token create"))
            }
            try await client.execute(uri: "/api/v1/accounts?token=acc_test_admin", method: .get) { response in
                #expect(response.status == .unauthorized, "a secret in the URL is never accepted")
            }
        }
    }

    @Test("with own_book_only, a CSM sees only the accounts they own")
    func book() async throws {
        var spec = SpecTemplate.defaultSpec
        spec.access.ownBookOnly = [.csManager]
        let (app, store, _) = try await makeAccessServer(spec: spec)
        let token = Tokens.make(role: .csManager, personID: "noah.adeyemi", label: "noah", createdBy: "test", at: .now)
        try await store.saveToken(token.token, audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "token.created", target: "t"))
        let all = try await store.accounts(AccountQuery(limit: 500)).accounts
        let mine = all.filter { $0.ownerCS == "noah.adeyemi" }
        let other = try #require(all.first { $0.ownerCS != "noah.adeyemi" })
        #expect(!mine.isEmpty)
        let headers: HTTPFields = [.authorization: "Bearer \(token.secret)"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/accounts?limit=500", method: .get, headers: headers) { response in
                let body = try json(response.body)
                let ids = (body["accounts"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                #expect(Set(ids ?? []) == Set(mine.map(\.id)))
            }
            try await client.execute(uri: "/api/v1/accounts/\(other.id)", method: .get, headers: headers) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/accounts/\(mine[0].id)", method: .get, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/events", method: .get, headers: headers) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/events?account=\(mine[0].id)", method: .get, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/accounts/\(other.id)", method: .get, headers: headers) { #expect($0.status == .forbidden) }
            // Everyone else still reads everything.
            try await client.execute(uri: "/api/v1/accounts/\(other.id)", method: .get, headers: viewer) { #expect($0.status == .ok) }
        }
    }

    @Test("tokens: created over the API with the secret shown once, used, revoked, then refused")
    func tokenLifecycle() async throws {
        let (app, store, _) = try await makeAccessServer()
        try await app.test(.router) { client in
            let created = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(.admin).merging([.contentType: "application/json"]),
                body: ByteBuffer(string: #"{"role": "revops", "person": "priya.raman@northwind.example", "label": "sync job"}"#)
            ) { response in
                #expect(response.status == .created)
                return try json(response.body)
            }
            let secret = try #require(created["token"] as? String)
            let id = try #require(created["id"] as? String)
            #expect(created["person"] as? String == "priya.raman")
            let headers: HTTPFields = [.authorization: "Bearer \(secret)"]
            try await client.execute(uri: "/api/v1/me", method: .get, headers: headers) { response in
                let me = try json(response.body)
                #expect(me["role"] as? String == "revops" && me["function"] as? String == "revops")
            }
            #expect(try await store.tokens().first { $0.id == id }?.lastUsedAt != nil, "last use is recorded")
            try await client.execute(uri: "/api/v1/tokens", method: .get, headers: bearer(.admin)) { response in
                #expect(!String(buffer: response.body).contains(secret), "lists never show a secret")
            }
            try await client.execute(uri: "/api/v1/tokens/\(id)", method: .delete, headers: bearer(.admin)) { response in
                #expect(response.status == .ok)
                let revoked = try json(response.body)
                #expect(revoked["revoked_at"] as? String != nil)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("revoked"))
            }
            try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(.admin).merging([.contentType: "application/json"]),
                body: ByteBuffer(string: #"{"role": "superuser"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("is not one of leader"))
            }
        }
    }

    @Test("bodies of the wrong type are refused with 415")
    func contentTypes() async throws {
        let (app, _, _) = try await makeAccessServer()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(.admin).merging([.contentType: "text/plain"]), body: ByteBuffer(string: "role=admin")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(String(buffer: response.body).contains("application/json"))
            }
            try await client.execute(
                uri: "/v1/batch", method: .post, headers: [.authorization: basicProduct, .contentType: "application/xml"], body: ByteBuffer(string: "<batch/>")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
                let answer = try json(response.body)
                #expect(answer["success"] as? Bool == false)
            }
        }
    }

    @Test("bodies over their limit are refused with 413 before anything changes")
    func sizeLimits() async throws {
        let (app, store, _) = try await makeAccessServer()
        let before = try await store.tokens().count
        try await app.test(.router) { client in
            let huge = #"{"role": "viewer", "label": ""# + String(repeating: "x", count: 70_000) + #""}"#
            try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(.admin).merging([.contentType: "application/json"]), body: ByteBuffer(string: huge)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("65,536 bytes"))
            }
        }
        #expect(try await store.tokens().count == before)
    }

    @Test("each caller has its own rate: over it, 429 with Retry-After; others are not affected")
    func rateLimits() async throws {
        var limits = ServerConfiguration.Limits()
        // Slow enough that no token comes back while the test runs, however busy the machine.
        limits.requestsPerSecond = 0.001
        limits.burst = 3
        let (app, _, _) = try await makeAccessServer(limits: limits)
        try await app.test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/api/v1/headline", method: .get, headers: viewer) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/api/v1/headline", method: .get, headers: viewer) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
            }
            try await client.execute(uri: "/api/v1/headline", method: .get, headers: bearer(.leader)) { #expect($0.status == .ok) }
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var result = self
        for field in other { result[field.name] = field.value }
        return result
    }
}
