/// Tickets, survey responses and events as a stream's records give them, before their account
/// (named by its id in the source) is resolved to the client record.
public struct TicketRecord: Sendable, Hashable {
    public var accountRef: String
    /// The ticket with no account yet.
    public var ticket: SupportTicket

    static let accountFields = ["organization_id", "account_id", "company_id", "customer", "customer_id"]

    public static func read(source: String, key: String, fields: FeedFields, account: [String]) throws(FeedError) -> TicketRecord {
        let ref = try fields.accountRef("ticket.account", account.isEmpty ? accountFields : account)
        let subject = fields.text("ticket.subject", defaults: ["subject", "raw_subject", "title", "description"]) ?? "(no subject)"
        let status = fields.text("ticket.status", defaults: ["status", "state"])?.lowercased() ?? "open"
        var ticket = SupportTicket(source: source, key: key, accountID: "", subject: String(subject.prefix(300)), status: status)
        ticket.priority = fields.text("ticket.priority", defaults: ["priority"])?.lowercased()
        ticket.openedAt = try fields.instant("ticket.opened_at", defaults: ["created_at", "created", "opened_at"])
        ticket.updatedAt = try fields.instant("ticket.updated_at", defaults: ["updated_at", "updated"])
        ticket.solvedAt = try fields.instant("ticket.solved_at", defaults: ["solved_at", "closed_at", "resolved_at"])
        return TicketRecord(accountRef: ref, ticket: ticket)
    }
}

/// A survey answer. Zendesk's satisfaction ratings say `good` or `bad`: good is a satisfied
/// CSAT answer (5), bad an unsatisfied one (1); `offered` and `unoffered` are not answers.
public struct SurveyRecord: Sendable, Hashable {
    public var accountRef: String
    public var contactRef: String?
    public var kind: SurveyKind
    public var score: Int
    public var respondedOn: Day

    static let accountFields = ["organization_id", "account_id", "company_id", "customer", "customer_id"]
    static let notAnswers: Set<String> = ["offered", "unoffered", "unanswered", "pending"]

    /// Nil when the record is not an answer yet (a survey offered, not taken).
    public static func read(fields: FeedFields, account: [String], kind streamKind: SurveyKind?, today: Day) throws(FeedError) -> SurveyRecord? {
        let ref = try fields.accountRef("survey.account", account.isEmpty ? accountFields : account)
        let kindText = fields.text("survey.kind", defaults: [])?.lowercased()
        guard let kind = kindText.map({ SurveyKind(rawValue: $0) }) ?? streamKind ?? .csat else {
            throw FeedError("survey.kind '\(kindText ?? "")' is neither csat nor nps; map survey.kind to a field holding one, or give the stream's kind")
        }
        guard let raw = fields.value("survey.score", defaults: ["score", "rating", "value"]) else {
            throw FeedError("the response has no score: map survey.score to the field holding it")
        }
        let text = FeedFields.text(raw)?.lowercased() ?? ""
        if notAnswers.contains(text) { return nil }
        let score: Int
        switch text {
        case "good": score = 5
        case "bad": score = 1
        default:
            guard let number = FeedFields.number(raw), number == number.rounded() else {
                throw FeedError("survey.score '\(text)' is not a whole number (or good/bad)")
            }
            score = Int(number)
        }
        let range = kind == .csat ? 1...5 : 0...10
        guard range.contains(score) else {
            throw FeedError("a \(kind.rawValue.uppercased()) score is \(range.lowerBound) to \(range.upperBound), got \(score)")
        }
        let day = try fields.instant("survey.responded_at", defaults: ["responded_at", "submitted_at", "updated_at", "created_at", "created"])?.day ?? today
        let contact = fields.text("survey.contact", defaults: ["requester_id", "contact_id", "user_id"])
        return SurveyRecord(accountRef: ref, contactRef: contact, kind: kind, score: score, respondedOn: day)
    }
}

extension FeedEvent {
    /// Whether a record is one of the stream's events: every `when` field has its value (case aside).
    public static func matches(_ fields: FeedFields, when: [String: String]) -> Bool {
        when.allSatisfy { name, wanted in fields.field(name).flatMap(FeedFields.text)?.lowercased() == wanted.lowercased() }
    }

    /// The event's properties from the stream's `properties`: a field, or a field divided by a
    /// number, typed as the taxonomy's schema says. A field the record lacks is left out (the
    /// taxonomy check then names it if it is required).
    public static func properties(_ fields: FeedFields, mapping: [String: String], schema: [String: PropertySchema]) throws(FeedError) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for (property, expression) in mapping.sorted(by: { $0.key < $1.key }) {
            let parts = expression.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let value = fields.field(parts[0]) else { continue }
            var typed = value
            if parts.count == 2 {
                guard let divisor = Double(parts[1]), divisor != 0 else {
                    throw FeedError("properties.\(property) '\(expression)' divides by '\(parts[1])', which is not a number other than 0")
                }
                guard let number = FeedFields.number(value) else {
                    throw FeedError("properties.\(property) reads \(parts[0]), which is '\(FeedFields.text(value) ?? value.canonicalText)', not a number")
                }
                typed = .number(number / divisor)
            }
            switch schema[property]?.type {
            case .integer?: if let number = FeedFields.number(typed) { typed = .number(number.rounded()) }
            case .number?: if let number = FeedFields.number(typed) { typed = .number(number) }
            case .string?: if let text = FeedFields.text(typed) { typed = .string(text) }
            case .boolean?: if let text = FeedFields.text(typed)?.lowercased(), ["true", "false"].contains(text) { typed = .bool(text == "true") }
            default: break
            }
            object[property] = typed
        }
        return .object(object)
    }
}

/// An event a stream's record stands for (a Stripe `invoice.paid`, a CS platform's activity).
public struct FeedEvent: Sendable, Hashable {
    public var accountRef: String?
    public var name: String
    public var timestamp: Instant?

    static let accountFields = ["account_id", "organization_id", "company_id", "customer", "customer_id", "group_id"]

    public static func read(fields: FeedFields, account: [String], event: String?) throws(FeedError) -> FeedEvent {
        let names = account.isEmpty ? accountFields : account
        let ref = names.lazy.compactMap { fields.text("event.account", defaults: [$0]) }.first
        guard let name = event ?? fields.text("event.name", defaults: ["event", "type", "name"]) else {
            throw FeedError("the record names no event: give the stream's event, or map event.name to the field holding it")
        }
        let timestamp = try fields.instant("event.timestamp", defaults: ["timestamp", "occurred_at", "created", "created_at"])
        return FeedEvent(accountRef: ref, name: name, timestamp: timestamp)
    }
}

extension FeedFields {
    /// The id, in the source, of the account the record belongs to.
    func accountRef(_ target: String, _ names: [String]) throws(FeedError) -> String {
        guard let ref = text(target, defaults: names) else {
            throw FeedError("the record names no account: none of \(names.joined(separator: ", ")) is set; say which field holds it with the stream's account")
        }
        return ref
    }
}
