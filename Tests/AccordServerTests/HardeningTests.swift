import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// What was found when Accord was tried from outside: each answer here was wrong once.
@Suite("Hardening: answers to an attacker and a careless client")
struct HardeningTests {
    /// The access server where grace.kim (CS leader) has a password.
    static func graceCanSignIn() async throws -> some ApplicationProtocol {
        let (app, store, _) = try await makeAccessServer()
        let grace = try #require(SpecTemplate.defaultSpec.person("grace.kim"))
        try await store.setPassword(
            personID: grace.id, hash: Passwords.hash(SessionTests.password, cost: 4),
            audit: Passwords.auditEntry(person: grace, actor: "test", origin: "local", at: .now, hadPassword: false))
        return app
    }

    @Test("sign-in's next never leads off the site, with or without control characters hidden in it")
    func openRedirect() async throws {
        let app = try await Self.graceCanSignIn()
        try await app.test(.router) { client in
            let session = try #require(try await SessionTests.signIn(client, email: "grace.kim@northwind.example").session)
            for next in ["/%09/evil.example/x", "/%0a/evil.example", "%2F%2Fevil.example", "/%5Cevil.example", "https://evil.example/"] {
                try await client.execute(uri: "/sign-in?next=\(next)", method: .get, headers: [.cookie: "accord_session=\(session)"]) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/", "next=\(next) → \(response.headers[.location] ?? "")")
                }
                try await client.execute(uri: "/sign-in?next=\(next)", method: .get) { response in
                    #expect(hiddenField("next", in: String(buffer: response.body)) == "/", "the form carries no foreign next")
                }
            }
            try await client.execute(uri: "/sign-in?next=/renewals%3Fdays%3D30", method: .get, headers: [.cookie: "accord_session=\(session)"]) { response in
                #expect(response.headers[.location] == "/renewals?days=30")
            }
        }
    }

    static func expectSecurityHeaders(_ response: TestResponse, _ what: String) {
        #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(what): CSP")
        #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(what): nosniff")
        #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer", "\(what): Referrer-Policy")
    }

    @Test("unknown routes, wrong methods and errors answer with the security headers and the documented body")
    func unknownRoutes() async throws {
        let (app, _, _) = try await makeAccessServer()
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/nope", method: .get, headers: viewer) { response in
                #expect(response.status == .notFound)
                let error = try #require(try json(response.body)["error"] as? [String: Any])
                #expect(error["code"] as? String == "not_found")
                #expect((error["message"] as? String)?.contains("/openapi.json") == true)
                Self.expectSecurityHeaders(response, "unknown API route")
            }
            try await client.execute(uri: "/no-such-page", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("<h1>Not found</h1>"))
                Self.expectSecurityHeaders(response, "unknown page")
            }
            try await client.execute(uri: "/health", method: .head) { response in
                #expect(response.status == .ok, "HEAD is answered wherever GET is")
            }
            try await client.execute(uri: "/api/v1/handoffs/h_1/decision", method: .get, headers: viewer) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
                let error = try json(response.body)["error"] as? [String: Any]
                #expect(error?["code"] as? String == "method_not_allowed")
                Self.expectSecurityHeaders(response, "405")
            }
            try await client.execute(uri: "/health", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/api/v1/accounts", method: .get) { response in
                #expect(response.status == .unauthorized)
                Self.expectSecurityHeaders(response, "a handler's 401")
            }
            try await client.execute(uri: "/v1/nope", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .notFound)
                let answer = try json(response.body)
                #expect(answer["success"] as? Bool == false, "ingestion paths answer in Segment's format")
            }
        }
    }

    @Test("a viewer posting a handoff hears 403 before any word about the body")
    func forbiddenBeforeBody() async throws {
        let (app, _, _) = try await makeAccessServer()
        try await app.test(.router) { client in
            for uri in ["/api/v1/handoffs", "/api/v1/handoffs/h_1/decision"] {
                try await client.execute(uri: uri, method: .post, headers: viewer.merging([.contentType: "application/json"]), body: ByteBuffer()) { response in
                    #expect(response.status == .forbidden, "\(uri): \(response.status)")
                }
            }
        }
    }

    @Test("a form page posted without its CSRF token answers a page that says why, not JSON")
    func csrfPage() async throws {
        let app = try await Self.graceCanSignIn()
        try await app.test(.router) { client in
            let session = try #require(try await SessionTests.signIn(client, email: "grace.kim@northwind.example").session)
            try await client.execute(
                uri: "/handoffs", method: .post, headers: [.cookie: "accord_session=\(session)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "handoff=close_to_onboarding&account=acc_1&payload=%7B%7D")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("CSRF token"))
                Self.expectSecurityHeaders(response, "CSRF page")
            }
        }
    }

    @Test("a webhook to the metadata service, loopback or a private address is refused unless the spec allows it")
    func webhookTargets() async throws {
        let (app, store, _) = try await makeAccessServer()
        let headers = bearer(.revops).merging([.contentType: "application/json"])
        try await app.test(.router) { client in
            for url in [
                "http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/api/v1/tokens", "http://[::1]/", "http://10.1.2.3/hook",
                "http://localhost/x",
            ] {
                try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: headers, body: ByteBuffer(string: #"{"url": "\#(url)"}"#)) {
                    response in
                    #expect(response.status == .badRequest, "\(url)")
                    let message = (try json(response.body)["error"] as? [String: Any])?["message"] as? String ?? ""
                    #expect(message.contains("cannot be a webhook") && message.contains("allow_private_webhooks"), "\(url): \(message)")
                }
            }
            try await client.execute(
                uri: "/api/v1/webhooks", method: .post, headers: headers, body: ByteBuffer(string: #"{"url": "https://hooks.example.com/x"}"#)
            ) { response in
                #expect(response.status == .created)
            }
        }
        #expect(try await store.webhooks().count == 1)
    }
}
