/// One ritual meeting held: when, who came and what it decided, as whoever ran it recorded it.
public struct Meeting: Sendable, Hashable, Codable {
    public var id: Int
    public var ritual: Ritual
    public var heldOn: Day
    /// Person ids from the spec.
    public var attendees: [String]
    public var decisions: [String]
    public var notes: String?
    public var recordedBy: String
    public var recordedAt: Instant

    public init(
        id: Int, ritual: Ritual, heldOn: Day, attendees: [String], decisions: [String], notes: String?, recordedBy: String, recordedAt: Instant
    ) {
        self.id = id
        self.ritual = ritual
        self.heldOn = heldOn
        self.attendees = attendees
        self.decisions = decisions
        self.notes = notes
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// A meeting as typed into the form or the API, checked against the spec: every problem at once.
    public static func record(
        ritual: String, heldOn: String, attendees: [String], decisions: [String], notes: String?, spec: Spec, today: Day, by: String, at: Instant
    ) throws(MeetingFailure) -> Meeting {
        var problems: [String] = []
        let kind = Ritual(rawValue: ritual)
        if kind == nil { problems.append("ritual '\(ritual)' is not one of \(Ritual.allCases.map(\.rawValue).joined(separator: ", "))") }
        let day = Day(iso: heldOn)
        if day == nil { problems.append("held_on must be a date such as 2026-12-01, got '\(heldOn)'") }
        if let day, day > today { problems.append("held_on \(day.iso) is after today (\(today.iso)): record a meeting once it has been held") }
        let people = attendees.map(\.trimmedWhitespace).filter { !$0.isEmpty }
        if people.isEmpty { problems.append("attendees is empty: name at least one person who was there, by their id in the spec") }
        let unknown = people.filter { spec.person($0) == nil }
        if !unknown.isEmpty { problems.append("attendees \(unknown.joined(separator: ", ")) are not among the spec's people") }
        let kept = decisions.map(\.trimmedWhitespace).filter { !$0.isEmpty }
        if kept.contains(where: { $0.count > 2_000 }) { problems.append("a decision is over 2,000 characters; write it shorter and put the rest in notes") }
        let note = notes?.trimmedWhitespace
        if let note, note.count > 20_000 { problems.append("notes are over 20,000 characters") }
        guard problems.isEmpty, let kind, let day else { throw .invalid(problems) }
        var seen: Set<String> = []
        return Meeting(
            id: 0, ritual: kind, heldOn: day, attendees: people.filter { seen.insert($0).inserted }, decisions: kept,
            notes: note?.isEmpty == false ? note : nil, recordedBy: by, recordedAt: at)
    }
}

public enum MeetingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid([String])

    public var description: String {
        switch self {
        case .invalid(let problems): problems.joined(separator: "; ")
        }
    }
}

extension RitualSchedule.Occurrence {
    /// The reminder the webhooks carry to the leaders of the signing functions, the IT partners and RevOps.
    public func reminder(spec: Spec, waiting: Int) -> Notice {
        let people = spec.people.filter { person in
            (person.role == .leader && spec.signingFunctions.contains(person.function)) || person.role == .itPartner || person.role == .revops
        }
        let functions = Array(Set(people.map(\.function))).sorted()
        let when = Format.clock(at)
        let text =
            "\(ritual.title) \(when): the pack is at \(ritual.pack)"
            + (ritual == .weeklyTriage ? "" : "; \(Format.count(waiting)) proposal\(waiting == 1 ? "" : "s") wait\(waiting == 1 ? "s" : "") for signatures")
        return Notice(
            kind: "ritual.reminder", people: people.map(\.id), functions: functions,
            body: [
                "type": "ritual.reminder", "ritual": .string(ritual.rawValue), "at": .string(at.iso), "pack": .string(ritual.pack),
                "proposals_waiting": .number(Double(waiting)), "recipients": .array(people.map { .string($0.id) }), "text": .string(text),
            ], text: text)
    }
}
