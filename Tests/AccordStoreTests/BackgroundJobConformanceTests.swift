import AccordCore
import AccordStore
import Foundation
import Testing

/// What keeps several replicas from doing the same background work twice, on every store.
@Suite("Store conformance: background jobs")
struct BackgroundJobConformanceTests {
    static let start = Instant(iso: "2026-11-22T12:00:00Z")!

    static func at(_ seconds: Int64) -> Instant { Instant(milliseconds: start.milliseconds + seconds * 1000) }

    @Test("a periodic job's run goes to one replica; the next run, an interval later, to whoever asks first", arguments: StoreKind.allCases)
    func jobs(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.claimJob("handoff-sla", holder: "a", at: Self.at(0), every: 60_000))
        #expect(try await store.claimJob("handoff-sla", holder: "b", at: Self.at(1), every: 60_000) == false, "a holds this run")
        #expect(try await store.claimJob("handoff-sla", holder: "a", at: Self.at(30), every: 60_000) == false, "not due yet, even for a")
        #expect(try await store.claimJob("outcome-crossings", holder: "b", at: Self.at(1), every: 60_000), "jobs are claimed one by one")
        // a is gone; b takes the next run.
        #expect(try await store.claimJob("handoff-sla", holder: "b", at: Self.at(61), every: 60_000))
        let jobs = try await store.jobs()
        #expect(jobs.map(\.name) == ["handoff-sla", "outcome-crossings"])
        #expect(jobs[0].holder == "b" && jobs[0].runs == 2 && jobs[0].startedAt == Self.at(61))
    }

    @Test("replicas asking at once: every run is claimed exactly once", arguments: StoreKind.allCases)
    func concurrentClaims(kind: StoreKind) async throws {
        let store = try await kind.make()
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for replica in 0..<8 {
                group.addTask { try await store.claimJob("handoff-sla", holder: "r\(replica)", at: Self.at(0), every: 60_000) }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
    }

    @Test("a due delivery is handed out once until its lease runs out, then again if no attempt was recorded", arguments: StoreKind.allCases)
    func deliveries(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.replaceAll(with: TinyCompany.dataset()) { _, _ in }
        let spec = SpecTemplate.defaultSpec
        let definition = spec.handoffs[0]
        let audit = AuditEntry(at: Self.start, actor: "test", origin: "local", action: "test", target: "x")
        try await store.saveWebhook(
            Webhook(id: "wh_1", url: "http://127.0.0.1:9/hook", format: .json, person: nil, function: nil, createdAt: Self.start, createdBy: "test"),
            audit: audit)
        let handoff = Handoff(
            id: "ho_1", handoff: definition.id, accountID: "acc_a", status: .waiting, payload: [:], problems: [], submittedBy: "person:test",
            submittedAt: Self.start, dueAt: Self.at(86_400))
        let notices = Notice.notices(.submitted, handoff, definition: definition, spec: spec)
        #expect(!notices.isEmpty)
        try await store.saveHandoff(handoff, effects: HandoffEffects(events: [], notices: notices), audit: audit)

        let first = try await store.claimDeliveries(at: Self.at(1), limit: 50, lease: 60_000)
        #expect(first.count == notices.count)
        #expect(try await store.claimDeliveries(at: Self.at(2), limit: 50, lease: 60_000).isEmpty, "claimed: no one else gets them")
        // The claimer died before recording an attempt: after the lease they come due again.
        let again = try await store.claimDeliveries(at: Self.at(62), limit: 50, lease: 60_000)
        #expect(again.map(\.id) == first.map(\.id))
        for delivery in again {
            try await store.recordAttempt(delivery: delivery.id, delivered: true, error: nil, nextAttemptAt: nil, at: Self.at(63))
        }
        #expect(try await store.claimDeliveries(at: Self.at(200), limit: 50, lease: 60_000).isEmpty, "delivered ones are done")
    }
}
