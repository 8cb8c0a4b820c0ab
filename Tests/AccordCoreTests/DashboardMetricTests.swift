import AccordCore
import Testing

/// A small world where every dashboard figure is worked out by hand in the comments.
/// Amounts are whole dollars (× 100 cents). As of 2026-06-30; the trailing year is 2025-07-01..2026-06-30.
enum SmallWorld {
    static let asOf = Day(iso: "2026-06-30")!
    static func d(_ text: String) -> Day { Day(iso: text)! }
    static func move(_ id: String, _ day: String, _ kind: MRRMovementKind, _ dollars: Int64, after: Int64) -> MRRMovement {
        MRRMovement(accountID: id, occurredOn: d(day), kind: kind, amountCents: dollars * 100, mrrAfterCents: after * 100)
    }

    static let clients: [MetricFacts.Client] = [
        // A: 2025-Q1, marketing; $1,000, expanded to $1,500 on 2026-02-01.
        .init(
            id: "A", name: "A", source: .marketing, stage: .retention, ownerSales: "r1", signed: d("2025-01-15"),
            firstValue: d("2025-02-14"), kickoff: d("2025-01-25"), expansionSignal: d("2026-01-20")),
        // B: 2025-Q1, sales; $2,000, contracted to $1,500 on 2025-10-01, churned 2026-03-01 (after its first renewal).
        .init(
            id: "B", name: "B", source: .sales, stage: .churned, ownerSales: "r1", signed: d("2025-02-10"), churnedOn: d("2026-03-01"),
            firstValue: d("2025-03-22"), kickoff: d("2025-02-24")),
        // C: 2024-Q4 alone; $1,000, churned 2025-05-01 without first value, reactivated at $1,200 on 2026-01-10.
        .init(
            id: "C", name: "C", source: .sales, stage: .retention, signed: d("2024-12-01"), churnedOn: d("2025-05-01"),
            kickoff: d("2024-12-21"), expansionSignal: d("2026-06-01")),
        // D: a new logo of 2026-Q1; value on day 60, no kickoff yet, adopted on day 116 (too late).
        .init(
            id: "D", name: "D", source: .marketing, stage: .purchase, ownerSales: "r1", signed: d("2026-01-05"),
            firstValue: d("2026-03-06"), adopted: d("2026-05-01"), expansionSignal: d("2025-12-01")),
        .init(id: "E", name: "E", stage: .consideration),
        // G: 2025-Q3, advocacy; adopted on day 49.
        .init(
            id: "G", name: "G", source: .sales, stage: .advocacy, ownerSales: "r2", signed: d("2025-09-01"),
            firstValue: d("2025-09-21"), kickoff: d("2025-09-08"), adopted: d("2025-10-20"), expansionSignal: d("2026-01-02")),
        // H: signed 2026-05-15, younger than 90 days.
        .init(id: "H", name: "H", source: .marketing, stage: .purchase, ownerSales: "r2", signed: d("2026-05-15")),
        .init(id: "I", name: "I", stage: .awareness),
        // J: 2025-Q3, churned 2025-12-01, before its first renewal.
        .init(id: "J", name: "J", source: .sales, stage: .churned, ownerSales: "r2", signed: d("2025-08-01"), churnedOn: d("2025-12-01")),
    ]

    static let movements: [MRRMovement] = [
        move("A", "2025-01-15", .new, 1000, after: 1000), move("A", "2026-02-01", .expansion, 500, after: 1500),
        move("B", "2025-02-10", .new, 2000, after: 2000), move("B", "2025-10-01", .contraction, 500, after: 1500),
        move("B", "2026-03-01", .churn, 1500, after: 0),
        move("C", "2024-12-01", .new, 1000, after: 1000), move("C", "2025-05-01", .churn, 1000, after: 0),
        move("C", "2026-01-10", .reactivation, 1200, after: 1200),
        move("D", "2026-01-05", .new, 800, after: 800),
        move("G", "2025-09-01", .new, 600, after: 600),
        move("H", "2026-05-15", .new, 500, after: 500),
        move("J", "2025-08-01", .new, 700, after: 700), move("J", "2025-12-01", .churn, 700, after: 0),
    ]

