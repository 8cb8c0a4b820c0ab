import AccordCore
import Testing

@Suite("Outcome states and validation")
struct OutcomeTests {
    static let signed = Day(iso: "2026-01-01")!
    static let documented = Outcome(
        id: "documented", description: "", measure: .eventCount(event: "business_outcome_documented", where: [:]), target: 2, day: 180)
    static let expansion = Outcome(
        id: "expansion", description: "", measure: .eventCount(event: "expansion_signal_detected", where: ["initiated_by": "client"]), target: 1, day: 270)
    static let usage = Outcome(id: "usage", description: "", measure: .usageRatio, target: 0.7, day: 90)

    static func event(_ name: String, _ day: Int, _ properties: JSONValue = [:]) -> OutcomeFacts.Occurrence {
        .init(name: name, day: signed.adding(days: day), properties: properties)
    }

    @Test("an event-count outcome at its day boundaries: not yet due, at risk, on track, achieved on the due day itself, missed the day after")
    func eventCounts() {
        let facts = OutcomeFacts(
            signed: Self.signed, events: [Self.event("business_outcome_documented", 80), Self.event("business_outcome_documented", 180)], usage: [])
        func state(_ day: Int) -> OutcomeProgress.State { OutcomeMeasure.progress(Self.documented, facts: facts, asOf: Self.signed.adding(days: day)).state }
        #expect(state(44) == .notYetDue)
        #expect(state(45) == .atRisk, "a quarter gone, nothing documented")
        #expect(state(85) == .onTrack, "one of two with 47% of the window gone")
        #expect(state(100) == .atRisk, "one of two with 56% gone falls behind the pace")
        #expect(state(179) == .atRisk)
        let achieved = OutcomeMeasure.progress(Self.documented, facts: facts, asOf: Self.signed.adding(days: 400))
        #expect(achieved.state == .achieved && achieved.achievedOn == Self.signed.adding(days: 180) && achieved.evidence.count == 2)
        let late = OutcomeFacts(
            signed: Self.signed, events: [Self.event("business_outcome_documented", 100), Self.event("business_outcome_documented", 181)], usage: [])
        let missed = OutcomeMeasure.progress(Self.documented, facts: late, asOf: Self.signed.adding(days: 181))
        #expect(missed.state == .missed && missed.value == 1, "one by the due day; the late one does not count")
        #expect(
            OutcomeMeasure.progress(Self.documented, facts: late, asOf: Self.signed.adding(days: 180)).state == .atRisk,
            "on the due day itself it is not missed yet")
    }

    @Test("conditions on properties count only matching events; usage takes the best week, dated its last day")
    func conditionsAndUsage() {
        let facts = OutcomeFacts(
            signed: Self.signed,
            events: [
                Self.event("expansion_signal_detected", 50, ["initiated_by": "cs"]), Self.event("expansion_signal_detected", 60, ["initiated_by": "client"]),
            ],
            usage: (0..<14).map {
                UsageWeek(accountID: "a", weekStart: Self.signed.weekStart.adding(days: 7 * $0), activeSeats: 10 + 5 * $0, licensedSeats: 100)
            })
        let expansion = OutcomeMeasure.progress(Self.expansion, facts: facts, asOf: Self.signed.adding(days: 300))
        #expect(expansion.state == .achieved && expansion.achievedOn == Self.signed.adding(days: 60))
        let usage = OutcomeMeasure.progress(Self.usage, facts: facts, asOf: Self.signed.adding(days: 120))
        // 70% is the week starting 12 weeks after the first: 10 + 5 × 12 = 70 of 100.
        #expect(usage.state == .achieved && usage.achievedOn == Self.signed.weekStart.adding(days: 7 * 12 + 6) && usage.value == 0.7)
    }

    @Test("validation on planted data: an outcome that drives renewal is found, a noise outcome is flagged")
    func planted() {
        var random = SeededRandom(seed: 42)
        var cases: [RenewalCase] = []
        for n in 0..<800 {
            let drives = random.chance(0.5)
            let noise = random.chance(0.5)
            let renewed = random.chance(drives ? 0.9 : 0.55)
            var achieved: Set<String> = []
            if drives { achieved.insert("drives") }
            if noise { achieved.insert("noise") }
            cases.append(RenewalCase(account: "a\(n)", achieved: achieved, renewed: renewed, expanded: renewed && random.chance(0.3)))
        }
        let report = OutcomeValidation.validate(cases, outcomes: ["drives", "noise"])
        let drives = report.rows[0]
        let noise = report.rows[1]
        #expect(drives.predictsRenewal && (drives.differenceLow ?? 0) > 0.2 && (drives.lift ?? 0) > 1.4)
        #expect(!noise.predictsRenewal && (noise.differenceLow ?? 1) < 0 && (noise.differenceHigh ?? -1) > 0)
        #expect(report.flagged == ["noise"])
        #expect((report.auc ?? 0) > 0.6 && (report.auc ?? 1) < 0.8)
    }

    @Test("portfolio counts states per outcome and group; adoption counts each rep's clients past 90 days that reached the threshold within them")
    func portfolioAndAdoption() {
        func history(_ id: String, rep: String, ratio: Int, signedDaysAgo: Int) -> OutcomeHistory {
            let asOf = Day(iso: "2026-11-22")!
            let signed = asOf.adding(days: -signedDaysAgo)
            let usage = [UsageWeek(accountID: id, weekStart: signed.weekStart.adding(days: 28), activeSeats: ratio, licensedSeats: 100)]
            return OutcomeHistory(
                account: id, segment: "mid_market", facts: OutcomeFacts(signed: signed, events: [], usage: usage), movements: [],
                cohort: signed.quarter, ownerCS: "grace.kim", ownerSales: rep)
        }
        let asOf = Day(iso: "2026-11-22")!
        let histories = [
            history("a", rep: "sam", ratio: 80, signedDaysAgo: 200), history("b", rep: "sam", ratio: 40, signedDaysAgo: 200),
            history("c", rep: "jade", ratio: 90, signedDaysAgo: 60), history("d", rep: "jade", ratio: 75, signedDaysAgo: 120),
        ]
        let adoption = AdoptionReport.build(histories, threshold: 0.7, asOf: asOf)
        #expect(adoption.rows.map(\.rep) == ["jade", "sam"])
        #expect(adoption.rows.map(\.closed) == [1, 2] && adoption.rows.map(\.adopted) == [1, 1] && adoption.rows.map(\.rate) == [1, 0.5])
        let model = OutcomeModel(id: "m", name: "m", segment: "mid_market", signers: [], outcomes: [Self.usage])
        let portfolio = PortfolioReport.build(histories, models: [model], asOf: asOf)
        #expect(portfolio.accounts == 4)
        #expect(portfolio.rows[0].states == ["achieved": 3, "missed": 1])
        #expect(portfolio.rows[0].byRep.groups["sam"] == ["achieved": 1, "missed": 1])
        // Attainment: achieved or on track over every state but not yet due; 3 of 4 here.
        #expect(portfolio.attainment.rate == 0.75 && portfolio.attainment.judged == 4 && portfolio.attainment.missed == 1)
        var early = portfolio
        early.rows[0].states = ["not_yet_due": 5, "on_track": 1, "at_risk": 1]
        #expect(early.attainment.rate == 0.5 && early.attainment.judged == 2)
        early.rows[0].states = ["not_yet_due": 5]
        #expect(early.attainment.rate == nil)
    }
}
