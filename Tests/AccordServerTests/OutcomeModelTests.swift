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
    @Test("a model from the spec waits as a draft; each required leader signs once; the last signature activates it; a change needs every signature again while the old version stays active")
    func signatures() async throws {
        let (app, store, _) = try await makeAccessServer()
        var spec = SpecTemplate.defaultSpec
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
            try await client.execute(uri: uri, method: .post, headers: headers["noah.adeyemi"]!) { #expect($0.status == .forbidden, "a CS manager is not the function's leader") }
            try await client.execute(uri: uri, method: .post, headers: bearer(.leader)) { #expect($0.status == .forbidden, "a token for no person signs nothing") }
            for (index, leader) in leaders.enumerated() {
                try await client.execute(uri: uri, method: .post, headers: headers[leader]!) { response in
                    #expect(response.status == .created)
                    let body = try json(response.body)
                    #expect(body["status"] as? String == (index == leaders.count - 1 ? "active" : "draft"))
                    #expect((body["missing"] as? [String])?.count == leaders.count - index - 1)
                }
            }
            try await client.execute(uri: uri, method: .post, headers: headers["grace.kim"]!) { #expect($0.status == .conflict, "an active version is not signed again") }
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
}
