import AccordCore
import AccordStore
import Foundation
import Testing

@Suite("Store conformance: outcome histories")
struct OutcomeConformanceTests {
    @Test(
        "clients come back with their signing day, measured events, usage and movements, and the demo's outcomes predict renewal", arguments: StoreKind.allCases
    )
    func histories(kind: StoreKind) async throws {
        let store = try await kind.make()
        let spec = SpecTemplate.defaultSpec
        let asOf = Day(iso: "2026-06-30")!
        let data = DemoCompany.generate(DemoConfig(accounts: 600, seed: 7, asOf: asOf, spec: spec))
        try await store.replaceAll(with: data) { _, _ in }
        let histories = try await store.outcomeHistories(segments: ["mid_market"], events: ["business_outcome_documented"], account: nil)
        let clients = Set(data.movements.filter { $0.kind == .new }.map(\.accountID))
        let midMarket = data.accounts.filter { $0.segment == "mid_market" && clients.contains($0.id) }
        #expect(histories.count == midMarket.count)
        let one = try #require(histories.first { !$0.facts.events.isEmpty })
        #expect(one.facts.events.allSatisfy { $0.name == "business_outcome_documented" })
        #expect(one.facts.signed == data.movements.filter { $0.accountID == one.account && $0.kind == .new }.map(\.occurredOn).min())
        #expect(one.facts.usage.count == data.usage.filter { $0.accountID == one.account }.count)
        let alone = try await store.outcomeHistories(segments: ["mid_market"], events: ["business_outcome_documented"], account: one.account)
        #expect(alone.count == 1 && alone[0].facts.events.count == one.facts.events.count && alone[0].movements == one.movements)
        let cases = OutcomeValidation.cases(histories, models: spec.outcomeModels, asOf: asOf)
        #expect(!cases.isEmpty && cases.count < histories.count, "only those whose first renewal has come")
        // The demo's hidden health drives both usage and renewal, so usage must show up as predictive.
        let report = OutcomeValidation.validate(cases, outcomes: ["weekly_active_usage"])
        #expect(report.rows[0].predictsRenewal)
    }

    @Test(
        "versions: the same content is no new version; a change replaces an unsigned draft; the active version stays until the new one has every signature",
        arguments: StoreKind.allCases)
    func versions(kind: StoreKind) async throws {
        let store = try await kind.make()
        let at = Instant(iso: "2026-06-30T12:00:00Z")!
        let audit = AuditEntry(at: at, actor: "test", origin: "test", action: "outcome_model.proposed", target: "")
        var model = OutcomeModel(
            id: "m", name: "M", segment: "all", signers: ["sales", "cs"],
            outcomes: [
                Outcome(id: "usage", description: "", measure: .usageRatio, target: 0.5, day: 90)
            ])
        func sign(_ version: Int, _ function: String) async throws -> OutcomeModelVersion {
            try await store.signOutcomeModel(id: "m", version: version, function: function, person: "\(function).lead", at: at, audit: audit)
        }
        func statuses() async throws -> [OutcomeModelVersion.Status] { try await store.outcomeModelVersions().filter { $0.model.id == "m" }.map(\.status) }
        #expect(try await store.proposeOutcomeModel(model, by: "a", at: at, audit: audit)?.version == 1)
        #expect(try await store.proposeOutcomeModel(model, by: "a", at: at, audit: audit) == nil)
        #expect(try await sign(1, "sales").missing == ["cs"])
        model.outcomes[0].target = 0.6
        #expect(try await store.proposeOutcomeModel(model, by: "a", at: at, audit: audit)?.version == 2)
        #expect(try await statuses() == [.superseded, .draft], "the change replaces the half-signed draft")
        await #expect(throws: SignFailure.notDraft(model: "m", version: 1, status: .superseded)) { try await sign(1, "cs") }
        #expect(try await sign(2, "sales").status == .draft)
        await #expect(throws: SignFailure.alreadySigned(function: "sales", model: "m", version: 2), "one signature per function") { try await sign(2, "sales") }
        await #expect(throws: SignFailure.notASigner(function: "it", model: "m", signers: ["sales", "cs"]), "only the model's signers sign") {
            try await sign(2, "it")
        }
        #expect(try await sign(2, "cs").status == .active)
        model.outcomes[0].day = 60
        #expect(try await store.proposeOutcomeModel(model, by: "a", at: at, audit: audit)?.version == 3)
        #expect(try await statuses() == [.superseded, .active, .draft], "the active version stays in force while the change waits")
        _ = try await sign(3, "cs")
        #expect(try await sign(3, "sales").status == .active)
        #expect(try await statuses() == [.superseded, .superseded, .active])
    }
}
