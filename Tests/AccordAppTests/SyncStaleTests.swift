import AccordApp
import AccordCore
import AccordStore
import Foundation
import Testing

@Suite("Stale syncs: told once, until the tap works again")
struct SyncStaleTests {
    typealias Fixture = SingerLoaderTests

    @Test("an hourly source whose tap last worked three hours ago is stale: its people hear it once, and once more when it works again")
    func stale() async throws {
        let store = try Fixture.store()
        try await store.saveWebhook(
            Webhook(id: "whk_it", url: "http://127.0.0.1:9/it", format: .json, person: nil, function: "it", createdAt: .now, createdBy: "test"),
            audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "webhook.added", target: "webhook:whk_it"))
        _ = try await Fixture.load([Fixture.schema, Fixture.record(1), Fixture.state(1)], into: store)
        let fresh = SyncDesk(spec: Fixture.spec, store: store, now: { .now }, today: { .today })
        #expect(try await fresh.checkStale().isEmpty, "it worked just now")
        let later = Instant(milliseconds: Instant.now.milliseconds + 3 * 3_600_000)
        let desk = SyncDesk(spec: Fixture.spec, store: store, now: { later }, today: { .today })
        #expect(try await desk.checkStale() == ["salesforce"])
        #expect(try await desk.checkStale().isEmpty, "told once")
        let deliveries = try await store.deliveries(status: nil, limit: 10)
        #expect(deliveries.map(\.kind) == ["sync.stale"])
        #expect(deliveries[0].body.contains("The salesforce sync is stale: its last good run ended") && deliveries[0].body.contains("runs hourly"))
        // The tap works again: the recovery is told, and a later silence is told anew.
        let loader = try await desk.start("salesforce", trigger: .schedule)
        for line in [Fixture.schema, Fixture.record(2), Fixture.state(2)] { _ = try await loader.take(line) }
        #expect(try await loader.finish(exit: TapExit(code: 0)).status == .ok)
        #expect(try await store.deliveries(status: nil, limit: 10).map(\.kind).sorted() == ["sync.recovered", "sync.stale"])
        #expect(try await store.staleAlerts().isEmpty)
        let muchLater = Instant(milliseconds: later.milliseconds + 3 * 3_600_000)
        #expect(try await SyncDesk(spec: Fixture.spec, store: store, now: { muchLater }, today: { .today }).checkStale() == ["salesforce"])
    }

    @Test("a source another runner loads (Meltano into accord load, no tap of Accord's) is stale too once its loads stop")
    func loaderOnly() async throws {
        let store = try Fixture.store()
        let text = SpecTemplate.full.text.replacingOccurrences(
            of: "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly}\n",
            with: "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly, streams: [{stream: Account, feeds: accounts}]}\n")
        let spec = try #require(SpecParser.read(text).spec)
        #expect(SyncDesk(spec: spec, store: store, now: { .now }, today: { .today }).syncedSources.isEmpty, "Accord runs no tap for it")
        let later = Instant(milliseconds: Instant.now.milliseconds + 3 * 3_600_000)
        #expect(try await SyncDesk(spec: spec, store: store, now: { later }, today: { .today }).checkStale().isEmpty, "never loaded: nothing to miss yet")
        _ = try await Fixture.load([Fixture.schema, Fixture.record(1), Fixture.state(1)], into: store, spec: spec)
        #expect(try await SyncDesk(spec: spec, store: store, now: { later }, today: { .today }).checkStale() == ["salesforce"])
    }

    @Test("the dashboard's time to insight counts a synced source by the time since its tap last worked, and names it when stale")
    func timeToInsight() {
        let spec = Fixture.spec
        let now = Instant(milliseconds: 10_000_000_000)
        var facts = MetricFacts(asOf: Day(iso: "2026-06-30")!, clients: [])
        facts.syncs = ["salesforce": .init(lastOK: Instant(milliseconds: now.milliseconds - 3 * 3_600_000), firstRun: Instant(milliseconds: 0))]
        let insight = TimeToInsight.measure(facts, spec: spec, now: now)
        let salesforce = insight.sources.first { $0.source == "salesforce" }
        #expect(salesforce?.stale == true && salesforce?.sinceSyncSeconds == 10_800)
        #expect(insight.stale == ["salesforce"] && insight.slowest == "salesforce" && insight.worstP95Seconds == 10_800)
        facts.syncs["salesforce"]?.lastOK = Instant(milliseconds: now.milliseconds - 600_000)
        let fresh = TimeToInsight.measure(facts, spec: spec, now: now)
        #expect(fresh.stale.isEmpty && fresh.worstP95Seconds == 600)
    }
}
