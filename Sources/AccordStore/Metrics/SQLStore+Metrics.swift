public import AccordCore
import Foundation
import GRDB

extension SQLStore {
    /// Each query reads an index or a small table; none scans the event log.
    public func metricFacts(asOf: Day, adoptionThreshold: Double, sources: [String]) async throws -> MetricFacts {
        try await read { db in
            func firstDays(_ name: String, latest: Bool = false) throws -> [String: Day] {
                var days: [String: Day] = [:]
                try db.forEach(
                    sql: """
                        SELECT account_id, \(latest ? "MAX" : "MIN")(timestamp_ms) AS at FROM events WHERE name = ? AND account_id IS NOT NULL GROUP BY account_id
                        """, arguments: [name]
                ) { row in days[row[0]] = Instant(milliseconds: row[1]).day }
                return days
            }
            let firstValue = try firstDays("first_value_achieved")
            let kickoff = try firstDays("implementation_kickoff_completed")
            let expansion = try firstDays("expansion_signal_detected", latest: true)
            var adopted: [String: Day] = [:]
            for row in try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT account_id, MIN(week_start) AS week FROM usage_weeks WHERE licensed_seats > 0 AND active_seats >= CAST(? AS DOUBLE PRECISION) * licensed_seats GROUP BY account_id
                    """, arguments: [adoptionThreshold])
            {
                if let week = Day(iso: row[1] as String) { adopted[row[0]] = week.adding(days: 6) }
            }
            var clients: [MetricFacts.Client] = []
            try db.forEach(
                sql: """
                    SELECT a.id, a.name, a.segment, a.acquisition_source, a.lifecycle_stage, a.owner_cs, a.owner_sales, a.churned_on, s.renewal_on,
                      (SELECT MIN(occurred_on) FROM mrr_movements m WHERE m.account_id = a.id AND m.kind = 'new') AS signed
                    FROM accounts a LEFT JOIN subscriptions s ON s.account_id = a.id ORDER BY a.id
                    """
            ) { row in
                // Columns by position: decoding by name costs more than the query on 10,000 accounts.
                let id: String = row[0]
                func day(_ column: Int) -> Day? { (row[column] as String?).flatMap { Day(iso: $0) } }
                clients.append(
                    MetricFacts.Client(
                        id: id, name: row[1], segment: row[2], source: AcquisitionSource(rawValue: row[3]) ?? .sales,
                        stage: LifecycleStage(rawValue: row[4]) ?? .awareness, ownerCS: row[5], ownerSales: row[6],
                        signed: day(9), churnedOn: day(7), renewalOn: day(8),
                        firstValue: firstValue[id], kickoff: kickoff[id], adopted: adopted[id], expansionSignal: expansion[id]))
            }
            var movements: [MRRMovement] = []
            try db.forEach(sql: "SELECT account_id, occurred_on, kind, amount_cents, mrr_after_cents FROM mrr_movements ORDER BY occurred_on, id") { m in
                movements.append(
                    MRRMovement(
                        accountID: m[0], occurredOn: Day(iso: m[1] as String) ?? Day(0),
                        kind: MRRMovementKind(rawValue: m[2]) ?? .new, amountCents: m[3], mrrAfterCents: m[4]))
            }
            var stakeholders: [MetricFacts.Stakeholder] = []
            try db.forEach(sql: "SELECT account_id, stakeholder_role, last_engaged_on FROM contacts") { c in
                stakeholders.append(
                    .init(
                        accountID: c[0], role: StakeholderRole(rawValue: c[1]) ?? .user,
                        lastEngaged: (c[2] as String?).flatMap { Day(iso: $0) }))
            }
            var surveys: [SurveyResponse] = []
            // The metrics count responses per account and kind; the response's own id is not read.
            try db.forEach(
                sql: "SELECT account_id, kind, score, responded_on FROM survey_responses WHERE responded_on BETWEEN ? AND ?",
                arguments: [Period.trailingYear(asOf).from.iso, asOf.iso]
            ) { r in
                guard let kind = SurveyKind(rawValue: r[1]), let day = Day(iso: r[3] as String) else { return }
                surveys.append(SurveyResponse(id: "", accountID: r[0], contactID: nil, kind: kind, score: r[2], respondedOn: day))
            }
            var freshness: [MetricFacts.Freshness] = []
            var conformance: [String: MetricFacts.Presence] = [:]
            for source in sources {
                let rows = try SQLRow.fetchAll(
                    db,
                    sql: """
                        SELECT timestamp_ms, received_at_ms, plan_status FROM events WHERE source = ? ORDER BY seq DESC LIMIT 1000
                        """, arguments: [source])
                guard !rows.isEmpty else { continue }
                let lags = rows.map { Double(max(0, ($0["received_at_ms"] as Int64) - ($0["timestamp_ms"] as Int64))) / 1000 }.sorted()
                func quantile(_ q: Double) -> Double { lags[min(lags.count - 1, Int((Double(lags.count) * q).rounded(.up)) - 1)] }
                freshness.append(
                    .init(
                        source: source, sampled: rows.count, lastReceived: rows.map { Instant(milliseconds: $0["received_at_ms"]) }.max(),
                        lagP50Seconds: quantile(0.5), lagP95Seconds: quantile(0.95)))
                let flagged = rows.filter { ["unplanned", "invalid"].contains($0["plan_status"] as String? ?? "") }.count
                conformance[source] = .init(present: rows.count - flagged, total: rows.count)
            }
            var facts = MetricFacts(
                asOf: asOf, clients: clients, movements: movements, stakeholders: stakeholders, surveys: surveys,
                freshness: freshness, presence: try Self.presence(db), planConformance: conformance)
            facts.syncs = try Self.syncFreshness(db)
            return facts
        }
    }

    /// Filled values per client-record field, counted on the table that holds it.
    static func presence(_ db: any SQLSession) throws -> [String: MetricFacts.Presence] {
        let tables: [(table: String, fields: [(field: String, column: String)])] = [
            (
                "accounts",
                [
                    ("account.name", "name"), ("account.domain", "domain"), ("account.segment", "segment"), ("account.industry", "industry"),
                    ("account.country", "country"), ("account.licensed_seats", "NULLIF(licensed_seats, 0)"), ("account.lifecycle_stage", "lifecycle_stage"),
                    ("account.acquisition_source", "acquisition_source"), ("account.owner_cs", "owner_cs"), ("account.owner_sales", "owner_sales"),
                ]
            ),
            ("contacts", [("contact.name", "name"), ("contact.email", "email"), ("contact.title", "title"), ("contact.stakeholder_role", "stakeholder_role")]),
            (
                "subscriptions",
                [
                    ("subscription.mrr", "mrr_cents"), ("subscription.amount", "mrr_cents"), ("subscription.renewal_on", "renewal_on"),
                    ("subscription.status", "status"),
                ]
            ),
        ]
        var result: [String: MetricFacts.Presence] = [:]
        for (table, fields) in tables {
            let columns = fields.map { "COUNT(NULLIF(CAST(\($0.column) AS TEXT), ''))" }.joined(separator: ", ")
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT COUNT(*), \(columns) FROM \(table)") else { continue }
            let total: Int = row[0]
            for (index, field) in fields.enumerated() { result[field.field] = .init(present: row[index + 1], total: total) }
        }
        return result
    }
}
