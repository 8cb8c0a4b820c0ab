import AccordApp
import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordStore

/// Why a client left, recorded by a person: the CS manager corrects what the CRM sent, the
/// ranking and the record follow, IT and viewers are refused, a client that never churned is 409.
@Suite("Churn reasons over HTTP")
struct ChurnReasonAPITests {
    @Test("a CS manager corrects a churn's reason from the API and the page; the list and the record read it; IT, viewers and active clients are refused")
    func record() async throws {
        let store = try await TestFolders.demoStore(accounts: 300, seed: 7)
        let server = try await TestServer(store: store)
        let desk = WinBackDesk(spec: SpecTemplate.defaultSpec, store: store)
        let before = try await desk.list(asOf: TestServer.asOf)
        let row = try #require(before.rows.first { $0.facts.reason != nil && $0.facts.reason != .championLeft })
        let gone = row.facts.account
        let sent = try #require(row.facts.reason)
        let noah = try await PlayAPITests.token(for: "noah.adeyemi", store)
        let tomas = try await PlayAPITests.token(for: "tomas.silva", store)
        var viewing = viewer
        viewing[.contentType] = "application/json"
        let asViewer = viewing
        var neverChurned: String?
        for account in try await store.accounts(AccountQuery(stage: .retention, limit: 50)).accounts where neverChurned == nil {
            if try await store.account(id: account.id)?.movements.contains(where: { $0.kind == .churn }) == false { neverChurned = account.id }
        }
        let active = try #require(neverChurned)
        let uri = "/api/v1/accounts/\(gone)/churn-reason"
        try await server.router.test(.router) { http in
            var (status, body, text) = try await SaveCaseAPITests.post(http, uri, tomas, #"{"reason": "price"}"#)
            #expect(status == .forbidden && text.contains("recorded by marketing, sales or CS, not it"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(http, uri, asViewer, #"{"reason": "price"}"#)
            #expect(status == .forbidden && text.contains("a viewer reads why clients left"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(http, uri, noah, #"{"reason": "boredom"}"#)
            #expect(status == .badRequest && text.contains("'boredom' is not one of price"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(http, uri, noah, #"{"note": "no reason"}"#)
            #expect(status == .badRequest && text.contains("reason"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(http, uri, noah, #"{"reason": "price", "when": "today"}"#)
            #expect(status == .badRequest && text.contains("when"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(
                http, uri, noah, #"{"reason": "price", "note": "\#(String(repeating: "x", count: 2_100))"}"#)
            #expect(status == .badRequest && text.contains("keep it under 2000"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(http, "/api/v1/accounts/\(active)/churn-reason", noah, #"{"reason": "price"}"#)
            #expect(status == .conflict && text.contains("has never churned"), "\(text)")
            (status, _, text) = try await SaveCaseAPITests.post(http, "/api/v1/accounts/acc_none/churn-reason", noah, #"{"reason": "price"}"#)
            #expect(status == .notFound && text.contains("no account with id 'acc_none'"), "\(text)")

            (status, body, text) = try await SaveCaseAPITests.post(http, uri, noah, #"{"reason": "champion_left", "note": "The VP who bought it left"}"#)
            #expect(status == .created && body["reason"] as? String == "champion_left" && body["replaced"] as? String == sent.rawValue, "\(text)")
            #expect(body["churned_on"] as? String == row.facts.churnedOn.iso)

            // The page: the churned client's form, and its post back to the account.
            var posting = noah
            posting[.contentType] = "application/x-www-form-urlencoded"
            let form = posting
            try await http.execute(uri: "/accounts/\(gone)", method: .get, headers: noah) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"action="/accounts/\#(gone)/churn-reason""#) && html.contains(#"<option value="champion_left" selected>"#))
                #expect(html.contains("(champion left)"), "the record shows the reason by its label")
            }
            try await http.execute(uri: "/accounts/\(gone)", method: .get, headers: tomas) { response in
                #expect(!String(buffer: response.body).contains("churn-reason"), "IT sees no form")
            }
            try await http.execute(uri: "/accounts/\(active)", method: .get, headers: noah) { response in
                #expect(!String(buffer: response.body).contains("churn-reason"), "a client that never churned has no form")
            }
            try await http.execute(
                uri: "/accounts/\(gone)/churn-reason", method: .post, headers: form, body: ByteBuffer(string: "reason=budget&note=Frozen+spend")
            ) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/accounts/\(gone)")
            }
            try await http.execute(
                uri: "/accounts/\(gone)/churn-reason", method: .post, headers: form, body: ByteBuffer(string: "reason=nonsense")
            ) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("Go back and choose again"))
            }
        }
        let after = try await desk.list(asOf: TestServer.asOf)
        #expect(after.rows.first { $0.facts.account == gone }?.facts.reason == .budget, "the latest person's word counts")
        #expect(try await store.account(id: gone)?.account.churnReason == "budget")
        let events = try await store.events(EventQuery(accountID: gone, name: ChurnReason.eventName, limit: 100)).events.map(\.event)
        let recorded = events.filter { $0.source == "accord" }
        #expect(recorded.count == 2 && recorded.allSatisfy { $0.planStatus == .planned })
        let audit = try await store.audit(AuditQuery(action: "churn_reason.")).entries
        #expect(audit.count == 2 && audit.allSatisfy { $0.actor == "person:noah.adeyemi" && $0.target == "account:\(gone)" })
    }
}
