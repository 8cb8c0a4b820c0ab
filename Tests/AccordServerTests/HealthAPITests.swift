import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Account health over HTTP and on the pages")
struct HealthAPITests {
    @Test("a client's score with its factors and history is the core's on the store's facts; prospects and unknown accounts say why not")
    func account() async throws {
        let server = try await TestServer(store: try await TestFolders.demoStore(accounts: 120, seed: 7))
        let desk = HealthDesk(spec: SpecTemplate.defaultSpec, store: server.store)
        let all = try await desk.facts()
        let client = try #require(
            all.first { facts in HealthHistory.build(facts, config: SpecTemplate.defaultSpec.health, asOf: TestServer.asOf).changes.count > 2 })
        let expected = HealthScore.measure(client, config: SpecTemplate.defaultSpec.health, asOf: TestServer.asOf)
        let clients = Set(all.map(\.account))
        let prospect = try #require(try await server.store.accounts(AccountQuery(limit: 500)).accounts.first { !clients.contains($0.id) })
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/api/v1/accounts/\(client.account)/health", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                let now = try #require(body["now"] as? [String: Any])
                #expect(now["score"] as? Int == expected.score && now["band"] as? String == expected.band.rawValue)
                let parts = try #require(now["parts"] as? [[String: Any]])
                #expect(parts.map { $0["detail"] as? String } == expected.parts.map(\.detail))
                #expect(abs(parts.reduce(0) { $0 + ($1["points"] as? Double ?? 0) } - Double(expected.score)) <= 0.5, "the points add up to the score")
                let history = try #require(body["history"] as? [String: Any])
                let changes = try #require(history["changes"] as? [[String: Any]])
                let first = try #require(changes.first)
                let movers = try #require(first["movers"] as? [[String: Any]])
                #expect(!movers.isEmpty && (first["to"] as? Int ?? 0) != (first["from"] as? Int ?? 0))
            }
            try await http.execute(uri: "/api/v1/accounts/\(prospect.id)/health", method: .get, headers: viewer) { response in
                #expect(response.status == .notFound && String(buffer: response.body).contains("not_a_client"))
            }
            try await http.execute(uri: "/api/v1/accounts/acc_nobody/health", method: .get, headers: viewer) { response in
                #expect(response.status == .notFound && String(buffer: response.body).contains("no account with id 'acc_nobody'"))
            }
            try await http.execute(uri: "/accounts/\(client.account)", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"data-health-score="\#(expected.score)""#) && page.contains("data-health-chart"))
                for part in expected.parts { #expect(page.contains(#"<tr data-health-factor="\#(part.factor.rawValue)">"#)) }
            }
        }
    }

    @Test("the validation against renewals over HTTP and as a page")
    func validation() async throws {
        let server = try await TestServer(store: try await TestFolders.demoStore(accounts: 150, seed: 7))
        let expected = try await HealthDesk(spec: SpecTemplate.defaultSpec, store: server.store).validation(asOf: TestServer.asOf)
        #expect(expected.accounts > 10 && expected.churned > 0, "the demo has renewals to judge the score by")
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/api/v1/reports/health-validation", method: .get, headers: viewer) { response in
                let body = try json(response.body)
                #expect(body["accounts"] as? Int == expected.accounts && body["churned"] as? Int == expected.churned)
                let horizons = try #require(body["horizons"] as? [[String: Any]])
                #expect(horizons.map { $0["days_before"] as? Int } == [90, 180])
                #expect(horizons.first?["auc"] as? Double == expected.horizons.first?.auc)
            }
            try await http.execute(uri: "/reports/health-validation", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains(#"<tr data-band="90-healthy">"#) && page.contains(#"<tr data-factor="usage">"#))
            }
        }
    }
}