    static let stakeholders: [MetricFacts.Stakeholder] = [
        .init(accountID: "A", role: .executiveSponsor, lastEngaged: d("2026-06-01")),
        .init(accountID: "A", role: .champion, lastEngaged: d("2026-01-01")),
        .init(accountID: "A", role: .user, lastEngaged: d("2026-06-20")),
        .init(accountID: "B", role: .executiveSponsor, lastEngaged: d("2026-06-01")),
        .init(accountID: "C", role: .executiveSponsor, lastEngaged: d("2026-05-01")),
        .init(accountID: "C", role: .technicalOwner, lastEngaged: d("2026-06-29")),
        .init(accountID: "D", role: .champion, lastEngaged: nil),
        .init(accountID: "H", role: .champion, lastEngaged: d("2026-04-02")),
    ]

    static let surveys: [SurveyResponse] = [
        (SurveyKind.csat, 5, "2026-01-01"), (.csat, 4, "2026-02-01"), (.csat, 3, "2026-03-01"), (.csat, 2, "2026-04-01"),
        (.csat, 5, "2025-06-30"), (.nps, 10, "2026-01-01"), (.nps, 9, "2026-01-01"), (.nps, 8, "2026-01-01"), (.nps, 6, "2026-01-01"),
        (.nps, 0, "2026-01-01"), (.nps, 10, "2025-06-30"),
    ].enumerated().map { index, item in
        SurveyResponse(id: "s\(index)", accountID: "A", contactID: nil, kind: item.0, score: item.1, respondedOn: d(item.2))
    }

    static var facts: MetricFacts {
        MetricFacts(asOf: asOf, clients: clients, movements: movements, stakeholders: stakeholders, surveys: surveys)
    }
}

@Suite("Dashboard metrics on a world small enough to check by hand")
struct DashboardMetricTests {
    let timeline = MRRTimeline(SmallWorld.movements)
    let year = Period.trailingYear(SmallWorld.asOf)

    @Test("MRR movements over the trailing year: start + new + expansion + reactivation − contraction − churn = end")
    func movements() {
        #expect(year == Period(from: SmallWorld.d("2025-07-01"), to: SmallWorld.asOf))
        let m = MRRMovements.over(year, timeline: timeline)
        // Start: A 1,000 + B 2,000 (C churned in May). New: D 800 + G 600 + H 500 + J 700.
        #expect(m.startCents == 300_000 && m.newCents == 260_000 && m.expansionCents == 50_000 && m.reactivationCents == 120_000)
        #expect(m.contractionCents == 50_000 && m.churnCents == 220_000)
        // End: A 1,500 + C 1,200 + D 800 + G 600 + H 500.
        #expect(m.endCents == 460_000 && m.arrCents == 5_520_000)
        #expect(m.accounts["churn"] == ["B", "J"] && m.accounts["reactivation"] == ["C"])
        let months = MRRMovements.monthly(12, asOf: SmallWorld.asOf, timeline: timeline)
        #expect(months.count == 12 && months.first?.period.from == SmallWorld.d("2025-07-01") && months.last?.period.to == SmallWorld.asOf)
        #expect(months.reduce(Int64(0)) { $0 + $1.churnCents } == m.churnCents)
        #expect(zip(months, months.dropFirst()).allSatisfy { $0.endCents == $1.startCents })
    }

    @Test("NRR and GRR exclude new logos and the reactivated client that was not active at the start; the renewal-based variant starts at each renewal")
    func retention() {
        let all = SmallWorld.clients.map(\.id)
        let r = Retention.activeAtStart(all, period: year, timeline: timeline)
        // A and B active on 2025-06-30: (3,000 + 500 − 500 − 1,500) / 3,000 and (3,000 − 500 − 1,500) / 3,000.
        #expect(r.accountIDs == ["A", "B"] && r.startCents == 300_000)
        #expect(r.nrr == 0.5 && r.grr == 1.0 / 3)
        // Renewals due: A 2026-01-15 ($1,000, then +500), B 2026-02-10 ($1,500, then churned); C's 2025-12-01 renewal had no MRR.
        let renewals = Retention.renewalsDue(
            all,
            renewals: { id in
                ["A": [SmallWorld.d("2026-01-15")], "B": [SmallWorld.d("2026-02-10")], "C": [SmallWorld.d("2025-12-01")]][id] ?? []
            }, period: year, timeline: timeline)
        #expect(renewals.basis == .renewalsDue && renewals.accountIDs == ["A", "B"] && renewals.startCents == 250_000)
        #expect(renewals.nrr == 0.6 && renewals.grr == 0.4)
        #expect(Retention.activeAtStart(["E", "I"], period: year, timeline: timeline).nrr == nil, "zero start MRR is no figure, not a division by zero")
    }

