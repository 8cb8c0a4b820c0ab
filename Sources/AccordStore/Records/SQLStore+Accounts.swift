public import AccordCore
import Foundation
import GRDB

extension SQLStore {
    /// Key order per table for the digest; surrogate keys (`id`, `seq`) are left out of it
    /// because they depend on insertion order, not content.
    static let digestOrder: [(table: String, orderBy: String, skip: Set<String>)] = [
        ("accounts", "id", []),
        ("contacts", "id", []),
        ("subscriptions", "account_id", []),
        ("mrr_movements", "account_id, occurred_on, kind, amount_cents, mrr_after_cents", ["id"]),
        ("events", "message_id", ["seq"]),
        ("usage_weeks", "account_id, week_start", []),
        ("survey_responses", "id", []),
        ("failed_events", "message_id", ["seq"]),
        ("source_identities", "source, kind, external_id", []),
        ("handoffs", "id", []),
    ]

    public func statistics() async throws -> StoreStatistics {
        try await read { db in
            var digest = ContentDigest()
            var counts: [StoreStatistics.TableCount] = []
            for (table, orderBy, skip) in Self.digestOrder {
                digest.table(table)
                var rows = 0
                try db.forEach(sql: "SELECT * FROM \(table) ORDER BY \(orderBy)") { row in
                    digest.row(row.pairs.filter { !skip.contains($0.0) }.map(\.1))
                    rows += 1
                }
                counts.append(.init(table: table, rows: rows))
            }
            return StoreStatistics(tables: counts, contentDigest: digest.finish())
        }
    }

    public func accountIDs(in book: Book) async throws -> Set<String> {
        guard !book.personID.isEmpty else { return [] }
        let column = Self.ownerColumn(book.owner)
        return try await read { db in
            var ids = Set<String>()
            try db.forEach(sql: "SELECT id FROM accounts WHERE \(column) = ?", arguments: [book.personID]) { row in ids.insert(row[0]) }
            return ids
        }
    }

