import AccordCore

/// The event log: what sources send, what is kept aside, and the sources' write keys.
public protocol IngestionStore: Sendable {
    /// Writes several requests' messages in one transaction (group commit) and answers each
    /// request's receipt only after the commit. A message whose messageId is already on the log
    /// is counted as a duplicate and changes nothing.
    func ingest(_ batches: [IngestBatch]) async throws -> [IngestReceipt]
    func events(_ query: EventQuery) async throws -> EventPage
    func failedEvents(_ query: FailedEventQuery) async throws -> FailedEventPage
    /// Moves kept-aside events into the log, in one transaction. Returns how many moved.
    func resolveFailedEvents(_ moves: [FailedEventMove]) async throws -> Int
    func violationCounts() async throws -> [ViolationCount]

    // Sources
    /// Saves a source's key (new or rotated) and its audit entry in one transaction.
    func saveSourceKey(_ key: SourceKey, audit: AuditEntry) async throws
    func sourceKeys() async throws -> [SourceKey]
}
