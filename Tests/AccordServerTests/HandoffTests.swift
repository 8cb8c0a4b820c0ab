import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// A token for one of the spec's people, so the handoff rules see their function.
func personalToken(_ store: any Store, _ person: String) async throws -> HTTPFields {
    let role = SpecTemplate.defaultSpec.person(person)!.role
    let created = Tokens.make(role: role, personID: person, label: person, createdBy: "test", at: .now)
    try await store.saveToken(created.token, audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "token.created", target: "t"))
    return [.authorization: "Bearer \(created.secret)", .contentType: "application/json"]
}

@Suite("Handoffs")
struct HandoffTests {
    /// A prospect with no handoffs yet, and its first contact.
    static func freshProspect(_ store: any Store) async throws -> (account: String, contact: String) {
        let handed = Set(try await store.handoffs(HandoffQuery()).map(\.accountID))
        for summary in try await store.accounts(AccountQuery(stage: .awareness, limit: 500)).accounts where !handed.contains(summary.id) {
            if let contact = try await store.account(id: summary.id)?.contacts.first { return (summary.id, contact.name) }
        }
        throw ValidationFailure("the demo has no prospect without handoffs")
    }

    struct ValidationFailure: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    static func post(
        _ client: some TestClientProtocol, _ uri: String, _ headers: HTTPFields, _ body: String
    ) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { ($0.status, (try? json($0.body)) ?? [:]) }
    }

    @Test(
        "the chain: order enforced, incomplete payloads auto-rejected field by field, reject with a reason, resubmit, accept; all on the log and in the audit")
    func chain() async throws {
        let (app, store, _) = try await makeAccessServer()
        let (account, contact) = try await Self.freshProspect(store)
        let marketing = try await personalToken(store, "leo.fischer")
        let sales = try await personalToken(store, "sam.okafor")
        let closer = try await personalToken(store, "jade.morel")
        let it = try await personalToken(store, "tomas.silva")
        let cs = try await personalToken(store, "grace.kim")

        try await app.test(.router) { client in
            // Out of order: the opportunity needs an accepted lead first. Recorded, not lost.
            let opportunity =
                #"{"verified_use_case": "Replace spreadsheets used for payroll approvals", "integration_scope": "HRIS", "technical_feasibility": "confirmed", "technical_owner": "\#(contact)"}"#
            var (status, body) = try await Self.post(
                client, "/api/v1/handoffs", closer, #"{"handoff": "opportunity_to_close", "account": "\#(account)", "payload": \#(opportunity)}"#)
            #expect(status == .unprocessableContent)
            #expect(body["status"] as? String == "auto_rejected")
            #expect((body["problems"] as? [[String: Any]])?.map { $0["field"] as? String } == ["handoff"])

            // Only the sending function submits.
            (status, _) = try await Self.post(client, "/api/v1/handoffs", cs, #"{"handoff": "lead_to_opportunity", "account": "\#(account)", "payload": {}}"#)
            #expect(status == .forbidden)
            let lead =
                #"{"demand_state": "solution_aware", "buying_motivation": "Payroll errors cost two days a month", "content_consumed": ["ROI calculator"], "icp_fit_score": 72}"#
            (status, body) = try await Self.post(
                client, "/api/v1/handoffs", marketing, #"{"handoff": "lead_to_opportunity", "account": "\#(account)", "payload": \#(lead)}"#)
            #expect(status == .created && body["status"] as? String == "waiting")
            let leadID = try #require(body["id"] as? String)
            (status, _) = try await Self.post(
                client, "/api/v1/handoffs", marketing, #"{"handoff": "lead_to_opportunity", "account": "\#(account)", "payload": \#(lead)}"#)
            #expect(status == .conflict, "one waiting submission per transition and account")
            // Only the receiving function decides.
            (status, _) = try await Self.post(client, "/api/v1/handoffs/\(leadID)/decision", marketing, #"{"decision": "accept"}"#)
            #expect(status == .forbidden)
            (status, body) = try await Self.post(client, "/api/v1/handoffs/\(leadID)/decision", sales, #"{"decision": "accept"}"#)
            #expect(status == .ok && body["status"] as? String == "accepted" && body["decided_by"] as? String != nil)

            (status, body) = try await Self.post(
                client, "/api/v1/handoffs", closer, #"{"handoff": "opportunity_to_close", "account": "\#(account)", "payload": \#(opportunity)}"#)
            #expect(status == .created)
            (status, _) = try await Self.post(client, "/api/v1/handoffs/\(try #require(body["id"] as? String))/decision", it, #"{"decision": "accept"}"#)
            #expect(status == .ok)

            // Close to onboarding, incomplete: every problem names its field.
            let thin =
                #"{"verified_use_case": "Payroll", "executive_sponsor": "Someone Else", "technical_owner": "\#(contact)", "success_criteria": [{"outcome": "go live", "target": "soon"}], "integration_scope": "HRIS", "stakeholder_map": [{"name": "\#(contact)", "role": "champion", "influence": 9}], "buying_motivation": "errors", "contractual_commitments": []}"#
            (status, body) = try await Self.post(
                client, "/api/v1/handoffs", sales, #"{"handoff": "close_to_onboarding", "account": "\#(account)", "payload": \#(thin)}"#)
            #expect(status == .unprocessableContent)
            let fields = Set(((body["problems"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["verified_use_case", "success_criteria[0].target", "stakeholder_map[0].influence", "executive_sponsor", "stakeholder_map"])
            let autoRejected = try #require(body["id"] as? String)

            // Complete, resubmitting the incomplete one; rejected with a reason; resubmitted again; accepted.
            let full =
                #"{"verified_use_case": "Replace three spreadsheets used for payroll approvals", "executive_sponsor": "\#(contact)", "technical_owner": "\#(contact)", "success_criteria": [{"outcome": "first payroll run (days)", "target": 30}], "integration_scope": "HRIS", "stakeholder_map": [{"name": "A", "role": "champion", "influence": 3}, {"name": "B", "role": "user", "influence": 1}, {"name": "C", "role": "executive_sponsor", "influence": 5}], "buying_motivation": "errors", "contractual_commitments": ["go-live in 60 days"]}"#
            (status, body) = try await Self.post(
                client, "/api/v1/handoffs", sales,
                #"{"handoff": "close_to_onboarding", "account": "\#(account)", "payload": \#(full), "previous": "\#(autoRejected)"}"#)
            #expect(status == .created)
            let second = try #require(body["id"] as? String)
            (status, body) = try await Self.post(
                client, "/api/v1/handoffs/\(second)/decision", cs, #"{"decision": "reject", "reason": "commitment_not_feasible"}"#)
            #expect(status == .badRequest && (body["error"] as? [String: Any])?["message"] as? String == "a rejection needs a comment saying what to fix")
            (status, body) = try await Self.post(
                client, "/api/v1/handoffs/\(second)/decision", cs,
                #"{"decision": "reject", "reason": "commitment_not_feasible", "comment": "Go-live in 60 days is before their data is ready"}"#)
            #expect(status == .ok && body["status"] as? String == "rejected" && body["reason"] as? String == "commitment_not_feasible")
            (status, _) = try await Self.post(client, "/api/v1/handoffs/\(second)/decision", cs, #"{"decision": "accept"}"#)
            #expect(status == .conflict, "a decision is not replaced")
            (status, body) = try await Self.post(
                client, "/api/v1/handoffs", sales,
                #"{"handoff": "close_to_onboarding", "account": "\#(account)", "payload": \#(full), "previous": "\#(second)"}"#)
            let third = try #require(body["id"] as? String)
            (status, _) = try await Self.post(client, "/api/v1/handoffs/\(third)/decision", cs, #"{"decision": "accept"}"#)
            #expect(status == .ok)

            let chain = try await client.execute(uri: "/api/v1/handoffs/\(third)", method: .get, headers: viewer) { try json($0.body) }
            #expect(((chain["earlier"] as? [[String: Any]]) ?? []).map { $0["id"] as? String } == [second, autoRejected])
            let names = try await store.events(EventQuery(accountID: account, limit: 100)).events.map(\.event.name).filter { $0.hasPrefix("handoff_") }
            #expect(names.filter { $0 == "handoff_submitted" }.count == 6)
            #expect(names.filter { $0 == "handoff_rejected" }.count == 3, "two auto-rejections and one by the receiver")
            #expect(names.filter { $0 == "handoff_accepted" }.count == 3)
        }
        let audit = try await store.audit(AuditQuery(action: "handoff.")).entries.map(\.action)
        #expect(
            audit.filter { $0 == "handoff.auto_rejected" }.count == 2 && audit.contains("handoff.rejected")
                && audit.filter { $0 == "handoff.accepted" }.count == 3)
    }

    @Test("the web pages: a person's inbox, the submission form, the decision form and the triage notes form")
    func pages() async throws {
        let (app, store, _) = try await makeAccessServer()
        let (account, _) = try await Self.freshProspect(store)
        var marketingHeaders = try await personalToken(store, "leo.fischer")
        var salesHeaders = try await personalToken(store, "sam.okafor")
        marketingHeaders[.contentType] = "application/x-www-form-urlencoded"
        salesHeaders[.contentType] = "application/x-www-form-urlencoded"
        let marketing = marketingHeaders
        let sales = salesHeaders
        let payload =
            #"{"demand_state": "problem_aware", "buying_motivation": "Payroll errors every month", "content_consumed": ["Pricing page"], "icp_fit_score": 80}"#
        let form = "handoff=lead_to_opportunity&account=\(account)&payload=" + payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await app.test(.router) { client in
            let location = try await client.execute(uri: "/handoffs", method: .post, headers: marketing, body: ByteBuffer(string: form)) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            let id = String(location.dropFirst("/handoffs/".count))
            let accountName = try #require(try await store.account(id: account)?.account.name)
            try await client.execute(uri: "/handoffs?person=sam.okafor", method: .get, headers: sales) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("Handoff inbox · Sam Okafor") && page.contains(id))
                // People read names: the client by name, linked; the sender (through a personal token) as the person.
                #expect(page.contains(#"<a href="/accounts/\#(account)">\#(accountName.htmlEscaped)</a>"#))
                #expect(page.contains(#"<a href="/today?person=leo.fischer">Leo Fischer</a>"#) && !page.contains("token:") && !page.contains(">\(account)<"))
            }
            try await client.execute(uri: location, method: .get, headers: sales) { response in
                #expect(String(buffer: response.body).contains("Record decision"), "the receiver sees the decision form")
            }
            try await client.execute(uri: location, method: .get, headers: marketing) { response in
                #expect(!String(buffer: response.body).contains("Record decision"), "the sender does not")
            }
            try await client.execute(
                uri: "\(location)/decision", method: .post, headers: sales, body: ByteBuffer(string: "decision=reject&reason=not_ready&comment=No+budget+owner")
            ) {
                #expect($0.status == .seeOther)
            }
            #expect(try await store.handoff(id: id)?.status == .rejected)
            try await client.execute(uri: location, method: .get, headers: marketing) { response in
                #expect(String(buffer: response.body).contains(#"UTC by <a href="/today?person=sam.okafor">Sam Okafor</a>"#), "the decider by name")
            }
            let week = ISOWeek(containing: Day(iso: "2026-06-30")!).description
            try await client.execute(
                uri: "/reports/triage/notes", method: .post, headers: sales,
                body: ByteBuffer(string: "week=\(week)&kind=root_cause&handoff=&text=Leads+arrive+without+a+budget+owner")
            ) {
                #expect($0.status == .seeOther)
            }
            try await client.execute(uri: "/reports/triage?week=\(week)", method: .get, headers: sales) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"Leads arrive without a budget owner — <a href="/today?person=sam.okafor">Sam Okafor</a>"#))
                #expect(!page.contains("person:") && !page.contains("token:"))
            }
            // The audit log names who acted and what on: Sam Okafor rejected a handoff of this client.
            let auditor = try await personalToken(store, "priya.raman")
            try await client.execute(uri: "/audit", method: .get, headers: auditor) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains(#"<a href="/today?person=sam.okafor">Sam Okafor</a>"#))
                #expect(page.contains(#"<a href="/handoffs/\#(id)">handoff \#(id)</a>"#))
                #expect(!page.contains("<td>person:") && !page.contains("<td>token:"))
            }
        }
    }

    @Test("the background service raises an SLA breach once, under a controllable clock, and the inbox shows it overdue")
    func slaBreach() async throws {
        let store = try TestFolders.store()
        try await store.replaceAll(with: DemoCompany.generate(DemoConfig(accounts: 30, seed: 5, asOf: Day(iso: "2026-06-30")!, spec: SpecTemplate.defaultSpec)))
        { _, _ in }
        let clock = Mutex(Instant(iso: "2026-07-01T09:00:00Z")!)
        let now: @Sendable () -> Instant = { clock.withLock { $0 } }
        let desk = HandoffDesk(spec: SpecTemplate.defaultSpec, store: store, now: now)
        let (account, _) = try await Self.freshProspect(store)
        let lead: JSONValue = [
            "demand_state": "problem_aware", "buying_motivation": "Payroll errors every month", "content_consumed": ["Pricing page"], "icp_fit_score": 80,
        ]
        let submitted = try await desk.submit(
            handoff: "lead_to_opportunity", account: account, payload: lead, previous: nil, actor: "person:leo.fischer", origin: "test")
        #expect(submitted.status == .waiting && submitted.dueAt == Instant(iso: "2026-07-02T09:00:00Z")!)

        var configuration = ServerConfiguration(spec: SpecTemplate.defaultSpec, store: store, today: { Day(iso: "2026-07-01")! }, now: now)
        configuration.port = 0
        configuration.slaCheckInterval = .milliseconds(20)
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let app = buildApplication(configuration)
        try await app.test(.live) { client in
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await store.handoff(id: submitted.id)?.breachedAt == nil, "inside the SLA nothing is raised")
            clock.withLock { $0 = Instant(iso: "2026-07-02T09:30:00Z")! }
            var breached: Handoff?
            for _ in 0..<100 {
                breached = try await store.handoff(id: submitted.id)
                if breached?.breachedAt != nil { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(breached?.breachedAt == Instant(iso: "2026-07-02T09:30:00Z")!)
            try await Task.sleep(for: .milliseconds(100))
            let events = try await store.events(EventQuery(accountID: account, name: "handoff_sla_breached")).events
            #expect(events.count == 1, "raised once, however many times the service looks")
            #expect(try await store.audit(AuditQuery(action: "handoff.sla_breached")).entries.map(\.actor) == ["accord:sla"])
            let sales = try await personalToken(store, "sam.okafor")
            try await client.execute(uri: "/api/v1/handoffs/inbox", method: .get, headers: sales) { response in
                let inbox = try json(response.body)
                #expect(inbox["function"] as? String == "sales")
                #expect(((inbox["overdue"] as? [[String: Any]]) ?? []).map { $0["id"] as? String } == [submitted.id])
            }
        }
    }
}
