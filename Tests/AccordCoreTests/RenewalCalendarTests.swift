import AccordCore
import Testing

@Suite("Renewal calendar")
struct RenewalCalendarTests {
    static let asOf = Day(iso: "2026-06-30")!
    static func d(_ offset: Int) -> Day { asOf.adding(days: offset) }
    static let ebr = Outcome(id: "ebr", description: "", measure: .eventCount(event: "ebr_completed", where: [:]), target: 1, day: 180)
    static let model = OutcomeModel(id: "m", name: "m", segment: "mid_market", signers: [], outcomes: [ebr])

    @Test("the next 90 days' renewals of active clients, soonest first, each with its outcome states and a risk that gives its reasons")
    func calendar() {
        let signed = Self.d(-300)
        func client(_ id: String, renews: Int, segment: String = "mid_market", churned: Bool = false) -> MetricFacts.Client {
            MetricFacts.Client(
                id: id, name: id.uppercased(), segment: segment, ownerCS: "grace", signed: signed, churnedOn: churned ? Self.d(-10) : nil,
                renewalOn: Self.d(renews))
        }
        let clients = [
            client("missed", renews: 10), client("alone", renews: 30), client("single", renews: 60), client("late", renews: 91),
            client("gone", renews: 20, churned: true), client("fine", renews: 20), client("smb", renews: 45, segment: "smb"),
            client("today", renews: 0),
        ]
        var movements = clients.map { MRRMovement(accountID: $0.id, occurredOn: signed, kind: .new, amountCents: 100_000, mrrAfterCents: 100_000) }
        movements.append(MRRMovement(accountID: "gone", occurredOn: Self.d(-10), kind: .churn, amountCents: 100_000, mrrAfterCents: 0))
        // Two engaged decision-makers each, but one for "single" and none for "alone".
        var stakeholders: [MetricFacts.Stakeholder] = []
        for c in clients where c.id != "alone" {
            stakeholders.append(.init(accountID: c.id, role: .executiveSponsor, lastEngaged: Self.d(-5)))
            if c.id != "single" { stakeholders.append(.init(accountID: c.id, role: .champion, lastEngaged: Self.d(-20))) }
        }
        stakeholders.append(.init(accountID: "alone", role: .champion, lastEngaged: Self.d(-200)))
        let facts = MetricFacts(asOf: Self.asOf, clients: clients, movements: movements, stakeholders: stakeholders)
        let board = Dashboard.compute(
            facts, spec: SpecTemplate.defaultSpec, economics: .init(grossMargin: 0.8, acquisitionCostCents: [:]), now: Instant(day: Self.asOf))
        let histories = clients.filter { $0.segment == "mid_market" }.map { c in
            OutcomeHistory(
                account: c.id, segment: c.segment,
                facts: OutcomeFacts(
                    signed: signed, events: c.id == "missed" ? [] : [.init(name: "ebr_completed", day: signed.adding(days: 90), properties: [:])], usage: []),
                movements: [])
        }
        let calendar = RenewalCalendar.build(facts, board: board, histories: histories, models: [Self.model])

        #expect(calendar.rows.map(\.account) == ["today", "missed", "fine", "alone", "smb", "single"])
        #expect(calendar.rows[0].daysLeft == 0)
        let rows = Dictionary(uniqueKeysWithValues: calendar.rows.map { ($0.account, $0) })
        #expect(rows["missed"]?.risk == .high && rows["missed"]?.reasons == ["missed ebr"] && rows["missed"]?.daysLeft == 10)
        #expect(rows["missed"]?.outcomes == [.init(outcome: "ebr", state: "missed")])
        #expect(rows["alone"]?.risk == .high && rows["alone"]?.reasons == ["no decision-maker or influencer engaged in 90 days"])
        #expect(rows["single"]?.risk == .medium && rows["single"]?.reasons == ["single-threaded"])
        #expect(rows["fine"]?.risk == .low && rows["fine"]?.reasons == [] && rows["fine"]?.outcomes == [.init(outcome: "ebr", state: "achieved")])
        #expect(rows["smb"]?.risk == .low && rows["smb"]?.reasons == ["no outcome model measures its segment"] && rows["smb"]?.outcomes == [])
        #expect(calendar.byRisk == ["high": 2, "medium": 1, "low": 3])
        #expect(calendar.mrrDueCents == 600_000 && calendar.mrrByRiskCents["high"] == 200_000)

        let month = RenewalCalendar.build(facts, board: board, histories: histories, models: [Self.model], days: 30)
        #expect(month.rows.map(\.account) == ["today", "missed", "fine", "alone"])
    }
}
