public import AccordCore

/// The outcome model's versions and signatures, and the histories its progress is read from.
public protocol OutcomeStore: Sendable {
    /// Clients of these segments (signed: their first new-business movement) with the events of
    /// these names, their weekly usage and their MRR movements; one client when `account` is given.
    func outcomeHistories(segments: Set<String>, events: Set<String>, account: String?) async throws -> [OutcomeHistory]

    /// Every version of every outcome model, oldest first per model.
    func outcomeModelVersions() async throws -> [OutcomeModelVersion]
    /// Adds a draft version (the next number); nothing when its content equals the newest version's.
    func proposeOutcomeModel(_ model: OutcomeModel, by: String, at: Instant, audit: AuditEntry) async throws -> OutcomeModelVersion?
    /// Records one function's signature on a draft; when every signer has signed, the draft becomes
    /// active and the earlier active version is superseded.
    func signOutcomeModel(id: String, version: Int, function: String, person: String, at: Instant, audit: AuditEntry) async throws -> OutcomeModelVersion

    /// Writes events Accord itself derives (outcome crossings); a message id already on the log changes nothing. Returns how many were new.
    func logDerivedEvents(_ events: [Event]) async throws -> Int
    /// Per account, the names of the events it has on the log among `names`.
    func eventNames(_ names: Set<String>) async throws -> [String: Set<String>]
}
