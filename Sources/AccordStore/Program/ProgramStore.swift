public import AccordCore

/// What the 90-day program reads, and the proposals the monthly architecture review signs.
public protocol ProgramStore: Sendable {
    /// Handoffs, source records, syncs and renewals as the program's checks read them; outcome
    /// versions and proposals are read on their own.
    func programEvidence(since start: Day) async throws -> ProgramEvidence
    /// Events on the record by name and source, all told and since `recentFrom`: the data dictionary's volumes.
    func eventVolumes(recentFrom: Instant) async throws -> [ArtifactInputs.EventVolume]
    /// Renewals in the next 90 days, the clients each source's records touch, events kept aside with
    /// the clients they name, and active clients lacking each of `fields`: the integration queue's facts.
    func integrationFacts(asOf: Day, fields: [String]) async throws -> IntegrationFacts
    /// Proposals, newest first.
    func specProposals() async throws -> [SpecProposal]
    /// Writes a new proposal (its id is given by the store) with its audit entry.
    func proposeSpecChange(_ proposal: SpecProposal, audit: AuditEntry) async throws -> SpecProposal
    /// A signature as the lifecycle allows it; the last one approves the proposal and supersedes the
    /// earlier ones of its kind.
    func signSpecProposal(id: Int, function: String, person: String, at: Instant, taxonomy: Taxonomy, audit: AuditEntry) async throws -> SpecProposal
    /// Meetings held, newest first.
    func meetings() async throws -> [Meeting]
    /// Writes a meeting (its id is given by the store) with its audit entry.
    func recordMeeting(_ meeting: Meeting, audit: AuditEntry) async throws -> Meeting
    /// Queues a ritual's reminder once per meeting; false when it was already sent (by any replica).
    func noteRitualReminder(ritual: Ritual, meetingAt: Instant, at: Instant, notices: [Notice]) async throws -> Bool
}
