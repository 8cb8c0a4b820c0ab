public import AccordCore
import Foundation

extension SQLStore {
    /// Account columns of the client-record fields a source may map (as the completeness score counts them).
    static let accountColumns: [String: String] = [
        "account.domain": "domain", "account.industry": "industry", "account.country": "country", "account.licensed_seats": "NULLIF(licensed_seats, 0)",
        "account.lifecycle_stage": "lifecycle_stage", "account.owner_cs": "owner_cs", "account.owner_sales": "owner_sales",
    ]

    public func integrationFacts(asOf: Day, fields: [String]) async throws -> IntegrationFacts {
        let recent = Instant(day: asOf.adding(days: -89)).milliseconds
        return try await read { db in
            var facts = IntegrationFacts()
            for row in try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT s.account_id, a.name, s.renewal_on, s.mrr_cents FROM subscriptions s JOIN accounts a ON a.id = s.account_id
                    WHERE s.status = 'active' AND s.renewal_on IS NOT NULL AND s.renewal_on >= ? AND s.renewal_on <= ?
                    """, arguments: [asOf.iso, asOf.adding(days: 89).iso])
            {
                guard let on = Day(iso: row["renewal_on"] as String) else { continue }
                let account: String = row["account_id"]
                var entry = facts.renewing[account] ?? .init(account: account, name: row["name"], renewalOn: on, mrrCents: 0)
                entry.mrrCents += row["mrr_cents"] as Int64
                entry.renewalOn = min(entry.renewalOn, on)
                facts.renewing[account] = entry
            }
            for row in try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT source, account_id FROM source_identities WHERE account_id IS NOT NULL
                    UNION SELECT DISTINCT source, account_id FROM events WHERE account_id IS NOT NULL AND timestamp_ms >= ?
                    """, arguments: [recent])
            {
                facts.clientsBySource[row["source"], default: []].insert(row["account_id"])
            }
            facts.keptAside = try Self.keptAside(db, since: recent)
            for field in fields {
                guard let column = Self.accountColumns[field] else { continue }
                let ids = try SQLRow.fetchAll(
                    db,
                    sql: """
                        SELECT id FROM accounts WHERE COALESCE(CAST(\(column) AS TEXT), '') = ''
                          AND id IN (SELECT account_id FROM subscriptions WHERE status = 'active')
                        """
                ).map { $0["id"] as String }
                if !ids.isEmpty { facts.missing[field] = Set(ids) }
            }
            return facts
        }
    }

    /// Events kept aside in the last 90 days by source, name and kind, with the clients their group
    /// or user ids are linked to, as ingestion would have attributed them.
    static func keptAside(_ db: any SQLSession, since: Int64) throws -> [IntegrationFacts.KeptAside] {
        struct Key: Hashable {
            var source: String
            var event: String
            var kind: String
        }
        var groups: [Key: (count: Int, reason: String, ids: [(kind: String, id: String)])] = [:]
        for row in try SQLRow.fetchAll(db, sql: "SELECT source, name, kind, reasons, payload FROM failed_events WHERE received_at_ms >= ?", arguments: [since])
        {
            let key = Key(source: row["source"], event: (row["name"] as String?) ?? "(no name)", kind: row["kind"])
            var entry = groups[key] ?? (0, "", [])
            entry.count += 1
            if entry.reason.isEmpty, case .array(let reasons)? = try? JSONParser.parse(row["reasons"] as String), let first = reasons.first?.stringValue {
                entry.reason = first
            }
            if let payload = try? JSONParser.parse(row["payload"] as String) {
                if let group = payload["context"]?["groupId"]?.stringValue ?? payload["groupId"]?.stringValue { entry.ids.append(("group", group)) }
                if let user = payload["userId"]?.stringValue { entry.ids.append(("user", user)) }
            }
            groups[key] = entry
        }
        guard !groups.isEmpty else { return [] }
        var links: [String: String] = [:]
        for row in try SQLRow.fetchAll(
            db, sql: "SELECT source, kind, external_id, account_id FROM source_identities WHERE kind IN ('group', 'user') AND account_id IS NOT NULL")
        {
            links["\(row["source"] as String)\u{1}\(row["kind"] as String)\u{1}\(row["external_id"] as String)"] = row["account_id"]
        }
        let known = Set(try SQLRow.fetchAll(db, sql: "SELECT id FROM accounts").map { $0["id"] as String })
        return groups.compactMap { key, entry -> IntegrationFacts.KeptAside? in
            guard let kind = FailedEvent.Kind(rawValue: key.kind) else { return nil }
            let accounts = Set(
                entry.ids.compactMap { ref -> String? in
                    if ref.kind == "group", known.contains(ref.id) { return ref.id }
                    return links["\(key.source)\u{1}\(ref.kind)\u{1}\(ref.id)"]
                })
            return .init(source: key.source, event: key.event, kind: kind, count: entry.count, reason: entry.reason, accounts: accounts)
        }.sorted { ($0.source, $0.event) < ($1.source, $1.event) }
    }
}
