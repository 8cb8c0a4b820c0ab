import AccordCore
import AccordStore
import Foundation
import Testing

@Suite("Store conformance: dashboard facts")
struct MetricFactsConformanceTests {
    @Test(
        "every account with its signing day, milestones and adoption week; movements, stakeholders, surveys, field presence and per-source freshness",
        arguments: StoreKind.allCases)
    func facts(kind: StoreKind) async throws {
        let store = try await kind.make()
        let asOf = Day(iso: "2026-06-30")!
        let data = DemoCompany.generate(DemoConfig(accounts: 300, seed: 11, asOf: asOf, spec: SpecTemplate.defaultSpec))
        try await store.replaceAll(with: data) { _, _ in }
        let sources = Array(Set(data.events.map(\.source))).sorted()
        let facts = try await store.metricFacts(asOf: asOf, adoptionThreshold: 0.7, sources: sources + ["never_sent"])
        #expect(facts.clients.count == data.accounts.count && facts.movements.count == data.movements.count)
        #expect(facts.stakeholders.count == data.contacts.count)
        #expect(facts.surveys.count == data.surveys.filter { Period.trailingYear(asOf).contains($0.respondedOn) }.count)
        let clients = Dictionary(uniqueKeysWithValues: facts.clients.map { ($0.id, $0) })
        for account in data.accounts {
            let client = try #require(clients[account.id])
            let signed = data.movements.filter { $0.accountID == account.id && $0.kind == .new }.map(\.occurredOn).min()
            let firstValue = data.events.filter { $0.accountID == account.id && $0.name == "first_value_achieved" }.map(\.timestamp.day).min()
            let expansion = data.events.filter { $0.accountID == account.id && $0.name == "expansion_signal_detected" }.map(\.timestamp.day).max()
            let adopted = data.usage.filter { $0.accountID == account.id && $0.licensedSeats > 0 && Double($0.activeSeats) >= 0.7 * Double($0.licensedSeats) }
                .map(\.weekStart).min()?.adding(days: 6)
            #expect(
                client.signed == signed && client.firstValue == firstValue && client.expansionSignal == expansion && client.adopted == adopted, "\(account.id)")
            #expect(client.stage == account.lifecycleStage && client.source == account.acquisitionSource && client.churnedOn == account.churnedOn)
        }
        #expect(facts.presence["account.name"] == .init(present: data.accounts.count, total: data.accounts.count))
        #expect(facts.presence["account.industry"]?.present == data.accounts.filter { !($0.industry ?? "").isEmpty }.count)
        #expect(facts.presence["contact.email"]?.total == data.contacts.count)
        #expect(facts.freshness.map(\.source) == sources, "a source that sent nothing has no freshness row")
        for fresh in facts.freshness {
            let events = data.events.filter { $0.source == fresh.source }
            #expect(fresh.sampled == min(1000, events.count))
            #expect(fresh.lastReceived == events.map(\.receivedAt).max() || events.count > 1000)
        }
        #expect(facts.planConformance.values.allSatisfy { $0.present == $0.total }, "the demo follows its tracking plan")
    }
}
