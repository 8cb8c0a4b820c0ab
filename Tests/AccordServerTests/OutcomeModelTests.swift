import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Outcome model signatures")
struct OutcomeModelTests {
    /// The full template with its mid-market model alone, so smb and enterprise have none.
    static var midMarketOnly: Spec {
        var spec = SpecTemplate.defaultSpec
        spec.outcomeModels.removeAll { $0.id != "mid_market_success" }
        return spec
    }

    @Test(
        "a model from the spec waits as a draft; each required leader signs once; the last signature activates it; a change needs every signature again while the old version stays active"
    )
    func signatures() async throws {
        let (app, store, _) = try await makeAccessServer(spec: Self.midMarketOnly)
        var spec = Self.midMarketOnly
        let desk = OutcomeModelDesk(spec: spec, store: store)
        let first = try await desk.syncFromSpec(at: .now, actor: "spec-file")
        #expect(first.map(\.version) == [1] && first[0].status == .draft)
        #expect(try await desk.syncFromSpec(at: .now, actor: "spec-file").isEmpty, "an unchanged spec proposes nothing")
        let leaders = ["maria.chen", "sam.okafor", "ingrid.berg", "grace.kim"]
        var tokens: [String: HTTPFields] = [:]
        for person in leaders + ["noah.adeyemi"] { tokens[person] = try await personalToken(store, person) }
        let headers = tokens
        let uri = "/api/v1/outcome-models/mid_market_success/versions/1/signatures"
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: headers["noah.adeyemi"]!) {
                #expect($0.status == .forbidden, "a CS manager is not the function's leader")
            }
            try await client.execute(uri: uri, method: .post, headers: bearer(.leader)) {
                #expect($0.status == .forbidden, "a token for no person signs nothing")
            }
            for (index, leader) in leaders.enumerated() {
                try await client.execute(uri: uri, method: .post, headers: headers[leader]!) { response in
                    #expect(response.status == .created)
                    let body = try json(response.body)
                    #expect(body["status"] as? String == (index == leaders.count - 1 ? "active" : "draft"))
                    #expect((body["missing"] as? [String])?.count == leaders.count - index - 1)
                }
            }
            try await client.execute(uri: uri, method: .post, headers: headers["grace.kim"]!) {
                #expect($0.status == .conflict, "an active version is not signed again")
            }
        }
        // The spec changes a target: a new draft, and version 1 stays the one in force.
        spec.outcomeModels[0].outcomes[0].target = 0.75
        let changed = OutcomeModelDesk(spec: spec, store: store)
        #expect(try await changed.syncFromSpec(at: .now, actor: "spec-file").map(\.version) == [2])
        var versions = try await store.outcomeModelVersions()
        #expect(versions.map(\.status) == [.active, .draft])
        #expect(try await changed.diff(id: "mid_market_success", from: 1, to: 2) == ["weekly_active_usage target: 0.7 → 0.75"])
        try await app.test(.router) { client in
            for leader in leaders {
                try await client.execute(uri: "/api/v1/outcome-models/mid_market_success/versions/2/signatures", method: .post, headers: headers[leader]!) {
                    #expect($0.status == .created)
                }
            }
            try await client.execute(uri: "/api/v1/outcome-models/mid_market_success/diff?from=1&to=2", method: .get, headers: viewer) { response in
                let body = try json(response.body)
                #expect((body["changes"] as? [String])?.count == 1)
            }
        }
        versions = try await store.outcomeModelVersions()
        #expect(versions.map(\.status) == [.superseded, .active])
        #expect(versions[1].signatures.map(\.person) == leaders)
        let audit = try await store.audit(AuditQuery(action: "outcome_model.")).entries.map(\.action)
        #expect(audit.filter { $0 == "outcome_model.signed" }.count == 8 && audit.filter { $0 == "outcome_model.activated" }.count == 2)
    }

    @Test("a mid-market client's scorecard: a state per outcome, on the API and on the account page; a segment without a model has none")
    func scorecard() async throws {
        let (app, store, _) = try await makeAccessServer(spec: Self.midMarketOnly)
        let accounts = try await store.accounts(AccountQuery(limit: 500)).accounts
        let client = try #require(accounts.first { $0.segment == "mid_market" && $0.mrrCents > 0 })
        let small = try #require(accounts.first { $0.segment == "smb" })
        try await app.test(.router) { client2 in
            try await client2.execute(uri: "/api/v1/accounts/\(client.id)/scorecard", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let card = try json(response.body)
                let outcomes = try #require(card["outcomes"] as? [[String: Any]])
                #expect(outcomes.map { $0["outcome"] as? String } == ["weekly_active_usage", "documented_business_outcomes", "client_initiated_expansion"])
                #expect(outcomes.allSatisfy { OutcomeProgress.State(rawValue: $0["state"] as? String ?? "") != nil })
                #expect(card["model_signed"] as? Bool == false, "the spec's model is a draft until every function signs")
            }
            try await client2.execute(uri: "/api/v1/accounts/\(small.id)/scorecard", method: .get, headers: viewer) { #expect($0.status == .notFound) }
            try await client2.execute(uri: "/accounts/\(client.id)", method: .get, headers: viewer) { response in
                #expect(String(buffer: response.body).contains("Outcomes · mid_market_success"))
            }
            try await client2.execute(uri: "/outcomes?by=rep", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("weekly_active_usage") && page.contains("Sales rep"))
            }
        }
    }

    @Test("revops proposes a model through the API: a draft waiting for its signers; the same content twice is refused; mistakes name their field")
    func propose() async throws {
        let (app, store, _) = try await makeAccessServer(spec: Self.midMarketOnly)
        let body =
            #"{"id": "smb_success", "name": "SMB success", "segment": "smb", "signers": ["sales", "cs"], "outcomes": [{"id": "usage", "measure": {"kind": "usage_ratio"}, "target": 0.6, "day": 60}, {"id": "value", "measure": {"kind": "event_count", "event": "first_value_achieved"}, "target": 1, "day": 45}]}"#
        let headers = bearer(.revops).merging([.contentType: "application/json"])
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/outcome-models", method: .post, headers: bearer(.viewer).merging([.contentType: "application/json"]),
                body: ByteBuffer(string: body)
            ) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/outcome-models", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                let version = try json(response.body)
                #expect(version["version"] as? Int == 1 && version["status"] as? String == "draft" && version["missing"] as? [String] == ["sales", "cs"])
            }
            try await client.execute(uri: "/api/v1/outcome-models", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                #expect($0.status == .conflict)
            }
            let wrong = body.replacingOccurrences(of: "first_value_achieved", with: "made_up")
            try await client.execute(uri: "/api/v1/outcome-models", method: .post, headers: headers, body: ByteBuffer(string: wrong)) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("outcomes[1].measure.event 'made_up' is not in the taxonomy"))
            }
        }
        #expect(try await store.outcomeModelVersions().contains { $0.model.id == "smb_success" && $0.model.outcomes.count == 2 })
    }

    @Test(
        "the web pages: revops proposes a change with the form, a bad one comes back with its message and text; each leader signs with a button; the validation report shows its figures"
    )
    func pages() async throws {
        let (app, store, _) = try await makeAccessServer(spec: Self.midMarketOnly)
        _ = try await OutcomeModelDesk(spec: Self.midMarketOnly, store: store).syncFromSpec(at: .now, actor: "spec-file")
        @Sendable func form(_ person: String) async throws -> HTTPFields {
            var headers = try await personalToken(store, person)
            headers[.contentType] = "application/x-www-form-urlencoded"
            return headers
        }
        let revops = try await form("priya.raman")
        let maria = try await form("maria.chen")
        let noah = try await form("noah.adeyemi")
        let leaders = ["maria.chen", "sam.okafor", "ingrid.berg", "grace.kim"]
        @Sendable func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/outcome-models", method: .get, headers: revops) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(
                page.contains("Version 1") && page.contains("waiting for Marketing, Sales, IT, Customer Success")
                    && page.contains("Propose a model or a change"))
            #expect(!page.contains("/versions/1/sign"), "revops signs for no function")
            // The form starts from the newest model: change a target and propose it.
            let text = page.components(separatedBy: "<textarea name=\"model\" rows=\"18\" required>")[1].components(separatedBy: "</textarea>")[0]
                .replacingOccurrences(of: "&quot;", with: "\"")
            #expect(text.contains("\"weekly_active_usage\""))
            let changed = text.replacingOccurrences(of: "0.7", with: "0.75")
            try await client.execute(uri: "/outcome-models", method: .post, headers: revops, body: ByteBuffer(string: "model=" + encoded(changed))) {
                response in
                #expect(response.status == .seeOther && response.headers[.location] == "/outcome-models#mid_market_success")
            }
            #expect(
                try await OutcomeModelDesk(spec: Self.midMarketOnly, store: store).syncFromSpec(at: .now, actor: "spec-file").isEmpty,
                "a restart with the unchanged spec leaves the proposed change alone")
            let broken = changed.replacingOccurrences(of: "\"usage_ratio\"", with: "\"seats\"")
            try await client.execute(uri: "/outcome-models", method: .post, headers: revops, body: ByteBuffer(string: "model=" + encoded(broken))) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .badRequest)
                #expect(
                    body.contains("Not proposed: outcomes[0].measure.kind") && body.contains("seats") && body.contains("is not one of usage_ratio, event_count")
                )
                #expect(body.contains("&quot;seats&quot;"), "the text as typed comes back to fix")
            }
            try await client.execute(uri: "/outcome-models", method: .post, headers: revops, body: ByteBuffer(string: "model=" + encoded("{not json"))) {
                response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("not valid JSON"))
            }
            try await client.execute(uri: "/outcome-models", method: .post, headers: maria, body: ByteBuffer(string: "model=" + encoded(changed))) {
                #expect($0.status == .forbidden, "a leader signs; revops proposes")
            }
            try await client.execute(uri: "/outcome-models", method: .get, headers: maria) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("Sign version 2 for Marketing") && body.contains("weekly_active_usage target: 0.7 → 0.75"))
            }
            try await client.execute(uri: "/outcome-models/mid_market_success/versions/2/sign", method: .post, headers: noah, body: ByteBuffer(string: "")) {
                #expect($0.status == .forbidden, "a CS manager is not the function's leader")
            }
            for leader in leaders {
                try await client.execute(
                    uri: "/outcome-models/mid_market_success/versions/2/sign", method: .post, headers: try await form(leader), body: ByteBuffer(string: "")
                ) {
                    #expect($0.status == .seeOther)
                }
            }
            try await client.execute(uri: "/outcome-models/mid_market_success/versions/2/sign", method: .post, headers: maria, body: ByteBuffer(string: "")) {
                #expect($0.status == .conflict, "an active version is not signed again")
            }
            try await client.execute(uri: "/reports/outcome-validation", method: .get, headers: maria) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .ok && body.contains("Outcome validation") && body.contains("90-day adoption per sales rep"))
            }
        }
        let versions = try await store.outcomeModelVersions().filter { $0.model.id == "mid_market_success" }
        #expect(versions.map(\.status) == [.superseded, .active] && versions[1].model.outcomes[0].target == 0.75)
        #expect(versions[1].signatures.map(\.person) == leaders)
    }
}
