import AccordCore

extension SQLStore {
    /// The events whose logging changes the client record, not only the log.
    static let followedEvents: Set<String> = ["contract_signed", ChurnReason.eventName]

    static func follow(_ event: Event, properties: JSONValue? = nil, _ db: any SQLSession) throws {
        try followContract(event, properties: properties, db)
        try followChurn(event, properties: properties, db)
    }

    /// What a logged `client_churned` says: why the client left, kept on the record unless a later
    /// churn event already said otherwise. Billing, not this event, decides whether and when MRR ended.
    static func followChurn(_ event: Event, properties: JSONValue? = nil, _ db: any SQLSession) throws {
        guard event.name == ChurnReason.eventName, let accountID = event.accountID,
            case .object(let properties) = properties ?? event.properties,
            let reason = properties["reason"].flatMap(FeedFields.text).flatMap(ChurnReason.init(rawValue:))
        else { return }
        try db.execute(
            sql: """
                UPDATE accounts SET churn_reason = ? WHERE id = ? AND NOT EXISTS (
                  SELECT 1 FROM events WHERE account_id = ? AND name = ? AND timestamp_ms > ?)
                """, arguments: [reason.rawValue, accountID, accountID, ChurnReason.eventName, event.timestamp.milliseconds])
    }

    /// What a logged `contract_signed` says of its client, whichever path brought it (a sync's
    /// closed-won deal or the Segment endpoint): the first contract names the cohort, its quarter,
    /// and the latest one's seats are the licensed seats. `properties` stands in for the event's
    /// when the ingest path has already encoded them to text.
    static func followContract(_ event: Event, properties: JSONValue? = nil, _ db: any SQLSession) throws {
        guard event.name == "contract_signed", let accountID = event.accountID else { return }
        let quarter = event.timestamp.day.quarter
        try db.execute(sql: "UPDATE accounts SET cohort = ? WHERE id = ? AND (cohort IS NULL OR cohort > ?)", arguments: [quarter, accountID, quarter])
        guard case .object(let properties) = properties ?? event.properties,
            let seats = properties["licensed_seats"].flatMap(FeedFields.text).flatMap({ Int($0) }),
            seats > 0
        else { return }
        // A contract that arrives late never undoes a newer one's seats.
        try db.execute(
            sql: """
                UPDATE accounts SET licensed_seats = ? WHERE id = ? AND NOT EXISTS (
                  SELECT 1 FROM events WHERE account_id = ? AND name = 'contract_signed' AND timestamp_ms > ?)
                """, arguments: [seats, accountID, accountID, event.timestamp.milliseconds])
    }
}
