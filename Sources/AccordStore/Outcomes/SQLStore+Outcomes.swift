public import AccordCore
import GRDB

extension SQLStore {
    public func outcomeHistories(segments: Set<String>, events names: Set<String>, account: String?) async throws -> [OutcomeHistory] {
        guard !segments.isEmpty else { return [] }
        return try await read { db in
            let marks = segments.map { _ in "?" }.joined(separator: ", ")
            let clients = try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.segment, a.cohort, a.owner_cs, a.owner_sales, MIN(m.occurred_on) AS signed FROM accounts a JOIN mrr_movements m ON m.account_id = a.id AND m.kind = 'new'
                    WHERE a.segment IN (\(marks)) \(account == nil ? "" : "AND a.id = ?") GROUP BY a.id ORDER BY a.id
                    """, arguments: SQLArguments(segments.sorted() + (account.map { [$0] } ?? [])))
            let wanted = Set(clients.map { $0["id"] as String })
            var movements: [String: [MRRMovement]] = [:]
            for m in try SQLRow.fetchAll(
                db, sql: "SELECT * FROM mrr_movements \(account == nil ? "" : "WHERE account_id = ?") ORDER BY occurred_on, id",
                arguments: SQLArguments(account.map { [$0] } ?? [])) where wanted.contains(m["account_id"])
            {
                movements[m["account_id"], default: []].append(
                    MRRMovement(
                        accountID: m["account_id"], occurredOn: Day(iso: m["occurred_on"] as String) ?? Day(0),
                        kind: MRRMovementKind(rawValue: m["kind"]) ?? .new, amountCents: m["amount_cents"], mrrAfterCents: m["mrr_after_cents"]))
            }
            var usage: [String: [UsageWeek]] = [:]
            for u in try SQLRow.fetchAll(
                db, sql: "SELECT * FROM usage_weeks \(account == nil ? "" : "WHERE account_id = ?") ORDER BY account_id, week_start",
                arguments: SQLArguments(account.map { [$0] } ?? [])) where wanted.contains(u["account_id"])
            {
                usage[u["account_id"], default: []].append(
                    UsageWeek(
                        accountID: u["account_id"], weekStart: Day(iso: u["week_start"] as String) ?? Day(0), activeSeats: u["active_seats"],
                        licensedSeats: u["licensed_seats"]))
            }
            var events: [String: [OutcomeFacts.Occurrence]] = [:]
            if !names.isEmpty {
                let nameMarks = names.map { _ in "?" }.joined(separator: ", ")
                for e in try SQLRow.fetchAll(
                    db,
                    sql:
                        "SELECT account_id, name, timestamp_ms, properties FROM events WHERE name IN (\(nameMarks)) AND \(account == nil ? "account_id IS NOT NULL" : "account_id = ?")",
                    arguments: SQLArguments(names.sorted() + (account.map { [$0] } ?? []))) where wanted.contains(e["account_id"])
                {
                    events[e["account_id"], default: []].append(
                        .init(
                            name: e["name"], day: Instant(milliseconds: e["timestamp_ms"]).day, properties: JSONText.decode(e["properties"]) ?? .object([:])))
                }
            }
            return clients.compactMap { row in
                let id: String = row["id"]
                guard let signed = Day(iso: row["signed"] as String) else { return nil }
                return OutcomeHistory(
                    account: id, segment: row["segment"], facts: OutcomeFacts(signed: signed, events: events[id] ?? [], usage: usage[id] ?? []),
                    movements: movements[id] ?? [], cohort: row["cohort"], ownerCS: row["owner_cs"], ownerSales: row["owner_sales"])
            }
        }
    }
}

extension SQLStore {
    public func logDerivedEvents(_ events: [Event]) async throws -> Int {
        guard !events.isEmpty else { return 0 }
        return try await write { db in
            var added = 0
            for event in events {
                try db.execute(sql: Self.insertEventSQL, arguments: Self.eventArguments(event))
                added += db.changesCount
            }
            return added
        }
    }

    public func eventNames(_ names: Set<String>) async throws -> [String: Set<String>] {
        guard !names.isEmpty else { return [:] }
        return try await read { db in
            var found: [String: Set<String>] = [:]
            for row in try SQLRow.fetchAll(
                db,
                sql:
                    "SELECT DISTINCT account_id, name FROM events WHERE name IN (\(names.map { _ in "?" }.joined(separator: ", "))) AND account_id IS NOT NULL",
                arguments: SQLArguments(names.sorted()))
            {
                found[row["account_id"], default: []].insert(row["name"])
            }
            return found
        }
    }
}
