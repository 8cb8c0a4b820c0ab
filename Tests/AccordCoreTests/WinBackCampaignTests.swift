import Testing

@testable import AccordCore

@Suite("Win-back campaigns: the lifecycle's refusals and the results, checked by hand")
struct WinBackCampaignTests {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    static let marketer = Person(id: "maria", name: "Maria", email: "m@example.com", function: "marketing", role: .leader)
    static let it = Person(id: "ingrid", name: "Ingrid", email: "i@example.com", function: "it", role: .leader)
    static let viewer = Person(id: "vic", name: "Vic", email: "v@example.com", function: "cs", role: .viewer)

    static func member(_ account: String, _ reason: ChurnReason, churned: String, rank: Int) -> WinBackCampaign.Member {
        WinBackCampaign.Member(
            account: account, name: account.uppercased(), segment: "smb", reason: reason, churnedOn: day(churned), rank: rank, points: 60 - rank,
            mrrCentsBefore: 100_000)
    }

    static func start(
        name: String = "Spring", offer: String? = "discount", chosen: [WinBackCampaign.Member] = [member("a", .price, churned: "2025-01-01", rank: 1)],
        requested: [String] = [], gone: Set<String> = ["a", "b"], running: [String: String] = [:], by person: Person = marketer
    ) throws(WinBackCampaignMachine.Failure) -> WinBackCampaign {
        try WinBackCampaignMachine.start(
            id: "wbc_1", name: name, offer: offer, chosen: chosen, requested: requested, gone: gone, running: running,
            offers: ["discount", "training"], by: person, at: Instant(day: day("2025-03-01"), seconds: 36_000))
    }

