import Testing

@testable import AccordCore

@Suite("The program's four artifacts")
struct ArtifactTests {
    static let spec = SpecTemplate.full.spec
    static let asOf = Day(year: 2026, month: 11, day: 20)

    static var inputs: ArtifactInputs {
        var inputs = ArtifactInputs(spec: spec, fingerprint: "0123456789ab", asOf: asOf)
        let model = spec.outcomeModels[0]
        let signed = model.signers.enumerated().map { index, function in
            OutcomeModelVersion.Signature(
                function: function, person: spec.people.first { $0.function == function && $0.role == .leader }!.id,
                at: Instant(day: Day(year: 2026, month: 2, day: 1 + index)))
        }
        inputs.outcomeVersions = [
            OutcomeModelVersion(
                model: model, version: 1, status: .active, createdBy: "person:priya.raman", createdAt: Instant(day: Day(year: 2026, month: 1, day: 30)),
                signatures: signed, activatedAt: signed.last!.at)
        ]
        inputs.volumes = [
            .init(event: "contract_signed", source: "salesforce", total: 1_234, last30Days: 56, lastSeen: nil),
            .init(event: "contract_signed", source: "hubspot", total: 10, last30Days: 0, lastSeen: nil),
            .init(event: "page_viewed", source: "product", total: 77, last30Days: 7, lastSeen: nil),
        ]
        inputs.sla = SLAReport(
            from: Day(year: 2026, month: 7, day: 1), to: Day(year: 2026, month: 9, day: 30),
            rows: [
                .init(
                    handoff: spec.handoffs[0].id, name: spec.handoffs[0].name, slaHours: spec.handoffs[0].slaHours, submitted: 40,
                    timeToDecision: DecisionTimes([2, 3, 4, 6, 20, 20] + Array(repeating: 5, count: 32)), breachRate: 0.125, rejectionRate: 0.25)
            ])
        return inputs
    }

    @Test("the outcome model names each segment's targets, its signers with dates, and the spec it reflects")
    func outcomeModel() {
        let artifact = Artifact.outcomeModel(Self.inputs)
        let text = artifact.plainText
        #expect(artifact.reflects.first == "Spec 0123456789ab (format version 1) of \(Self.spec.organization), as running on 2026-11-20")
        #expect(artifact.reflects.contains { $0.hasPrefix("Mid-market 12-month success version 1, signed by Marketing (Maria Chen, 2026-02-01)") })
        #expect(artifact.reflects.contains("Small business 12-month success: no signed version yet"))
        #expect(text.contains("70% weekly active"))
        #expect(
            text.contains(
                "12-month success criteria: 70% weekly active by day 90; 2 × business_outcome_documented by day 180; 1 × expansion_signal_detected by day 270.")
        )
        #expect(text.contains("count of expansion_signal_detected where initiated_by = client"))
        #expect(artifact.sections.map(\.title).contains("Mid-market: Mid-market 12-month success"))
        #expect(text.contains("No client has reached a renewal yet"))
    }

    @Test("handoff SLAs carry every transition's owners, rules and the last quarter's figures")
    func handoffs() {
        let artifact = Artifact.handoffSLAs(Self.inputs)
        let first = Self.spec.handoffs[0]
        #expect(artifact.sections[0].title == "Summary, 2026-07-01 to 2026-09-30")
        guard case .table(let summary) = artifact.sections[0].blocks[0] else {
            Issue.record("no summary table")
            return
        }
        #expect(summary.rows.count == Self.spec.handoffs.count)
        #expect(summary.rows[0][4...] == ["40", "5 hours", "13%", "25%"])
        #expect(summary.rows[1][4] == "0")
        let section = artifact.sections[1].plainText
        #expect(
            section.contains(
                "Last quarter: 40 submitted, 38 decided, median 5 hours and p90 5 hours to a decision; 13% breached the SLA and 25% were rejected."))
        for rule in first.acceptance { #expect(section.contains(rule.message)) }
        #expect(artifact.sections[2].plainText.contains("Last quarter: none submitted."))
    }

    @Test("the data dictionary gives every field's system of record, every event's sources and volume, and what arrives off the plan")
    func dataDictionary() throws {
        let artifact = Artifact.dataDictionary(Self.inputs)
        guard case .table(let events) = try #require(artifact.sections.first { $0.title == "Event taxonomy" }).blocks[1] else {
            Issue.record("no event table")
            return
        }
        let signed = try #require(events.rows.first { $0[0] == "contract_signed" })
        #expect(signed[3] == "hubspot, salesforce")
        #expect(signed[4] == "56")
        #expect(signed[5] == "1,244")
        #expect(signed[2].contains("mrr (number, required, ≥ 0)"))
        #expect(events.rows.count == Self.spec.taxonomy.events.count)
        #expect(artifact.plainText.contains("Arriving outside the plan: page_viewed (77 from product)"))
        guard case .table(let record) = artifact.sections[0].blocks[1] else {
            Issue.record("no record table")
            return
        }
        let renewal = try #require(record.rows.first { $0[0] == "subscription.renewal_on" })
        #expect(renewal[1] == "stripe")
        #expect(artifact.plainText.contains("Two records are one client when they score"))
    }

    @Test("the dashboard specification has each metric's definition, owners and refresh, and says when none is approved")
    func dashboard() {
        let artifact = Artifact.dashboardSpec(Self.inputs)
        #expect(artifact.reflects.contains("No dashboard specification approved yet: phase 3 waits on its signatures"))
        guard case .table(let table) = artifact.sections[0].blocks[1] else {
            Issue.record("no metric table")
            return
        }
        #expect(table.rows.count == Self.spec.dashboard.metrics.count)
        let nrr = table.rows[0]
        #expect(nrr[0] == "Net revenue retention by acquisition cohort")
        #expect(nrr[1].hasPrefix("(start MRR + expansion − contraction − churn) / start MRR"))
        #expect(nrr[2] == "Marketing, Sales, IT, Customer Success")
        #expect(nrr[3] == "daily")
        #expect(nrr[4] == "not computed")
    }

    @Test("Markdown keeps ids as written, escapes table pipes and has a heading per section")
    func markdown() {
        let artifact = Artifact(
            kind: .dataDictionary, organization: "Acme", asOf: Self.asOf, reflects: ["Spec abc"],
            sections: [.init("Events", [.paragraph("first_value_achieved *counts* _x_"), .table(.init(headers: ["A", "B"], rows: [["x|y", "z"]]))])])
        let text = artifact.markdown()
        #expect(text.hasPrefix("# Data dictionary and event taxonomy: Acme\n"))
        #expect(text.contains("## Events"))
        #expect(text.contains("first_value_achieved \\*counts\\* \\_x\\_"))
        #expect(text.contains("| A | B |\n| --- | --- |\n| x\\|y | z |"))
    }

    @Test("last quarter is the calendar quarter before the day's own, across a year's turn")
    func lastQuarter() {
        #expect(
            ArtifactInputs.lastQuarter(before: Day(year: 2026, month: 12, day: 7)) == (Day(year: 2026, month: 7, day: 1), Day(year: 2026, month: 9, day: 30)))
        #expect(
            ArtifactInputs.lastQuarter(before: Day(year: 2027, month: 2, day: 1)) == (Day(year: 2026, month: 10, day: 1), Day(year: 2026, month: 12, day: 31)))
    }
}

extension Artifact.Section {
    var plainText: String {
        Artifact(kind: .outcomeModel, organization: "", asOf: Day(0), reflects: [], sections: [self]).plainText
    }
}
