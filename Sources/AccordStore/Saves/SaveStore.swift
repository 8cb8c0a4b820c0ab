public import AccordCore

/// Save cases and what they wrote.
public protocol SaveStore: Sendable {
    /// Cases newest first.
    func saveCases(_ query: SaveCaseQuery) async throws -> [SaveCase]
    func saveCase(id: String) async throws -> SaveCase?
    /// Writes a new case, or a changed one if nobody changed it since `version` was read (a
    /// conflict otherwise), with its event, audit entry and, for a granted concession, its MRR
    /// movements (tagged with the case) and the subscription's MRR after them.
    func writeSaveCase(_ save: SaveCase, expecting version: Int?, event: Event, movements: [MRRMovement], audit: AuditEntry) async throws
    /// Names a case as the cause of a movement already on the record (a concession billing applied
    /// before Accord heard of it): the first untagged movement of `kind` on `day`. Whether one was found.
    func attributeMovement(account: String, on day: Day, kind: MRRMovementKind, to saveCase: String) async throws -> Bool
    /// The version a case is at, for the next write.
    func saveCaseVersion(id: String) async throws -> Int?
}

public struct SaveCaseQuery: Sendable, Hashable {
    public var account: String?
    public var owner: String?
    public var statuses: [SaveCase.Status]
    public var kind: SaveCase.Kind?
    public var limit: Int

    public init(account: String? = nil, owner: String? = nil, statuses: [SaveCase.Status] = [], kind: SaveCase.Kind? = nil, limit: Int = 200) {
        self.account = account
        self.owner = owner
        self.statuses = statuses
        self.kind = kind
        self.limit = limit
    }
}
