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
    }
}
