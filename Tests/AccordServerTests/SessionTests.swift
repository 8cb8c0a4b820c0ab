import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The value of `name="field" value="…"` in a page.
func hiddenField(_ name: String, in html: String) -> String? {
    guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

func cookie(_ name: String, from response: TestResponse) -> String? {
    for field in response.headers where field.name == .setCookie && field.value.hasPrefix("\(name)=") {
        return String(field.value.dropFirst(name.count + 1).prefix { $0 != ";" })
    }
    return nil
}

@Suite("Sessions, CSRF and the audit log")
struct SessionTests {
    static let password = "correct horse battery"

    /// Signs grace.kim (cs leader) or another person in through the form; answers the session cookie.
    static func signIn(
        _ client: some TestClientProtocol, email: String, password: String = password
    ) async throws -> (status: HTTPResponse.Status, session: String?) {
        let (formCookie, csrf) = try await client.execute(uri: "/sign-in", method: .get) { response in
            (cookie("accord_signin", from: response), hiddenField("csrf_token", in: String(buffer: response.body)))
        }
        let form =
            "csrf_token=\(csrf ?? "")&next=%2F&email=\(email.replacingOccurrences(of: "@", with: "%40"))&password=\(password.replacingOccurrences(of: " ", with: "+"))"
        return try await client.execute(
            uri: "/sign-in", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "accord_signin=\(formCookie ?? "")"], body: ByteBuffer(string: form)
        ) { response in (response.status, cookie("accord_session", from: response)) }
    }

    @Test("a person signs in with their password, sees pages, and signs out; wrong passwords and stale forms are refused")
    func signInAndOut() async throws {
        let (app, store, _) = try await makeAccessServer()
        let grace = try #require(SpecTemplate.defaultSpec.person("grace.kim"))
        try await store.setPassword(
            personID: grace.id, hash: Passwords.hash(Self.password, cost: 4),
            audit: Passwords.auditEntry(person: grace, actor: "test", origin: "local", at: .now, hadPassword: false))
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/sign-in")
            }
            #expect(try await Self.signIn(client, email: grace.email, password: "wrong password!").status == .unauthorized)
            #expect(try await Self.signIn(client, email: "nobody@northwind.example").status == .unauthorized)
            try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf_token=forged&email=grace.kim%40northwind.example&password=correct+horse+battery")
            ) { response in
                #expect(response.status == .forbidden, "a sign-in form without its cookie is refused (login CSRF)")
            }

            let (status, session) = try await Self.signIn(client, email: "GRACE.KIM@northwind.example")
            #expect(status == .seeOther)
            let sessionCookie = try #require(session)
            let cookieHeader: HTTPFields = [.cookie: "accord_session=\(sessionCookie)"]
            let page = try await client.execute(uri: "/", method: .get, headers: cookieHeader) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(page.contains("Grace Kim"))
            let csrf = try #require(hiddenField("csrf_token", in: page))

            try await client.execute(
                uri: "/sign-out", method: .post, headers: cookieHeader.merging([.contentType: "application/x-www-form-urlencoded"]),
                body: ByteBuffer(string: "x=1")
            ) { response in
                #expect(response.status == .forbidden, "sign-out without the page's CSRF token is refused")
            }
            try await client.execute(
                uri: "/sign-out", method: .post, headers: cookieHeader.merging([.contentType: "application/x-www-form-urlencoded"]),
                body: ByteBuffer(string: "csrf_token=\(csrf)")
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/", method: .get, headers: cookieHeader) { response in
                #expect(response.status == .seeOther, "the session is over")
            }
        }
    }

    @Test("cookie-authenticated API changes need the CSRF token; bearer tokens do not")
    func csrf() async throws {
        let (app, store, _) = try await makeAccessServer()
        let admin = try #require(SpecTemplate.defaultSpec.person("admin"))
        try await store.setPassword(
            personID: admin.id, hash: Passwords.hash(Self.password, cost: 4),
            audit: Passwords.auditEntry(person: admin, actor: "test", origin: "local", at: .now, hadPassword: false))
        try await app.test(.router) { client in
            let session = try #require(try await Self.signIn(client, email: admin.email).session)
            let cookieHeader: HTTPFields = [.cookie: "accord_session=\(session)", .contentType: "application/json"]
            let csrf = try #require(
                try await client.execute(uri: "/", method: .get, headers: cookieHeader) { hiddenField("csrf_token", in: String(buffer: $0.body)) })
            let body = ByteBuffer(string: #"{"role": "viewer", "label": "from the browser"}"#)
            try await client.execute(uri: "/api/v1/tokens", method: .post, headers: cookieHeader, body: body) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("\"code\":\"csrf\""))
            }
            try await client.execute(uri: "/api/v1/tokens", method: .post, headers: cookieHeader.merging([.init("X-CSRF-Token")!: "wrong"]), body: body) {
                response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/tokens", method: .post, headers: cookieHeader.merging([.init("X-CSRF-Token")!: csrf]), body: body) {
                response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/v1/tokens", method: .post, headers: bearer(.admin).merging([.contentType: "application/json"]), body: body) {
                response in
                #expect(response.status == .created)
            }
        }
    }

    @Test("the audit log records each kind of change with who, where, before and after")
    func auditLog() async throws {
        let (app, store, _) = try await makeAccessServer()
        var spec = SpecTemplate.defaultSpec
        try await SpecHistory.record(spec, origin: "accord.yaml", store: store, at: .now, actor: "spec-file")
        spec.taxonomy.unplanned = spec.taxonomy.unplanned == .allow ? .quarantine : .allow
        #expect(try await SpecHistory.record(spec, origin: "accord.yaml", store: store, at: .now, actor: "spec-file") == ["taxonomy"])
        #expect(
            try await SpecHistory.record(spec, origin: "accord.yaml", store: store, at: .now, actor: "spec-file") == [], "an unchanged spec records nothing")
        try await app.test(.router) { client in
            let jsonType: HTTPFields = [.contentType: "application/json"]
            try await client.execute(
                uri: "/api/v1/people/grace.kim/password", method: .put, headers: bearer(.admin).merging(jsonType),
                body: ByteBuffer(string: #"{"password": "short"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("at least 12 characters"))
            }
            try await client.execute(
                uri: "/api/v1/people/grace.kim/password", method: .put, headers: bearer(.admin).merging(jsonType),
                body: ByteBuffer(string: #"{"password": "a long enough secret"}"#)
            ) { response in
                #expect(response.status == .noContent)
            }
            let created = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(.admin).merging(jsonType), body: ByteBuffer(string: #"{"role": "viewer"}"#)
            ) { try json($0.body) }
            let id = try #require(created["id"] as? String)
            try await client.execute(uri: "/api/v1/tokens/\(id)", method: .delete, headers: bearer(.admin)) { #expect($0.status == .ok) }
            let rotated = try await client.execute(uri: "/api/v1/sources/product/rotate", method: .post, headers: bearer(.revops)) { response in
                #expect(response.status == .ok)
                return try json(response.body)
            }
            #expect((rotated["write_key"] as? String)?.hasPrefix("wk_") == true)

            let log = try await client.execute(uri: "/api/v1/audit?limit=500", method: .get, headers: bearer(.leader)) { try json($0.body) }
            let entries = try #require(log["entries"] as? [[String: Any]])
            func entry(_ action: String) -> [String: Any]? { entries.last { $0["action"] as? String == action } }

            let specChange = try #require(entry("spec.changed"))
            #expect(((specChange["before"] as? [String: Any])?["taxonomy"] as? [String: Any]) != nil)
            #expect(((specChange["after"] as? [String: Any])?["taxonomy"] as? [String: Any]) != nil)

            let password = try #require(entry("password.set"))
            #expect(password["actor"] as? String == "token:tok_admin" && password["target"] as? String == "person:grace.kim")
            #expect((password["before"] as? [String: Any])?["password"] as? String == "none")
            #expect((password["after"] as? [String: Any])?["password"] as? String == "set")
            #expect(password["origin"] as? String != nil)

            let tokenCreated = try #require(entry("token.created"))
            #expect((tokenCreated["after"] as? [String: Any])?["role"] as? String == "viewer")
            let tokenRevoked = try #require(entry("token.revoked"))
            #expect((tokenRevoked["before"] as? [String: Any])?["revoked_at"] is NSNull)
            #expect((tokenRevoked["after"] as? [String: Any])?["revoked_at"] as? String != nil)

            let rotation = try #require(entry("source.key_rotated"))
            #expect(rotation["actor"] as? String == "token:tok_revops")
            #expect((rotation["before"] as? [String: Any])?["key_ends_with"] as? String == "test")
            #expect((rotation["after"] as? [String: Any])?["key_ends_with"] as? String == String((rotated["write_key"] as? String ?? "").suffix(4)))
            #expect(!String(describing: entries).contains(WriteKeys.hash("wk_test")), "no hash or secret in the log")

            try await client.execute(uri: "/audit", method: .get, headers: bearer(.admin)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("source.key_rotated"))
            }
        }
    }
}