    public func accountNames(_ ids: Set<String>) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let all = ids.sorted()
        return try await read { db in
            var names: [String: String] = [:]
            // In slices: a statement takes a bounded number of parameters.
            for start in stride(from: 0, to: all.count, by: 500) {
                let slice = Array(all[start..<min(start + 500, all.count)])
                try db.forEach(
                    sql: "SELECT id, name FROM accounts WHERE id IN (\(slice.map { _ in "?" }.joined(separator: ", ")))",
                    arguments: SQLArguments(slice.map(\.databaseValue))
                ) {
                    row in
                    let id: String = row[0]
                    names[id] = row[1]
                }
            }
            return names
        }
    }

    static func ownerColumn(_ owner: Book.Owner) -> String {
        switch owner {
        case .cs: "owner_cs"
        case .sales: "owner_sales"
        case .marketing: "owner_marketing"
        }
    }

    public func accounts(_ query: AccountQuery) async throws -> AccountPage {
        let limit = min(max(query.limit, 1), AccountQuery.maximumLimit)
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let segment = query.segment {
            conditions.append("a.segment = ?")
            arguments.append(segment)
        }
        if let stage = query.stage {
            conditions.append("a.lifecycle_stage = ?")
            arguments.append(stage.rawValue)
        }
        if let source = query.source {
            conditions.append("a.acquisition_source = ?")
            arguments.append(source.rawValue)
        }
        if let book = query.book {
            conditions.append("a.\(Self.ownerColumn(book.owner)) = ?")
            arguments.append(book.personID)
        }
        if let search = query.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            conditions.append("(lower(a.name) LIKE lower(?) ESCAPE '\\' OR lower(a.domain) LIKE lower(?) ESCAPE '\\')")
            let pattern =
                "%"
                + search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            arguments.append(pattern)
            arguments.append(pattern)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        var pageConditions = conditions
        var pageArguments = arguments
        if let cursor = query.cursor {
            guard let (name, id) = AccountCursor.decode(cursor) else {
                throw StoreError.invalidQuery("cursor '\(cursor)' is not one this server handed out; start again without it")
            }
            pageConditions.append("(a.name > ? OR (a.name = ? AND a.id > ?))")
            pageArguments += [name, name, id]
        }
        let pageFilter = pageConditions.isEmpty ? "" : "WHERE " + pageConditions.joined(separator: " AND ")
        let totalArguments = SQLArguments(arguments.map { $0.databaseValue })
        let pageStatementArguments = SQLArguments(pageArguments.map { $0.databaseValue } + [limit.databaseValue])
        return try await read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accounts a \(filter)", arguments: totalArguments) ?? 0
            let rows = try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT a.*, s.mrr_cents, s.renewal_on, s.status FROM accounts a
                    LEFT JOIN subscriptions s ON s.account_id = a.id
                    \(pageFilter) ORDER BY a.name, a.id LIMIT ?
                    """, arguments: pageStatementArguments)
            let summaries = rows.map { row in
                AccountSummary(
                    id: row["id"], name: row["name"], domain: row["domain"], segment: row["segment"],
                    lifecycleStage: LifecycleStage(rawValue: row["lifecycle_stage"]) ?? .awareness,
                    acquisitionSource: AcquisitionSource(rawValue: row["acquisition_source"]) ?? .sales,
                    cohort: row["cohort"], licensedSeats: row["licensed_seats"], ownerCS: row["owner_cs"],
                    mrrCents: row["mrr_cents"] ?? 0,
                    renewalOn: (row["status"] as String?) == "active" ? (row["renewal_on"] as String?).flatMap { Day(iso: $0) } : nil)
            }
            let next = summaries.count == limit ? summaries.last.map { AccountCursor.encode(name: $0.name, id: $0.id) } : nil
            return AccountPage(accounts: summaries, total: total, nextCursor: next)
        }
    }

    public func account(id: String) async throws -> AccountDetail? {
        try await read { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id]) else { return nil }
            let account = Account(row)
            let subscription = try SQLRow.fetchOne(db, sql: "SELECT * FROM subscriptions WHERE account_id = ?", arguments: [id]).map(Self.subscription)
            let contacts = try SQLRow.fetchAll(db, sql: "SELECT * FROM contacts WHERE account_id = ? ORDER BY influence DESC, name", arguments: [id]).map { c in
                Contact(
                    id: c["id"], accountID: c["account_id"], name: c["name"], email: c["email"], title: c["title"],
                    stakeholderRole: StakeholderRole(rawValue: c["stakeholder_role"]) ?? .user, influence: c["influence"],
                    lastEngagedOn: (c["last_engaged_on"] as String?).flatMap { Day(iso: $0) })
            }
            let movements = try SQLRow.fetchAll(db, sql: "SELECT * FROM mrr_movements WHERE account_id = ? ORDER BY occurred_on, id", arguments: [id]).map {
                m in
                MRRMovement(
                    accountID: m["account_id"], occurredOn: Day(iso: m["occurred_on"] as String) ?? Day(0),
                    kind: MRRMovementKind(rawValue: m["kind"]) ?? .new, amountCents: m["amount_cents"], mrrAfterCents: m["mrr_after_cents"])
            }
            let events = try SQLRow.fetchAll(
                db, sql: "SELECT * FROM events WHERE account_id = ? ORDER BY timestamp_ms DESC, seq DESC LIMIT 100", arguments: [id]
            ).map(Event.init)
            let usage = try SQLRow.fetchAll(db, sql: "SELECT * FROM usage_weeks WHERE account_id = ? ORDER BY week_start DESC LIMIT 26", arguments: [id]).map {
                u in
                UsageWeek(
                    accountID: u["account_id"], weekStart: Day(iso: u["week_start"] as String) ?? Day(0), activeSeats: u["active_seats"],
                    licensedSeats: u["licensed_seats"])
            }
            let surveys = try SQLRow.fetchAll(db, sql: "SELECT * FROM survey_responses WHERE account_id = ? ORDER BY responded_on DESC, id", arguments: [id])
                .map { r in
                    SurveyResponse(
                        id: r["id"], accountID: r["account_id"], contactID: r["contact_id"], kind: SurveyKind(rawValue: r["kind"]) ?? .nps,
                        score: r["score"], respondedOn: Day(iso: r["responded_on"] as String) ?? Day(0))
                }
            let tickets = try SQLRow.fetchAll(db, sql: Self.ticketsSQL, arguments: [id, 50]).map(Self.ticket)
            let touches = try SQLRow.fetchAll(db, sql: Self.touchesSQL, arguments: [id, 200]).map(Self.touch)
            return AccountDetail(
                account: account, subscription: subscription, contacts: contacts, movements: movements, recentEvents: events, recentUsage: usage,
                surveys: surveys, tickets: tickets, touches: touches, marketing: MarketingContext.of(account, touches: touches))
        }
    }

    public func headline(asOf: Day) async throws -> Headline {
        try await read { db in
            let accounts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accounts") ?? 0
            let prospects = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accounts WHERE lifecycle_stage IN ('awareness', 'consideration')") ?? 0
            let active = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subscriptions WHERE status = 'active'") ?? 0
            let churned = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subscriptions WHERE status = 'churned'") ?? 0
            let mrr = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(mrr_cents), 0) FROM subscriptions WHERE status = 'active'") ?? 0
            var nps: [Int: Int] = [:]
            var csat: [Int: Int] = [:]
            let rows = try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT kind, score, COUNT(*) AS n FROM survey_responses
                    WHERE responded_on > ? AND responded_on <= ? GROUP BY kind, score
                    """, arguments: [asOf.adding(months: -12).iso, asOf.iso])
            for row in rows {
                if (row["kind"] as String) == SurveyKind.nps.rawValue { nps[row["score"]] = row["n"] } else { csat[row["score"]] = row["n"] }
            }
            return Headline(
                asOf: asOf, accounts: accounts, prospects: prospects, activeClients: active, churnedClients: churned, mrrCents: mrr, nps: NPSScore(counts: nps),
                csat: CSATScore(counts: csat))
        }
    }
}

