import AccordCore
import AccordStore
import Foundation
import Testing

@Suite("Store conformance: outcome histories")
struct OutcomeConformanceTests {
    @Test("clients come back with their signing day, measured events, usage and movements, and the demo's outcomes predict renewal", arguments: StoreKind.allCases)
    func histories(kind: StoreKind) async throws {
        let store = try kind.make()
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
}

