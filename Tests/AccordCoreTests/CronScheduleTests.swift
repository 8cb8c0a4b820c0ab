import AccordCore
import Testing

@Suite("Cron times for syncs")
struct CronScheduleTests {
    static func at(_ iso: String, _ hour: Int, _ minute: Int) -> Instant {
        Instant(milliseconds: Instant(day: Day(iso: iso)!).milliseconds + Int64(hour * 3600 + minute * 60) * 1000)
    }

    @Test("weekdays at 02:30 UTC: the firing before and after a time, and the longest wait (a weekend)")
    func weekdays() throws {
        let cron = try CronSchedule("30 2 * * 1-5")
        // 2026-12-05 is a Saturday.
        #expect(cron.previous(atOrBefore: Self.at("2026-12-05", 12, 0)) == Self.at("2026-12-04", 2, 30))
        #expect(cron.next(after: Self.at("2026-12-05", 12, 0)) == Self.at("2026-12-07", 2, 30))
        #expect(cron.previous(atOrBefore: Self.at("2026-12-07", 2, 30)) == Self.at("2026-12-07", 2, 30), "at the minute itself")
        #expect(cron.next(after: Self.at("2026-12-07", 2, 30)) == Self.at("2026-12-08", 2, 30))
        #expect(cron.longestGapSeconds(from: Self.at("2026-12-01", 0, 0)) == 3 * 86_400)
    }

    @Test("steps, lists and ranges; a day of month or of week, as cron reads both")
    func fields() throws {
        let quarter = try CronSchedule("*/15 8-18 * * *")
        #expect(quarter.next(after: Self.at("2026-12-02", 18, 45)) == Self.at("2026-12-03", 8, 0))
        #expect(quarter.next(after: Self.at("2026-12-02", 9, 1)) == Self.at("2026-12-02", 9, 15))
        // The 1st of the month or any Sunday (7 is Sunday too).
        let either = try CronSchedule("0 6 1 * 7")
        #expect(either.next(after: Self.at("2026-12-01", 7, 0)) == Self.at("2026-12-06", 6, 0))
        #expect(either.next(after: Self.at("2026-12-27", 7, 0)) == Self.at("2027-01-01", 6, 0))
    }

    @Test(
        "a mistake names the field and what a cron time looks like",
        arguments: [
            ("30 2 * *", "has 4 fields; a cron time has five"), ("61 * * * *", "'61' in the minute field is outside 0-59"),
            ("0 0 * * mon", "'mon' in the day of week field is not a number"), ("*/0 * * * *", "the step '0' in the minute field"),
            ("0 5-3 * * *", "'5-3' in the hour field is not a range"),
        ])
    func mistakes(_ text: String, _ expected: String) {
        #expect(throws: CronSchedule.Problem.self) { try CronSchedule(text) }
        do { _ = try CronSchedule(text) } catch { #expect(error.description.contains(expected), "\(error)") }
    }

    @Test("in the spec: a cron time as a source's frequency, due once per firing, next due at the next firing")
    func spec() throws {
        let text = SyncSpecTests.spec("    sync: {frequency: \"30 2 * * 1-5\", tap: [t], streams: [{stream: Account, feeds: accounts}]}\n")
        let result = SpecParser.read(text)
        #expect(result.diagnostics.errors.isEmpty, "\(result.diagnostics)")
        let source = try #require(result.spec?.sources.first { $0.id == "salesforce" })
        #expect(source.cron?.text == "30 2 * * 1-5" && source.frequency == .weekly && source.schedule == "at 30 2 * * 1-5 (UTC)")
        let now = Self.at("2026-12-08", 9, 0)
        // Nobody ran since 02:30 today: a claim older than 6.5 hours is taken.
        let window = try #require(SyncSchedule.claimWindow(source, after: [], at: now))
        #expect(window == Int64(6 * 3_600_000 + 30 * 60_000 + 1))
        #expect(source.nextDue(after: Self.at("2026-12-08", 2, 30), wait: source.intervalSeconds(at: now)) == Self.at("2026-12-09", 2, 30))
        let bad = SpecParser.read(SyncSpecTests.spec("    sync: {frequency: \"30 25 * * *\", tap: [t], streams: [{stream: A, feeds: raw}]}\n"))
        #expect(bad.diagnostics.errors.contains { $0.message.contains("sources[0].sync.frequency: '25' in the hour field is outside 0-23") })
        let word = SpecParser.read(SyncSpecTests.spec("    sync: {frequency: hourlyy, tap: [t], streams: [{stream: A, feeds: raw}]}\n"))
        #expect(word.diagnostics.errors.contains { $0.message.contains("is not one of realtime, 15m, hourly, daily, weekly or a cron time") })
    }
}
