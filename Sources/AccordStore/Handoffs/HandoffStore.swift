public import AccordCore

/// Handoffs between functions, their breaches and the weekly triage notes.
public protocol HandoffStore: Sendable {
    /// Records a submission (waiting or auto-rejected) with its events and audit entry.
    func saveHandoff(_ handoff: Handoff, effects: HandoffEffects, audit: AuditEntry) async throws
    /// The receiver's decision on a waiting handoff; an already decided one comes back unchanged,
    /// nil when there is none. `effects` makes the log entries and notices from the decided handoff.
    func decideHandoff(
        id: String, status: Handoff.Status, reason: Handoff.Reason?, comment: String?, at: Instant, effects: @escaping @Sendable (Handoff) -> HandoffEffects,
        audit: AuditEntry
    ) async throws -> Handoff?
    func handoff(id: String) async throws -> Handoff?
    func handoffs(_ query: HandoffQuery) async throws -> [Handoff]
    /// Marks every waiting handoff past its due time as breached, once, with its event and audit
    /// entry; returns those newly breached.
    func markBreached(at now: Instant, effects: @escaping @Sendable (Handoff) -> HandoffEffects, audit: AuditEntry) async throws -> [Handoff]

    func saveTriageNote(_ note: TriageNote, audit: AuditEntry) async throws
    func triageNotes(week: String) async throws -> [TriageNote]
}
