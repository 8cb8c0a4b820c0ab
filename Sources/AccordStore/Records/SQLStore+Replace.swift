public import AccordCore
import GRDB

extension SQLStore {
    public func replaceAll(with dataset: Dataset, progress: @escaping @Sendable (Int, Int) -> Void) async throws {
        try await write { db in
            for table in Schema.mergeTables { try db.execute(sql: "DELETE FROM \(table)") }
            for table in Schema.tables.reversed() { try db.execute(sql: "DELETE FROM \(table)") }
            let total = dataset.rowCount
            var written = 0
            func insert(_ into: String, _ rows: [SQLArguments]) throws {
                // In slices, so a long import shows progress as it goes.
                for start in stride(from: 0, to: rows.count, by: 20_000) {
                    let slice = Array(rows[start..<min(start + 20_000, rows.count)])
                    try db.insertRows(into, slice)
                    written += slice.count
                    progress(written, total)
                }
            }
            try insert(Self.insertAccountPrefix, dataset.accounts.map(Self.accountArguments))
            try insert(
                "INSERT INTO contacts (id, account_id, name, email, title, stakeholder_role, influence, last_engaged_on)",
                dataset.contacts.map { c in [c.id, c.accountID, c.name, c.email, c.title, c.stakeholderRole.rawValue, c.influence, c.lastEngagedOn?.iso] })
            try insert(
                "INSERT INTO subscriptions (account_id, mrr_cents, started_on, renewal_on, status)",
                dataset.subscriptions.map { s in [s.accountID, s.mrrCents, s.startedOn.iso, s.renewalOn.iso, s.status.rawValue] })
            try insert(
                "INSERT INTO mrr_movements (account_id, occurred_on, kind, amount_cents, mrr_after_cents)",
                dataset.movements.map { m in [m.accountID, m.occurredOn.iso, m.kind.rawValue, m.amountCents, m.mrrAfterCents] })
            try insert(Self.insertEventPrefix, dataset.events.map { SQLStore.eventArguments($0) })
            try insert(
                "INSERT INTO usage_weeks (account_id, week_start, active_seats, licensed_seats)",
                dataset.usage.map { u in [u.accountID, u.weekStart.iso, u.activeSeats, u.licensedSeats] })
            try insert(
                "INSERT INTO survey_responses (id, account_id, contact_id, kind, score, responded_on)",
                dataset.surveys.map { r in [r.id, r.accountID, r.contactID, r.kind.rawValue, r.score, r.respondedOn.iso] })
            try insert(Self.insertHandoffPrefix, dataset.handoffs.map(Self.handoffArguments))
            let at = Int64(dataset.accounts.map(\.createdOn.number).max() ?? 0) * 86_400_000
            try insert(
                "INSERT INTO source_identities (source, kind, external_id, account_id, traits, updated_at_ms, rule)",
                dataset.links.map { l in [l.source, l.kind, l.externalID, l.accountID, "{}", at, l.rule] })
            try insert(
                "INSERT INTO support_tickets (source, stream, record_key, account_id, subject, status, priority, opened_at_ms, updated_at_ms, solved_at_ms)",
                dataset.tickets.map { t in
                    [
                        t.source, "tickets", t.key, t.accountID, t.subject, t.status, t.priority, t.openedAt?.milliseconds, t.updatedAt?.milliseconds,
                        t.solvedAt?.milliseconds,
                    ]
                })
            // The sync log is not client data: only the runs a demo wrote before are replaced.
            try db.execute(sql: "DELETE FROM sync_runs WHERE holder = 'demo'")
            try insert(
                "INSERT INTO sync_runs (source, run_trigger, holder, started_at_ms, ended_at_ms, status, streams, exit_code, error, stderr_tail)",
                dataset.syncRuns.map { r in
                    [
                        r.source, r.trigger.rawValue, r.holder, r.startedAt.milliseconds, r.endedAt?.milliseconds, r.status.rawValue,
                        Self.streamsText(r.streams),
                        r.exitCode, r.error, r.stderrTail,
                    ]
                })
        }
    }
}

extension SQLStore {
    static let insertAccountPrefix = """
        INSERT INTO accounts (id, name, domain, segment, industry, country, acquisition_source, cohort, lifecycle_stage,
          licensed_seats, owner_cs, owner_sales, owner_marketing, created_on, churned_on, churn_reason)
        """
    static let insertAccountSQL = insertAccountPrefix + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    static func accountArguments(_ a: Account) -> SQLArguments {
        [
            a.id, a.name, a.domain, a.segment, a.industry, a.country, a.acquisitionSource.rawValue, a.cohort,
            a.lifecycleStage.rawValue, a.licensedSeats, a.ownerCS, a.ownerSales, a.ownerMarketing, a.createdOn.iso,
            a.churnedOn?.iso, a.churnReason,
        ]
    }
}
