public import AccordCore
import GRDB

extension SQLStore {
    public func saveWebhook(_ webhook: Webhook, audit: AuditEntry) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO webhooks (id, url, format, person, function, created_at_ms, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    webhook.id, webhook.url, webhook.format.rawValue, webhook.person, webhook.function, webhook.createdAt.milliseconds, webhook.createdBy,
                ])
            try Self.append(audit, db)
        }
    }

    public func webhooks() async throws -> [Webhook] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM webhooks WHERE removed_at_ms IS NULL ORDER BY created_at_ms, id").map(Self.webhook)
        }
    }

    public func removeWebhook(id: String, at: Instant, audit: AuditEntry) async throws -> Webhook? {
        try await write { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT * FROM webhooks WHERE id = ? AND removed_at_ms IS NULL", arguments: [id]) else { return nil }
            try db.execute(sql: "UPDATE webhooks SET removed_at_ms = ? WHERE id = ?", arguments: [at.milliseconds, id])
            try db.execute(
                sql:
                    "UPDATE webhook_deliveries SET status = 'failed', next_attempt_at_ms = NULL, last_error = 'webhook removed' WHERE webhook_id = ? AND status = 'pending'",
                arguments: [id])
            try Self.append(audit, db)
            return Self.webhook(row)
        }
    }

    public func claimDeliveries(at now: Instant, limit: Int, lease: Int64) async throws -> [WebhookDelivery] {
        // Bookkeeping that touches no source ids: the ingestion cache and dashboard snapshots stay.
        try await write(keepingIdentityCache: true, bookkeeping: true) { db in
            let due = try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT d.*, w.url FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                    WHERE d.status = 'pending' AND d.next_attempt_at_ms <= ? ORDER BY d.next_attempt_at_ms, d.id LIMIT ?
                    """, arguments: [now.milliseconds, limit]
            ).map(Self.delivery)
            for delivery in due {
                try db.execute(sql: "UPDATE webhook_deliveries SET next_attempt_at_ms = ? WHERE id = ?", arguments: [now.milliseconds + lease, delivery.id])
            }
            return due
        }
    }

    public func recordAttempt(delivery id: Int64, delivered: Bool, error: String?, nextAttemptAt: Instant?, at: Instant) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, next_attempt_at_ms = ?, last_error = ?, delivered_at_ms = ?
                    WHERE id = ? AND status = 'pending'
                    """,
                arguments: [
                    delivered ? "delivered" : nextAttemptAt == nil ? "failed" : "pending", delivered ? nil : nextAttemptAt?.milliseconds,
                    error, delivered ? at.milliseconds : nil, id,
                ])
        }
    }

    public func deliveries(status: WebhookDelivery.Status?, limit: Int) async throws -> [WebhookDelivery] {
        try await read { db in
            try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT d.*, w.url FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                    \(status == nil ? "" : "WHERE d.status = ?") ORDER BY d.id DESC LIMIT ?
                    """, arguments: SQLArguments((status.map { [$0.rawValue.databaseValue] } ?? []) + [limit.databaseValue])
            ).map(Self.delivery)
        }
    }

    static func webhook(_ row: SQLRow) -> Webhook {
        Webhook(
            id: row["id"], url: row["url"], format: Webhook.Format(rawValue: row["format"]) ?? .json, person: row["person"], function: row["function"],
            createdAt: Instant(milliseconds: row["created_at_ms"]), createdBy: row["created_by"])
    }

    static func delivery(_ row: SQLRow) -> WebhookDelivery {
        WebhookDelivery(
            id: row["id"], webhookID: row["webhook_id"], url: row["url"], kind: row["kind"], body: row["body"],
            status: WebhookDelivery.Status(rawValue: row["status"]) ?? .pending, attempts: row["attempts"],
            nextAttemptAt: (row["next_attempt_at_ms"] as Int64?).map(Instant.init(milliseconds:)), lastError: row["last_error"],
            createdAt: Instant(milliseconds: row["created_at_ms"]), deliveredAt: (row["delivered_at_ms"] as Int64?).map(Instant.init(milliseconds:)))
    }
}
