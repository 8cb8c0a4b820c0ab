/// Why a client left, recorded by a person where no system sent it, or to correct what one sent:
/// the taxonomy's own `client_churned` event on the day MRR ended, placed after any reason already
/// given for that churn, so it is the one win-back and the reports read.
public enum ChurnReasonEntry {
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case neverChurned(name: String)
        case notAllowed(function: String)
        case viewer
        case noteTooLong(characters: Int)

        public var description: String {
            switch self {
            case .neverChurned(let name):
                "\(name) has never churned: a reason is recorded for a client whose MRR ended (billing decides that, not this form)"
            case .notAllowed(let function):
                "why a client left is recorded by marketing, sales or CS, not \(function)"
            case .viewer: "a viewer reads why clients left and does not record it"
            case .noteTooLong(let characters): "the note has \(characters) characters; keep it under \(ChurnReasonEntry.noteLimit)"
            }
        }
    }

    public static let noteLimit = 2_000

    /// `id` makes the event's message id, unique per recording; `churnedOn` and `mrrLostCents` are the account's latest churn; `latestNear` the newest
    /// `client_churned` already logged for that churn, which this one must follow.
    public static func event(
        id: String, account: String, name: String, churnedOn: Day?, mrrLostCents: Int64, reason: ChurnReason, note: String?, latestNear: Instant?,
        planned: Bool, by person: Person, at: Instant
    ) throws(Failure) -> Event {
        guard person.role != .viewer else { throw .viewer }
        guard WinBackCampaignMachine.mayRun(person) else { throw .notAllowed(function: person.function) }
        guard let churnedOn else { throw .neverChurned(name: name) }
        let note = note?.trimmedWhitespace ?? ""
        guard note.count < noteLimit else { throw .noteTooLong(characters: note.count) }
        var properties: [String: JSONValue] = [
            "reason": .string(reason.rawValue), "mrr_lost": .number(Double(mrrLostCents) / 100),
        ]
        if !note.isEmpty { properties["note"] = .string(note) }
        let noon = Instant(day: churnedOn, seconds: 12 * 3600)
        let timestamp = latestNear.map { Swift.max(noon, Instant(milliseconds: $0.milliseconds + 1)) } ?? noon
        return Event(
            messageID: "churn-reason:\(id)", name: ChurnReason.eventName, accountID: account,
            source: "accord", timestamp: timestamp, receivedAt: at, properties: .object(properties), planStatus: planned ? .planned : .unplanned)
    }
}
