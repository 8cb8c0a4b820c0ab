public import AccordCore
import GRDB

extension SQLStore {
    /// An account a source record became; its id is stable, so writing it twice changes nothing.
    static func insertAccountIfNew(_ account: Account, _ db: any SQLSession) throws {
        try db.execute(sql: insertAccountSQL + " ON CONFLICT(id) DO NOTHING", arguments: accountArguments(account))
    }

    /// Records (or moves) a source's account record onto an account, with the reason.
    static func linkAccount(source: String, externalID: String, to accountID: String, at: Instant, rule: String, _ db: any SQLSession) throws {
        try db.execute(
            sql: """
                INSERT INTO source_identities (source, kind, external_id, account_id, contact_id, updated_at_ms, rule) VALUES (?, 'account', ?, ?, NULL, ?, ?)
                ON CONFLICT(source, kind, external_id) DO UPDATE SET account_id = excluded.account_id, updated_at_ms = excluded.updated_at_ms, rule = excluded.rule
                """, arguments: [source, externalID, accountID, at.milliseconds, rule])
    }

    public func accountsForMatching() async throws -> [ExistingAccount] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT id, name, domain, country FROM accounts ORDER BY created_on, id").map {
                ExistingAccount(id: $0["id"], name: $0["name"], domain: $0["domain"], country: $0["country"])
            }
        }
    }

    public func sourceLinks(source: String, kind: String) async throws -> [String: String] {
        try await read { db in
            var links: [String: String] = [:]
            for row in try SQLRow.fetchAll(
                db, sql: "SELECT external_id, account_id FROM source_identities WHERE source = ? AND kind = ? AND account_id IS NOT NULL",
                arguments: [source, kind])
            {
                links[row["external_id"]] = row["account_id"]
            }
            return links
        }
    }

    public func applyImport(_ plan: ImportPlan, source: String, at: Instant, audit: AuditEntry, progress: @escaping @Sendable (Int, Int) -> Void) async throws {
        try await write { db in try Self.writeImport(plan, source: source, at: at, audit: audit, progress: progress, db) }
    }

    /// An import's rows inside a transaction the caller holds (an import's own, or a sync commit's).
    static func writeImport(
        _ plan: ImportPlan, source: String, at: Instant, audit: AuditEntry, progress: @escaping @Sendable (Int, Int) -> Void, _ db: any SQLSession
    ) throws {
        let total = plan.merges.count + plan.created.count + plan.updates.count + plan.links.count + plan.reviews.count
        do {
            var counter = ImportProgress(total: total, report: progress)
            try Self.append(audit, db)
            for merge in plan.merges {
                _ = try Self.merge(merge, origin: .automatic, audit: audit, db)
                counter.advance()
            }
            // An id merged away earlier (or just now) is never written again: it stands for its survivor.
            let redirects = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account_redirects") ?? 0
            func current(_ id: String) throws -> String { redirects == 0 ? id : try Self.currentAccountID(id, db) ?? id }
            for account in plan.created {
                if try current(account.id) == account.id { try Self.insertAccountIfNew(account, db) }
                counter.advance()
            }
            let columns: Set<String> = [
                "name", "domain", "industry", "country", "licensed_seats", "lifecycle_stage", "owner_cs", "owner_sales", "segment", "acquisition_source",
            ]
            for update in plan.updates {
                for (column, value) in update.fields.sorted(by: { $0.key < $1.key }) where columns.contains(column) {
                    // The system of record overwrites; any other source only fills what is empty.
                    // Text, so one test reads a text column and a number column alike on every database.
                    let condition = update.overwrite.contains(column) ? "" : " AND (\(column) IS NULL OR CAST(\(column) AS TEXT) IN ('', '0'))"
                    try db.execute(sql: "UPDATE accounts SET \(column) = ? WHERE id = ?\(condition)", arguments: [value, try current(update.accountID)])
                }
                counter.advance()
            }
            for item in plan.links {
                try Self.linkAccount(source: source, externalID: item.externalID, to: try current(item.accountID), at: at, rule: item.rule, db)
                counter.advance()
            }
            for review in plan.reviews {
                try db.execute(
                    sql: """
                        INSERT INTO identity_reviews (source, external_id, candidate_account, probability, fields, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(source, external_id) DO UPDATE SET candidate_account = excluded.candidate_account, probability = excluded.probability,
                          fields = excluded.fields WHERE decision IS NULL
                        """,
                    arguments: [
                        source, review.externalID, review.candidate, review.probability,
                        JSONValue.object(review.fields.mapValues(JSONValue.string)).canonicalText, at.milliseconds,
                    ])
                counter.advance()
            }
        }
    }

    static func review(_ row: SQLRow) -> IdentityReview {
        var fields: [String: String] = [:]
        if case .object(let object)? = JSONText.decode(row["fields"]) { for (key, value) in object { fields[key] = value.stringValue } }
        return IdentityReview(
            id: row["id"], source: row["source"], externalID: row["external_id"], candidateAccount: row["candidate_account"],
            probability: row["probability"], fields: fields, createdAt: Instant(milliseconds: row["created_at_ms"]),
            decision: (row["decision"] as String?).flatMap(IdentityReview.Decision.init(rawValue:)), decidedBy: row["decided_by"],
            decidedAt: (row["decided_at_ms"] as Int64?).map(Instant.init(milliseconds:)))
    }

    public func identityReviews(openOnly: Bool) async throws -> [IdentityReview] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM identity_reviews \(openOnly ? "WHERE decision IS NULL" : "") ORDER BY id").map(Self.review)
        }
    }

    public func identityReview(id: Int64) async throws -> IdentityReview? {
        try await read { db in try SQLRow.fetchOne(db, sql: "SELECT * FROM identity_reviews WHERE id = ?", arguments: [id]).map(Self.review) }
    }

    public func decideReview(id: Int64, decision: IdentityReview.Decision, newAccount: Account?, at: Instant, audit: AuditEntry) async throws -> IdentityReview?
    {
        try await write { db in
            guard let before = try SQLRow.fetchOne(db, sql: "SELECT * FROM identity_reviews WHERE id = ?", arguments: [id]).map(Self.review) else { return nil }
            guard before.decision == nil else { return before }
            let accountID: String
            let rule: String
            switch decision {
            case .link:
                accountID = try Self.currentAccountID(before.candidateAccount, db) ?? before.candidateAccount
                rule = "linked to \(accountID) by \(audit.actor) after review"
            case .separate:
                guard let account = newAccount else { throw StoreError.invalidQuery("a separate decision needs the new account") }
                try Self.insertAccountIfNew(account, db)
                accountID = account.id
                rule = "kept apart from \(before.candidateAccount) by \(audit.actor) after review"
            }
            // A person's decision is a link like any other: the next import finds it and leaves it be.
            try Self.linkAccount(source: before.source, externalID: before.externalID, to: accountID, at: at, rule: rule, db)
            try db.execute(
                sql: "UPDATE identity_reviews SET decision = ?, decided_by = ?, decided_at_ms = ? WHERE id = ?",
                arguments: [decision.rawValue, audit.actor, at.milliseconds, id])
            var entry = audit
            entry.before = ["record": .string("\(before.source) \(before.externalID)"), "candidate": .string(before.candidateAccount), "decision": .null]
            entry.after = ["record": .string("\(before.source) \(before.externalID)"), "account": .string(accountID), "decision": .string(decision.rawValue)]
            try Self.append(entry, db)
            var after = before
            after.decision = decision
            after.decidedBy = audit.actor
            after.decidedAt = at
            return after
        }
    }

    public func identities(accountID: String) async throws -> [SourceIdentity] {
        try await read { db in
            try SQLRow.fetchAll(
                db, sql: "SELECT * FROM source_identities WHERE account_id = ? ORDER BY source, kind, external_id", arguments: [accountID]
            ).map { row in
                SourceIdentity(
                    source: row["source"], kind: row["kind"], externalID: row["external_id"], accountID: row["account_id"], contactID: row["contact_id"],
                    rule: row["rule"], mergedFrom: row["merged_from"], updatedAt: Instant(milliseconds: row["updated_at_ms"]))
            }
        }
    }
}

