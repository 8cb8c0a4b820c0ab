import AccordApp
import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordStore

/// The monthly architecture review over HTTP, on a demo company with gaps made on purpose.
@Suite("The monthly architecture review pack")
struct ReviewPagesTests {
    @Test("the pack ranks a gap on clients renewing soon first, lists the proposals waiting, and shows the metrics against a month ago")
    func monthly() async throws {
        let store = try await TestFolders.demoStore(accounts: 150, seed: 8)
        let spec = SpecTemplate.defaultSpec
        let desk = ProgramDesk(spec: spec, store: store)
        try await desk.seedDemoProposals(asOf: TestServer.asOf)
        // The client renewing soonest loses its industry; one client not renewing soon loses its country.
        let renewals = try await store.integrationFacts(asOf: TestServer.asOf, fields: []).renewing.values.sorted { $0.renewalOn < $1.renewalOn }
        let soonest = try #require(renewals.first)
        let active = try await store.accounts(AccountQuery(limit: 500)).accounts.filter { $0.mrrCents > 0 }
        let quiet = try #require(active.first { account in !renewals.contains { $0.account == account.id } })
        try await store.write { db in
            try db.execute(sql: "UPDATE accounts SET industry = NULL WHERE id = ?", arguments: [soonest.account])
            try db.execute(sql: "UPDATE accounts SET country = NULL WHERE id = ?", arguments: [quiet.id])
        }
        let review = try await desk.monthlyReview(asOf: TestServer.asOf, now: Instant(day: TestServer.asOf))
        let industry = try #require(review.queue.first { $0.title.hasPrefix("account.industry missing") })
        let country = try #require(review.queue.first { $0.title.hasPrefix("account.country missing") })
        #expect(industry.renewing.contains { $0.account == soonest.account } && industry.daysLeft == soonest.renewalOn - TestServer.asOf)
        #expect(country.renewing.isEmpty)
        // The demo's product sends report_exported before the taxonomy has it: kept aside, tied through the group id to clients renewing soon.
        let exports = try #require(review.queue.first { $0.kind == .keptAside && $0.title.contains("report_exported") })
        #expect(!exports.renewing.isEmpty && exports.fix.hasPrefix("propose report_exported as a taxonomy change"))
        let ranks = review.queue.map(\.title)
        #expect(ranks.firstIndex(of: industry.title)! < ranks.firstIndex(of: country.title)!)
        #expect(review.proposals.map(\.kind) == [.taxonomy, .dashboard] || review.proposals.map(\.kind) == [.dashboard, .taxonomy])
        #expect(review.metrics.count == spec.dashboard.metrics.count && review.metrics.first?.shared == true)
        #expect(review.monthAgo == TestServer.asOf.adding(days: -30))

        let server = try await TestServer(store: store)
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/reviews/monthly", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains(#"data-gap="missing_field" data-rank=""#))
                #expect(page.contains(soonest.name) && page.contains("days left"))
                #expect(page.contains("Track report exports from the product") && page.contains(#"data-metric="nrr_by_cohort""#))
            }
            try await http.execute(uri: "/api/v1/reviews/monthly", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let queue = try #require(body["queue"] as? [[String: Any]])
                #expect(queue.count == review.queue.count && (body["proposals"] as? [Any])?.count == 2)
                #expect(queue.first?["mrr_renewing_cents"] as? Int == Int(review.queue[0].mrrRenewingCents))
            }
            try await http.execute(uri: "/reviews/monthly", method: .get) { response in
                #expect(response.status == .seeOther || response.status == .unauthorized)
            }
        }
        // Signing from the page: the sales leader sees one button (the taxonomy change waits for sales); the IT leader's signature approves the dashboard.
        func form(_ person: String) async throws -> HTTPFields {
            var headers = try await PlayAPITests.token(for: person, store)
            headers[.contentType] = "application/x-www-form-urlencoded"
            return headers
        }
        let sam = try await form("sam.okafor")
        let ingrid = try await form("ingrid.berg")
        let noah = try await form("noah.adeyemi")
        let dashboard = try #require(review.proposals.first { $0.kind == .dashboard })
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/reviews/monthly", method: .get, headers: sam) { response in
                let page = String(buffer: response.body)
                #expect(page.components(separatedBy: "Sign for Sales").count - 1 == 1)
            }
            try await http.execute(uri: "/reviews/monthly/proposals/\(dashboard.id)/sign", method: .post, headers: noah, body: ByteBuffer(string: "")) {
                #expect($0.status == .forbidden, "a CS manager signs for no function")
            }
            try await http.execute(uri: "/reviews/monthly/proposals/\(dashboard.id)/sign", method: .post, headers: ingrid, body: ByteBuffer(string: "")) {
                #expect($0.status == .seeOther && $0.headers[.location] == "/reviews/monthly#proposal-\(dashboard.id)")
            }
            try await http.execute(uri: "/reviews/monthly/proposals/\(dashboard.id)/sign", method: .post, headers: ingrid, body: ByteBuffer(string: "")) {
                #expect($0.status == .conflict, "an approved proposal is not signed again")
            }
            try await http.execute(uri: "/reviews/monthly/proposals/99/sign", method: .post, headers: ingrid, body: ByteBuffer(string: "")) {
                #expect($0.status == .notFound)
            }
        }
        let status = try await desk.status(today: TestServer.asOf)
        #expect(status.phases[2].checks.first { $0.id == "dashboard" }?.passed == true)
    }

    @Test("a client's business review pack: outcomes against targets and what moved them, renewal risk with reasons, stakeholders and open handoffs")
    func client() async throws {
        let store = try await TestFolders.demoStore(accounts: 150, seed: 8)
        let desk = ProgramDesk(spec: SpecTemplate.defaultSpec, store: store)
        let now = Instant(day: TestServer.asOf, seconds: 12 * 3600)
        let renewing = try await store.integrationFacts(asOf: TestServer.asOf, fields: []).renewing.values.sorted { $0.renewalOn < $1.renewalOn }
        let client = try #require(renewing.first)
        let review = try #require(try await desk.clientReview(account: client.account, asOf: TestServer.asOf, now: now))
        #expect(review.name == client.name && review.renewalOn == client.renewalOn && review.daysLeft == client.renewalOn - TestServer.asOf)
        #expect(!review.outcomes.isEmpty && review.model != nil, "every segment has an outcome model")
        #expect(["high", "medium", "low"].contains(review.risk))
        #expect(review.risk == "low" || !review.reasons.isEmpty, "a risk above low says why")
        #expect(review.mapped >= review.engaged && review.stakeholders.count >= review.mapped)
        #expect(review.moved.allSatisfy { $0.on >= review.periodFrom && $0.on <= review.asOf })
        #expect(try await desk.clientReview(account: "acc_missing", asOf: TestServer.asOf, now: now) == nil)

        let server = try await TestServer(store: store)
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/accounts/\(client.account)/review", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("Business review: \(client.name.replacingOccurrences(of: "&", with: "&amp;"))"))
                #expect(page.contains(#"data-key="risk">\#(review.risk)<"#))
                for line in review.outcomes { #expect(page.contains(#"data-outcome="\#(line.outcome)" data-state="\#(line.state.rawValue)""#)) }
                #expect(page.components(separatedBy: "<tr data-moved=").count - 1 == review.moved.count)
            }
            try await http.execute(uri: "/api/v1/accounts/\(client.account)/review", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(body["risk"] as? String == review.risk && (body["outcomes"] as? [Any])?.count == review.outcomes.count)
            }
            try await http.execute(uri: "/api/v1/accounts/acc_missing/review", method: .get, headers: viewer) { #expect($0.status == .notFound) }
            try await http.execute(uri: "/accounts/acc_missing/review", method: .get, headers: viewer) { #expect($0.status == .notFound) }
            try await http.execute(uri: "/accounts/\(client.account)", method: .get, headers: viewer) { response in
                #expect(String(buffer: response.body).contains("/accounts/\(client.account)/review"))
            }
        }
    }

    @Test("the quarterly refresh page shows the validation rows and the model drafts waiting for signatures")
    func quarterly() async throws {
        let store = try await TestFolders.demoStore(accounts: 150, seed: 8)
        let spec = SpecTemplate.defaultSpec
        try await OutcomeModelDesk(spec: spec, store: store).seedDemoHistory(asOf: Instant(day: TestServer.asOf))
        let refresh = try await ProgramDesk(spec: spec, store: store).quarterlyRefresh(asOf: TestServer.asOf)
        #expect(refresh.drafts.count == spec.outcomeModels.count, "the demo proposed a change to each model")
        #expect(refresh.validation.accounts > 0)
        let server = try await TestServer(store: store)
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/reviews/quarterly", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.components(separatedBy: "<tr data-outcome=").count - 1 == refresh.validation.rows.count)
                #expect(page.components(separatedBy: "<tr data-draft=").count - 1 == refresh.drafts.count)
                #expect(page.components(separatedBy: "<li data-flagged=").count - 1 == refresh.flagged.count)
            }
            try await http.execute(uri: "/api/v1/reviews/quarterly", method: .get, headers: viewer) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect((body["drafts"] as? [Any])?.count == refresh.drafts.count)
            }
        }
    }

    @Test("a book-limited CS manager reads the whole queue but only their own clients by name")
    func bookLimited() async throws {
        var spec = SpecTemplate.defaultSpec
        spec.access.ownBookOnly = [.csManager]
        let store = try await TestFolders.demoStore(accounts: 150, seed: 8, spec: spec)
        let desk = ProgramDesk(spec: spec, store: store)
        try await desk.seedDemoProposals(asOf: TestServer.asOf)
        let full = try await desk.monthlyReview(asOf: TestServer.asOf, now: Instant(day: TestServer.asOf))
        let named = Set(full.queue.flatMap { $0.renewing.map(\.account) })
        let accounts = try await store.accounts(AccountQuery(limit: 500)).accounts
        let book = Set(accounts.filter { $0.ownerCS == "noah.adeyemi" }.map(\.id))
        #expect(!named.subtracting(book).isEmpty, "the queue names clients outside noah's book")
        let noah = try await PlayAPITests.token(for: "noah.adeyemi", store)
        let server = try await TestServer(store: store, spec: spec)
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/api/v1/reviews/monthly", method: .get, headers: noah) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let queue = try #require(body["queue"] as? [[String: Any]])
                let shown = queue.flatMap { ($0["renewing"] as? [[String: Any]] ?? []).compactMap { $0["account"] as? String } }
                #expect(Set(shown).isSubset(of: book))
                #expect(queue.map { $0["renewing_clients"] as? Int } == full.queue.map(\.renewingClients), "the counts stay the company's")
            }
            try await http.execute(uri: "/reviews/monthly", method: .get, headers: noah) { response in
                let page = String(buffer: response.body)
                for id in named.subtracting(book) { #expect(!page.contains("/accounts/\(id)\"")) }
            }
        }
    }
}
