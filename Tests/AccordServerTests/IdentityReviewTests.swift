import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Identity reviews")
struct IdentityReviewTests {
    @Test("an uncertain record waits for a person; linking or separating is recorded, audited and kept by the next import")
    func decide() async throws {
        let (app, store, _) = try await makeAccessServer()
        let existing = try await store.accountsForMatching()
        let (a, b) = (existing[0], existing[1])
        var plan = ImportPlan()
        plan.reviews = [
            .init(line: 2, externalID: "SF-1", candidate: a.id, probability: 0.85, fields: ["name": a.name + " Holdings"]),
            .init(line: 3, externalID: "SF-2", candidate: b.id, probability: 0.82, fields: ["name": "Quite Different Ltd", "country": "GB"]),
        ]
        try await store.applyImport(
            plan, source: "salesforce", at: .now,
            audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "import.completed", target: "source:salesforce"))
        let jsonType: HTTPFields = [.contentType: "application/json"]
        try await app.test(.router) { client in
            let open = try await client.execute(uri: "/api/v1/identity-reviews", method: .get, headers: viewer) { try json($0.body) }
            let reviews = try #require(open["reviews"] as? [[String: Any]])
            #expect(reviews.count == 2)
            let first = try #require(reviews.first { $0["external_id"] as? String == "SF-1" }?["id"] as? Int)
            let second = try #require(reviews.first { $0["external_id"] as? String == "SF-2" }?["id"] as? Int)

            try await client.execute(
                uri: "/api/v1/identity-reviews/\(first)", method: .post, headers: bearer(.viewer).merging(jsonType),
                body: ByteBuffer(string: #"{"decision": "link"}"#)
            ) {
                #expect($0.status == .forbidden, "deciding identities is for revops and IT")
            }
            try await client.execute(
                uri: "/api/v1/identity-reviews/\(first)", method: .post, headers: bearer(.revops).merging(jsonType),
                body: ByteBuffer(string: #"{"decision": "maybe"}"#)
            ) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(
                uri: "/api/v1/identity-reviews/\(first)", method: .post, headers: bearer(.revops).merging(jsonType),
                body: ByteBuffer(string: #"{"decision": "link"}"#)
            ) { response in
                #expect(response.status == .ok)
                let decided = try json(response.body)
                #expect(decided["decision"] as? String == "link" && decided["decided_by"] as? String == "token:tok_revops")
            }
            try await client.execute(
                uri: "/api/v1/identity-reviews/\(first)", method: .post, headers: bearer(.revops).merging(jsonType),
                body: ByteBuffer(string: #"{"decision": "separate"}"#)
            ) {
                #expect($0.status == .conflict, "a decision is not silently replaced")
            }
            try await client.execute(
                uri: "/api/v1/identity-reviews/\(second)", method: .post, headers: bearer(.itPartner).merging(jsonType),
                body: ByteBuffer(string: #"{"decision": "separate"}"#)
            ) {
                #expect($0.status == .ok)
            }
            let identities = try await client.execute(uri: "/api/v1/accounts/\(a.id)/identities", method: .get, headers: viewer) { try json($0.body) }
            let linked = (identities["identities"] as? [[String: Any]])?.first { $0["external_id"] as? String == "SF-1" }
            #expect((linked?["rule"] as? String)?.contains("after review") == true)
            let audit = try await client.execute(uri: "/api/v1/audit?action=identity.review_decided", method: .get, headers: bearer(.admin)) {
                try json($0.body)
            }
            let entries = try #require(audit["entries"] as? [[String: Any]])
            #expect(entries.count == 2)
            #expect((entries[0]["before"] as? [String: Any])?["decision"] is NSNull)
            #expect((entries[0]["after"] as? [String: Any])?["account"] as? String == a.id)
            let left = try await client.execute(uri: "/api/v1/identity-reviews", method: .get, headers: viewer) { try json($0.body) }
            #expect((left["reviews"] as? [Any])?.isEmpty == true)
        }
        // The separated record became its own account, and the next import keeps both decisions.
        let separated = AccountImport.newAccount(source: "salesforce", externalID: "SF-2", fields: [:], defaultSegment: "", today: Day(0)).id
        #expect(try await store.account(id: separated)?.account.name == "Quite Different Ltd")
        let links = try await store.sourceLinks(source: "salesforce", kind: "account")
        #expect(links["SF-1"] == a.id && links["SF-2"] == separated)
        let source = try #require(SpecTemplate.defaultSpec.sources.first { $0.id == "salesforce" })
        let again = try AccountImport.plan(
            rows: [
                ImportRow(line: 2, cells: ["Id": "SF-1", "Name": a.name + " Holdings"]),
                ImportRow(line: 3, cells: ["Id": "SF-2", "Name": "Quite Different Ltd"]),
            ],
            header: ["Id", "Name"], source: source, existing: try await store.accountsForMatching(), links: links, defaultSegment: "smb", today: Day(0))
        #expect(again.alreadyLinked == 2 && again.reviews.isEmpty && again.created.isEmpty)
    }
}
