import AccordApp
import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordStore

/// Win-back campaigns over HTTP on a demo company: marketing starts one from the list, IT and
/// viewers are refused, a closed one cannot close again, members go out as CSV, the report and
/// the pages show them by name.
@Suite("Win-back campaigns over HTTP")
struct WinBackCampaignAPITests {
    @Test("marketing starts a campaign of the list's top, IT is refused with 403, bad bodies are 400, a second close is 409, CSV and pages follow")
    func lifecycle() async throws {
        let store = try await TestFolders.demoStore(accounts: 300, seed: 7)
        let server = try await TestServer(store: store)
        let list = try await WinBackDesk(spec: SpecTemplate.defaultSpec, store: store).list(asOf: TestServer.asOf)
        let top = list.rows.prefix(3).map(\.facts.account)
        let maria = try await PlayAPITests.token(for: "maria.chen", store)
        let ingrid = try await PlayAPITests.token(for: "ingrid.berg", store)
        var headers = viewer
        headers[.contentType] = "application/json"
        let asViewer = headers
        let active = try #require(try await store.accounts(AccountQuery(stage: .retention, limit: 1)).accounts.first?.id)
        try await server.router.test(.router) { http in
            var (status, body, text) = try await SaveCaseAPITests.post(http, "/api/v1/win-back/campaigns", ingrid, #"{"name": "Spring", "top": 3}"#)
            #expect(status == .forbidden && text.contains("win-back campaigns are started and closed by marketing, sales and CS, not by it"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(http, "/api/v1/win-back/campaigns", asViewer, #"{"name": "Spring", "top": 3}"#)
            #expect(status == .forbidden && text.contains("a viewer reads win-back campaigns"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(http, "/api/v1/win-back/campaigns", maria, #"{"name": "Spring"}"#)
            #expect(status == .badRequest && text.contains("name the members"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(
                http, "/api/v1/win-back/campaigns", maria, #"{"name": "Spring", "top": 3, "offer": "half_off"}"#)
            #expect(status == .badRequest && text.contains("'half_off' is not an offer of the concession tree"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(http, "/api/v1/win-back/campaigns", maria, #"{"name": "Spring", "accounts": ["\#(active)"]}"#)
            #expect(status == .badRequest && text.contains("\(active) is not a churned client gone now"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(
                http, "/api/v1/win-back/campaigns", maria, #"{"name": "Spring", "top": 3, "reason": "boredom"}"#)
            #expect(status == .badRequest && text.contains("'boredom' is not one of"), "\(text)")

            (status, body, text) = try await SaveCaseAPITests.post(
                http, "/api/v1/win-back/campaigns", maria, #"{"name": "Spring win-back", "top": 3, "offer": "discount"}"#)
            #expect(status == .created, "\(text)")
            let id = try #require(body["id"] as? String)
            let members = try #require(body["members"] as? [[String: Any]])
            #expect(members.compactMap { $0["account"] as? String } == top, "the top of the list, in rank order")
            // A member of a running campaign is not put in a second one.
            (status, _, text) = try await SaveCaseAPITests.post(http, "/api/v1/win-back/campaigns", maria, #"{"name": "Again", "accounts": ["\#(top[0])"]}"#)
            #expect(status == .badRequest && text.contains("already in running campaign \(id)"), "\(text)")

            try await http.execute(uri: "/api/v1/win-back/campaigns/\(id)?format=csv", method: .get, headers: viewer) { response in
                let csv = String(buffer: response.body)
                #expect(
                    response.status == .ok
                        && csv.hasPrefix("campaign,rank,account,name,segment,reason,churned_on,chance,offer,mrr_before,won_back_on,mrr_now\r\n"))
                #expect(csv.components(separatedBy: "\r\n").count - 2 == 3)
            }
            try await http.execute(uri: "/api/v1/win-back/campaigns/wbc_none", method: .get, headers: viewer) { #expect($0.status == .notFound) }
            (status, body, text) = try await SaveCaseAPITests.post(http, "/api/v1/win-back/campaigns/\(id)/close", ingrid, #"{}"#)
            #expect(status == .forbidden, "\(text)")
            (status, body, text) = try await SaveCaseAPITests.post(http, "/api/v1/win-back/campaigns/\(id)/close", maria, #"{"note": "done"}"#)
            #expect(status == .ok && body["status"] as? String == "closed", "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(http, "/api/v1/win-back/campaigns/\(id)/close", maria, #"{}"#)
            #expect(status == .conflict && text.contains("is already closed"), "\(text)")

            try await http.execute(uri: "/api/v1/reports/win-back", method: .get, headers: viewer) { response in
                let report = try json(response.body)
                #expect(response.status == .ok && (report["campaigns"] as? [[String: Any]])?.count == 1)
                #expect(((report["churn_by_reason"] as? [[String: Any]])?.count ?? 0) >= 3, "churn is reportable by reason")
            }
            for page in ["/win-back/campaigns", "/win-back/campaigns/\(id)"] {
                try await http.execute(uri: page, method: .get, headers: viewer) { response in
                    let html = String(buffer: response.body)
                    #expect(response.status == .ok && html.contains("Spring win-back"), "\(page)")
                }
            }
        }
        let events = try await store.events(EventQuery(name: "win_back_campaign_joined", limit: 100)).events.map(\.event)
        #expect(events.count == 3 && events.allSatisfy { $0.planStatus == .planned && $0.source == "accord" })
        let audit = try await store.audit(AuditQuery(action: "win_back_campaign.")).entries.map(\.action)
        #expect(audit.sorted() == ["win_back_campaign.closed", "win_back_campaign.started"])
    }

    @Test("the demo company has a year of campaigns, some members won back, and churn reasons from the client_churned event")
    func demo() async throws {
        let store = try await TestFolders.demoStore(accounts: 300, seed: 7)
        let desk = WinBackDesk(spec: SpecTemplate.defaultSpec, store: store)
        try await desk.seedDemoCampaigns(asOf: TestServer.asOf)
        let results = try await desk.results(asOf: TestServer.asOf)
        #expect(results.campaigns.count >= 3 && results.campaigns.contains { $0.status == .running } && results.campaigns.contains { $0.status == .closed })
        #expect(results.campaigns.map(\.members).reduce(0, +) >= 10, "members in every campaign")
        #expect(Set(results.byOffer.map(\.key)).count >= 2, "several offers")
        let facts = try await desk.facts()
        #expect(facts.filter { $0.wonBackOn != nil }.allSatisfy { $0.reason != nil }, "a client who came back keeps why it left")

        // A member (won back, where one was) is merged into another account: the campaign follows it there, win and all.
        let campaign = try #require(results.campaigns.first { $0.wonBack > 0 } ?? results.campaigns.first { $0.members > 0 })
        let won = try #require(campaign.outcomes.first { $0.wonBackOn != nil } ?? campaign.outcomes.first)
        let other = try #require(try await store.accounts(AccountQuery(stage: .retention, limit: 20)).accounts.first { $0.id != won.account })
        _ = try await store.mergeAccounts(
            [MergeProposal(survivor: other.id, absorbed: won.account, reason: "same company")], origin: .manual,
            audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "account.merged", target: "account:\(other.id)"))
        let merged = try #require(try await desk.results(asOf: TestServer.asOf).campaigns.first { $0.id == campaign.id })
        #expect(
            merged.wonBack == campaign.wonBack && merged.members == campaign.members
                && merged.outcomes.contains { $0.account == other.id && $0.wonBackOn == won.wonBackOn })
        #expect(!merged.outcomes.contains { $0.account == won.account })
    }
}