    @Test("the cohort × quarter matrix, with a cohort whose only client churned and came back")
    func cohorts() throws {
        let matrix = CohortRetention.build(SmallWorld.facts, timeline: timeline)
        #expect(matrix.periods.first == "2024-Q4" && matrix.periods.last == "2026-Q2")
        let q1 = try #require(matrix.rows.first { $0.cohort == "2025-Q1" && $0.source == "all" })
        func cell(_ row: CohortRetention.Row, _ period: String) -> CohortRetention.Cell? { row.cells.first { $0.period == period } }
        #expect(q1.clients == 2 && q1.cells.first?.period == "2025-Q2", "a cohort's own quarter has nobody active at its start")
        #expect(cell(q1, "2025-Q2")?.nrr == 1)
        #expect(cell(q1, "2025-Q4")?.nrr == 2500.0 / 3000, "B's contraction on the quarter's first day")
        #expect(cell(q1, "2026-Q1")?.nrr == 0.6 && cell(q1, "2026-Q1")?.grr == 0.4)
        #expect(cell(q1, "2026-Q2")?.nrr == 1 && cell(q1, "2026-Q2")?.accounts == 1)
        let marketing = try #require(matrix.rows.first { $0.cohort == "2025-Q1" && $0.source == "marketing" })
        #expect(marketing.clients == 1 && cell(marketing, "2026-Q1")?.nrr == 1.5)
        let c = try #require(matrix.rows.first { $0.cohort == "2024-Q4" && $0.source == "all" })
        #expect(cell(c, "2025-Q1")?.nrr == 1 && cell(c, "2025-Q2")?.nrr == 0 && cell(c, "2025-Q2")?.grr == 0)
        #expect(cell(c, "2025-Q3")?.nrr == nil && cell(c, "2025-Q3")?.accounts == 0, "churned: no start MRR")
        #expect(cell(c, "2026-Q1")?.nrr == nil, "reactivated in the quarter: back in the base from the next one")
        #expect(cell(c, "2026-Q2")?.nrr == 1)
        #expect(!matrix.rows.contains { $0.cohort == "2024-Q4" && $0.source == "marketing" }, "no empty rows")
    }

    @Test("Kaplan–Meier durations: censored clients count as still waiting; ties and a median not reached yet")
    func durations() {
        typealias O = Durations.Observation
        let simple = Durations.estimate([O(days: 10, reached: true), O(days: 20, reached: false), O(days: 30, reached: true), O(days: 40, reached: true)])
        // S: 0.75 at 10; 20 censored; 0.375 at 30; 0 at 40.
        #expect(simple.medianDays == 30 && simple.p75Days == 40 && simple.reached == 3 && simple.censored == 1)
        let tie = Durations.estimate([O(days: 5, reached: true), O(days: 5, reached: false), O(days: 10, reached: true)])
        #expect(tie.medianDays == 10, "the client censored on day 5 was still at risk that day")
        let waiting = Durations.estimate([O(days: 10, reached: true), O(days: 50, reached: false), O(days: 60, reached: false)])
        #expect(waiting.medianDays == nil, "two of three still waiting: half have not got there")
        #expect(Durations.estimate([]).medianDays == nil)
    }

