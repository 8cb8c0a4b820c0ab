import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Testing

@Suite("Dashboard snapshots: computed once, recomputed when the data changes")
struct DashboardSnapshotTests {
    static let asOf = Day(iso: "2026-06-30")!

    /// A small demo company and a signed client still waiting for first value.
    func world() async throws -> (SQLiteStore, waiting: String) {
        let store = try TestFolders.store()
        try await store.replaceAll(with: DemoCompany.generate(DemoConfig(accounts: 60, seed: 5, asOf: Self.asOf, spec: SpecTemplate.defaultSpec))) { _, _ in }
        let facts = try await DashboardDesk(spec: SpecTemplate.defaultSpec, store: store).facts(asOf: Self.asOf)
        let waiting = try #require(facts.clients.first { $0.signed != nil && $0.firstValue == nil && $0.churnedOn == nil })
        return (store, waiting.id)
    }

    func reachFirstValue(_ account: String, _ store: SQLiteStore) async throws {
        let at = Instant(day: Self.asOf.adding(days: -1))
        let event = Event(
            messageID: "fv-\(account)", name: "first_value_achieved", accountID: account, source: "cs_platform", timestamp: at, receivedAt: at, properties: [:])
        _ = try await store.ingest([IngestBatch(entries: [.init(item: .accept(event), propertiesText: "{}", contextText: nil)], defaultSegment: "mid_market")])
    }

    func censored(_ board: Dashboard) -> Int { board.timeToFirstValue.all.censored }

    @Test("requests share one computation until a write changes rows; the next request then sees the write")
    func servedUntilWrite() async throws {
        let (store, waiting) = try await world()
        let snapshots = DashboardSnapshots(reading: DashboardDesk(spec: SpecTemplate.defaultSpec, store: store), maxLag: .zero)
        let first = try await snapshots.dashboard(asOf: Self.asOf, now: { .now }).1
        for _ in 0..<5 { _ = try await snapshots.dashboard(asOf: Self.asOf, now: { .now }) }
        #expect(await snapshots.computations == 1)

        // A token's last use is bookkeeping, and a write that changes no row is not new data.
        try await store.touchToken(id: "tok_none", at: .now)
        _ = try await store.markBreached(
            at: .now, effects: { _ in HandoffEffects(events: [], notices: []) },
            audit: AuditEntry(at: .now, actor: "test", origin: "local", action: "noop", target: ""))
        _ = try await snapshots.dashboard(asOf: Self.asOf, now: { .now })
        #expect(await snapshots.computations == 1)

        try await reachFirstValue(waiting, store)
        let second = try await snapshots.dashboard(asOf: Self.asOf, now: { .now }).1
        #expect(await snapshots.computations == 2)
        #expect(censored(second) == censored(first) - 1)
        #expect(second.computedAt >= first.computedAt)

        // A new day is a new dashboard.
        let tomorrow = try await snapshots.dashboard(asOf: Self.asOf.adding(days: 1), now: { .now }).1
        #expect(tomorrow.asOf == Self.asOf.adding(days: 1))
        #expect(await snapshots.computations == 3)
    }

    @Test("within the allowed lag a request is answered from the last snapshot while a new one is computed behind it")
    func staleWhileRecomputing() async throws {
        let (store, waiting) = try await world()
        let snapshots = DashboardSnapshots(reading: DashboardDesk(spec: SpecTemplate.defaultSpec, store: store), maxLag: .seconds(600))
        let first = try await snapshots.dashboard(asOf: Self.asOf, now: { .now }).1
        try await reachFirstValue(waiting, store)
        let stale = try await snapshots.dashboard(asOf: Self.asOf, now: { .now }).1
        #expect(censored(stale) == censored(first))
        var fresh = stale
        for _ in 0..<200 where censored(fresh) == censored(first) {
            try await Task.sleep(for: .milliseconds(50))
            fresh = try await snapshots.dashboard(asOf: Self.asOf, now: { .now }).1
        }
        #expect(censored(fresh) == censored(first) - 1)
        #expect(await snapshots.computations == 2)
    }

    @Test("concurrent first requests wait for one computation")
    func concurrent() async throws {
        let (store, _) = try await world()
        let snapshots = DashboardSnapshots(reading: DashboardDesk(spec: SpecTemplate.defaultSpec, store: store), maxLag: .zero)
        let boards = try await withThrowingTaskGroup(of: Dashboard.self) { group in
            for _ in 0..<6 { group.addTask { try await snapshots.dashboard(asOf: Self.asOf, now: { .now }).1 } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(boards.count == 6 && Set(boards.map(\.computedAt)).count == 1)
        #expect(await snapshots.computations == 1)
    }
}
