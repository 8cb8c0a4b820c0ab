import AccordCore
import Testing

@Suite("The rituals' calendar and meeting records")
struct RitualTests {
    static let spec = SpecTemplate.full.spec

    @Test("weekly triage every Monday, the monthly review on the first Tuesday, the quarterly refresh on the first Thursday of a quarter's month")
    func calendar() {
        let schedule = RitualSchedule()
        let meetings = schedule.occurrences(from: Day(year: 2026, month: 12, day: 1), through: Day(year: 2027, month: 1, day: 31))
        #expect(Day(year: 2026, month: 12, day: 7).isoWeekday == 1 && Day(year: 1970, month: 1, day: 1).isoWeekday == 4)
        #expect(meetings.filter { $0.ritual == .monthlyReview }.map { $0.at.iso } == ["2026-12-01T15:00:00.000Z", "2027-01-05T15:00:00.000Z"])
        #expect(meetings.filter { $0.ritual == .quarterlyRefresh }.map { $0.at.iso } == ["2027-01-07T15:00:00.000Z"])
        let triage = meetings.filter { $0.ritual == .weeklyTriage }
        #expect(triage.count == 8 && triage.allSatisfy { $0.at.day.isoWeekday == 1 } && triage.first?.at.iso == "2026-12-07T09:00:00.000Z")
        #expect(meetings.map(\.at) == meetings.map(\.at).sorted())
    }

    @Test("a reminder is due within the hours before a meeting, not after it starts")
    func reminders() {
        var schedule = RitualSchedule()
        schedule.remindHours = 24
        let before = Instant(iso: "2026-11-30T16:00:00Z")!
        #expect(schedule.reminders(at: before).map(\.ritual) == [.monthlyReview])
        #expect(schedule.reminders(at: Instant(iso: "2026-11-30T14:59:00Z")!).isEmpty, "25 hours ahead is too early")
        #expect(schedule.reminders(at: Instant(iso: "2026-12-01T15:00:00.000Z")!).isEmpty, "a meeting that started is not reminded")
        let notice = schedule.reminders(at: before)[0].reminder(spec: Self.spec, waiting: 2)
        #expect(
            notice.kind == "ritual.reminder"
                && notice.text == "Monthly architecture review 2026-12-01 15:00 UTC: the pack is at /reviews/monthly; 2 proposals wait for signatures")
        #expect(Set(notice.people).isSuperset(of: ["maria.chen", "sam.okafor", "ingrid.berg", "grace.kim", "tomas.silva", "priya.raman"]))
        #expect(!notice.people.contains("jade.morel"), "a sales rep is not reminded")
    }

    @Test("a meeting record names its problems at once; a good one keeps its attendees once each and drops blank decisions")
    func record() {
        let today = Day(year: 2026, month: 12, day: 7)
        let at = Instant(day: today)
        #expect(
            throws: MeetingFailure.invalid([
                "ritual 'standup' is not one of weekly_triage, monthly_review, quarterly_refresh",
                "held_on 2026-12-08 is after today (2026-12-07): record a meeting once it has been held",
                "attendees nobody are not among the spec's people",
            ])
        ) {
            try Meeting.record(
                ritual: "standup", heldOn: "2026-12-08", attendees: ["nobody"], decisions: [], notes: nil, spec: Self.spec, today: today, by: "t", at: at)
        }
        #expect(
            throws: MeetingFailure.invalid([
                "held_on must be a date such as 2026-12-01, got 'Tuesday'",
                "attendees is empty: name at least one person who was there, by their id in the spec",
            ])
        ) {
            try Meeting.record(
                ritual: "monthly_review", heldOn: "Tuesday", attendees: [" "], decisions: [], notes: nil, spec: Self.spec, today: today, by: "t", at: at)
        }
        let meeting = try? Meeting.record(
            ritual: "monthly_review", heldOn: "2026-12-01", attendees: ["grace.kim", "maria.chen", "grace.kim"], decisions: ["Approve proposal 2", "  "],
            notes: "  ", spec: Self.spec, today: today, by: "person:priya.raman", at: at)
        #expect(meeting?.attendees == ["grace.kim", "maria.chen"] && meeting?.decisions == ["Approve proposal 2"] && meeting?.notes == nil)
    }

    @Test("the spec moves a ritual to another day and time; a bad weekday or time is an error that says what is allowed")
    func spec() throws {
        let text = SpecTemplate.compact.text
        let good = text.replacingOccurrences(
            of: "program:\n", with: "program:\n  rituals:\n    monthly_review: {day: Wednesday, time: \"10:30\"}\n    remind_hours: 48\n")
        let parsed = SpecParser.read(good)
        #expect(!parsed.diagnostics.hasErrors, "\(parsed.diagnostics)")
        let schedule = try #require(parsed.spec?.program.rituals)
        #expect(schedule.monthlyReview == .init(weekday: 3, minute: 630) && schedule.remindHours == 48)
        let bad = text.replacingOccurrences(of: "program:\n", with: "program:\n  rituals:\n    weekly_triage: {day: someday, time: \"25:00\"}\n")
        let messages = SpecParser.read(bad).diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.hasPrefix("program.rituals.weekly_triage.day must be a weekday (monday, tuesday") })
        #expect(messages.contains("program.rituals.weekly_triage.time must be a time of day such as \"15:00\" (UTC), got '25:00'"))
    }
}
