import AccordCore
import Testing

@Suite("Handoff checks and reports")
struct HandoffReportTests {
    static let spec = SpecTemplate.defaultSpec

    static func handoff(
        _ id: String, _ kind: String, submitted: String, hours: Double?, status: Handoff.Status, by: String = "person:sam.okafor",
        reason: Handoff.Reason? = nil, breachedAt: String? = nil
    ) -> Handoff {
        let at = Instant(iso: submitted)!
        var h = Handoff(
            id: id, handoff: kind, accountID: "acc_x", status: status, payload: [:], problems: [], submittedBy: by, submittedAt: at,
            dueAt: Instant(milliseconds: at.milliseconds + 48 * 3_600_000))
        if let hours {
            h.decidedAt = Instant(milliseconds: at.milliseconds + Int64(hours * 3_600_000))
            h.decidedBy = "person:grace.kim"
        }
        h.reason = reason
        h.breachedAt = breachedAt.flatMap { Instant(iso: $0) }
        return h
    }

    @Test("ISO weeks: 2026-W47 is Monday 16 to Sunday 22 November; weeks round-trip; nonsense is refused")
    func weeks() {
        let week = ISOWeek("2026-W47")!
        #expect(week.monday == Day(iso: "2026-11-16")!)
        #expect(ISOWeek(containing: Day(iso: "2026-11-22")!) == week)
        #expect(ISOWeek(containing: Day(iso: "2027-01-01")!).description == "2026-W53")
        #expect(ISOWeek("2026-W54") == nil && ISOWeek("2025-W53") == nil && ISOWeek("week 3") == nil)
    }

    @Test("the weekly triage counts rejections by transition, reason, sender and receiver, decision times, breaches and repeat offenders")
    func triage() {
        let handoffs = [
            Self.handoff("h1", "close_to_onboarding", submitted: "2026-11-16T09:00:00Z", hours: 2, status: .rejected, reason: .missingData),
            Self.handoff("h2", "close_to_onboarding", submitted: "2026-11-17T09:00:00Z", hours: 10, status: .rejected, reason: .missingData),
            Self.handoff("h3", "close_to_onboarding", submitted: "2026-11-18T09:00:00Z", hours: nil, status: .autoRejected),
            Self.handoff("h4", "lead_to_opportunity", submitted: "2026-11-18T09:00:00Z", hours: 6, status: .accepted, by: "person:leo.fischer"),
            Self.handoff(
                "h5", "onboarding_to_adoption", submitted: "2026-11-12T09:00:00Z", hours: 100, status: .rejected, by: "person:noah.adeyemi",
                reason: .notReady, breachedAt: "2026-11-17T09:30:00Z"),
            // The week before: not counted.
            Self.handoff("h6", "close_to_onboarding", submitted: "2026-11-10T09:00:00Z", hours: 1, status: .rejected, reason: .wrongData),
        ]
        let note = TriageNote(
            week: "2026-W47", kind: .proposal, handoff: "close_to_onboarding", text: "Ask for sponsor email", by: "person:rita", at: Instant(milliseconds: 0))
        let report = HandoffReports.triage(handoffs, week: ISOWeek("2026-W47")!, notes: [note])
        #expect(report.submitted == 4)
        #expect(report.rejections == 4)
        #expect(report.byTransition == [Count(key: "close_to_onboarding", count: 3), Count(key: "onboarding_to_adoption", count: 1)])
        #expect(report.byReason == [Count(key: "missing_data", count: 2), Count(key: "incomplete", count: 1), Count(key: "not_ready", count: 1)])
        #expect(report.repeatOffenders == [Count(key: "person:sam.okafor", count: 3)])
        // Decisions in the week: 2, 10, 6 and 100 hours.
        #expect(report.timeToDecision.decided == 4 && report.timeToDecision.medianHours == 8 && report.timeToDecision.p90Hours == 73)
        #expect(report.slaBreaches.map(\.id) == ["h5"])
        #expect(report.proposals == [note] && report.rootCauses.isEmpty)
    }

    @Test("the SLA report gives per transition median and p90 hours, breach and rejection rates")
    func sla() {
        var handoffs: [Handoff] = []
        for n in 0..<10 {
            let day = "2026-11-0\(n % 9 + 1)T09:00:00Z"
            let status: Handoff.Status = n < 3 ? .rejected : .accepted
            let breached: String? = n == 9 ? "2026-11-12T00:00:00Z" : nil
            handoffs.append(Self.handoff("c\(n)", "close_to_onboarding", submitted: day, hours: Double(n + 1), status: status, breachedAt: breached))
        }
        let report = HandoffReports.sla(handoffs, from: Day(iso: "2026-11-01")!, to: Day(iso: "2026-11-30")!, definitions: Self.spec.handoffs)
        let row = report.rows.first { $0.handoff == "close_to_onboarding" }!
        #expect(row.submitted == 10 && row.timeToDecision.medianHours == 5.5 && row.timeToDecision.p90Hours == 9.1)
        #expect(row.breachRate == 0.1 && row.rejectionRate == 0.3)
        #expect(report.rows.first { $0.handoff == "lead_to_opportunity" }?.breachRate == nil, "no submissions: no rate, not zero")
    }

    @Test("acceptance rules: complete payloads pass; each broken rule and schema error names its field; order is checked")
    func checks() {
        let lead = Self.spec.handoffs.first { $0.id == "lead_to_opportunity" }!
        let good: JSONValue = [
            "demand_state": "problem_aware", "buying_motivation": "Payroll errors every month", "content_consumed": ["Pricing page"], "icp_fit_score": 80,
        ]
        #expect(HandoffCheck.problems(lead, payload: good, facts: AccountFacts(contacts: [])).isEmpty)
        let bad: JSONValue = ["demand_state": "curious", "buying_motivation": "Payroll errors every month", "icp_fit_score": 40]
        #expect(
            HandoffCheck.problems(lead, payload: bad, facts: AccountFacts(contacts: [])).map(\.field) == ["demand_state", "icp_fit_score", "content_consumed"])
        let opportunity = Self.spec.handoffs.first { $0.id == "opportunity_to_close" }!
        let problems = HandoffCheck.problems(opportunity, payload: [:], facts: AccountFacts(contacts: []))
        #expect(problems.first?.field == "handoff" && problems.first?.message.contains("lead_to_opportunity must be accepted") == true)
    }
}
