import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

func bearer(_ role: Person.Role) -> HTTPFields { [.authorization: "Bearer acc_test_\(role.rawValue)"] }
let viewer = bearer(.viewer)

func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
}

@Suite("HTTP API and pages")
struct ServerTests {
    @Test("/health answers ok when the database answers")
    func health() async throws {
        let (app, _) = try await makeServer()
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(body["status"] as? String == "ok")
            }
        }
    }

    @Test("the spec is served as JSON with snake_case keys")
    func spec() async throws {
        let (app, _) = try await makeServer()
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/spec", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let body = try json(response.body)
                let models = try #require(body["outcome_models"] as? [[String: Any]])
                let outcomes = try #require(models.first?["outcomes"] as? [[String: Any]])
                #expect((outcomes[0]["measure"] as? [String: Any])?["kind"] as? String == "usage_ratio")
                #expect((outcomes[2]["measure"] as? [String: Any])?["event"] as? String == "expansion_signal_detected")
                let handoffs = try #require(body["handoffs"] as? [[String: Any]])
                #expect(handoffs.count == 5)
                #expect(handoffs[0]["sla_hours"] as? Double == 24)
            }
        }
    }

    @Test("the accounts list pages with a cursor and reports the total")
    func accountsList() async throws {
        let (app, store) = try await makeServer()
        let total = try await store.statistics().rows("accounts")
        try await app.test(.router) { client in
            var ids: [String] = []
            var uri = "/api/v1/accounts?limit=25"
            while true {
                let body = try await client.execute(uri: uri, method: .get, headers: viewer) { response in
                    #expect(response.status == .ok)
                    return try json(response.body)
                }
                #expect(body["total"] as? Int == total)
                ids += (body["accounts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                guard let cursor = body["next_cursor"] as? String else { break }
                uri = "/api/v1/accounts?limit=25&cursor=\(cursor)"
            }
            #expect(ids.count == total)
            #expect(Set(ids).count == total)
        }
    }

    @Test(
        "bad query parameters are 400s that name the parameter and the allowed values",
        arguments: [
            ("stage=bogus", "stage: 'bogus' is not one of awareness"),
            ("source=partners", "source: 'partners' is not one of marketing, sales"),
            ("limit=0", "limit: '0' must be a whole number from 1 to 500"),
            ("limit=ten", "limit: 'ten' must be a whole number"),
            ("cursor=zzz", "cursor: cursor 'zzz' is not one this server handed out"),
        ])
    func badParameters(query: String, message: String) async throws {
        let (app, _) = try await makeServer()
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/accounts?\(query)", method: .get, headers: viewer) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try json(response.body)["error"] as? [String: Any])
                #expect(error["code"] as? String == "invalid_parameter")
                #expect((error["message"] as? String)?.hasPrefix(message) == true, "\(error)")
            }
        }
    }

    @Test("account detail is JSON; an unknown id is a 404 with a message")
    func accountDetail() async throws {
        let (app, store) = try await makeServer()
        let id = try await store.accounts(AccountQuery(stage: .retention, limit: 1)).accounts[0].id
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/accounts/\(id)", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect((body["account"] as? [String: Any])?["id"] as? String == id)
                #expect((body["contacts"] as? [Any])?.isEmpty == false)
                #expect((body["movements"] as? [[String: Any]])?.first?["kind"] as? String == "new")
            }
            try await client.execute(uri: "/api/v1/accounts/acc_missing", method: .get, headers: viewer) { response in
                #expect(response.status == .notFound)
                let error = try json(response.body)["error"] as? [String: Any]
                #expect(error?["message"] as? String == "no account with id 'acc_missing'")
            }
        }
    }

    @Test("the home page lists accounts with the headline numbers the API reports, escaped")
    func homePage() async throws {
        let (app, _) = try await makeServer()
        try await app.test(.router) { client in
            let headline = try await client.execute(uri: "/api/v1/headline", method: .get, headers: viewer) { try json($0.body) }
            try await client.execute(uri: "/", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                let page = String(buffer: response.body)
                let active = headline["active_clients"] as? Int ?? -1
                #expect(page.contains(#"data-metric="active_clients">\#(Format.count(active))<"#))
                let mrr = Format.dollars(cents: Int64(headline["mrr_cents"] as? Int ?? -1))
                #expect(page.contains(#"data-metric="mrr">\#(mrr)<"#))
                #expect(!page.contains("<script>alert(1)</script>"))
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; Evil &amp; Co"))
            }
        }
    }

    @Test("the home page filters, pages, and explains a bad filter")
    func homePageFilters() async throws {
        let (app, _) = try await makeServer(accounts: 120)
        try await app.test(.router) { client in
            try await client.execute(uri: "/?stage=churned", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("stage-churned"))
                #expect(!page.contains("stage-retention\""))
            }
            try await client.execute(uri: "/", method: .get, headers: viewer) { response in
                #expect(String(buffer: response.body).contains("rel=\"next\""))
            }
            try await client.execute(uri: "/?stage=nope", method: .get, headers: viewer) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("is not one of awareness"))
            }
        }
    }

    @Test("each account has a page; an unknown one is a 404 page")
    func accountPage() async throws {
        let (app, store) = try await makeServer()
        let account = try await store.accounts(AccountQuery(stage: .retention, limit: 1)).accounts[0]
        try await app.test(.router) { client in
            try await client.execute(uri: "/accounts/\(account.id)", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains(account.id))
                #expect(page.contains("Stakeholders"))
                #expect(page.contains(Format.dollars(cents: account.mrrCents)))
            }
            try await client.execute(uri: "/accounts/acc_missing", method: .get, headers: viewer) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("a running server refuses a second one on the same port with a sentence")
    func portInUse() async throws {
        let store = try TestFolders.store()
        let (app, _) = try await makeServer()
        try await app.test(.live) { client in
            guard let port = client.port else {
                Issue.record("no port")
                return
            }
            let second = ServerConfiguration(port: port, spec: SpecTemplate.defaultSpec, store: store)
            await #expect(throws: ServerError.portInUse(host: "127.0.0.1", port: port)) {
                try await runServer(second) { _, _ in }
            }
        }
    }
}