extension SQLStore {
    public func contactsForMatching() async throws -> [ExistingContact] {
        try await read { db in
            try SQLRow.fetchAll(db, sql: "SELECT id, account_id, email FROM contacts ORDER BY id").map {
                ExistingContact(id: $0["id"], accountID: $0["account_id"], email: $0["email"])
            }
        }
    }

    public func contactLinks(source: String) async throws -> [String: (contact: String, account: String)] {
        try await read { db in
            var links: [String: (contact: String, account: String)] = [:]
            for row in try SQLRow.fetchAll(
                db, sql: "SELECT external_id, contact_id, account_id FROM source_identities WHERE source = ? AND kind = 'contact' AND contact_id IS NOT NULL",
                arguments: [source])
            {
                links[row["external_id"]] = (row["contact_id"], row["account_id"] ?? "")
            }
            return links
        }
    }

    public func applyContactImport(
        _ plan: ContactImportPlan, source: String, at: Instant, audit: AuditEntry, progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws {
        try await write { db in try Self.writeContactImport(plan, source: source, at: at, audit: audit, progress: progress, db) }
    }

    /// A contact import's rows inside a transaction the caller holds.
    static func writeContactImport(
        _ plan: ContactImportPlan, source: String, at: Instant, audit: AuditEntry, progress: @escaping @Sendable (Int, Int) -> Void, _ db: any SQLSession
    ) throws {
        let total = plan.created.count + plan.updates.count + plan.links.count
        do {
            var counter = ImportProgress(total: total, report: progress)
            try Self.append(audit, db)
            for c in plan.created {
                try db.execute(
                    sql: """
                        INSERT INTO contacts (id, account_id, name, email, title, stakeholder_role, influence, last_engaged_on)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING
                        """, arguments: [c.id, c.accountID, c.name, c.email, c.title, c.stakeholderRole.rawValue, c.influence, c.lastEngagedOn?.iso])
                counter.advance()
            }
            for (contact, fields) in plan.updates.sorted(by: { $0.key < $1.key }) {
                for (column, value) in fields.sorted(by: { $0.key < $1.key }) {
                    switch column {
                    case "name", "email", "title":
                        // Another system's view only fills what the record lacks.
                        try db.execute(
                            sql: "UPDATE contacts SET \(column) = ? WHERE id = ? AND (\(column) IS NULL OR \(column) = '')", arguments: [value, contact])
                    // The source that maps the stakeholder map keeps it: a CS platform's role is the current one.
                    case "stakeholder_role": try db.execute(sql: "UPDATE contacts SET stakeholder_role = ? WHERE id = ?", arguments: [value, contact])
                    case "influence": try db.execute(sql: "UPDATE contacts SET influence = ? WHERE id = ?", arguments: [Int(value) ?? 1, contact])
                    case "last_engaged_on":
                        // ISO days compare as text; an older engagement from another system never winds it back.
                        try db.execute(
                            sql: "UPDATE contacts SET last_engaged_on = ? WHERE id = ? AND (last_engaged_on IS NULL OR last_engaged_on < ?)",
                            arguments: [value, contact, value])
                    default: break
                    }
                }
                counter.advance()
            }
            for link in plan.links {
                try db.execute(
                    sql: """
                        INSERT INTO source_identities (source, kind, external_id, account_id, contact_id, updated_at_ms, rule) VALUES (?, 'contact', ?, ?, ?, ?, ?)
                        ON CONFLICT(source, kind, external_id) DO UPDATE SET account_id = excluded.account_id, contact_id = excluded.contact_id,
                          updated_at_ms = excluded.updated_at_ms, rule = excluded.rule
                        """, arguments: [source, link.externalID, link.accountID, link.contactID, at.milliseconds, link.rule])
                counter.advance()
            }
        }
    }
}

/// Counts written rows and reports every 1,000th and the last, so a large import shows it is moving.
struct ImportProgress {
    let total: Int
    let report: @Sendable (Int, Int) -> Void
    var done = 0

    mutating func advance() {
        done += 1
        if done % 1_000 == 0 || done == total { report(done, total) }
    }
}
