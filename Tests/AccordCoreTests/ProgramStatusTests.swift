import AccordCore
import Testing

@Suite("The 90-day program")
struct ProgramStatusTests {
    static let spec = SpecTemplate.compact.spec
    static let start = Day(year: 2026, month: 8, day: 1)
    static func at(_ day: Int, hour: Int = 10) -> Instant { Instant(day: start.adding(days: day - 1), seconds: hour * 3600) }

    /// The compact model proposed on day 2 and signed by the functions given, a day apart from day 3.
    static func model(signedBy functions: [String]) -> OutcomeModelVersion {
        let model = spec.outcomeModels[0]
        let leaders = ["marketing": "mark.lead", "sales": "sales.lead", "it": "it.lead", "cs": "cs.lead"]
        let signatures = functions.enumerated().map { index, function in
            OutcomeModelVersion.Signature(function: function, person: leaders[function] ?? function, at: at(3 + index))
        }
        let done = Set(functions) == Set(model.signers)
        return OutcomeModelVersion(
            model: model, version: 1, status: done ? .active : .draft, createdBy: "person:revops", createdAt: at(2), signatures: signatures,
            activatedAt: done ? signatures.last?.at : nil)
    }

    static func approvedDashboard(on day: Int) -> SpecProposal {
        SpecProposal(
            id: 1, kind: .dashboard, title: "The shared dashboard", changes: [], body: DashboardSpecText.text(spec.dashboard),
            signers: spec.signingFunctions, status: .approved, proposedBy: "person:revops", proposedAt: at(day - 3),
            signatures: spec.signingFunctions.map { .init(function: $0, person: $0 == "marketing" ? "mark.lead" : "\($0).lead", at: at(day)) },
            approvedAt: at(day))
    }

    /// Everything done, each phase inside its own days.
    static var inOrder: ProgramEvidence {
        var evidence = ProgramEvidence()
        evidence.outcomeVersions = [model(signedBy: ["marketing", "sales", "it", "cs"])]
        for (index, id) in spec.program.transitions.enumerated() {
            evidence.handoffs[id] = .init(firstSubmitted: at(31 + index), firstDecided: at(33 + index), decided: 4)
        }
        evidence.sources = [
            "crm": .init(records: 200, linked: 200, events: 50, onPlan: 50), "product": .init(records: 400, linked: 396, events: 400, onPlan: 390),
        ]
        evidence.firstSync = at(61)
        evidence.dashboardProposals = [approvedDashboard(on: 80)]
        return evidence
    }

