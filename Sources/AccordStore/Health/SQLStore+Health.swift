import AccordCore

extension SQLStore {
    public func healthExtras(account: String?) async throws -> [String: HealthExtras] {
        try await read { db in
            var extras: [String: HealthExtras] = [:]
            let filter = account == nil ? "" : "WHERE account_id = ?"
            let arguments = SQLArguments(account.map { [$0] } ?? [])
            try db.forEach(sql: "SELECT account_id, stakeholder_role, last_engaged_on FROM contacts \(filter)", arguments: arguments) { row in
                extras[row[0], default: HealthExtras()].stakeholders.append(
                    MetricFacts.Stakeholder(
                        accountID: row[0], role: StakeholderRole(rawValue: row[1]) ?? .user, lastEngaged: (row[2] as String?).flatMap { Day(iso: $0) }))
            }
            try db.forEach(sql: "SELECT account_id, opened_at_ms, solved_at_ms, priority FROM support_tickets \(filter)", arguments: arguments) { row in
                guard let opened = row[1] as Int64? else { return }
                extras[row[0], default: HealthExtras()].tickets.append(
                    HealthFacts.Ticket(
                        opened: Instant(milliseconds: opened).day, solved: (row[2] as Int64?).map { Instant(milliseconds: $0).day }, priority: row[3]))
            }
            try db.forEach(sql: "SELECT id, account_id, contact_id, kind, score, responded_on FROM survey_responses \(filter)", arguments: arguments) { row in
                guard let kind = SurveyKind(rawValue: row[3]), let day = Day(iso: row[5] as String) else { return }
                extras[row[1], default: HealthExtras()].surveys.append(
                    SurveyResponse(id: row[0], accountID: row[1], contactID: row[2], kind: kind, score: row[4], respondedOn: day))
            }
            try db.forEach(sql: "SELECT account_id, handoff, submitted_at_ms, due_at_ms, decided_at_ms, status FROM handoffs \(filter)", arguments: arguments) {
                row in
                extras[row[0], default: HealthExtras()].handoffs.append(
                    HealthFacts.HandoffMark(
                        handoff: row[1], submitted: Instant(milliseconds: row[2]), due: Instant(milliseconds: row[3]),
                        decided: (row[4] as Int64?).map(Instant.init(milliseconds:)), status: Handoff.Status(rawValue: row[5]) ?? .waiting))
            }
            return extras
        }
    }
}
