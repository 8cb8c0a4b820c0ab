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
            // Columns by position: decoding a million usage rows by name costs more than reading them.
            var movements: [String: [MRRMovement]] = [:]
            let one = SQLArguments(account.map { [$0] } ?? [])
            try db.forEach(
                sql: """
                    SELECT account_id, occurred_on, kind, amount_cents, mrr_after_cents FROM mrr_movements \(account == nil ? "" : "WHERE account_id = ?")
                    ORDER BY occurred_on, id
                    """, arguments: one
            ) { m in
                let id: String = m[0]
                guard wanted.contains(id) else { return }
                movements[id, default: []].append(
                    MRRMovement(
                        accountID: id, occurredOn: Day(iso: m[1] as String) ?? Day(0), kind: MRRMovementKind(rawValue: m[2]) ?? .new, amountCents: m[3],
                        mrrAfterCents: m[4]))
            }
            // A year of weeks repeats the same hundred days: each is parsed once.
            var days: [String: Day] = [:]
            func day(_ text: String) -> Day {
                if let known = days[text] { return known }
                let parsed = Day(iso: text) ?? Day(0)
                days[text] = parsed
                return parsed
            }
            var usage: [String: [UsageWeek]] = [:]
            try db.forEach(
                sql: """
                    SELECT account_id, week_start, active_seats, licensed_seats FROM usage_weeks \(account == nil ? "" : "WHERE account_id = ?")
                    ORDER BY account_id, week_start
                    """, arguments: one
            ) { u in
                let id: String = u[0]
                guard wanted.contains(id) else { return }
                usage[id, default: []].append(UsageWeek(accountID: id, weekStart: day(u[1]), activeSeats: u[2], licensedSeats: u[3]))
            }
            // In time order, so the later of two events on one day is the later in the list.
            var events: [String: [OutcomeFacts.Occurrence]] = [:]
            if !names.isEmpty {
                let nameMarks = names.map { _ in "?" }.joined(separator: ", ")
                try db.forEach(
                    sql:
                        "SELECT account_id, name, timestamp_ms, properties FROM events WHERE name IN (\(nameMarks)) AND \(account == nil ? "account_id IS NOT NULL" : "account_id = ?") ORDER BY timestamp_ms, seq",
                    arguments: SQLArguments(names.sorted() + (account.map { [$0] } ?? []))
                ) { e in
                    let id: String = e[0]
                    guard wanted.contains(id) else { return }
                    events[id, default: []].append(
                        .init(name: e[1], day: Instant(milliseconds: e[2]).day, properties: JSONText.decode(e[3]) ?? .object([:])))
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
