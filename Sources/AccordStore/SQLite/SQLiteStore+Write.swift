public import AccordCore
import GRDB

extension SQLiteStore {
    public func replaceAll(with dataset: Dataset, progress: @escaping @Sendable (Int, Int) -> Void) async throws {
        try await write { db in
            for table in SQLiteSchema.mergeTables { try db.execute(sql: "DELETE FROM \(table)") }
            for table in SQLiteSchema.tables.reversed() { try db.execute(sql: "DELETE FROM \(table)") }
            let event = try db.cachedStatement(sql: SQLiteStore.insertEventSQL)
            let total = dataset.rowCount
            var written = 0
            func advance() {
                written += 1
                if written % 20_000 == 0 || written == total { progress(written, total) }
            }
            let account = try db.cachedStatement(sql: Self.insertAccountSQL)
            for a in dataset.accounts {
                try account.execute(arguments: Self.accountArguments(a))
                advance()
            }
            let contact = try db.cachedStatement(sql: """
                INSERT INTO contacts (id, account_id, name, email, title, stakeholder_role, influence, last_engaged_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for c in dataset.contacts {
                try contact.execute(arguments: [c.id, c.accountID, c.name, c.email, c.title, c.stakeholderRole.rawValue, c.influence, c.lastEngagedOn?.iso])
                advance()
            }
            let subscription = try db.cachedStatement(sql: "INSERT INTO subscriptions (account_id, mrr_cents, started_on, renewal_on, status) VALUES (?, ?, ?, ?, ?)")
            for s in dataset.subscriptions {
                try subscription.execute(arguments: [s.accountID, s.mrrCents, s.startedOn.iso, s.renewalOn.iso, s.status.rawValue])
                advance()
            }
            let movement = try db.cachedStatement(sql: "INSERT INTO mrr_movements (account_id, occurred_on, kind, amount_cents, mrr_after_cents) VALUES (?, ?, ?, ?, ?)")
            for m in dataset.movements {
                try movement.execute(arguments: [m.accountID, m.occurredOn.iso, m.kind.rawValue, m.amountCents, m.mrrAfterCents])
                advance()
            }
            for e in dataset.events {
                try event.execute(arguments: SQLiteStore.eventArguments(e))
                advance()
            }
            let usage = try db.cachedStatement(sql: "INSERT INTO usage_weeks (account_id, week_start, active_seats, licensed_seats) VALUES (?, ?, ?, ?)")
            for u in dataset.usage {
                try usage.execute(arguments: [u.accountID, u.weekStart.iso, u.activeSeats, u.licensedSeats])
                advance()
            }
            let survey = try db.cachedStatement(sql: "INSERT INTO survey_responses (id, account_id, contact_id, kind, score, responded_on) VALUES (?, ?, ?, ?, ?, ?)")
            for r in dataset.surveys {
                try survey.execute(arguments: [r.id, r.accountID, r.contactID, r.kind.rawValue, r.score, r.respondedOn.iso])
                advance()
            }
            for h in dataset.handoffs {
                try Self.insertHandoff(h, db)
                advance()
            }
        }
    }
}

extension SQLiteStore {
    static let insertAccountSQL = """
        INSERT INTO accounts (id, name, domain, segment, industry, country, acquisition_source, cohort, lifecycle_stage,
          licensed_seats, owner_cs, owner_sales, owner_marketing, created_on, churned_on, churn_reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func accountArguments(_ a: Account) -> StatementArguments {
        [
            a.id, a.name, a.domain, a.segment, a.industry, a.country, a.acquisitionSource.rawValue, a.cohort,
            a.lifecycleStage.rawValue, a.licensedSeats, a.ownerCS, a.ownerSales, a.ownerMarketing, a.createdOn.iso,
            a.churnedOn?.iso, a.churnReason,
        ]
    }
}
