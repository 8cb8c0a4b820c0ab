public import AccordCore
import Foundation
import GRDB

extension SQLStore {
    public func outcomeModelVersions() async throws -> [OutcomeModelVersion] {
        try await read { db in try Self.versions(db) }
    }

    public func proposeOutcomeModel(_ model: OutcomeModel, by: String, at: Instant, audit: AuditEntry) async throws -> OutcomeModelVersion? {
        try await write { db in
            let body = String(decoding: try JSONEncoder.sorted.encode(model), as: UTF8.self)
            let newest = try SQLRow.fetchOne(
                db, sql: "SELECT version, body FROM outcome_model_versions WHERE model_id = ? ORDER BY version DESC LIMIT 1", arguments: [model.id])
            guard let proposal = OutcomeVersionStateMachine.propose(body: body, newest: newest.map { ($0["version"], $0["body"]) }) else { return nil }
            let version = proposal.version
            if proposal.supersedesDrafts {
                try db.execute(sql: "UPDATE outcome_model_versions SET status = 'superseded' WHERE model_id = ? AND status = 'draft'", arguments: [model.id])
            }
            try db.execute(
                sql: "INSERT INTO outcome_model_versions (model_id, version, body, status, created_by, created_at_ms) VALUES (?, ?, ?, 'draft', ?, ?)",
                arguments: [model.id, version, body, by, at.milliseconds])
            var entry = audit
            entry.target = "outcome_model:\(model.id)"
            entry.after = ["version": .number(Double(version)), "status": "draft"]
            try Self.append(entry, db)
            return try Self.versions(db).first { $0.model.id == model.id && $0.version == version }
        }
    }

    public func signOutcomeModel(id: String, version: Int, function: String, person: String, at: Instant, audit: AuditEntry) async throws -> OutcomeModelVersion
    {
        try await write { db in
            guard let current = try Self.versions(db).first(where: { $0.model.id == id && $0.version == version }) else {
                throw StoreError.notFound("no outcome model '\(id)' version \(version)")
            }
            // The lifecycle decides; this only writes what it returned.
            let signing = try OutcomeVersionStateMachine.sign(current, function: function, person: person, at: at)
            try db.execute(
                sql: "INSERT INTO outcome_model_signatures (model_id, version, function, person_id, signed_at_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, version, function, person, at.milliseconds])
            var entry = audit
            entry.target = "outcome_model:\(id)"
            entry.after = ["version": .number(Double(version)), "function": .string(function), "person": .string(person)]
            try Self.append(entry, db)
            if signing.activates {
                // The last signature: this version is the model from now on.
                try db.execute(
                    sql:
                        "UPDATE outcome_model_versions SET status = 'superseded' WHERE model_id = ? AND (status = 'active' OR (status = 'draft' AND version < ?))",
                    arguments: [id, version])
                try db.execute(
                    sql: "UPDATE outcome_model_versions SET status = 'active', activated_at_ms = ? WHERE model_id = ? AND version = ?",
                    arguments: [at.milliseconds, id, version])
                var activated = audit
                activated.action = "outcome_model.activated"
                activated.target = "outcome_model:\(id)"
                activated.after = ["version": .number(Double(version))]
                try Self.append(activated, db)
            }
            return try Self.versions(db).first { $0.model.id == id && $0.version == version }!
        }
    }

    static func versions(_ db: any SQLSession) throws -> [OutcomeModelVersion] {
        var signatures: [String: [OutcomeModelVersion.Signature]] = [:]
        for row in try SQLRow.fetchAll(db, sql: "SELECT * FROM outcome_model_signatures ORDER BY signed_at_ms, function") {
            signatures["\(row["model_id"] as String)#\(row["version"] as Int)", default: []].append(
                .init(function: row["function"], person: row["person_id"], at: Instant(milliseconds: row["signed_at_ms"])))
        }
        return try SQLRow.fetchAll(db, sql: "SELECT * FROM outcome_model_versions ORDER BY model_id, version").compactMap { row in
            guard let model = try? JSONDecoder().decode(OutcomeModel.self, from: Data((row["body"] as String).utf8)) else { return nil }
            let key = "\(row["model_id"] as String)#\(row["version"] as Int)"
            return OutcomeModelVersion(
                model: model, version: row["version"], status: OutcomeModelVersion.Status(rawValue: row["status"]) ?? .draft, createdBy: row["created_by"],
                createdAt: Instant(milliseconds: row["created_at_ms"]), signatures: signatures[key] ?? [],
                activatedAt: (row["activated_at_ms"] as Int64?).map(Instant.init(milliseconds:)))
        }
    }
}

extension JSONEncoder {
    /// Stable text for comparing two bodies.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