    @Test("with nothing done, phase 1 says what is missing and no phase is out of order")
    func empty() {
        let status = ProgramStatus.compute(spec: Self.spec, evidence: ProgramEvidence(), start: Self.start, today: Self.start.adding(days: 9))
        #expect(status.day == 10)
        #expect(status.calendarPhase == 1)
        #expect(status.phases.map(\.done) == [false, false, false])
        #expect(status.phases.allSatisfy { !$0.outOfOrder })
        #expect(status.phases[0].checks.map(\.detail) == ["12-month success has not been proposed yet; start Accord with the spec to propose it"])
        #expect(status.phases[1].checks.count == 3)
        #expect(status.phases[1].checks[0].detail.hasSuffix("no handoff decided since the program started (none submitted)"))
        #expect(status.phases[2].checks.map(\.id) == ["source.crm", "source.product", "taxonomy", "dashboard"])
        #expect(status.phases[2].checks[0].detail == "no records from crm yet; connect it (accord source, accord sync)")
        #expect(
            status.phases[2].checks[3].detail
                == "no dashboard specification proposed yet; the monthly architecture review proposes it and the four functions sign it")
    }

    @Test("work done phase by phase: every check passes, each phase dated by its evidence, none out of order")
    func inOrder() {
        let status = ProgramStatus.compute(spec: Self.spec, evidence: Self.inOrder, start: Self.start, today: Self.start.adding(days: 119))
        #expect(status.day == 120)
        #expect(status.calendarPhase == nil)
        #expect(status.phases.map(\.done) == [true, true, true])
        #expect(status.phases.map(\.doneOn) == [Self.start.adding(days: 5), Self.start.adding(days: 34), Self.start.adding(days: 79)])
        #expect(status.phases.map(\.startedOn) == [Self.start.adding(days: 1), Self.start.adding(days: 30), Self.start.adding(days: 60)])
        #expect(status.phases.allSatisfy { !$0.outOfOrder && $0.waitingOn.isEmpty })
        #expect(
            status.phases[0].checks[0].detail
                == "12-month success version 1, signed by Marketing (Marketing Leader, 2026-08-03), Sales (Sales Leader, 2026-08-04), IT (IT Leader, 2026-08-05), Customer Success (CS Leader, 2026-08-06)"
        )
        #expect(status.phases[2].checks[1].detail == "396 of 400 records (99%) on one client record")
        #expect(status.phases[2].checks[2].detail == "440 of 450 events on plan (97.7%)")
        #expect(status.phases[2].checks[3].passed)
    }

    @Test("handoffs decided while the outcome model still waits for IT: phase 2 is out of order, waiting on phase 1's missing signature first")
    func outOfOrder() {
        var evidence = Self.inOrder
        evidence.outcomeVersions = [Self.model(signedBy: ["marketing", "sales", "cs"])]
        let status = ProgramStatus.compute(spec: Self.spec, evidence: evidence, start: Self.start, today: Self.start.adding(days: 40))
        #expect(!status.phases[0].done)
        #expect(status.phases[0].checks[0].detail == "12-month success version 1 waits for IT to sign")
        #expect(status.phases[1].done)
        #expect(status.phases[1].outOfOrder)
        #expect(status.phases[1].waitingOn.map(\.id) == ["outcome_model.all"])
        // Phase 3 follows a phase 2 that is done, but began before it was: the sync ran on day 61, phase 2 finished on day 35.
        #expect(!status.phases[2].outOfOrder)

        var early = Self.inOrder
        early.firstSync = Self.at(20)
        let syncedFirst = ProgramStatus.compute(spec: Self.spec, evidence: early, start: Self.start, today: Self.start.adding(days: 40))
        #expect(syncedFirst.phases[2].outOfOrder)
        #expect(syncedFirst.phases[2].waitingOn.isEmpty, "phase 2 is done by now; only the order was wrong")
    }

    @Test("phase 3 fails for a visible reason: a source under the bar, events kept aside, a dashboard waiting for IT or changed since approval")
    func dataLayer() {
        var evidence = Self.inOrder
        evidence.sources["crm"] = .init(records: 1000, linked: 949, events: 50, onPlan: 10)
        var pending = Self.approvedDashboard(on: 80)
        pending.status = .pending
        pending.signatures.removeAll { $0.function == "it" }
        pending.approvedAt = nil
        evidence.dashboardProposals = [pending]
        let status = ProgramStatus.compute(spec: Self.spec, evidence: evidence, start: Self.start, today: Self.start.adding(days: 100))
        let checks = status.phases[2].checks
        #expect(!status.phases[2].done)
        #expect(checks[0].detail == "only 949 of 1,000 records (94.9%) on a client record; link the rest on the identity review page")
        #expect(!checks[2].passed)
        #expect(checks[2].detail.hasPrefix("400 of 450 events on plan (88.8%)"))
        #expect(checks[3].detail == "proposal 1, The shared dashboard, waits for IT (IT Leader) to sign")

        var changed = Self.spec
        changed.dashboard.metrics[0].refresh = .weekly
        evidence.dashboardProposals = [Self.approvedDashboard(on: 80)]
        let drifted = ProgramStatus.compute(spec: changed, evidence: evidence, start: Self.start, today: Self.start.adding(days: 100))
        #expect(drifted.phases[2].checks[3].detail.hasPrefix("the spec's dashboard differs from proposal 1 approved on 2026-10-19"))

        changed.dashboard.metrics.removeAll { $0.id == "stakeholder_coverage" }
        let thin = ProgramStatus.compute(spec: changed, evidence: evidence, start: Self.start, today: Self.start.adding(days: 100))
        #expect(thin.phases[2].checks[3].detail == "the dashboard leaves out stakeholder_coverage, which every function reads")
    }

    @Test("a missing transition, or one without acceptance rules, fails phase 2 with what to add")
    func handoffRules() {
        var spec = SpecTemplate.full.spec
        spec.outcomeModels.removeAll { $0.segment != "mid_market" }
        spec.handoffs.removeAll { $0.id == "lead_to_opportunity" }
        spec.handoffs[0].acceptance = []
        let status = ProgramStatus.compute(spec: spec, evidence: ProgramEvidence(), start: Self.start, today: Self.start)
        #expect(status.phases[1].checks.count == 5)
        #expect(status.phases[1].checks[0].detail.hasPrefix("lead_to_opportunity is not among the spec's handoffs"))
        #expect(status.phases[1].checks[1].detail.hasSuffix("has no acceptance rules in the spec"))
        // Three segments, one model left: two segments have none.
        #expect(status.phases[0].checks.filter { $0.detail.hasPrefix("no outcome model for") }.count == 2)
    }

    @Test("renewals still ahead inside the 90 days, and in the next 90, are counted with their MRR")
    func renewals() {
        var evidence = ProgramEvidence()
        evidence.renewals = [
            .init(account: "acc_a", on: Self.start.adding(days: 10), mrrCents: 100_000),
            .init(account: "acc_b", on: Self.start.adding(days: 89), mrrCents: 50_000),
            .init(account: "acc_c", on: Self.start.adding(days: 90), mrrCents: 70_000),
            .init(account: "acc_d", on: Self.start.adding(days: -1), mrrCents: 10_000),
        ]
        let status = ProgramStatus.compute(spec: Self.spec, evidence: evidence, start: Self.start, today: Self.start.adding(days: 50))
        #expect(status.renewalsInsideProgram.count == 1, "the one on day 11 is behind us")
        #expect(status.renewalsInsideProgram.mrrCents == 50_000)
        #expect(status.renewalsInsideProgram.first == Self.start.adding(days: 89))
        #expect(status.renewalsNext90Days.count == 2)
        #expect(status.renewalsNext90Days.mrrCents == 120_000)
    }

    @Test("the program section's errors name the key and the fix")
    func specErrors() {
        let text = SpecTemplate.compact.text.replacingOccurrences(
            of: "program:\n  variant: compact", with: "program:\n  variant: tiny\n  start: 2026-13-01\n  handoffs: [nope]\n  linked_share: 1.5")
        let messages = SpecParser.read(text).diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("program.start must be a date such as 2026-08-01, got '2026-13-01'") })
        #expect(messages.contains { $0.contains("program.handoffs names 'nope', which is not a handoff") })
        #expect(messages.contains { $0.contains("program.linked_share must be a share above 0 and at most 1") })
        #expect(messages.contains { $0.contains("variant") && $0.contains("compact") })
        #expect(SpecTemplate.compact.spec.program.variant == .compact)
        #expect(SpecTemplate.full.spec.program.transitions.count == 5)
    }
}

