public import AccordCore
import AccordStore

extension PlayDesk {
    /// The demo company's year of plays: every play evaluated week by week as `accord serve` would
    /// have, and its owners working the tasks (most done within days, some skipped with a reason,
    /// the last weeks' still open), drawn from each task's own seed so the demo stays the same.
    public func seedDemoHistory(asOf: Day, weeks: Int = 52, progress: (Int, Int) -> Void = { _, _ in }) async throws {
        let accounts = try await accounts(asOf: asOf)
        let plays = try await plays()
        let reasons = [
            "the client is mid-reorganisation; asked to call back next month", "already covered in this week's business review",
            "the champion left; working through the new sponsor instead", "duplicate of a conversation sales is leading",
        ]
        var since = asOf.adding(days: -7 * weeks - 7)
        for week in 0..<weeks {
            let day = asOf.adding(days: -7 * (weeks - week))
            let at = Instant(day: day, seconds: 7 * 3600)
            let plan = PlayPlanner.plan(plays, accounts: accounts, spec: spec, asOf: day, since: since, state: try await store.playState(), now: at)
            let audit = AuditEntry(at: at, actor: "demo", origin: "local", action: "plays.evaluate", target: "plays")
            try await store.savePlayPlan(plan, evaluatedOn: day, audit: audit, at: at)
            since = day
            // Tasks of earlier weeks get worked; those of the last three weeks mostly wait.
            for task in try await store.tasks(TaskQuery(statuses: [.open], limit: 5000)) where task.due <= day {
                var rng = SeededRandom(seed: UInt64(StableHash.hex("demo-task:\(task.id)").prefix(16), radix: 16) ?? 1)
                guard !(asOf.number - day.number < 21 && rng.chance(0.7)), let owner = spec.person(task.owner) else { continue }
                let closedAt = Instant(day: min(day, task.due.adding(days: rng.int(-2...4))), seconds: 15 * 3600)
                let decision: TaskStateMachine.Decision = rng.chance(0.82) ? .done(comment: nil) : .skip(reason: rng.pick(reasons))
                _ = try await decide(task.id, decision, by: owner, origin: "demo", at: max(closedAt, task.createdAt))
            }
            progress(week + 1, weeks)
        }
    }
}
