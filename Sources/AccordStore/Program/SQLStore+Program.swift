public import AccordCore
import Foundation

extension SQLStore {
    public func programEvidence(since start: Day) async throws -> ProgramEvidence {
        let from = Instant(day: start).milliseconds
        return try await read { db in
            var evidence = ProgramEvidence()
            for row in try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT handoff, MIN(submitted_at_ms) AS submitted, MIN(decided_at_ms) AS decided, COUNT(decided_at_ms) AS count
                    FROM handoffs WHERE submitted_at_ms >= ? GROUP BY handoff
                    """, arguments: [from])
            {
                evidence.handoffs[row["handoff"]] = .init(
                    firstSubmitted: (row["submitted"] as Int64?).map(Instant.init(milliseconds:)),
                    firstDecided: (row["decided"] as Int64?).map(Instant.init(milliseconds:)), decided: row["count"])
            }
            func add(_ sql: String, _ apply: (inout ProgramEvidence.Source, SQLRow) -> Void) throws {
                for row in try SQLRow.fetchAll(db, sql: sql) { apply(&evidence.sources[row["source"], default: .init()], row) }
            }
            try add("SELECT source, COUNT(*) AS n, COUNT(account_id) AS linked FROM source_identities GROUP BY source") { source, row in
                source.records += row["n"] as Int
                source.linked += row["linked"] as Int
            }
            // Events kept aside on arrival are records and events of their source that are on no client record and off the plan.
            try add(
                """
                SELECT source, COUNT(*) AS n, COUNT(account_id) AS linked,
                  SUM(CASE WHEN plan_status IN ('unplanned', 'invalid') THEN 0 ELSE 1 END) AS planned
                FROM events GROUP BY source
                """
            ) { source, row in
                source.records += row["n"] as Int
                source.linked += row["linked"] as Int
                source.events += row["n"] as Int
                source.onPlan += row["planned"] as Int
            }
            try add("SELECT source, COUNT(*) AS n FROM failed_events GROUP BY source") { source, row in
                source.records += row["n"] as Int
                source.events += row["n"] as Int
            }
            evidence.firstSync = try SQLRow.fetchOne(db, sql: "SELECT MIN(started_at_ms) AS first FROM sync_runs WHERE started_at_ms >= ?", arguments: [from])
                .flatMap { ($0["first"] as Int64?).map(Instant.init(milliseconds:)) }
            evidence.renewals = try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT account_id, renewal_on, mrr_cents FROM subscriptions
                    WHERE status = 'active' AND renewal_on IS NOT NULL AND renewal_on >= ?
                    """, arguments: [start.iso]
            ).compactMap { row in
                Day(iso: row["renewal_on"] as String).map { ProgramEvidence.Renewal(account: row["account_id"], on: $0, mrrCents: row["mrr_cents"]) }
            }
            evidence.dashboardProposals = try Self.proposals(db).filter { $0.kind == .dashboard }
            return evidence
        }
    }

    public func eventVolumes(recentFrom: Instant) async throws -> [ArtifactInputs.EventVolume] {
        try await read { db in
            try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT name, source, COUNT(*) AS n, SUM(CASE WHEN timestamp_ms >= ? THEN 1 ELSE 0 END) AS recent, MAX(timestamp_ms) AS last
                    FROM events GROUP BY name, source ORDER BY name, source
                    """, arguments: [recentFrom.milliseconds]
            ).map { row in
                ArtifactInputs.EventVolume(
                    event: row["name"], source: row["source"], total: row["n"], last30Days: (row["recent"] as Int?) ?? 0,
                    lastSeen: (row["last"] as Int64?).map(Instant.init(milliseconds:)))
            }
        }
    }

    public func specProposals() async throws -> [SpecProposal] {
        try await read { db in try Self.proposals(db) }
    }

    public func proposeSpecChange(_ proposal: SpecProposal, audit: AuditEntry) async throws -> SpecProposal {
        try await write { db in
            let next = (try SQLRow.fetchOne(db, sql: "SELECT MAX(id) AS id FROM spec_proposals")?["id"] as Int?) ?? 0
            var stored = proposal
            stored.id = next + 1
            try Self.save(stored, insert: true, db)
            var entry = audit
            entry.target = "spec_proposal:\(stored.id)"
            entry.after = ["kind": .string(stored.kind.rawValue), "title": .string(stored.title)]
            try Self.append(entry, db)
            return stored
        }
    }

    public func signSpecProposal(
        id: Int, function: String, person: String, at: Instant, taxonomy: Taxonomy, audit: AuditEntry
    ) async throws -> SpecProposal {
        try await write { db in
            let all = try Self.proposals(db)
            guard var proposal = all.first(where: { $0.id == id }) else { throw StoreError.notFound("no proposal \(id)") }
            // The lifecycle decides, against the proposals as this transaction sees them; this only writes what it returned.
            let signing = try SpecProposalStateMachine.sign(proposal, function: function, person: person, at: at, taxonomy: taxonomy, proposals: all)
            proposal.signatures.append(signing.signature)
            var entry = audit
            entry.target = "spec_proposal:\(id)"
            entry.after = ["function": .string(function), "person": .string(person)]
            try Self.append(entry, db)
            if signing.approves {
                // A dashboard proposal replaces the whole section; taxonomy proposals add up, each on the ones before.
                for var earlier in all
                where proposal.kind == .dashboard && earlier.kind == .dashboard && earlier.id != id && earlier.status != .superseded {
                    earlier.status = .superseded
                    try Self.save(earlier, insert: false, db)
                }
                proposal.status = .approved
                proposal.approvedAt = at
                var approved = audit
                approved.action = "spec_proposal.approved"
                approved.target = "spec_proposal:\(id)"
                try Self.append(approved, db)
            }
            try Self.save(proposal, insert: false, db)
            return proposal
        }
    }

    static func proposals(_ db: any SQLSession) throws -> [SpecProposal] {
        try SQLRow.fetchAll(db, sql: "SELECT body FROM spec_proposals ORDER BY id DESC").map {
            try JSONDecoder().decode(SpecProposal.self, from: Data(($0["body"] as String).utf8))
        }
    }

    static func save(_ proposal: SpecProposal, insert: Bool, _ db: any SQLSession) throws {
        let body = String(decoding: try JSONEncoder().encode(proposal), as: UTF8.self)
        if insert {
            try db.execute(
                sql: "INSERT INTO spec_proposals (id, kind, status, proposed_at_ms, body) VALUES (?, ?, ?, ?, ?)",
                arguments: [proposal.id, proposal.kind.rawValue, proposal.status.rawValue, proposal.proposedAt.milliseconds, body])
        } else {
            try db.execute(sql: "UPDATE spec_proposals SET status = ?, body = ? WHERE id = ?", arguments: [proposal.status.rawValue, body, proposal.id])
        }
    }
}
