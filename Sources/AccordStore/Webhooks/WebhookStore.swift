public import AccordCore

/// Outgoing webhooks and their deliveries.
public protocol WebhookStore: Sendable {
    func saveWebhook(_ webhook: Webhook, audit: AuditEntry) async throws
    func webhooks() async throws -> [Webhook]
    /// Stops deliveries to it (pending ones too); nil when there is no such webhook.
    func removeWebhook(id: String, at: Instant, audit: AuditEntry) async throws -> Webhook?
    /// Pending deliveries whose next attempt is due, oldest first, claimed for `lease` milliseconds:
    /// no other replica gets them until then, and if this one dies they come due again after it.
    func claimDeliveries(at now: Instant, limit: Int, lease: Int64) async throws -> [WebhookDelivery]
    /// One attempt's outcome: delivered, or failed with the error and the next attempt (nil: given up).
    func recordAttempt(delivery id: Int64, delivered: Bool, error: String?, nextAttemptAt: Instant?, at: Instant) async throws
    func deliveries(status: WebhookDelivery.Status?, limit: Int) async throws -> [WebhookDelivery]
}