    @Test("time to first value and onboarding velocity on the small world")
    func timeToValue() throws {
        // First value: G 20, A 30, B 40, H censored 46, D 60, J censored 122 (churned), C censored 151 (churned).
        // S: 6/7, 5/7, 4/7, (46 leaves), 4/7 × 2/3 = 0.381 at 60 → median 60; never ≤ 0.25.
        let ttfv = DurationsByCohort.measure(SmallWorld.facts, milestone: \.firstValue)
        #expect(ttfv.all.accounts == 7 && ttfv.all.reached == 4 && ttfv.all.censored == 3)
        #expect(ttfv.all.medianDays == 60 && ttfv.all.p75Days == nil)
        let q1 = try #require(ttfv.cohorts["2025-Q1"])
        #expect(q1.medianDays == 30 && q1.p75Days == 40)
        // Kickoff: G 7, A 10, B 14, C 20; H 46, J 122, D 176 censored. S: 6/7, 5/7, 4/7, 3/7 at 20.
        let onboarding = DurationsByCohort.measure(SmallWorld.facts, milestone: \.kickoff)
        #expect(onboarding.all.medianDays == 20 && onboarding.all.p75Days == nil && onboarding.all.censored == 3)
    }

    @Test("90-day adoption: closed in the year ending 90 days ago; the young ones wait; per rep")
    func adoption() {
        let rate = AdoptionRate.measure(SmallWorld.facts)
        #expect(rate.period == Period(from: SmallWorld.d("2025-04-02"), to: SmallWorld.d("2026-04-01")))
        // Closed: D (adopted day 116: too late), G (day 49), J (never). H is younger than 90 days.
        #expect(rate.closed == 3 && rate.adopted == 1 && rate.pending == 1 && rate.rate == 1.0 / 3)
        #expect(rate.adoptedIDs == ["G"] && rate.notAdoptedIDs == ["D", "J"])
        #expect(rate.byRep.map(\.rep) == ["r1", "r2"] && rate.byRep[0].rate == 0 && rate.byRep[1].rate == 0.5)
    }

    @Test("stakeholder coverage: users are not on the map; engaged means within 90 days, counting the first day; single-threaded and dark accounts")
    func coverage() {
        let active: Set<String> = ["A", "C", "D", "G", "H"]
        let c = StakeholderCoverage.measure(SmallWorld.facts, active: active)
        // Mapped: A 2, C 2, D 1, H 1 (B churned, A's user not on the map). Engaged: A 1, C 2, H 1 (2026-04-02 is day 90).
        #expect(c.mapped == 6 && c.engaged == 4 && c.ratio == 4.0 / 6)
        #expect(c.singleThreadedIDs == ["A", "H"] && c.unengagedIDs == ["D", "G"])
    }

    @Test("expansion-qualified: an open signal younger than 180 days with no expansion since")
    func expansion() {
        let e = ExpansionQualified.measure(SmallWorld.facts, active: ["A", "C", "D", "G", "H"], timeline: timeline)
        // A expanded after its signal; D's signal is 211 days old; G's is 179 days old.
        #expect(e.qualifiedIDs == ["C", "G"] && e.rate == 0.4)
    }

    @Test("funnel: a churned client reached purchase, and retention when it left after its first renewal date")
    func funnel() {
        let f = Funnel.measure(SmallWorld.facts)
        #expect(f.steps.map(\.reached) == [9, 8, 7, 4, 1])
        #expect(f.steps[0].conversion == nil && f.steps[1].conversion == 8.0 / 9 && f.steps[3].conversion == 4.0 / 7)
        #expect(f.steps[4].dropOff == 0.75)
    }

    @Test("CSAT and NPS over the trailing year only")
    func surveys() {
        let board = Dashboard.compute(
            SmallWorld.facts, spec: SpecTemplate.defaultSpec, economics: .init(grossMargin: 0.8, acquisitionCostCents: [:]),
            now: Instant(iso: "2026-06-30T12:00:00Z")!)
        #expect(board.csat.responses == 4 && board.csat.score == 50)
        #expect(board.nps.responses == 5 && board.nps.score == 0)
        #expect(board.retention.nrr == 0.5 && board.mrr.endCents == 460_000)
        let nrr = board.metrics.first { $0.id == "nrr_by_cohort" }
        #expect(nrr?.display == "50%" && nrr?.shared == true && nrr?.owners == ["marketing", "sales", "it", "cs"] && nrr?.refresh == "daily")
        #expect(board.metrics.first { $0.id == "csat" }?.shared == false)
        // Renewal-based over the anniversaries: A 2026-01-15, B 2026-02-10 (C's 2025-12-01 had no MRR).
        #expect(board.renewalRetention.nrr == 0.6)
    }

