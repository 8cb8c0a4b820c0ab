import AccordCore
import Testing

/// One client, worked out by hand with the template's weights (outcomes 25, decision-makers 20,
/// usage 20, risk signals 10, support load 10, sentiment 10, handoffs 5).
@Suite("Health that explains itself")
struct HealthScoreTests {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    static func facts(nps: Bool = true, signal: Bool = true) -> HealthFacts {
        let outcome = Outcome(
            id: "first_value", description: "first value by day 90", measure: .eventCount(event: "first_value_achieved", where: [:]), target: 1, day: 90)
        var events = [OutcomeFacts.Occurrence(name: "first_value_achieved", day: day("2026-02-10"), properties: .object([:]))]
        if signal { events.append(.init(name: "risk_signal_detected", day: day("2026-06-20"), properties: .object(["signal": "usage_drop"]))) }
        // Eight weeks from 2026-04-06: 8 of 10 seats active for four, then 4 of 10.
        let usage = (0..<8).map { week in
            UsageWeek(accountID: "acc_h", weekStart: day("2026-04-06").adding(days: 7 * week), activeSeats: week < 4 ? 8 : 4, licensedSeats: 10)
        }
        return HealthFacts(
            account: "acc_h", segment: "mid_market", outcomes: [outcome], facts: OutcomeFacts(signed: day("2026-01-05"), events: events, usage: usage),
            stakeholders: [
                .init(accountID: "acc_h", role: .executiveSponsor, lastEngaged: day("2026-06-01")),
                .init(accountID: "acc_h", role: .champion, lastEngaged: day("2026-01-01")),
                .init(accountID: "acc_h", role: .user, lastEngaged: day("2026-06-29")),
            ],
            tickets: [
                .init(opened: day("2026-06-01"), solved: nil, priority: "urgent"),
                .init(opened: day("2026-03-01"), solved: day("2026-03-04"), priority: "high"),
            ],
            surveys: nps ? [SurveyResponse(id: "s1", accountID: "acc_h", contactID: nil, kind: .nps, score: 3, respondedOn: day("2026-06-10"))] : [])
    }

    @Test("each factor's value and sentence, and the score they add up to")
    func score() {
        let health = HealthScore.measure(Self.facts(), config: HealthConfig(), asOf: Self.day("2026-06-30"))
        let parts = Dictionary(uniqueKeysWithValues: health.parts.map { ($0.factor, $0) })
        #expect(parts[.outcomes]?.value == 1 && parts[.outcomes]?.detail == "1 of 1 outcomes achieved or on track")
        #expect(parts[.decisionMakers]?.value == 0.5)
        #expect(parts[.decisionMakers]?.detail == "1 of 2 decision-makers and influencers engaged in 90 days (single-threaded)")
        // Four weeks at 40% after four at 80%: 0.4 / 0.7 × 0.75 for the fall.
        #expect(abs((parts[.usage]?.value ?? 0) - 0.4 / 0.7 * 0.75) < 1e-9)
        #expect(parts[.usage]?.detail == "weekly active usage fell to 40% (from 80%)")
        #expect(parts[.riskSignals]?.value == 0.5 && parts[.riskSignals]?.detail == "1 risk signal in 90 days: usage_drop on 2026-06-20")
        #expect(parts[.supportLoad]?.value == 0.75 && parts[.supportLoad]?.detail == "1 open support ticket, 1 urgent or high")
        #expect(parts[.sentiment]?.value == 0.15 && parts[.sentiment]?.detail == "detractor NPS 3 on 2026-06-10")
        #expect(parts[.handoffs]?.value == 1)
        // 25 + 10 + 8.571 + 5 + 7.5 + 1.5 + 5 = 62.57
        #expect(health.score == 63 && health.band == .watch && health.leftOut.isEmpty)
    }

    @Test("a factor without evidence is left out, saying why, and the others share its weight")
    func leftOut() {
        let health = HealthScore.measure(Self.facts(nps: false), config: HealthConfig(), asOf: Self.day("2026-06-30"))
        #expect(health.leftOut.map(\.factor) == [.sentiment] && health.leftOut.first?.reason == "no NPS or CSAT answer in 12 months")
        // (25 + 10 + 8.571 + 5 + 7.5 + 5) / 90 = 67.86
        #expect(health.score == 68 && abs(health.parts.reduce(0) { $0 + $1.share } - 1) < 1e-9)
        var heavy = HealthConfig()
        heavy.segmentWeights["mid_market"] = [.decisionMakers: 50]
        #expect(HealthScore.measure(Self.facts(nps: false), config: heavy, asOf: Self.day("2026-06-30")).score < health.score, "a segment's own weights")
    }

    @Test("every change of the score is kept with the factors that moved it and by how much")
    func history() throws {
        let history = HealthHistory.build(Self.facts(), config: HealthConfig(), asOf: Self.day("2026-06-30"))
        #expect(history.points.first?.day == Self.day("2026-01-05").adding(days: 1) && history.points.last?.day == Self.day("2026-06-30"))
        #expect(Set(history.points.map { $0.day.number % 7 }).count == 1, "one point a week")
        let signal = try #require(history.changes.first { $0.day == Self.day("2026-06-23") })
        #expect(signal.from == 68 && signal.to == 63)
        #expect(signal.movers.map(\.text) == ["−5: 1 risk signal in 90 days: usage_drop on 2026-06-20"])
        // The first answer: sentiment comes in; the whole move is its, not spread over the others.
        let nps = try #require(history.changes.first { $0.day == Self.day("2026-06-16") })
        #expect(nps.from == 73 && nps.to == 68 && nps.band == .watch)
        #expect(nps.movers.map(\.text) == ["−5.8: detractor NPS 3 on 2026-06-10"])
        #expect(history.changes.first?.day == Self.day("2026-06-23"), "newest first")
    }

    @Test("the spec's health section: weights, per-segment weights and bands, with mistakes named where they are")
    func spec() throws {
        let text = SpecTemplate.full.text.replacingOccurrences(
            of: "  bands: {healthy: 70, watch: 40}", with: "  bands: {healthy: 30, watch: 60}")
        let diagnostics = SpecParser.read(text).diagnostics
        #expect(diagnostics.contains { $0.message.contains("health.bands needs 0 ≤ watch < healthy ≤ 100") && $0.location.line > 1 })
        let unknown = SpecParser.read(
            SpecTemplate.full.text.replacingOccurrences(of: "    enterprise: {decision_makers: 30}", with: "    galactic: {charm: 30}")
        )
        .diagnostics.map(\.message)
        #expect(unknown.contains { $0.contains("health.segments.galactic is not a segment") })
        #expect(unknown.contains { $0.contains("charm") })
        let spec = SpecTemplate.defaultSpec
        #expect(spec.health.weights(segment: "enterprise")[.decisionMakers] == 30 && spec.health.weights(segment: "smb")[.decisionMakers] == 20)
        #expect(spec.health.band(70) == .healthy && spec.health.band(69) == .watch && spec.health.band(39) == .atRisk)
    }
}
