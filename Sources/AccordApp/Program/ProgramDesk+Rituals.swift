public import AccordCore
import AccordStore

extension ProgramDesk {
    /// The rituals' calendar: every meeting from `from` for `days`, with the meetings held.
    public struct RitualCalendar: Sendable, Encodable {
        public struct Entry: Sendable, Encodable {
            public var ritual: Ritual
            public var title: String
            public var at: Instant
            public var pack: String
        }

        public struct Standing: Sendable, Encodable {
            public var ritual: Ritual
            public var title: String
            public var next: Instant?
            public var lastHeld: Day?
            public var held: Int
        }

        public var from: Day
        public var through: Day
        public var remindHours: Int
        public var upcoming: [Entry]
        public var rituals: [Standing]
        public var meetings: [Meeting]
    }

    /// - Parameter now: meetings of `from` that already started are left out of what is upcoming.
    public func ritualCalendar(from: Day, days: Int = 90, now: Instant? = nil) async throws -> RitualCalendar {
        let schedule = spec.program.rituals
        let through = from.adding(days: days - 1)
        let upcoming = schedule.occurrences(from: from, through: through).filter { occurrence in now.map { occurrence.at >= $0 } ?? true }.map {
            RitualCalendar.Entry(ritual: $0.ritual, title: $0.ritual.title, at: $0.at, pack: $0.ritual.pack)
        }
        let meetings = try await store.meetings()
        let standing = Ritual.allCases.map { ritual in
            let held = meetings.filter { $0.ritual == ritual }
            return RitualCalendar.Standing(
                ritual: ritual, title: ritual.title, next: upcoming.first { $0.ritual == ritual }?.at, lastHeld: held.map(\.heldOn).max(), held: held.count)
        }
        return RitualCalendar(from: from, through: through, remindHours: schedule.remindHours, upcoming: upcoming, rituals: standing, meetings: meetings)
    }

    /// Records a meeting held; the policy decides who may, the meeting's own check what it must hold.
    public func recordMeeting(
        ritual: String, heldOn: String, attendees: [String], decisions: [String], notes: String?, principal: Principal, origin: String, today: Day,
        at: Instant
    ) async throws -> Meeting {
        guard AccessPolicy(spec: spec).allows(principal, .recordMeeting) else {
            throw MeetingFailure.invalid([
                "\(principal.name) (\(principal.role.rawValue)) may not record a ritual meeting; leaders, RevOps and the IT partner do"
            ])
        }
        let meeting = try Meeting.record(
            ritual: ritual, heldOn: heldOn, attendees: attendees, decisions: decisions, notes: notes, spec: spec, today: today, by: principal.auditName, at: at)
        let audit = AuditEntry(at: at, actor: principal.auditName, origin: origin, action: "meeting.recorded", target: "meeting")
        return try await store.recordMeeting(meeting, audit: audit)
    }

    /// Sends each due reminder once (any replica may call it); returns the meetings reminded now.
    @discardableResult
    public func remindRituals(now: Instant) async throws -> [RitualSchedule.Occurrence] {
        let due = spec.program.rituals.reminders(at: now)
        guard !due.isEmpty else { return [] }
        let waiting = try await store.specProposals().filter { $0.status == .pending }.count
        var sent: [RitualSchedule.Occurrence] = []
        for occurrence in due {
            let notice = occurrence.reminder(spec: spec, waiting: waiting)
            if try await store.noteRitualReminder(ritual: occurrence.ritual, meetingAt: occurrence.at, at: now, notices: [notice]) { sent.append(occurrence) }
        }
        return sent
    }
}
