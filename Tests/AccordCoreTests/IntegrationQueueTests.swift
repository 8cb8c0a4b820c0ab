import AccordCore
import Testing

@Suite("The monthly review's integration work queue")
struct IntegrationQueueTests {
    static let spec = SpecTemplate.full.spec
    static let asOf = Day(year: 2026, month: 11, day: 20)
    static let now = Instant(day: asOf, seconds: 9 * 3600)

    static func renewing(_ id: String, in days: Int, mrr: Int64) -> IntegrationFacts.Renewing {
        .init(account: id, name: "Client \(id)", renewalOn: asOf.adding(days: days), mrrCents: mrr)
    }

    static var facts: IntegrationFacts {
        var facts = IntegrationFacts()
        for client in [renewing("a", in: 10, mrr: 50_000), renewing("b", in: 40, mrr: 900_000), renewing("c", in: 80, mrr: 100_000)] {
            facts.renewing[client.account] = client
        }
        facts.clientsBySource = ["stripe": ["a", "b", "x", "y"], "zendesk": ["c"]]
        facts.lastRuns = ["zendesk": .init(failed: true, at: now, error: "401 Unauthorized")]
        facts.reviews = [.init(id: 1, source: "hubspot", externalID: "h1", candidate: "a", probability: 0.9, since: Instant(day: asOf.adding(days: -3)))]
        facts.keptAside = [
            .init(source: "product", event: "report_exported", kind: .unplanned, count: 12, reason: "not in the taxonomy", accounts: ["c", "z"])
        ]
        facts.missing = ["account.industry": ["b"], "account.country": ["q"]]
        return facts
    }

    @Test("gaps rank by the MRR renewing in 90 days on the clients they touch, then by days left; untouched renewals rank last")
    func ranking() {
        let queue = IntegrationQueue.build(Self.facts, spec: Self.spec, asOf: Self.asOf, now: Self.now)
        #expect(queue.map(\.kind) == [.missingField, .keptAside, .failingSource, .identityReview, .missingField])
        #expect(queue[0].title == "account.industry missing on 1 client" && queue[0].mrrRenewingCents == 900_000 && queue[0].daysLeft == 40)
        // Kept-aside and the failing zendesk sync both touch client c ($1,000): the kept-aside events touch more clients.
        #expect(queue[1].mrrRenewingCents == 100_000 && queue[2].mrrRenewingCents == 100_000 && queue[1].clients == 2)
        #expect(queue[2].detail == "failed 2026-11-20 09:00 UTC: 401 Unauthorized")
        #expect(queue[3].title == "hubspot: 1 record waiting in the identity review" && queue[3].daysLeft == 10)
        #expect(queue[4].renewing.isEmpty && queue[4].firstRenewal == nil, "a gap on no renewing client still shows, last")
        #expect(queue[1].fix.hasPrefix("propose report_exported as a taxonomy change"))
    }

    @Test("a synced source past twice its schedule is stale; one that syncs on time is no gap")
    func stale() throws {
        var spec = Self.spec
        let index = try #require(spec.sources.firstIndex { $0.id == "stripe" })
        spec.sources[index].sync = SyncDefinition(tap: ["tap-stripe"], streams: [])
        var facts = IntegrationFacts()
        facts.clientsBySource = ["stripe": ["b"]]
        facts.renewing["b"] = Self.renewing("b", in: 5, mrr: 1_000)
        facts.freshness["stripe"] = .init(lastOK: Instant(day: Self.asOf.adding(days: -3)), firstRun: Instant(day: Self.asOf.adding(days: -30)))
        let queue = IntegrationQueue.build(facts, spec: spec, asOf: Self.asOf, now: Self.now)
        #expect(queue.map(\.kind) == [.staleSource])
        #expect(queue[0].title.hasPrefix("stripe: stale since ") && queue[0].renewing.map(\.account) == ["b"])
        facts.freshness["stripe"] = .init(lastOK: Instant(milliseconds: Self.now.milliseconds - 60_000), firstRun: Instant(day: Self.asOf.adding(days: -30)))
        #expect(IntegrationQueue.build(facts, spec: spec, asOf: Self.asOf, now: Self.now).isEmpty)
    }
}