    @Test("a campaign needs a name, members gone now and not in another running one, an offer of the tree, and marketing, sales or CS")
    func refusals() throws {
        let campaign = try Self.start(name: "  Spring  ")
        #expect(campaign.name == "Spring" && campaign.status == .running && campaign.startedOn == Self.day("2025-03-01"))
        #expect(campaign.windowEnd == Self.day("2025-08-28"), "six months followed")
        #expect(throws: WinBackCampaignMachine.Failure.noName) { try Self.start(name: " ") }
        #expect(throws: WinBackCampaignMachine.Failure.noMembers) { try Self.start(chosen: []) }
        #expect(throws: WinBackCampaignMachine.Failure.unknownOffer(offer: "half_off", offers: ["discount", "training"])) {
            try Self.start(offer: "half_off")
        }
        #expect(throws: WinBackCampaignMachine.Failure.notChurned(account: "c")) { try Self.start(requested: ["a", "c"]) }
        #expect(throws: WinBackCampaignMachine.Failure.duplicateMember(account: "a")) { try Self.start(requested: ["a", "a"]) }
        #expect(throws: WinBackCampaignMachine.Failure.inAnotherCampaign(account: "a", campaign: "wbc_0")) { try Self.start(running: ["a": "wbc_0"]) }
        #expect(throws: WinBackCampaignMachine.Failure.notAllowed(function: "it")) { try Self.start(by: Self.it) }
        #expect(throws: WinBackCampaignMachine.Failure.notAllowed(function: "cs")) { try Self.start(by: Self.viewer) }
        #expect(try Self.start(offer: nil).offer == nil, "a conversation without an offer")
        #expect(
            WinBackCampaignMachine.Failure.notChurned(account: "c").description
                == "c is not a churned client gone now: only clients who left and have not come back join a win-back campaign")

        let closed = try WinBackCampaignMachine.close(campaign, note: " the discount worked ", by: Self.marketer, at: Instant(day: Self.day("2025-09-01")))
        #expect(closed.status == .closed && closed.closedOn == Self.day("2025-09-01") && closed.note == "the discount worked")
        #expect(throws: WinBackCampaignMachine.Failure.finished(id: "wbc_1")) {
            try WinBackCampaignMachine.close(closed, note: nil, by: Self.marketer, at: Instant(day: Self.day("2025-09-02")))
        }
        #expect(throws: WinBackCampaignMachine.Failure.notAllowed(function: "it")) {
            try WinBackCampaignMachine.close(campaign, note: nil, by: Self.it, at: Instant(day: Self.day("2025-09-02")))
        }
    }

    @Test("members won back inside six months of the start, by offer and reason against leavers no campaign reached, with Wilson intervals")
    func results() throws {
        let campaign = try Self.start(
            chosen: [
                Self.member("a", .price, churned: "2025-01-01", rank: 1), Self.member("b", .service, churned: "2025-01-01", rank: 2),
                Self.member("c", .price, churned: "2024-12-01", rank: 3),
            ], gone: ["a", "b", "c"])
        let movements = [
            MRRMovement(accountID: "a", occurredOn: Self.day("2022-01-01"), kind: .new, amountCents: 100_000, mrrAfterCents: 100_000),
            MRRMovement(accountID: "a", occurredOn: Self.day("2025-05-01"), kind: .reactivation, amountCents: 80_000, mrrAfterCents: 80_000),
            // After the six months: came back, but not counted for the campaign.
            MRRMovement(accountID: "b", occurredOn: Self.day("2025-10-01"), kind: .reactivation, amountCents: 50_000, mrrAfterCents: 50_000),
            MRRMovement(accountID: "d", occurredOn: Self.day("2024-09-01"), kind: .reactivation, amountCents: 30_000, mrrAfterCents: 30_000),
        ]
        func facts(_ account: String, _ reason: ChurnReason, churned: String, back: String?) -> WinBackFacts {
            WinBackFacts(
                account: account, name: account, segment: "smb", churnedOn: Self.day(churned), reason: reason, signedOn: Self.day("2022-01-01"),
                mrrCentsBefore: 100_000, wonBackOn: back.map(Self.day))
        }
        let churned = [
            facts("a", .price, churned: "2025-01-01", back: "2025-05-01"), facts("b", .service, churned: "2025-01-01", back: "2025-10-01"),
            facts("c", .price, churned: "2024-12-01", back: nil),
            // No campaign reached these two: scored a month after leaving, followed six months.
            facts("d", .budget, churned: "2024-06-01", back: "2024-09-01"), facts("e", .service, churned: "2024-06-01", back: nil),
        ]
        let results = WinBackResults.measure(
            [campaign], churned: churned, movements: movements, offerName: { $0 == "discount" ? "Discount" : nil }, asOf: Self.day("2026-01-01"))
        let measured = try #require(results.campaigns.first)
        #expect(measured.members == 3 && measured.wonBack == 1 && measured.mrrWonBackCents == 80_000 && measured.final)
        #expect(measured.outcomes.map(\.wonBackOn) == [Self.day("2025-05-01"), nil, nil])
        // Wilson 95% for 1 of 3: 6.1% to 79.2%.
        let rate = try #require(measured.rate)
        #expect(abs(rate.share - 1.0 / 3) < 1e-9 && abs(rate.low - 0.0615) < 0.0005 && abs(rate.high - 0.7923) < 0.0005, "\(rate)")
        #expect(results.none.clients == 2 && results.none.wonBack == 1 && results.none.mrrWonBackCents == 30_000)
        let discount = try #require(results.byOffer.first)
        #expect(discount.key == "discount" && discount.label == "Discount" && discount.clients == 3 && discount.wonBack == 1)
        #expect(abs((discount.againstNone?.difference ?? 0) - (1.0 / 3 - 0.5)) < 1e-9)
        #expect(results.byReason.map { "\($0.key) \($0.wonBack)/\($0.clients)" } == ["price 1/2", "service 0/1"])
        #expect(results.churnByReason.map { "\($0.reason) \($0.cameBack)/\($0.clients)" } == ["service 1/2", "price 1/2", "budget 1/1"])
        #expect(results.churnByReason.first { $0.reason == "price" }?.mrrLostCents == 200_000)

        // Halfway through the six months the figures are so far, and a return after today does not count yet.
        let early = WinBackResults.measure([campaign], churned: churned, movements: movements, offerName: { _ in nil }, asOf: Self.day("2025-04-15"))
        #expect(early.campaigns.first.map { !$0.final && $0.wonBack == 0 } == true)
    }

    @Test("Wilson intervals stay inside 0–100% and need a group")
    func wilson() {
        #expect(ShareInterval(0, of: 0) == nil)
        let none = ShareInterval(0, of: 6)!
        #expect(none.low == 0 && abs(none.high - 0.39) < 0.005)
        let all = ShareInterval(2, of: 2)!
        #expect(all.high == 1 && abs(all.low - 0.342) < 0.005)
    }

    @Test("a person's churn reason lands on the churn day, after any reason already given for it; IT, viewers and clients that never left are refused")
    func churnReason() throws {
        let at = Instant(day: Self.day("2026-06-30"), seconds: 9 * 3600)
        func record(_ person: Person, churned: String?, latest: Instant? = nil, note: String? = nil) throws(ChurnReasonEntry.Failure) -> Event {
            try ChurnReasonEntry.event(
                id: "r1", account: "a", name: "Acme", churnedOn: churned.map(Self.day), mrrLostCents: 120_000, reason: .price, note: note,
                latestNear: latest, planned: true, by: person, at: at)
        }
        let alone = try record(Self.marketer, churned: "2026-03-01", note: "  too expensive  ")
        #expect(alone.timestamp == Instant(day: Self.day("2026-03-01"), seconds: 12 * 3600) && alone.source == "accord" && alone.name == "client_churned")
        #expect(alone.properties == .object(["reason": .string("price"), "mrr_lost": .number(1_200), "note": .string("too expensive")]))
        // The CRM said otherwise three days later, at 15:00: the correction follows it by a millisecond.
        let crm = Instant(day: Self.day("2026-03-04"), seconds: 15 * 3600)
        #expect(try record(Self.marketer, churned: "2026-03-01", latest: crm).timestamp.milliseconds == crm.milliseconds + 1)
        // An earlier reason (the CRM told it the morning before) leaves the event at noon of the churn day.
        #expect(try record(Self.marketer, churned: "2026-03-01", latest: Instant(day: Self.day("2026-02-28"))).timestamp.day == Self.day("2026-03-01"))
        #expect(throws: ChurnReasonEntry.Failure.notAllowed(function: "it")) { try record(Self.it, churned: "2026-03-01") }
        #expect(throws: ChurnReasonEntry.Failure.viewer) { try record(Self.viewer, churned: "2026-03-01") }
        #expect(throws: ChurnReasonEntry.Failure.neverChurned(name: "Acme")) { try record(Self.marketer, churned: nil) }
        #expect(throws: ChurnReasonEntry.Failure.noteTooLong(characters: 2_000)) {
            try record(Self.marketer, churned: "2026-03-01", note: String(repeating: "x", count: 2_000))
        }
    }

    @Test("a difference of shares stays inside ±100 points and has width when both groups are small or at 0%")
    func newcombe() {
        // The demo's discount against no campaign: 2 of 3 against 1 of 5. The normal approximation said −17 to +111 points.
        let discount = ShareDifference(2.0 / 3, of: 3, minus: 0.2, of: 5)!
        #expect(abs(discount.low - -0.1585) < 0.0005 && abs(discount.high - 0.7840) < 0.0005 && !discount.isAboveZero)
        let nobody = ShareDifference(0, of: 4, minus: 0, of: 5)!
        #expect(nobody.difference == 0 && abs(nobody.low - -0.4345) < 0.0005 && abs(nobody.high - 0.4899) < 0.0005)
        let everyone = ShareDifference(1, of: 3, minus: 0, of: 3)!
        #expect(everyone.high <= 1 && everyone.isAboveZero)
        #expect(ShareDifference(0.5, of: 0, minus: 0.5, of: 4) == nil && ShareDifference(nil, of: 3, minus: 0.5, of: 4) == nil)
    }
}
