import AccordCore
import Testing

/// Five clients whose first renewal (2026-01-06) came, worked out by hand: A and B use the
/// product and have engaged decision-makers (100); E uses it with nobody engaged (69); C has
/// engaged decision-makers and little use (74) and churns; D has neither (43) and four urgent
/// tickets from 2025-09-01 (28) and churns.
@Suite("Health validated against renewals")
struct HealthValidationTests {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    static func client(_ id: String, usage: Int, engaged: Bool, churns: Bool, tickets: Int = 0) -> HealthFacts {
        let signed = day("2025-01-06")
        let weeks = (0..<52).map { UsageWeek(accountID: id, weekStart: signed.adding(days: 7 * $0), activeSeats: usage, licensedSeats: 10) }
        var movements = [MRRMovement(accountID: id, occurredOn: signed, kind: .new, amountCents: 100_000, mrrAfterCents: 100_000)]
        if churns { movements.append(MRRMovement(accountID: id, occurredOn: day("2026-01-06"), kind: .churn, amountCents: -100_000, mrrAfterCents: 0)) }
        return HealthFacts(
            account: id, segment: "smb", outcomes: [], facts: OutcomeFacts(signed: signed, events: [], usage: weeks), movements: movements,
            stakeholders: engaged
                ? [
                    .init(accountID: id, role: .executiveSponsor, lastEngaged: day("2025-12-01")),
                    .init(accountID: id, role: .champion, lastEngaged: day("2025-12-01")),
                ] : [],
            tickets: Array(repeating: HealthFacts.Ticket(opened: day("2025-09-01"), solved: nil, priority: "urgent"), count: tickets))
    }

    static let world = [
        client("A", usage: 9, engaged: true, churns: false), client("B", usage: 9, engaged: true, churns: false),
        client("C", usage: 1, engaged: true, churns: true), client("D", usage: 1, engaged: false, churns: true, tickets: 4),
        client("E", usage: 9, engaged: false, churns: false),
    ]

    @Test("renewal rate by band 90 days before, AUC, lead time, and the weights that do not help")
    func validate() throws {
        let validation = HealthValidation.validate(Self.world, config: HealthConfig(), asOf: Self.day("2026-06-30"))
        #expect(validation.accounts == 5 && validation.renewed == 3 && validation.churned == 2)
        let ninety = try #require(validation.horizons.first { $0.daysBefore == 90 })
        let bands = Dictionary(uniqueKeysWithValues: ninety.bands.map { ($0.band, $0) })
        #expect(bands[.healthy]?.accounts == 3 && bands[.healthy]?.renewalRate == 2.0 / 3)
        #expect(bands[.watch]?.accounts == 1 && bands[.watch]?.renewalRate == 1)
        #expect(bands[.atRisk]?.accounts == 1 && bands[.atRisk]?.renewalRate == 0)
        // Renewed 100, 100, 69 against churned 74, 28: five of six pairs ordered right.
        #expect(ninety.auc == 0.833)
        #expect(validation.horizons.first { $0.daysBefore == 180 }?.auc == 0.833)
        // D's tickets from 2025-09-01 put it at risk 124 days before its renewal (weekly, from 180 days).
        #expect(validation.churnedFlagged == 1 && validation.medianLeadDays == 124)
        // Without usage: A, B and C score 100, E 56, D 33: four of six pairs.
        let usage = try #require(validation.factors.first { $0.factor == .usage })
        #expect(usage.helps && usage.aucWithout == 0.667)
        #expect(validation.flagged.contains(.decisionMakers), "without decision-makers the score ranks these clients better: its weight does not help")
        #expect(!validation.flagged.contains(.usage))
    }

    @Test("clients whose renewal has not come are not counted")
    func notYet() {
        #expect(HealthValidation.validate(Self.world, config: HealthConfig(), asOf: Self.day("2025-12-31")).accounts == 0)
    }
}
