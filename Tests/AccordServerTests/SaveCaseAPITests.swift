import AccordApp
import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordStore

/// Save cases over HTTP on a demo company: the owner walks the tree, the approver decides above
/// the cap and nobody else, and a grant writes its MRR movement tagged with the case.
@Suite("Save cases over HTTP")
struct SaveCaseAPITests {
    /// An active paying client of one CS owner, and a churned one.
    static func clients(_ store: any Store, owner: String) async throws -> (active: AccountDetail, churned: String) {
        var active: AccountDetail?
        for id in try await store.accountIDs(in: Book(owner: .cs, personID: owner)).sorted() {
            guard let detail = try await store.account(id: id) else { continue }
            if detail.account.churnedOn == nil && detail.subscription?.status == .active && (detail.subscription?.mrrCents ?? 0) > 0 {
                active = detail
                break
            }
        }
        let churned = try await store.accounts(AccountQuery(stage: .churned, limit: 1)).accounts.first?.id
        return (try #require(active), try #require(churned))
    }

    static func post(
        _ http: some TestClientProtocol, _ uri: String, _ headers: HTTPFields, _ body: String
    ) async throws -> (HTTPResponse.Status, [String: Any], String) {
        try await http.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            let text = String(buffer: response.body)
            return (response.status, (try? json(response.body)) ?? [:], text)
        }
    }

