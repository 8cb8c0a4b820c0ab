import AccordCore

extension SQLStore {
    /// Each notice becomes a pending delivery to every webhook listening for one of its people or
    /// functions (or for everyone), in the caller's transaction: nothing is announced that did not happen.
    static func deliver(_ notices: [Notice], at: Instant, _ db: any SQLSession) throws {
        guard !notices.isEmpty else { return }
        let hooks = try SQLRow.fetchAll(db, sql: "SELECT id, format, person, function FROM webhooks WHERE removed_at_ms IS NULL")
        for notice in notices {
            for hook in hooks {
                let person: String? = hook["person"]
                let function: String? = hook["function"]
                let listens =
                    (person == nil && function == nil) || person.map(notice.people.contains) == true || function.map(notice.functions.contains) == true
                guard listens else { continue }
                let body = (hook["format"] as String) == Webhook.Format.slack.rawValue ? JSONValue.object(["text": .string(notice.text)]) : notice.body
                try db.execute(
                    sql: """
                        INSERT INTO webhook_deliveries (webhook_id, kind, body, status, attempts, next_attempt_at_ms, created_at_ms) VALUES (?, ?, ?, 'pending', 0, ?, ?)
                        """, arguments: [hook["id"] as String, notice.kind, body.canonicalText, at.milliseconds, at.milliseconds])
            }
        }
    }
}
