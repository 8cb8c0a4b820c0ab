import AccordCore
import Testing

@Suite("The quarterly outcome model refresh pack")
struct QuarterlyRefreshTests {
    @Test("outcomes that do not predict renewal are named with what to propose, and waiting drafts with what they change")
    func refresh() {
        let spec = SpecTemplate.full.spec
        // weekly_active_usage splits renewals cleanly; every client documented outcomes; none had an expansion.
        var cases: [RenewalCase] = []
        for index in 0..<40 {
            var achieved: Set<String> = ["documented_business_outcomes"]
            if index < 20 { achieved.insert("weekly_active_usage") }
            cases.append(RenewalCase(account: "acc_\(index)", achieved: achieved, renewed: index < 20, expanded: false))
        }
        let validation = OutcomeValidation.validate(cases, outcomes: ["weekly_active_usage", "documented_business_outcomes", "client_initiated_expansion"])
        let model = spec.outcomeModels[0]
        var changed = model
        changed.outcomes[0].target = 0.8
        let at = Instant(day: Day(year: 2026, month: 10, day: 1))
        let versions = [
            OutcomeModelVersion(
                model: model, version: 1, status: .active, createdBy: "person:priya.raman", createdAt: at,
                signatures: model.signers.map { .init(function: $0, person: $0, at: at) }, activatedAt: at),
            OutcomeModelVersion(
                model: changed, version: 2, status: .draft, createdBy: "person:priya.raman", createdAt: at,
                signatures: [.init(function: "marketing", person: "maria.chen", at: at)]),
        ]
        let refresh = QuarterlyRefresh.build(
            validation: validation, models: spec.outcomeModels, versions: versions, proposals: [], spec: spec, asOf: Day(year: 2026, month: 11, day: 1))
        #expect(refresh.flagged.map(\.outcome) == ["documented_business_outcomes", "client_initiated_expansion"])
        #expect(refresh.flagged[0].suggestion.hasPrefix("every client achieved it"))
        #expect(refresh.flagged[1].suggestion.hasPrefix("no client that renewed had achieved it: check that its event arrives (expansion_signal_detected)"))
        #expect(refresh.flagged[0].models.contains("Mid-market 12-month success"))
        #expect(refresh.drafts.count == 1 && refresh.drafts[0].waitingOn == ["Sales", "IT", "Customer Success"])
        #expect(refresh.drafts[0].changes == ["weekly_active_usage target: 0.7 → 0.8"])
    }
}
