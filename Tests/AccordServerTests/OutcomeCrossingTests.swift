import AccordApp
import AccordCore
import AccordServer
import AccordStore
import Foundation
import Testing

@Suite("Outcome crossings")
struct OutcomeCrossingTests {
    @Test("a client crossing its usage outcome gets adoption_threshold_reached once, dated the crossing; one that already has it gets none")
    func once() async throws {
        let store = try TestFolders.store()
        var data = Dataset()
        let signed = Day(iso: "2026-01-05")!
        for id in ["acc_new", "acc_had"] {
            data.accounts.append(
                Account(
                    id: id, name: id, domain: nil, segment: "mid_market", acquisitionSource: .sales, cohort: "2026-Q1", lifecycleStage: .retention,
                    licensedSeats: 100, createdOn: signed))
            data.movements.append(MRRMovement(accountID: id, occurredOn: signed, kind: .new, amountCents: 90_000, mrrAfterCents: 90_000))
            data.usage += (0..<12).map {
                UsageWeek(accountID: id, weekStart: signed.weekStart.adding(days: 7 * $0), activeSeats: 20 + 6 * $0, licensedSeats: 100)
            }
        }
        data.events.append(
            Event(
                messageID: "p1", name: "adoption_threshold_reached", accountID: "acc_had", source: "product", timestamp: Instant(day: signed.adding(days: 70)),
                receivedAt: Instant(day: signed.adding(days: 70)), properties: ["active_ratio": 0.74]))
        try await store.replaceAll(with: data) { _, _ in }
        let reporting = HandoffReportDesk(spec: SpecTemplate.defaultSpec, store: store)
        #expect(try await reporting.emitOutcomeEvents(asOf: Day(iso: "2026-06-30")!) == 1)
        #expect(try await reporting.emitOutcomeEvents(asOf: Day(iso: "2026-06-30")!) == 0, "exactly once")
        let written = try await store.events(EventQuery(accountID: "acc_new", name: "adoption_threshold_reached")).events
        // 20 + 6 × 9 = 74 ≥ 70% in the tenth week; the event is dated that week's last day.
        #expect(written.count == 1 && written[0].event.timestamp.day == signed.weekStart.adding(days: 7 * 9 + 6))
        #expect(written[0].event.properties["active_ratio"] == 0.74 && written[0].event.source == "accord")
        #expect(
            try await store.events(EventQuery(accountID: "acc_had", name: "adoption_threshold_reached")).events.count == 1, "already on the log: none added")
    }
}