/// Keyset cursor over (name, id): stable under inserts, no OFFSET scans.
enum AccountCursor {
    static func encode(name: String, id: String) -> String {
        Data("\(name)\u{1F}\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> (String, String)? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}

extension Account {
    init(_ row: SQLRow) {
        self.init(
            id: row["id"], name: row["name"], domain: row["domain"], segment: row["segment"], industry: row["industry"],
            country: row["country"], acquisitionSource: AcquisitionSource(rawValue: row["acquisition_source"]) ?? .sales,
            cohort: row["cohort"], lifecycleStage: LifecycleStage(rawValue: row["lifecycle_stage"]) ?? .awareness,
            licensedSeats: row["licensed_seats"], ownerCS: row["owner_cs"], ownerSales: row["owner_sales"],
            ownerMarketing: row["owner_marketing"], createdOn: Day(iso: row["created_on"] as String) ?? Day(0),
            churnedOn: (row["churned_on"] as String?).flatMap { Day(iso: $0) }, churnReason: row["churn_reason"])
    }
}

extension Event {
    init(_ row: SQLRow) {
        self.init(
            messageID: row["message_id"], type: SegmentCall(rawValue: row["type"]) ?? .track, name: row["name"],
            accountID: row["account_id"], contactID: row["contact_id"], userID: row["user_id"], anonymousID: row["anonymous_id"],
            groupID: row["group_id"], source: row["source"], timestamp: Instant(milliseconds: row["timestamp_ms"]),
            originalTimestamp: (row["original_timestamp_ms"] as Int64?).map(Instant.init(milliseconds:)),
            sentAt: (row["sent_at_ms"] as Int64?).map(Instant.init(milliseconds:)),
            receivedAt: Instant(milliseconds: row["received_at_ms"]),
            properties: JSONText.decode(row["properties"]) ?? .object([:]),
            context: JSONText.decode(row["context"]),
            planStatus: (row["plan_status"] as String?).flatMap(PlanStatus.init(rawValue:)),
            violations: JSONText.strings(row["violations"]))
    }
}

/// JSON columns: written canonical, read back with the same parser ingestion uses.
enum JSONText {
    static func decode(_ text: String?) -> JSONValue? {
        guard let text else { return nil }
        return try? JSONParser.parse(text)
    }

    static func strings(_ text: String?) -> [String] {
        guard case let .array(items)? = decode(text) else { return [] }
        return items.compactMap(\.stringValue)
    }

    static func encode(_ strings: [String]) -> String? {
        strings.isEmpty ? nil : JSONValue.array(strings.map(JSONValue.string)).canonicalText
    }
}
