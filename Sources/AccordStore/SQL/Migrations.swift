/// The schema of both databases as one list of migrations, written once in SQLite's dialect;
/// PostgreSQL's types are derived from it (`Schema.statements(_:for:)`), and the few statements
/// that differ (the audit log's append-only trigger) are given for each. SQLite records what ran
/// in GRDB's `grdb_migrations`, PostgreSQL in `accord_migrations`, by the same identifiers. Never
/// edit a shipped migration: add the next one. A test compares the columns, types and indexes
/// both databases end up with.
struct Migration: Sendable {
    enum Part: Sendable {
        case both(String)
        case sqlite(String)
        case postgres(String)
    }

    let id: String
    let parts: [Part]

    init(_ id: String, _ parts: Part...) {
        self.id = id
        self.parts = parts
    }
}

enum Schema {
    static let migrations: [Migration] = [
        Migration("v1-client-record", .both(clientRecord)),
        Migration("v2-ingestion", .both(ingestion)),
        Migration("v3-access", .both(access), .sqlite(accessInSQLite), .postgres(auditLogAppendOnlyInPostgres)),
        Migration("v4-identity", .both(identity)),
        Migration("v5-identity-reviews", .both(identityReviews)),
        Migration("v6-account-merges", .both(accountMerges)),
        Migration("v7-handoffs", .both(handoffs)),
        Migration("v8-webhooks", .both(webhooks)),
        Migration("v9-triage-notes", .both(triageNotes)),
        Migration("v10-outcome-models", .both(outcomeModels)),
        Migration("v11-background-jobs", .both(backgroundJobs)),
        Migration("v12-sync", .both(sync)),
        Migration("v13-sync-mapping", .both(syncMapping)),
        Migration("v14-sync-feeds", .both(syncFeeds)),
        Migration("v15-source-owners", .both(sourceOwners)),
        Migration("v16-marketing-touches", .both(marketingTouches)),
        Migration("v17-plays", .both(plays)),
        Migration("v18-saves", .both(saves)),
        Migration("v19-win-back", .both(winBack)),
        Migration("v20-program", .both(program)),
        Migration("v21-rituals", .both(rituals)),
    ]
}
