public import AccordCore

extension SQLStore {
    public func playState() async throws -> PlayState {
        try await read { db in
            var state = PlayState()
            try db.forEach(
                sql: "SELECT play, account_id, MAX(started_on), MAX(CASE WHEN status = 'open' THEN 1 ELSE 0 END) FROM play_runs GROUP BY play, account_id"
            ) {
                row in
                let key = PlayState.key(row[0], row[1])
                if let day = Day(iso: row[2] as String) { state.lastStarted[key] = day }
                if (row[3] as Int) == 1 { state.openRuns.insert(key) }
            }
            try db.forEach(sql: "SELECT owner, play, COUNT(*) FROM play_tasks WHERE status = 'open' GROUP BY owner, play") { row in
                state.openTasks[row[0], default: [:]][row[1]] = row[2]
            }
            state.held = try SQLRow.fetchAll(db, sql: "SELECT * FROM play_tasks WHERE status = 'held' ORDER BY created_at_ms, id").map(Self.task)
            return state
        }
    }

    public func playsEvaluatedOn() async throws -> Day? {
        try await meta("plays.evaluated_on").flatMap { Day(iso: $0) }
    }

    public func savePlayPlan(_ plan: PlayPlan, evaluatedOn: Day, audit: AuditEntry, at: Instant) async throws {
        try await write { db in
            try Self.append(audit, db)
            for run in plan.runs {
                try db.execute(
                    sql: """
                        INSERT INTO play_runs (id, play, account_id, started_on, reason, mode, status, closed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(id) DO NOTHING
                        """,
                    arguments: [run.id, run.play, run.account, run.startedOn.iso, run.reason, run.mode.rawValue, run.status.rawValue, run.closedOn?.iso])
            }
            for task in plan.tasks { try Self.insert(task, db) }
            for task in plan.released {
                try db.execute(sql: "UPDATE play_tasks SET status = 'open', held_because = NULL WHERE id = ? AND status = 'held'", arguments: [task.id])
            }
            for event in plan.events { try db.execute(sql: Self.insertEventSQL, arguments: Self.eventArguments(event)) }
            try Self.deliver(plan.notices, at: at, db)
            try db.execute(
                sql: "INSERT INTO meta(key, value) VALUES ('plays.evaluated_on', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [evaluatedOn.iso])
        }
    }

    static func insert(_ task: PlayTask, _ db: any SQLSession) throws {
        try db.execute(
            sql: """
                INSERT INTO play_tasks (id, run_id, play, account_id, position, title, owner, due_on, status, handoff, created_at_ms, closed_at_ms, closed_by,
                  reason, held_because) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING
                """,
            arguments: [
                task.id, task.run, task.play, task.account, task.position, task.title, task.owner, task.due.iso, task.status.rawValue, task.handoff,
                task.createdAt.milliseconds, task.closedAt?.milliseconds, task.closedBy, task.reason, task.heldBecause,
            ])
    }

    static func task(_ row: SQLRow) -> PlayTask {
        var task = PlayTask(
            id: row["id"], run: row["run_id"], play: row["play"], account: row["account_id"], position: row["position"], title: row["title"],
            owner: row["owner"], due: Day(iso: row["due_on"] as String) ?? Day(0), status: PlayTask.Status(rawValue: row["status"]) ?? .open,
            handoff: row["handoff"], createdAt: Instant(milliseconds: row["created_at_ms"]))
        task.closedAt = (row["closed_at_ms"] as Int64?).map(Instant.init(milliseconds:))
        task.closedBy = row["closed_by"]
        task.reason = row["reason"]
        task.heldBecause = row["held_because"]
        return task
    }

    public func tasks(_ query: TaskQuery) async throws -> [PlayTask] {
        try await read { db in
            var clauses: [String] = []
            var arguments: [String] = []
            if let owner = query.owner {
                clauses.append("owner = ?")
                arguments.append(owner)
            }
            if !query.statuses.isEmpty {
                clauses.append("status IN (\(query.statuses.map { _ in "?" }.joined(separator: ", ")))")
                arguments += query.statuses.map(\.rawValue)
            }
            if let account = query.account {
                clauses.append("account_id = ?")
                arguments.append(account)
            }
            if let play = query.play {
                clauses.append("play = ?")
                arguments.append(play)
            }
            let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try SQLRow.fetchAll(
                db, sql: "SELECT * FROM play_tasks \(filter) ORDER BY due_on, created_at_ms, position, id LIMIT \(max(1, min(query.limit, 5000)))",
                arguments: SQLArguments(arguments)
            ).map(Self.task)
        }
    }

    public func task(id: String) async throws -> PlayTask? {
        try await read { db in try SQLRow.fetchOne(db, sql: "SELECT * FROM play_tasks WHERE id = ?", arguments: [id]).map(Self.task) }
    }

    public func decideTask(_ task: PlayTask, event: Event, audit: AuditEntry) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE play_tasks SET status = ?, closed_at_ms = ?, closed_by = ?, reason = ? WHERE id = ? AND status = 'open'",
                arguments: [task.status.rawValue, task.closedAt?.milliseconds, task.closedBy, task.reason, task.id])
            guard db.changesCount == 1 else { throw StoreError.conflict("task \(task.id) is no longer open; someone decided it first") }
            try Self.append(audit, db)
            try db.execute(sql: Self.insertEventSQL, arguments: Self.eventArguments(event))
            try db.execute(
                sql: """
                    UPDATE play_runs SET status = 'closed', closed_on = ? WHERE id = ? AND NOT EXISTS (
                      SELECT 1 FROM play_tasks WHERE run_id = ? AND status IN ('open', 'held'))
                    """, arguments: [(task.closedAt ?? audit.at).day.iso, task.run, task.run])
        }
    }

    public func addTaskComment(task: String, author: String, body: String, at: Instant, audit: AuditEntry) async throws -> TaskComment {
        try await write { db in
            try Self.append(audit, db)
            let id =
                try Int64.fetchOne(
                    db, sql: "INSERT INTO task_comments (task_id, author, body, at_ms) VALUES (?, ?, ?, ?) RETURNING id",
                    arguments: [task, author, body, at.milliseconds]) ?? 0
            return TaskComment(id: id, task: task, author: author, body: body, at: at)
        }
    }

    public func taskComments(task: String) async throws -> [TaskComment] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM task_comments WHERE task_id = ? ORDER BY id", arguments: [task]).map { row in
                TaskComment(id: row["id"], task: row["task_id"], author: row["author"], body: row["body"], at: Instant(milliseconds: row["at_ms"]))
            }
        }
    }

    public func playRuns(play: String?, account: String?, limit: Int) async throws -> [PlayRun] {
        try await read { db in
            var clauses: [String] = []
            var arguments: [String] = []
            if let play {
                clauses.append("play = ?")
                arguments.append(play)
            }
            if let account {
                clauses.append("account_id = ?")
                arguments.append(account)
            }
            let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try SQLRow.fetchAll(
                db, sql: "SELECT * FROM play_runs \(filter) ORDER BY started_on DESC, id LIMIT \(max(1, min(limit, 100_000)))",
                arguments: SQLArguments(arguments)
            ).map { row in
                PlayRun(
                    id: row["id"], play: row["play"], account: row["account_id"], startedOn: Day(iso: row["started_on"] as String) ?? Day(0),
                    reason: row["reason"], mode: PlayRun.Mode(rawValue: row["mode"]) ?? .live, status: PlayRun.Status(rawValue: row["status"]) ?? .open,
                    closedOn: (row["closed_on"] as String?).flatMap { Day(iso: $0) })
            }
        }
    }

    public func playSwitches() async throws -> [String: Play.Status] {
        try await read { db in
            var switches: [String: Play.Status] = [:]
            try db.forEach(sql: "SELECT play, status FROM play_switches") { row in switches[row[0]] = Play.Status(rawValue: row[1]) }
            return switches
        }
    }

    public func switchPlay(_ play: String, to status: Play.Status, by: String, at: Instant, audit: AuditEntry) async throws {
        try await write { db in
            try Self.append(audit, db)
            try db.execute(
                sql: """
                    INSERT INTO play_switches (play, status, switched_by, switched_at_ms) VALUES (?, ?, ?, ?)
                    ON CONFLICT(play) DO UPDATE SET status = excluded.status, switched_by = excluded.switched_by, switched_at_ms = excluded.switched_at_ms
                    """, arguments: [play, status.rawValue, by, at.milliseconds])
        }
    }

    public func playRoster() async throws -> [PlayAccount] {
        try await read { db in
            var accounts: [PlayAccount] = []
            try db.forEach(
                sql: """
                    SELECT a.id, a.name, a.segment, a.lifecycle_stage, a.owner_cs, a.owner_sales, a.owner_marketing, s.renewal_on, a.churned_on
                    FROM accounts a LEFT JOIN subscriptions s ON s.account_id = a.id ORDER BY a.id
                    """
            ) { row in
                // Columns by position, as the dashboard's facts read them: names cost more than the query here.
                func day(_ column: Int) -> Day? { (row[column] as String?).flatMap { Day(iso: $0) } }
                accounts.append(
                    PlayAccount(
                        id: row[0], name: row[1], segment: row[2], stage: LifecycleStage(rawValue: row[3]) ?? .awareness, ownerCS: row[4], ownerSales: row[5],
                        ownerMarketing: row[6], renewalOn: day(7), churnedOn: day(8)))
            }
            return accounts
        }
    }

    public func failingSyncs() async throws -> [String: [PlayAccount.FailingSync]] {
        try await read { db in
            var failing: [String: PlayAccount.FailingSync] = [:]
            for row in try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT r.source, r.id, r.error FROM sync_runs r
                    WHERE r.status = 'failed' AND r.id = (SELECT MAX(id) FROM sync_runs l WHERE l.source = r.source AND l.status <> 'running')
                    """)
            {
                failing[row["source"]] = PlayAccount.FailingSync(source: row["source"], run: row["id"], error: row["error"] ?? "the run failed")
            }
            guard !failing.isEmpty else { return [:] }
            var byAccount: [String: [PlayAccount.FailingSync]] = [:]
            let marks = failing.keys.map { _ in "?" }.joined(separator: ", ")
            try db.forEach(
                sql: "SELECT DISTINCT account_id, source FROM source_identities WHERE source IN (\(marks)) AND account_id IS NOT NULL",
                arguments: SQLArguments(failing.keys.sorted())
            ) { row in
                if let sync = failing[row[1]] { byAccount[row[0], default: []].append(sync) }
            }
            return byAccount
        }
    }
}
