import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Account merges over HTTP")
struct MergeAPITests {
    static let jsonType: HTTPFields = [.contentType: "application/json"]

    @Test("a person merges two accounts: the older survives, the other's address redirects, the merge is listed, audited and undone")
    func mergeAndUndo() async throws {
        let (app, store, _) = try await makeAccessServer()
        let page = try await store.accounts(AccountQuery(limit: 500)).accounts
        var details: [AccountDetail] = []
        for summary in page.prefix(2) { details.append(try #require(try await store.account(id: summary.id))) }
        let ordered = details.map(\.account).sorted { ($0.createdOn, $0.id) < ($1.createdOn, $1.id) }
        let (older, newer) = (ordered[0], ordered[1])
        let total = try await store.accounts(AccountQuery()).total

        try await app.test(.router) { client in
            let body = ByteBuffer(string: #"{"accounts": ["\#(newer.id)", "\#(older.id)"], "reason": "one company, two CRM records"}"#)
            try await client.execute(uri: "/api/v1/merges", method: .post, headers: bearer(.csManager).merging(Self.jsonType), body: body) {
                #expect($0.status == .forbidden, "merging accounts is for revops and IT")
            }
            let mergeID = try await client.execute(uri: "/api/v1/merges", method: .post, headers: bearer(.revops).merging(Self.jsonType), body: body) {
                response in
                #expect(response.status == .created)
                let merge = try json(response.body)
                #expect(merge["survivor"] as? String == older.id && merge["absorbed"] as? String == newer.id, "the older id survives whatever the order asked")
                #expect(merge["origin"] as? String == "manual" && merge["merged_by"] as? String == "token:tok_revops")
                #expect(merge["reason"] as? String == "one company, two CRM records")
                return try #require(merge["id"] as? Int)
            }
            try await client.execute(uri: "/api/v1/accounts/\(newer.id)", method: .get, headers: viewer) { response in
                #expect(response.status == .temporaryRedirect)
                #expect(response.headers[.location] == "/api/v1/accounts/\(older.id)")
            }
            try await client.execute(uri: "/api/v1/accounts/\(newer.id)/identities", method: .get, headers: viewer) { response in
                #expect(response.headers[.location] == "/api/v1/accounts/\(older.id)/identities")
            }
            try await client.execute(uri: "/accounts/\(newer.id)", method: .get, headers: viewer) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/accounts/\(older.id)")
            }
            let listed = try await client.execute(uri: "/api/v1/accounts", method: .get, headers: viewer) { try json($0.body) }
            #expect(listed["total"] as? Int == total - 1)
            let merges = try await client.execute(uri: "/api/v1/merges?account=\(newer.id)", method: .get, headers: viewer) { try json($0.body) }
            #expect((merges["merges"] as? [[String: Any]])?.map { $0["id"] as? Int } == [mergeID])
            // Merging the absorbed id again, or the same account twice, says why not.
            try await client.execute(
                uri: "/api/v1/merges", method: .post, headers: bearer(.revops).merging(Self.jsonType),
                body: ByteBuffer(string: #"{"accounts": ["\#(newer.id)", "\#(older.id)"]}"#)
            ) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("already merged into \(older.id)"))
            }
            try await client.execute(
                uri: "/api/v1/merges", method: .post, headers: bearer(.revops).merging(Self.jsonType),
                body: ByteBuffer(string: #"{"accounts": ["acc_nobody", "\#(older.id)"]}"#)
            ) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/api/v1/merges", method: .post, headers: bearer(.revops).merging(Self.jsonType),
                body: ByteBuffer(string: #"{"accounts": ["\#(older.id)"]}"#)
            ) { #expect($0.status == .badRequest) }

            try await client.execute(uri: "/api/v1/merges/\(mergeID)/undo", method: .post, headers: bearer(.itPartner).merging(Self.jsonType)) { response in
                #expect(response.status == .ok)
                let undone = try json(response.body)
                #expect(undone["unmerged_by"] as? String == "token:tok_it_partner")
            }
            try await client.execute(uri: "/api/v1/merges/\(mergeID)/undo", method: .post, headers: bearer(.itPartner).merging(Self.jsonType)) { response in
                #expect(response.status == .conflict, "an undone merge cannot be undone twice")
            }
            try await client.execute(uri: "/api/v1/merges/999/undo", method: .post, headers: bearer(.itPartner).merging(Self.jsonType)) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/accounts/\(newer.id)", method: .get, headers: viewer) { #expect($0.status == .ok) }
            let audit = try await client.execute(uri: "/api/v1/audit?action=account.", method: .get, headers: bearer(.admin)) { try json($0.body) }
            let actions = (audit["entries"] as? [[String: Any]])?.map { "\($0["action"] ?? "") \($0["actor"] ?? "")" }
            #expect(actions == ["account.merged token:tok_revops", "account.unmerged token:tok_it_partner"])
        }
        #expect(try await store.keptApart() == [AccountPair(older.id, newer.id)])
    }
}
