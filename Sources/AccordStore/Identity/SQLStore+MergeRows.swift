import AccordCore
import GRDB

/// The parts of a merge that combine rather than move: one subscription, one usage row per week,
/// and the survivor's empty fields. Each records what it changed so an unmerge can take it back.
extension SQLStore {
    static func json(_ row: SQLRow) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for (column, value) in row.pairs {
            switch value.storage {
            case .null: object[column] = .null
            case .int64(let number): object[column] = .number(Double(number))
            case .double(let number): object[column] = .number(number)
            case .string(let text): object[column] = .string(text)
            case .blob: continue
            }
        }
        return .object(object)
    }

    static func insert(_ object: [String: JSONValue], into table: String, _ db: any SQLSession) throws {
        let columns = object.keys.sorted()
        let values: [DatabaseValue] = columns.map { column in
            switch object[column]! {
            case .string(let text): return text.databaseValue
            case .number(let number): return number == number.rounded() ? Int64(number).databaseValue : number.databaseValue
            case .bigInteger(let digits): return digits.databaseValue
            case .bool(let flag): return flag.databaseValue
            default: return .null
            }
        }
        try db.execute(
            sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))",
            arguments: SQLArguments(values))
        // A restored row keeps its surrogate key; PostgreSQL's counter must not hand it out again.
        if let key = ["id", "seq"].first(where: { if case .number? = object[$0] { true } else { false } }) {
            try db.advanceCounter(table: table, column: key)
        }
    }

    /// One customer, one subscription: an active contract's MRR adds to the survivor's, the earlier
    /// start and the nearer renewal win. A churned contract adds no MRR.
    static func mergeSubscriptions(_ survivor: String, _ absorbed: String, _ db: any SQLSession) throws -> JSONValue {
        let kept = try SQLRow.fetchOne(db, sql: "SELECT * FROM subscriptions WHERE account_id = ?", arguments: [survivor])
        guard let gone = try SQLRow.fetchOne(db, sql: "SELECT * FROM subscriptions WHERE account_id = ?", arguments: [absorbed]) else {
            return ["survivor": kept.map(json) ?? .null, "absorbed": .null]
        }
        if let kept {
            let keptActive = (kept["status"] as String) == "active"
            let goneActive = (gone["status"] as String) == "active"
            let mrr: Int64 = (keptActive || !goneActive ? kept["mrr_cents"] as Int64 : 0) + (goneActive ? gone["mrr_cents"] as Int64 : 0)
            let renewal: String =
                keptActive && goneActive ? min(kept["renewal_on"], gone["renewal_on"]) : (goneActive ? gone["renewal_on"] : kept["renewal_on"])
            try db.execute(
                sql: "UPDATE subscriptions SET mrr_cents = ?, started_on = ?, renewal_on = ?, status = ? WHERE account_id = ?",
                arguments: [
                    mrr, min(kept["started_on"] as String, gone["started_on"] as String), renewal, keptActive || goneActive ? "active" : kept["status"],
                    survivor,
                ])
            try db.execute(sql: "DELETE FROM subscriptions WHERE account_id = ?", arguments: [absorbed])
        } else {
            try db.execute(sql: "UPDATE subscriptions SET account_id = ? WHERE account_id = ?", arguments: [survivor, absorbed])
        }
        return ["survivor": kept.map(json) ?? .null, "absorbed": json(gone)]
    }

    static func restoreSubscriptions(_ undo: JSONValue?, _ survivor: String, _ absorbed: String, _ db: any SQLSession) throws {
        guard case .object(let gone)? = undo?["absorbed"] else { return }
        if case .object(let kept)? = undo?["survivor"] {
            // Take back only what the merge added, so later changes to the survivor's contract stay.
            let added = gone["status"]?.stringValue == "active" ? Int64(gone["mrr_cents"]?.numberValue ?? 0) : 0
            let keptAdded = kept["status"]?.stringValue == "active" || gone["status"]?.stringValue != "active"
            try db.execute(
                sql: """
                    UPDATE subscriptions SET mrr_cents = CASE WHEN mrr_cents - ? + ? > 0 THEN mrr_cents - ? + ? ELSE 0 END, started_on = ?, renewal_on = ?, status = ? WHERE account_id = ?
                    """,
                arguments: [
                    added, keptAdded ? 0 : Int64(kept["mrr_cents"]?.numberValue ?? 0), added, keptAdded ? 0 : Int64(kept["mrr_cents"]?.numberValue ?? 0),
                    kept["started_on"]?.stringValue, kept["renewal_on"]?.stringValue,
                    kept["status"]?.stringValue, survivor,
                ])
        } else {
            try db.execute(sql: "DELETE FROM subscriptions WHERE account_id = ?", arguments: [survivor])
        }
        var restored = gone
        restored["account_id"] = .string(absorbed)
        try insert(restored, into: "subscriptions", db)
    }

    /// Seats used in the same week by two records of one customer add up.
    static func mergeUsage(_ survivor: String, _ absorbed: String, _ db: any SQLSession) throws -> JSONValue {
        var weeks: [JSONValue] = []
        for row in try SQLRow.fetchAll(db, sql: "SELECT * FROM usage_weeks WHERE account_id = ? ORDER BY week_start", arguments: [absorbed]) {
            let week: String = row["week_start"]
            let summed = try Int.fetchOne(db, sql: "SELECT 1 FROM usage_weeks WHERE account_id = ? AND week_start = ?", arguments: [survivor, week]) != nil
            if summed {
                try db.execute(
                    sql: "UPDATE usage_weeks SET active_seats = active_seats + ?, licensed_seats = licensed_seats + ? WHERE account_id = ? AND week_start = ?",
                    arguments: [row["active_seats"] as Int64, row["licensed_seats"] as Int64, survivor, week])
                try db.execute(sql: "DELETE FROM usage_weeks WHERE account_id = ? AND week_start = ?", arguments: [absorbed, week])
            } else {
                try db.execute(sql: "UPDATE usage_weeks SET account_id = ? WHERE account_id = ? AND week_start = ?", arguments: [survivor, absorbed, week])
            }
            weeks.append([
                "week": .string(week), "active": .number(Double(row["active_seats"] as Int64)),
                "licensed": .number(Double(row["licensed_seats"] as Int64)), "summed": .bool(summed),
            ])
        }
        return .array(weeks)
    }

    static func restoreUsage(_ undo: JSONValue?, _ survivor: String, _ absorbed: String, _ db: any SQLSession) throws {
        guard case .array(let weeks)? = undo else { return }
        for week in weeks {
            guard let start = week["week"]?.stringValue else { continue }
            let active = Int64(week["active"]?.numberValue ?? 0)
            let licensed = Int64(week["licensed"]?.numberValue ?? 0)
            if week["summed"] == .bool(true) {
                try db.execute(
                    sql:
                        "UPDATE usage_weeks SET active_seats = CASE WHEN active_seats > ? THEN active_seats - ? ELSE 0 END, licensed_seats = CASE WHEN licensed_seats > ? THEN licensed_seats - ? ELSE 0 END WHERE account_id = ? AND week_start = ?",
                    arguments: [active, active, licensed, licensed, survivor, start])
                try db.execute(
                    sql: "INSERT INTO usage_weeks (account_id, week_start, active_seats, licensed_seats) VALUES (?, ?, ?, ?)",
                    arguments: [absorbed, start, active, licensed])
            } else {
                try db.execute(sql: "UPDATE usage_weeks SET account_id = ? WHERE account_id = ? AND week_start = ?", arguments: [absorbed, survivor, start])
            }
        }
    }

    /// The survivor keeps its own values and takes the absorbed account's where it has none; the
    /// further funnel stage wins (a customer found under a lead's record is a customer).
    static func fillSurvivor(_ survivor: SQLRow, from absorbed: SQLRow, _ db: any SQLSession) throws -> JSONValue {
        let id: String = survivor["id"]
        var filled: [String: JSONValue] = [:]
        for column in fillableColumns {
            guard (survivor[column] as String?)?.isEmpty ?? true, let value = absorbed[column] as String?, !value.isEmpty else { continue }
            try db.execute(sql: "UPDATE accounts SET \(column) = ? WHERE id = ?", arguments: [value, id])
            filled[column] = .string(value)
        }
        if (survivor["licensed_seats"] as Int64) == 0, let seats = absorbed["licensed_seats"] as Int64?, seats > 0 {
            try db.execute(sql: "UPDATE accounts SET licensed_seats = ? WHERE id = ?", arguments: [seats, id])
            filled["licensed_seats"] = .number(Double(seats))
        }
        let stages = LifecycleStage.allCases
        if let kept = LifecycleStage(rawValue: survivor["lifecycle_stage"]), let other = LifecycleStage(rawValue: absorbed["lifecycle_stage"]),
            kept != .churned, other != .churned, stages.firstIndex(of: other)! > stages.firstIndex(of: kept)!
        {
            try db.execute(sql: "UPDATE accounts SET lifecycle_stage = ? WHERE id = ?", arguments: [other.rawValue, id])
            filled["lifecycle_stage"] = ["before": .string(kept.rawValue), "after": .string(other.rawValue)]
        }
        return .object(filled)
    }

    /// Empties what the merge filled, where nothing has changed it since.
    static func restoreFilled(_ undo: JSONValue?, _ survivor: String, _ db: any SQLSession) throws {
        guard case .object(let filled)? = undo else { return }
        for (column, value) in filled.sorted(by: { $0.key < $1.key }) {
            switch (column, value) {
            case ("lifecycle_stage", _):
                try db.execute(
                    sql: "UPDATE accounts SET lifecycle_stage = ? WHERE id = ? AND lifecycle_stage = ?",
                    arguments: [value["before"]?.stringValue, survivor, value["after"]?.stringValue])
            case ("licensed_seats", .number(let seats)):
                try db.execute(sql: "UPDATE accounts SET licensed_seats = 0 WHERE id = ? AND licensed_seats = ?", arguments: [survivor, Int64(seats)])
            case (_, .string(let text)) where fillableColumns.contains(column):
                try db.execute(sql: "UPDATE accounts SET \(column) = NULL WHERE id = ? AND \(column) = ?", arguments: [survivor, text])
            default:
                break
            }
        }
    }
}
