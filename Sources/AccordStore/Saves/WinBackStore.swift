public import AccordCore

/// Win-back campaigns and the events their members get.
public protocol WinBackStore: Sendable {
    /// Campaigns, newest first.
    func winBackCampaigns() async throws -> [WinBackCampaign]
    func winBackCampaign(id: String) async throws -> (campaign: WinBackCampaign, version: Int)?
    /// Writes a new campaign, or a changed one if nobody changed it since `version` was read (a
    /// conflict otherwise), with one event per member and the audit entry, in one transaction.
    func writeWinBackCampaign(_ campaign: WinBackCampaign, expecting version: Int?, events: [Event], audit: AuditEntry) async throws
    /// Logs a person's `client_churned` with its audit entry; the account takes its reason as
    /// ingestion would have it.
    func recordChurnReason(_ event: Event, audit: AuditEntry) async throws
}