@Suite("Spec proposals")
struct SpecProposalTests {
    static let proposal = SpecProposal(
        id: 7, kind: .dashboard, title: "Add CLV", changes: ["adds clv"], body: "a", signers: ["marketing", "sales", "it", "cs"],
        proposedBy: "person:revops", proposedAt: Instant(milliseconds: 0))

    @Test("each signer signs once; the last signature approves; a settled proposal or a stranger is refused")
    func signing() throws {
        var proposal = Self.proposal
        for function in ["marketing", "sales", "it"] {
            let signing = try SpecProposalStateMachine.sign(
                proposal, function: function, person: "\(function).lead", at: Instant(milliseconds: 1), taxonomy: Taxonomy(), proposals: [])
            #expect(!signing.approves)
            proposal.signatures.append(signing.signature)
        }
        #expect(throws: ProposalFailure.alreadySigned(function: "it", id: 7)) {
            try SpecProposalStateMachine.sign(proposal, function: "it", person: "it.lead", at: Instant(milliseconds: 2), taxonomy: Taxonomy(), proposals: [])
        }
        #expect(throws: ProposalFailure.notASigner(function: "revops", signers: proposal.signers)) {
            try SpecProposalStateMachine.sign(proposal, function: "revops", person: "revops", at: Instant(milliseconds: 2), taxonomy: Taxonomy(), proposals: [])
        }
        #expect(
            try SpecProposalStateMachine.sign(proposal, function: "cs", person: "cs.lead", at: Instant(milliseconds: 3), taxonomy: Taxonomy(), proposals: [])
                .approves)
        proposal.status = .approved
        #expect(throws: ProposalFailure.notPending(id: 7, status: .approved)) {
            try SpecProposalStateMachine.sign(proposal, function: "cs", person: "cs.lead", at: Instant(milliseconds: 3), taxonomy: Taxonomy(), proposals: [])
        }
        #expect(throws: ProposalFailure.unchanged(kind: .dashboard)) {
            try SpecProposalStateMachine.propose(kind: .dashboard, title: "x", body: "a", inEffect: "a")
        }
        #expect(throws: ProposalFailure.emptyTitle) { try SpecProposalStateMachine.propose(kind: .dashboard, title: "  ", body: "b", inEffect: "a") }
    }

    @Test("the dashboard specification reads back from its text, and two of them differ metric by metric")
    func dashboardText() {
        let spec = SpecTemplate.compact.spec
        let text = DashboardSpecText.text(spec.dashboard)
        #expect(DashboardSpecText.metrics(text).map(\.id) == spec.dashboard.metrics.map(\.id))
        var changed = spec.dashboard
        changed.metrics[0].refresh = .weekly
        changed.metrics.removeLast()
        changed.metrics += DashboardSpecText.metrics("csat owners=cs refresh=daily")
        #expect(
            DashboardSpecText.changes(from: text, to: DashboardSpecText.text(changed)) == [
                "removes stakeholder_coverage", "nrr_by_cohort refresh: daily → weekly", "adds csat, owned by cs, refreshed daily",
            ])
    }
}
