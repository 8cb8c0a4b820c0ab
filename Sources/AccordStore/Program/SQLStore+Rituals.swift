public import AccordCore
import Foundation

extension SQLStore {
    public func meetings() async throws -> [Meeting] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT body FROM meetings ORDER BY held_on DESC, id DESC").map {
                try JSONDecoder().decode(Meeting.self, from: Data(($0["body"] as String).utf8))
            }
        }
    }

    public func recordMeeting(_ meeting: Meeting, audit: AuditEntry) async throws -> Meeting {
        try await write { db in
            let next = (try SQLRow.fetchOne(db, sql: "SELECT MAX(id) AS id FROM meetings")?["id"] as Int?) ?? 0
            var stored = meeting
            stored.id = next + 1
            let body = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
            try db.execute(
                sql: "INSERT INTO meetings (id, ritual, held_on, body, recorded_at_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [stored.id, stored.ritual.rawValue, stored.heldOn.iso, body, stored.recordedAt.milliseconds])
            var entry = audit
            entry.target = "meeting:\(stored.id)"
            entry.after = [
                "ritual": .string(stored.ritual.rawValue), "held_on": .string(stored.heldOn.iso), "attendees": .array(stored.attendees.map(JSONValue.string)),
                "decisions": .array(stored.decisions.map(JSONValue.string)),
            ]
            try Self.append(entry, db)
            return stored
        }
    }

    public func noteRitualReminder(ritual: Ritual, meetingAt: Instant, at: Instant, notices: [Notice]) async throws -> Bool {
        try await write(keepingIdentityCache: true, bookkeeping: true) { db in
            try db.execute(
                sql: "INSERT INTO ritual_reminders (ritual, meeting_at_ms, reminded_at_ms) VALUES (?, ?, ?) ON CONFLICT(ritual, meeting_at_ms) DO NOTHING",
                arguments: [ritual.rawValue, meetingAt.milliseconds, at.milliseconds])
            guard db.changesCount > 0 else { return false }
            try Self.deliver(notices, at: at, db)
            return true
        }
    }
}
