import Testing

@testable import AccordCore

/// Taxonomy proposals as changes to the plan: what each operation does, what it refuses, and how
/// approved proposals add up to the taxonomy ingestion checks against.
@Suite("Taxonomy changes")
struct TaxonomyChangeTests {
    static let spec = SpecTemplate.defaultSpec
    let plans = TrackingPlanTests()

    func proposal(_ id: Int, _ changes: [TaxonomyChange], approvedOn day: String?) -> SpecProposal {
        let at = Instant(day: Day(iso: day ?? "2026-06-01")!)
        return SpecProposal(
            id: id, kind: .taxonomy, title: "change \(id)", changes: changes.map(\.sentence), body: TaxonomyChange.encodeList(changes),
            signers: ["cs"], status: day == nil ? .pending : .approved, proposedBy: "person:priya.raman", proposedAt: at,
            approvedAt: day == nil ? nil : at)
    }

    @Test("a renamed event is stored under its new name and its old name still arrives as an alias")
    func rename() throws {
        let taxonomy = try Self.spec.taxonomy.applying([TaxonomyChange(.renameEvent, event: "first_value_achieved", to: "value_reached")])
        #expect(taxonomy.events.contains { $0.name == "value_reached" && $0.aliases == ["first_value_achieved"] })
        guard case .accept(let event) = TrackingPlan(taxonomy).classify(plans.message("first_value_achieved", ["milestone": "m"])) else {
            Issue.record("the old name is an alias")
            return
        }
        #expect(event.name == "value_reached" && event.planStatus == .planned)
        #expect(throws: TaxonomyChangeFailure.eventExists("adoption_threshold_reached")) {
            try Self.spec.taxonomy.applying([TaxonomyChange(.renameEvent, event: "first_value_achieved", to: "adoption_threshold_reached")])
        }
    }

    @Test("a retired event is kept aside with the proposal that retired it; a retired property is no longer required")
    func retire() throws {
        let approved = proposal(3, [TaxonomyChange(.retireEvent, event: "first_value_achieved")], approvedOn: "2026-06-10")
        let taxonomy = SpecProposal.taxonomyInEffect(Self.spec.taxonomy, proposals: [approved]).taxonomy
        guard case .quarantine(let failed) = TrackingPlan(taxonomy).classify(plans.message("first_value_achieved", ["milestone": "m"])) else {
            Issue.record("a retired event is off the plan")
            return
        }
        #expect(failed.reasons.first?.hasPrefix("event 'first_value_achieved' was retired by proposal 3, approved on 2026-06-10") == true)

        let withoutMilestone = try Self.spec.taxonomy.applying([TaxonomyChange(.retireProperty, event: "first_value_achieved", property: "milestone")])
        guard case .accept = TrackingPlan(withoutMilestone).classify(plans.message("first_value_achieved", [:])) else {
            Issue.record("the retired property is not required any more")
            return
        }
        #expect(throws: TaxonomyChangeFailure.noSuchProperty(event: "first_value_achieved", property: "colour")) {
            try Self.spec.taxonomy.applying([TaxonomyChange(.retireProperty, event: "first_value_achieved", property: "colour")])
        }
    }

    @Test("approved proposals apply in the order of approval; pending ones and ones that no longer fit do not apply")
    func inEffect() throws {
        var required = PropertySchema(type: .string)
        required.required = true
        let add = proposal(1, [TaxonomyChange(.addEvent, event: "report_exported", properties: [:])], approvedOn: "2026-06-02")
        let property = proposal(2, [TaxonomyChange(.addProperty, event: "report_exported", property: "format", schema: required)], approvedOn: "2026-06-05")
        let pending = proposal(4, [TaxonomyChange(.retireEvent, event: "report_exported")], approvedOn: nil)
        let stale = proposal(5, [TaxonomyChange(.retireEvent, event: "no_such_event")], approvedOn: "2026-06-06")
        let (taxonomy, skipped) = SpecProposal.taxonomyInEffect(Self.spec.taxonomy, proposals: [stale, pending, property, add])
        #expect(taxonomy.events.first { $0.name == "report_exported" }?.properties["format"]?.required == true)
        #expect(skipped.count == 1 && skipped[0].hasPrefix("proposal 5 (change 5) no longer fits the spec: event no_such_event is not in the taxonomy"))
        #expect(SpecProposal.taxonomyInEffect(Self.spec.taxonomy, proposals: []).taxonomy == Self.spec.taxonomy)
    }

    @Test("the last signature is refused when a proposal approved since makes the change no longer fit; earlier signatures are not")
    func lastSignatureFits() throws {
        var waiting = proposal(6, [TaxonomyChange(.renameEvent, event: "first_value_achieved", to: "value_reached")], approvedOn: nil)
        waiting.signers = ["cs", "it"]
        let retired = proposal(7, [TaxonomyChange(.retireEvent, event: "first_value_achieved")], approvedOn: "2026-06-12")
        let at = Instant(day: Day(iso: "2026-06-15")!)
        let first = try SpecProposalStateMachine.sign(waiting, function: "cs", person: "grace.kim", at: at, taxonomy: Self.spec.taxonomy, proposals: [retired])
        #expect(!first.approves)
        waiting.signatures.append(first.signature)
        let refusal = #expect(throws: ProposalFailure.self) {
            try SpecProposalStateMachine.sign(
                waiting, function: "it", person: "tomas.silva", at: at, taxonomy: Self.spec.taxonomy, proposals: [retired, waiting])
        }
        #expect(refusal?.description.hasPrefix("the changes do not fit the taxonomy in effect: event first_value_achieved is not in the taxonomy") == true)
        #expect(
            try SpecProposalStateMachine.sign(waiting, function: "it", person: "tomas.silva", at: at, taxonomy: Self.spec.taxonomy, proposals: [waiting])
                .approves)
    }

    @Test("a proposal is read with every problem at once, schemas written as in the spec")
    func parse() {
        let good = SpecParser.readTaxonomyChanges(
            #"{"title": "t", "changes": [{"op": "add_property", "event": "first_value_achieved", "property": "plan", "schema": {"type": "string", "enum": ["a", "b"]}}]}"#
        )
        #expect(good.diagnostics.isEmpty && good.changes.first?.schema?.enumValues == ["a", "b"])
        #expect(good.changes.first?.sentence == "adds property plan (string) to first_value_achieved")
        let bad = SpecParser.readTaxonomyChanges(
            #"{"changes": [{"op": "add_property", "event": "seat_activated"}, {"op": "drop", "event": "x"}, {"event": "y", "colour": 1}]}"#)
        let messages = bad.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("changes[0] (add_property) is missing required key 'property'") })
        #expect(messages.contains { $0.contains("'drop'") && $0.contains("add_event") })
        #expect(messages.contains { $0.contains("unknown key 'colour'") })
        #expect(SpecParser.readTaxonomyChanges("{").diagnostics.first?.message.hasPrefix("YAML syntax error") == true)
    }
}
