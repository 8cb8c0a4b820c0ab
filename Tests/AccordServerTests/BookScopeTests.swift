import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// With `access.own_book_only: [cs_manager]`, every route that reads client data is walked with a
/// CS manager's token, and no answer may carry an account from outside their book. The walk reads
/// the route registry, so a route added later is walked without anyone remembering to add it here.
@Suite("Access: book scoping on every route")
struct BookScopeTests {
    static let csm = "noah.adeyemi"

    /// The access server with CS managers limited to their book, and noah's token.
    static func bookLimited() async throws -> (app: some ApplicationProtocol, store: SQLiteStore, registry: RouteRegistry, spec: Spec, secret: String) {
        var spec = SpecTemplate.defaultSpec
        spec.access.ownBookOnly = [.csManager]
        let (app, store, registry) = try await makeAccessServer(spec: spec)
        let token = Tokens.make(role: .csManager, personID: Self.csm, label: "noah", createdBy: "test", at: .now)
        try await store.saveToken(token.token, audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "token.created", target: "t"))
        return (app, store, registry, spec, token.secret)
    }

    @Test("a book-limited CS manager gets no other CSM's client from any route that reads client data")
    func everyRouteKeepsToTheBook() async throws {
        let (app, store, registry, spec, secret) = try await Self.bookLimited()
        let headers: HTTPFields = [.authorization: "Bearer \(secret)"]

        let accounts = try await store.accounts(AccountQuery(limit: 500)).accounts
        let mine = accounts.filter { $0.ownerCS == Self.csm }
        let foreign = accounts.filter { $0.ownerCS != Self.csm }
        let myIDs = Set(mine.map(\.id))
        let handoffs = try await store.handoffs(HandoffQuery(limit: 5000))
        let myHandoff = try #require(handoffs.first { myIDs.contains($0.accountID) }, "the demo has a handoff in the book")
        let foreignHandoff = try #require(handoffs.first { !myIDs.contains($0.accountID) }, "the demo has a handoff outside the book")
        let mineAccount = try #require(mine.first)
        let foreignAccount = try #require(foreign.first)
        // Names are checked on pages, where rows show names rather than ids; a name that is part of
        // one in the book could be there honestly, so it is left out of the check.
        let foreignNames = foreign.map(\.name).filter { name in name.count >= 6 && !mine.contains { $0.name.contains(name) } }

        let metrics = try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/dashboard", method: .get, headers: bearer(.admin)) { response in
                ((try json(response.body)["metrics"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            }
        }
        #expect(metrics.count > 5)

        var uris: [(uri: String, page: Bool, asked: String?)] = []
        let reading = registry.routes.filter { route in
            route.method == "GET" && (route.requirement == .allowed(.readClientData) || route.requirement == .signedIn)
        }
        for route in reading {
            let path = route.path
            if path.contains("{id}") {
                if path.hasPrefix("/api/v1/accounts/") || path.hasPrefix("/accounts/") {
                    uris.append((path.replacingOccurrences(of: "{id}", with: mineAccount.id), route.isPage, nil))
                    uris.append((path.replacingOccurrences(of: "{id}", with: foreignAccount.id), route.isPage, foreignAccount.id))
                } else if path.contains("handoffs") {
                    uris.append((path.replacingOccurrences(of: "{id}", with: myHandoff.id), route.isPage, nil))
                    uris.append((path.replacingOccurrences(of: "{id}", with: foreignHandoff.id), route.isPage, foreignHandoff.id))
                } else if path.contains("metrics") {
                    for metric in metrics { uris.append((path.replacingOccurrences(of: "{id}", with: metric), route.isPage, nil)) }
                } else {
                    let model = spec.outcomeModels.first?.id ?? "x"
                    uris.append((path.replacingOccurrences(of: "{id}", with: model), route.isPage, nil))
                }
            } else {
                uris.append((path, route.isPage, nil))
                // Asking for a foreign account by name in the query is refused or answered empty.
                uris.append((path + "?account=\(foreignAccount.id)", route.isPage, foreignAccount.id))
            }
        }
        uris += [
            ("/handoffs?function=cs", true, nil), ("/handoffs?function=sales", true, nil), ("/api/v1/handoffs/inbox?function=cs", false, nil),
            ("/api/v1/handoffs?limit=500", false, nil), ("/api/v1/renewals?days=366", false, nil), ("/renewals?days=366", true, nil),
            ("/api/v1/identity-reviews?status=all", false, nil), ("/api/v1/renewals?days=366&format=csv", false, nil),
        ]
        #expect(uris.count > 60, "the walk covers the registry")

        let walk = uris
        let walked = try await app.test(.router) { client in
            var walked = 0
            for (uri, page, asked) in walk {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    walked += 1
                    let body = String(buffer: response.body)
                    #expect(response.status.code < 500, "\(uri): \(response.status)")
                    for account in foreign where account.id != asked && body.contains(account.id) {
                        Issue.record("\(uri) (\(response.status.code)) returned \(account.id), owned by \(account.ownerCS ?? "nobody")")
                    }
                    if page {
                        for name in foreignNames where body.contains(name.htmlEscaped) {
                            Issue.record("\(uri) (\(response.status.code)) shows \(name), outside the book")
                        }
                    }
                    if let asked, asked == foreignAccount.id || asked == foreignHandoff.id, uri.contains("/\(asked)") {
                        #expect([.forbidden, .notFound].contains(response.status), "\(uri): \(response.status)")
                    }
                }
            }
            return walked
        }
        #expect(walked == uris.count)
    }

    @Test("a book-limited CS manager cannot decide or submit a handoff for another CSM's client")
    func writesKeepToTheBook() async throws {
        let (app, store, _, spec, secret) = try await Self.bookLimited()
        let accounts = try await store.accounts(AccountQuery(limit: 500)).accounts
        let myIDs = Set(accounts.filter { $0.ownerCS == Self.csm }.map(\.id))
        let decidedByCS = Set(spec.handoffs.filter { $0.to.function == "cs" }.map(\.id))
        let submittedByCS = try #require(spec.handoffs.first { $0.from.function == "cs" })
        let all = try await store.handoffs(HandoffQuery(limit: 5000))
        let handoff = try #require(all.first { !myIDs.contains($0.accountID) && decidedByCS.contains($0.handoff) })
        let foreign = try #require(accounts.first { !myIDs.contains($0.id) })
        let headers: HTTPFields = [.authorization: "Bearer \(secret)", .contentType: "application/json"]
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/handoffs/\(handoff.id)/decision", method: .post, headers: headers, body: ByteBuffer(string: #"{"decision": "accept"}"#)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("not in your book"))
            }
            let submission = #"{"handoff": "\#(submittedByCS.id)", "account": "\#(foreign.id)", "payload": {}}"#
            try await client.execute(uri: "/api/v1/handoffs", method: .post, headers: headers, body: ByteBuffer(string: submission)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("not in your book"))
            }
        }
        #expect(try await store.handoff(id: handoff.id) == handoff, "nothing changed")
        #expect(try await store.handoffs(HandoffQuery(limit: 5000)).count == all.count, "nothing was submitted")
    }
}

extension String {
    var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
