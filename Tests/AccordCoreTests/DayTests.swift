import AccordCore
import Testing

@Suite("Calendar days and instants")
struct DayTests {
    @Test("civil dates round-trip across leap years and the epoch")
    func roundTrip() {
        #expect(Day(year: 1970, month: 1, day: 1).number == 0)
        #expect(Day(year: 2000, month: 2, day: 29).iso == "2000-02-29")
        #expect(Day(iso: "2024-02-29")?.iso == "2024-02-29")
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "26-1-1") == nil)
        #expect(Day(iso: "2026/01/01") == nil)
        #expect(Day(iso: "2026-0a-01") == nil)
        #expect(Day(iso: "2026-00-10") == nil)
        #expect(Day(iso: "x2026-01-01".dropFirst()) == Day(year: 2026, month: 1, day: 1))
        for n in stride(from: -800, through: 30000, by: 37) {
            let day = Day(n)
            #expect(Day(iso: day.iso) == day)
        }
    }

    @Test("quarters, ISO weeks and month arithmetic")
    func calendar() throws {
        #expect(Day(iso: "2025-08-15")?.quarter == "2025-Q3")
        #expect(Day(iso: "2026-01-01")?.quarter == "2026-Q1")
        #expect(Day(iso: "2026-11-22")?.weekStart.iso == "2026-11-16")  // a Sunday belongs to the week starting Monday
        #expect(Day(iso: "2026-11-16")?.weekStart.iso == "2026-11-16")
        #expect(Day(iso: "2026-01-31")?.adding(months: 1).iso == "2026-02-28")
        #expect(Day(iso: "2024-01-31")?.adding(months: 1).iso == "2024-02-29")
        #expect(Day(iso: "2026-11-22")?.adding(months: -24).iso == "2024-11-22")
        #expect(Day(iso: "2026-03-15")?.adding(months: 10).iso == "2027-01-15")
    }

    @Test(
        "instants parse the forms Segment clients send",
        arguments: [
            ("2026-11-22T10:00:00Z", "2026-11-22T10:00:00.000Z"),
            ("2026-11-22T10:00:00.123456Z", "2026-11-22T10:00:00.123Z"),
            ("2026-11-22T10:00:00.5+02:00", "2026-11-22T08:00:00.500Z"),
            ("2026-11-22T01:00:00-0300", "2026-11-22T04:00:00.000Z"),
            ("2026-11-22T10:00:00", "2026-11-22T10:00:00.000Z"),
        ])
    func instants(text: String, expected: String) {
        #expect(Instant(iso: text)?.iso == expected)
    }

    @Test(
        "malformed instants are rejected", arguments: ["", "2026-11-22", "2026-11-22T25:00:00Z", "2026-11-22T10:00:00Q", "2026-11-22T10:00:00.Z", "yesterday"])
    func badInstants(text: String) {
        #expect(Instant(iso: text) == nil)
    }
}
