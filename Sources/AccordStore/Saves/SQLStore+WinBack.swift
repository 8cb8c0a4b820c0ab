public import AccordCore
import Foundation

extension SQLStore {
    public func winBackCampaigns() async throws -> [WinBackCampaign] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT body FROM win_back_campaigns ORDER BY started_on DESC, created_at_ms DESC, id")
                .compactMap { try Self.decodeCampaign($0["body"]) }
        }
    }

    public func winBackCampaign(id: String) async throws -> (campaign: WinBackCampaign, version: Int)? {
        try await read { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT body, version FROM win_back_campaigns WHERE id = ?", arguments: [id]),
                let campaign = try Self.decodeCampaign(row["body"]), let version: Int = row["version"]
            else { return nil }
            return (campaign, version)
        }
    }

    public func writeWinBackCampaign(_ campaign: WinBackCampaign, expecting version: Int?, events: [Event], audit: AuditEntry) async throws {
        let body = String(decoding: try JSONEncoder().encode(campaign), as: UTF8.self)
        try await write { db in
            if let version {
                try db.execute(
                    sql: "UPDATE win_back_campaigns SET name = ?, status = ?, offer = ?, version = version + 1, body = ? WHERE id = ? AND version = ?",
                    arguments: [campaign.name, campaign.status.rawValue, campaign.offer, body, campaign.id, version])
                guard db.changesCount == 1 else { throw StoreError.conflict("campaign \(campaign.id) changed since it was read; reload it and try again") }
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO win_back_campaigns (id, name, status, offer, started_on, created_at_ms, version, body)
                        VALUES (?, ?, ?, ?, ?, ?, 1, ?)
                        """,
                    arguments: [
                        campaign.id, campaign.name, campaign.status.rawValue, campaign.offer, campaign.startedOn.iso, campaign.createdAt.milliseconds, body,
                    ])
            }
            try Self.append(audit, db)
            for event in events { try db.execute(sql: Self.insertEventSQL, arguments: Self.eventArguments(event)) }
        }
    }

    public func recordChurnReason(_ event: Event, audit: AuditEntry) async throws {
        try await write { db in
            try db.execute(sql: Self.insertEventSQL, arguments: Self.eventArguments(event))
            try Self.follow(event, db)
            try Self.append(audit, db)
        }
    }

    static func decodeCampaign(_ body: String?) throws -> WinBackCampaign? {
        guard let body else { return nil }
        return try JSONDecoder().decode(WinBackCampaign.self, from: Data(body.utf8))
    }
}
