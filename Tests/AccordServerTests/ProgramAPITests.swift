import AccordApp
import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordStore

/// The 90-day program on a demo company: checks read from the database, a dashboard proposal that
/// counts only from its last signature, and the program as JSON and as a page.
@Suite("The 90-day program over HTTP")
struct ProgramAPITests {
    static let start = TestServer.asOf.adding(days: -119)

    @Test("day 120 of a demo: the store's handoffs and sources feed the checks; the dashboard passes only after the last of four signatures")
    func demo() async throws {
        let store = try await TestFolders.demoStore(accounts: 200, seed: 3)
        try await store.setMeta(ProgramDesk.startKey, Self.start.iso)
        let spec = SpecTemplate.defaultSpec
        let desk = ProgramDesk(spec: spec, store: store)
        var status = try await desk.status(today: TestServer.asOf)
        #expect(status.day == 120 && status.start == Self.start)
        #expect(status.calendarPhase == nil)
        // Handoffs decided in the demo's last 120 days count for every transition.
        let failing = status.phases[1].checks.filter { !$0.passed }.map(\.detail)
        #expect(failing.isEmpty, "\(failing)")
        let evidence = try await store.programEvidence(since: Self.start)
        let decided = try await store.handoffs(HandoffQuery(submittedFrom: Instant(day: Self.start), limit: 10_000)).filter { $0.decidedAt != nil }
        #expect(evidence.handoffs.values.map(\.decided).reduce(0, +) == decided.count && !decided.isEmpty)
        #expect(status.phases[2].checks.first { $0.id == "dashboard" }?.detail.hasPrefix("no dashboard specification proposed yet") == true)
        #expect(status.renewalsInsideProgram.count == 0, "past day 90 none is inside the program")
        #expect(status.renewalsNext90Days.count > 0)

        let text = DashboardSpecText.text(spec.dashboard)
        let at = Instant(day: Self.start.adding(days: 70), seconds: 9 * 3600)
        func audit(_ action: String) -> AuditEntry { AuditEntry(at: at, actor: "test", origin: "local", action: action, target: "") }
        let proposal = try await store.proposeSpecChange(
            SpecProposal(
                id: 0, kind: .dashboard, title: "The shared dashboard", changes: [], body: text, signers: spec.signingFunctions,
                proposedBy: "person:priya.raman",
                proposedAt: at), audit: audit("spec_proposal.proposed"))
        #expect(proposal.id == 1)
        for (function, person) in [("marketing", "maria.chen"), ("sales", "sam.okafor"), ("cs", "grace.kim")] {
            let signed = try await store.signSpecProposal(
                id: 1, function: function, person: person, at: at, taxonomy: SpecTemplate.defaultSpec.taxonomy, audit: audit("spec_proposal.signed"))
            #expect(signed.status == .pending)
        }
        status = try await desk.status(today: TestServer.asOf)
        #expect(status.phases[2].checks.first { $0.id == "dashboard" }?.detail == "proposal 1, The shared dashboard, waits for IT (Ingrid Berg) to sign")
        let approved = try await store.signSpecProposal(
            id: 1, function: "it", person: "tomas.silva", at: at, taxonomy: SpecTemplate.defaultSpec.taxonomy, audit: audit("spec_proposal.signed"))
        #expect(approved.status == .approved && approved.approvedAt == at)
        await #expect(throws: ProposalFailure.notPending(id: 1, status: .approved)) {
            try await store.signSpecProposal(
                id: 1, function: "it", person: "tomas.silva", at: at, taxonomy: SpecTemplate.defaultSpec.taxonomy, audit: audit("spec_proposal.signed"))
        }
        await #expect(throws: StoreError.self) {
            try await store.signSpecProposal(
                id: 9, function: "it", person: "tomas.silva", at: at, taxonomy: SpecTemplate.defaultSpec.taxonomy, audit: audit("spec_proposal.signed"))
        }
        status = try await desk.status(today: TestServer.asOf)
        #expect(status.phases[2].checks.first { $0.id == "dashboard" }?.passed == true)
        let actions = try await store.audit(AuditQuery(target: "spec_proposal:1")).entries.map(\.action)
        #expect(actions.contains("spec_proposal.approved"))

        let inside = status.renewalsNext90Days.count
        let server = try await TestServer(store: store)
        try await server.router.test(.router) { http in
            try await http.execute(uri: "/api/v1/program", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(body["day"] as? Int == 120 && body["start"] as? String == Self.start.iso)
                let phases = try #require(body["phases"] as? [[String: Any]])
                #expect(phases.map { $0["number"] as? Int } == [1, 2, 3])
                #expect((phases[2]["checks"] as? [[String: Any]])?.contains { $0["id"] as? String == "dashboard" && $0["passed"] as? Bool == true } == true)
                #expect((body["renewals_next90_days"] as? [String: Any])?["count"] as? Int == inside)
            }
            try await http.execute(uri: "/program", method: .get, headers: viewer) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("day 120 · started \(Self.start.iso)"))
                #expect(page.contains(#"data-phase="3""#) && page.contains(#"data-check="dashboard" data-passed="true""#))
            }
            try await http.execute(uri: "/api/v1/program", method: .get) { response in #expect(response.status == .unauthorized) }
        }
    }

    @Test("without a start in the spec or the database, day 1 is the day the first outcome model was proposed")
    func startDay() async throws {
        let store = try TestFolders.store()
        let spec = SpecTemplate.compact.spec
        let desk = ProgramDesk(spec: spec, store: store)
        #expect(try await desk.start(today: TestServer.asOf) == TestServer.asOf)
        let proposed = Instant(day: Day(iso: "2026-05-02")!, seconds: 3600)
        try await OutcomeModelDesk(spec: spec, store: store).syncFromSpec(at: proposed, actor: "spec-file")
        #expect(try await desk.start(today: TestServer.asOf) == Day(iso: "2026-05-02"))
        let status = try await desk.status(today: TestServer.asOf)
        #expect(status.phases[0].checks[0].detail == "12-month success version 1 waits for Marketing, Sales, IT, Customer Success to sign")
        #expect(status.phases[0].startedOn == Day(iso: "2026-05-02"))
        var dated = spec
        dated.program.start = Day(iso: "2026-04-01")
        #expect(try await ProgramDesk(spec: dated, store: store).start(today: TestServer.asOf) == Day(iso: "2026-04-01"))
    }
}