    @Test("the owner walks the tree to its offers, asks above the cap, the approver grants less, and the contraction names the case")
    func lifecycle() async throws {
        let server = try await TestServer(store: try await TestFolders.demoStore(accounts: 60, seed: 11))
        let store = server.store
        let (client, churned) = try await Self.clients(store, owner: "elena.rossi")
        let elena = try await PlayAPITests.token(for: "elena.rossi", store)
        let noah = try await PlayAPITests.token(for: "noah.adeyemi", store)
        let grace = try await PlayAPITests.token(for: "grace.kim", store)
        let sam = try await PlayAPITests.token(for: "sam.okafor", store)
        let mrrBefore = try #require(client.subscription?.mrrCents)
        try await server.router.test(.router) { http in
            // Only the client's owner (or a CS leader) opens its case; a churned client has none to save.
            var (status, body, text) = try await Self.post(http, "/api/v1/save-cases", noah, #"{"account": "\#(client.account.id)"}"#)
            #expect(status == .forbidden && text.contains("only \(client.account.id)'s owner (elena.rossi)"), "\(text)")
            (status, _, text) = try await Self.post(http, "/api/v1/save-cases", elena, #"{"account": "\#(churned)"}"#)
            #expect(status == .badRequest && text.contains("is not an active client"), "\(text)")
            (status, body, text) = try await Self.post(http, "/api/v1/save-cases", elena, #"{"account": "\#(client.account.id)"}"#)
            #expect(status == .created, "\(text)")
            let saveCase = try #require(body["case"] as? [String: Any])
            let id = try #require(saveCase["id"] as? String)
            #expect((body["next"] as? [String: Any])?["question"] as? String == "reason")

            (status, _, text) = try await Self.post(http, "/api/v1/save-cases/\(id)/answers", noah, #"{"question": "reason", "answer": "price"}"#)
            #expect(status == .forbidden && text.contains("only its owner or a leader of their function"), "\(text)")
            (status, _, text) = try await Self.post(http, "/api/v1/save-cases/\(id)/answers", elena, #"{"question": "reason", "answer": "too_pricey"}"#)
            #expect(status == .badRequest && text.contains("'too_pricey' is not an answer to reason"), "\(text)")
            // Price for a client without usage in the record asks usage next; answer it low where needed.
            (status, body, text) = try await Self.post(http, "/api/v1/save-cases/\(id)/answers", elena, #"{"question": "reason", "answer": "budget"}"#)
            #expect(status == .ok, "\(text)")
            let offers = try #require(body["offers"] as? [[String: Any]])
            #expect(offers.map { $0["id"] as? String } == ["fewer_seats", "longer_term", "pause"])
            #expect(offers.first?["cap"] as? Double == 20)

            (status, _, text) = try await Self.post(http, "/api/v1/save-cases/\(id)/request", elena, #"{"offer": "discount", "amount": 5}"#)
            #expect(status == .badRequest && text.contains("'discount' is not what the tree allows here"), "\(text)")
            (status, _, text) = try await Self.post(http, "/api/v1/save-cases/\(id)/request", elena, #"{"offer": "fewer_seats", "amount": 120}"#)
            #expect(status == .badRequest && text.contains("120% is not a concession fewer_seats can be"), "\(text)")
            (status, body, text) = try await Self.post(
                http, "/api/v1/save-cases/\(id)/request", elena, #"{"offer": "fewer_seats", "amount": 40, "comment": "half the team was laid off"}"#)
            #expect(status == .ok && (body["case"] as? [String: Any])?["status"] as? String == "awaiting_approval", "\(text)")

            for stranger in [elena, sam, noah] {
                (status, _, text) = try await Self.post(http, "/api/v1/save-cases/\(id)/decision", stranger, #"{"decision": "approve"}"#)
                #expect(status == .forbidden && text.contains("only a leader of cs approves"), "\(text)")
            }
            (status, body, text) = try await Self.post(
                http, "/api/v1/save-cases/\(id)/decision", grace, #"{"decision": "approve", "amount": 30, "comment": "30% for a year"}"#)
            #expect(status == .ok, "\(text)")
            let decided = try #require(body["case"] as? [String: Any])
            #expect(decided["status"] as? String == "granted")
            let decision = try #require((decided["decisions"] as? [[String: Any]])?.last)
            #expect(decision["asked"] as? Double == 40 && decision["granted"] as? Double == 30 && decision["approver"] as? String == "grace.kim")
            (status, _, text) = try await Self.post(http, "/api/v1/save-cases/\(id)/close", elena, #"{"note": "again"}"#)
            #expect(status == .conflict && text.contains("is already granted"), "\(text)")

            try await http.execute(uri: "/api/v1/save-cases?account=\(client.account.id)", method: .get, headers: viewer) { response in
                let cases = try #require(try json(response.body)["cases"] as? [[String: Any]])
                #expect(cases.map { $0["id"] as? String } == [id])
            }
        }
        // The grant's contraction is on the record with the case's id, and the subscription follows it.
        let cut = Int64((Double(mrrBefore) * 0.3).rounded())
        let detail = try #require(try await store.account(id: client.account.id))
        #expect(detail.subscription?.mrrCents == mrrBefore - cut)
        let last = try #require(detail.movements.last)
        #expect(last.kind == .contraction && last.amountCents == cut && last.mrrAfterCents == mrrBefore - cut)
        let tagged = try await store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mrr_movements WHERE account_id = ? AND save_case IS NOT NULL", arguments: [client.account.id])
        }
        #expect(tagged == 1)
        let names = try await store.events(
            EventQuery(accountID: client.account.id, from: Instant(milliseconds: Instant.now.milliseconds - 86_400_000), limit: 1000)
        ).events.map(\.event)
        #expect(
            names.filter { $0.name.hasPrefix("save_case") || $0.name.hasPrefix("concession") }.map(\.name).sorted() == [
                "concession_decided", "concession_requested", "save_case_answered", "save_case_opened",
            ])
        #expect(names.allSatisfy { $0.planStatus == .planned })
        let audit = try await store.audit(AuditQuery(action: "save_case.")).entries.map(\.action)
        #expect(audit.sorted() == ["save_case.answered", "save_case.approved", "save_case.opened", "save_case.requested"])
    }

    @Test("a viewer reads save cases but does not open one; an unknown case is 404; a case outside the book is 403")
    func access() async throws {
        let server = try await TestServer(store: try await TestFolders.demoStore(accounts: 40, seed: 3))
        let (client, _) = try await Self.clients(server.store, owner: "elena.rossi")
        var headers = viewer
        headers[.contentType] = "application/json"
        let asViewer = headers
        try await server.router.test(.router) { http in
            let (status, _, text) = try await Self.post(http, "/api/v1/save-cases", asViewer, #"{"account": "\#(client.account.id)"}"#)
            #expect(status == .forbidden && text.contains("a viewer reads save cases"), "\(text)")
            try await http.execute(uri: "/api/v1/save-cases/sav_nothing", method: .get, headers: viewer) { #expect($0.status == .notFound) }
            try await http.execute(uri: "/api/v1/save-cases?status=won", method: .get, headers: viewer) { response in
                #expect(
                    response.status == .badRequest && String(buffer: response.body).contains("'won' is not one of open, awaiting_approval, granted, closed"))
            }
        }
    }
}

@Suite("Save cases in the demo company")
struct SaveDemoTests {
    @Test("a year of cases: concessions within and above the cap with their movements named, declines, churn anyway, open work and sales' deals")
    func demoYear() async throws {
        let store = try await TestFolders.demoStore(accounts: 300, seed: 7)
        let spec = SpecTemplate.defaultSpec
        try await SaveDesk(spec: spec, store: store).seedDemoHistory(asOf: TestServer.asOf)
        let cases = try await store.saveCases(SaveCaseQuery(limit: 5000))
        let statuses = Set(cases.map(\.status))
        #expect(statuses == Set(SaveCase.Status.allCases), "\(statuses)")
        let granted = cases.filter { $0.status == .granted && $0.kind == .renewal }
        #expect(granted.contains { $0.grant?.approver != nil && ($0.grant?.granted ?? 0) < ($0.grant?.asked ?? 0) }, "approved above the cap, for less")
        #expect(granted.contains { $0.grant?.approver == nil }, "granted within the cap")
        #expect(cases.contains { $0.decisions.contains { $0.granted == nil } }, "a decline")
        #expect(cases.contains { $0.kind == .prospect && $0.status == .granted })
        #expect(Set(cases.compactMap(\.reason)).count >= 4, "several reasons")
        // Every percent concession granted on a renewal names the contraction it made.
        let percent = granted.filter { spec.concessions?.offer($0.grant?.offer ?? "")?.kind.unit == .percent }
        let tagged = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mrr_movements WHERE save_case IS NOT NULL") }
        #expect(percent.count > 5 && tagged == percent.count)
        // Some clients churned anyway after a case.
        var churnedAfter = 0
        for save in cases where save.kind == .renewal {
            if let churned = try await store.account(id: save.account)?.account.churnedOn, churned > save.openedOn { churnedAfter += 1 }
        }
        #expect(churnedAfter > 3)
        let events = try await store.events(EventQuery(name: "concession_decided", limit: 1000)).events
        #expect(events.count == cases.flatMap(\.decisions).count && events.allSatisfy { $0.event.planStatus == .planned })
    }
}

@Suite("Save case pages")
struct SaveCasePagesTests {
    @Test("the list by name, a case waiting for approval with the form only for the approver, a stranger's decision refused, the results page")
    func pages() async throws {
        let store = try await TestFolders.demoStore(accounts: 300, seed: 7)
        try await SaveDesk(spec: SpecTemplate.defaultSpec, store: store).seedDemoHistory(asOf: TestServer.asOf)
        let server = try await TestServer(store: store)
        let waiting = try #require(try await store.saveCases(SaveCaseQuery(statuses: [.awaitingApproval], limit: 10)).first)
        var owner = try await PlayAPITests.token(for: waiting.owner, store)
        var grace = try await PlayAPITests.token(for: "grace.kim", store)
        let all = try await store.saveCases(SaveCaseQuery(limit: 5000))
        owner[.contentType] = "application/x-www-form-urlencoded"
        grace[.contentType] = "application/x-www-form-urlencoded"
        let (asOwner, asGrace) = (owner, grace)
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/save-cases", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.components(separatedBy: "<tr data-case=").count - 1 == min(all.count, 500))
                #expect(!page.contains(">acc_") && !page.contains(">person:"), "clients and owners by name")
            }
            try await http.execute(uri: "/save-cases/\(waiting.id)", method: .get, headers: asOwner) { response in
                let page = String(buffer: response.body)
                #expect(
                    response.status == .ok && page.contains("data-request") && !page.contains("/decision\""),
                    "the owner sees the request, not the decision form")
            }
            try await http.execute(uri: "/save-cases/\(waiting.id)", method: .get, headers: asGrace) { response in
                #expect(String(buffer: response.body).contains("action=\"/save-cases/\(waiting.id)/decision\""), "the approver decides")
            }
            try await http.execute(
                uri: "/save-cases/\(waiting.id)/decision", method: .post, headers: asOwner, body: ByteBuffer(string: "decision=approve")
            ) { response in
                #expect(response.status == .forbidden && String(buffer: response.body).contains("only a leader of cs approves"))
            }
            try await http.execute(
                uri: "/save-cases/\(waiting.id)/decision", method: .post, headers: asGrace, body: ByteBuffer(string: "decision=decline&comment=too+much")
            ) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await store.saveCase(id: waiting.id)?.status == .open, "declined: open again for an offer within the cap")
            try await http.execute(uri: "/reports/concessions", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("By concession") && page.contains("data-group=\"none\""))
            }
            try await http.execute(uri: "/api/v1/reports/concessions", method: .get, headers: viewer) { response in
                let body = try json(response.body)
                #expect((body["cases"] as? [Any])?.isEmpty == false && body["by_concession"] != nil)
            }
        }
    }
}

@Suite("Win-back over HTTP")
struct WinBackAPITests {
    @Test("churned clients ranked and explained, price above service, the tree's offer, CSV for marketing, the page by name, the backtest")
    func ranking() async throws {
        let store = try await TestFolders.demoStore(accounts: 400, seed: 7)
        let desk = WinBackDesk(spec: SpecTemplate.defaultSpec, store: store)
        let list = try await desk.list(asOf: TestServer.asOf)
        #expect(list.rows.count > 10 && list.rows.map(\.rank) == Array(1...list.rows.count))
        #expect(zip(list.rows, list.rows.dropFirst()).allSatisfy { $0.score.points >= $1.score.points }, "highest chance first")
        for row in list.rows {
            let sum = row.score.parts.reduce(WinBackRanking.base) { $0 + $1.points }
            #expect(row.score.points == min(100, max(0, sum)), "the parts explain the score")
            #expect(row.facts.wonBackOn == nil)
        }
        func mean(_ reason: ChurnReason) -> Double? {
            let ranks = list.rows.filter { $0.facts.reason == reason }.map { Double($0.rank) }
            return ranks.isEmpty ? nil : ranks.reduce(0, +) / Double(ranks.count)
        }
        if let price = mean(.price), let service = mean(.service) { #expect(price < service, "price leavers rank above service leavers") }
        #expect(list.rows.first { $0.facts.reason == .price }?.offer == "discount", "the tree's offer for price")
        #expect(list.rows.first { $0.facts.reason == .businessClosure }.map { $0.offer == nil } ?? true, "nothing to offer a closed business")
        #expect(list.backtestClients > 0)

        let server = try await TestServer(store: store)
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/api/v1/win-back?format=csv", method: .get, headers: viewer) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(text.hasPrefix("rank,account,name,segment,churned_on,reason,score,why,expected_value,offer\r\n"))
                #expect(text.components(separatedBy: "\r\n").count - 2 == list.rows.count)
            }
            try await http.execute(uri: "/api/v1/win-back?format=xml", method: .get, headers: viewer) { #expect($0.status == .badRequest) }
            try await http.execute(uri: "/win-back", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.components(separatedBy: "<tr data-winback=").count - 1 == min(200, list.rows.count))
                #expect(page.contains(">\(list.rows[0].facts.name.htmlEscaped)</a>"))
            }
        }
    }
}
