import Testing

@testable import AccordCore

@Suite("Win-back: the ranking explained, its expected value and its backtest, checked by hand")
struct WinBackTests {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    static let priceLeaver = WinBackFacts(
        account: "a", name: "Alpha", segment: "smb", churnedOn: day("2025-01-01"), reason: .price, signedOn: day("2022-01-01"), mrrCentsBefore: 100_000,
        outcomesAchieved: 2, lastNPS: 9, touches: [day("2024-12-01"), day("2025-03-01"), day("2025-05-01"), day("2025-08-01")])
    static let serviceLeaver = WinBackFacts(
        account: "b", name: "Bravo", segment: "smb", churnedOn: day("2025-01-01"), reason: .service, signedOn: day("2024-06-01"), mrrCentsBefore: 50_000,
        lastNPS: 4)

    @Test("price ranks above service: each part named with its points")
    func scores() {
        let asOf = Self.day("2025-07-01")
        let a = WinBackRanking.score(Self.priceLeaver, on: asOf)
        // 20 + 25 (price) + 15 (three years) + 10 (two outcomes) + 10 (promoter) + 10 (six months) + 10 (two touches since, before July) = 100.
        #expect(a.points == 100)
        #expect(a.parts.first == WinBackRanking.Part(label: "left over price, which an offer answers", points: 25))
        #expect(
            a.parts.contains(WinBackRanking.Part(label: "engaged 2 times since leaving", points: 10)), "a touch before leaving or after the day does not count")
        let b = WinBackRanking.score(Self.serviceLeaver, on: asOf)
        // 20 − 15 (service) + 3 (0.6 years) − 10 (detractor) + 10 (six months) = 8.
        #expect(b.points == 8)
        var closed = Self.serviceLeaver
        closed.reason = .businessClosure
        #expect(WinBackRanking.score(closed, on: asOf).points == 0, "never below zero")
        #expect(WinBackRanking.score(Self.priceLeaver, on: Self.day("2025-02-01")).parts.contains { $0.label == "left 1 month ago: too soon to ask" })
        // A second lifetime: 100% × $1,000 × 36 months × 80% margin.
        #expect(WinBackRanking.expectedValueCents(Self.priceLeaver, score: a, grossMargin: 0.8) == 2_880_000)
        // 8% × $500 × 12 months (the first lifetime was shorter than a year) × 80% margin.
        #expect(WinBackRanking.expectedValueCents(Self.serviceLeaver, score: b, grossMargin: 0.8) == 38_400)
    }

    @Test("the backtest scores each client a month after leaving and asks whether they returned within six months")
    func backtest() {
        var back = Self.priceLeaver
        back.churnedOn = Self.day("2024-01-01")
        back.wonBackOn = Self.day("2024-05-01")
        var gone = Self.serviceLeaver
        gone.churnedOn = Self.day("2024-01-01")
        var tooRecent = Self.priceLeaver
        tooRecent.churnedOn = Self.day("2025-10-01")
        var backAtOnce = Self.serviceLeaver
        backAtOnce.churnedOn = Self.day("2024-01-01")
        backAtOnce.wonBackOn = Self.day("2024-01-20")
        let result = WinBackRanking.backtest([back, gone, tooRecent, backAtOnce], asOf: Self.day("2026-01-01"))
        #expect(result.clients == 2 && result.returned == 1 && result.auc == 1)
        var reversed = gone
        reversed.wonBackOn = Self.day("2024-06-01")
        var stayedAway = back
        stayedAway.wonBackOn = nil
        #expect(WinBackRanking.backtest([reversed, stayedAway], asOf: Self.day("2026-01-01")).auc == 0, "the service leaver came back: the ranking was wrong")
    }
}