    @Test("CLV: seed 003's annual revenue × years − acquisition cost beside ARPA × margin ÷ monthly churn")
    func lifetimeValue() {
        let asOf = SmallWorld.d("2026-06-30")
        let facts = MetricFacts(
            asOf: asOf,
            clients: [
                .init(id: "X", name: "X", source: .marketing, signed: SmallWorld.d("2025-06-30")),
                .init(id: "Y", name: "Y", source: .sales, signed: SmallWorld.d("2024-06-30"), churnedOn: SmallWorld.d("2026-01-01")),
            ],
            movements: [
                SmallWorld.move("X", "2025-06-30", .new, 100, after: 100),
                SmallWorld.move("Y", "2024-06-30", .new, 200, after: 200), SmallWorld.move("Y", "2026-01-01", .churn, 200, after: 0),
            ])
        let clv = LifetimeValue.measure(
            facts, timeline: MRRTimeline(facts.movements), grossMargin: 0.8, acquisitionCostCents: [.marketing: 100_000, .sales: 200_000])
        // X: $1,200 a year × 365 days − $1,000; Y: $2,400 a year × 550 days − $2,000; averaged.
        let x = 120_000.0 * 365 / 365.25 - 100_000
        let y = 240_000.0 * 550 / 365.25 - 200_000
        #expect(clv.seedCents == Int64(((x + y) / 2).rounded()))
        // Active at the year's start: X and Y; Y churned: 1/2 a year = 1/24 a month. ARPA $100 × 0.8 × 24.
        #expect(clv.arpaCents == 10_000 && clv.monthlyChurn == 1.0 / 24 && clv.saasCents == 192_000)
    }

    @Test("data completeness per source and field, with the tracking plan; time to insight per source")
    func dataQuality() throws {
        let facts = MetricFacts(
            asOf: SmallWorld.asOf, clients: [],
            presence: [
                "account.name": .init(present: 10, total: 10), "account.industry": .init(present: 8, total: 10),
                "contact.email": .init(present: 3, total: 4), "subscription.amount": .init(present: 6, total: 6),
            ], planConformance: ["product": .init(present: 90, total: 100)])
        let c = DataCompleteness.measure(facts, spec: SpecTemplate.defaultSpec)
        // salesforce: name 10/10, industry 8/10; hubspot: name 10/10, email 3/4; gainsight: email 3/4; stripe: amount 6/6; product: events 90/100.
        #expect(c.fields.count == 7 && c.score == 130.0 / 144)
        #expect(c.bySource["salesforce"] == 0.9 && c.bySource["hubspot"] == 13.0 / 14 && c.bySource["stripe"] == 1 && c.bySource["product"] == 0.9)
        let now = Instant(iso: "2026-06-30T12:00:00Z")!
        let t = TimeToInsight.measure(
            MetricFacts(
                asOf: SmallWorld.asOf, clients: [],
                freshness: [
                    .init(source: "product", sampled: 100, lastReceived: Instant(iso: "2026-06-30T11:59:00Z")!, lagP50Seconds: 0.4, lagP95Seconds: 2.5),
                    .init(source: "legacy", sampled: 3, lastReceived: Instant(iso: "2026-06-29T12:00:00Z")!, lagP50Seconds: 60, lagP95Seconds: 90),
                ]), spec: SpecTemplate.defaultSpec, now: now)
        let product = try #require(t.sources.first { $0.source == "product" })
        #expect(product.refresh == "realtime" && product.silentForSeconds == 60 && t.worstP95Seconds == 90)
        #expect(t.sources.last?.source == "legacy" && t.sources.first { $0.source == "zendesk" }?.sampled == 0, "a source that sent nothing is listed, empty")
    }
}
