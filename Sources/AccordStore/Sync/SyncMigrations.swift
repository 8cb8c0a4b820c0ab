/// The sync tables of `Schema.migrations`, in SQLite's dialect. Shipped scripts are never edited.
extension Schema {
    /// Singer syncs: every record as the tap sent it (upserted on its key, so a resend is one
    /// record), each source's last committed state, the runs, and the records not taken.
    static let sync = """
        CREATE TABLE sync_records (
          source TEXT NOT NULL,
          stream TEXT NOT NULL,
          record_key TEXT NOT NULL,
          record TEXT NOT NULL,
          version INTEGER,
          deleted_at_ms INTEGER,
          received_at_ms INTEGER NOT NULL,
          run_id INTEGER NOT NULL,
          PRIMARY KEY (source, stream, record_key)
        ) WITHOUT ROWID;
        CREATE TABLE sync_states (
          source TEXT PRIMARY KEY NOT NULL,
          state TEXT NOT NULL,
          run_id INTEGER NOT NULL,
          updated_at_ms INTEGER NOT NULL
        );
        CREATE TABLE sync_runs (
          id INTEGER PRIMARY KEY,
          source TEXT NOT NULL,
          run_trigger TEXT NOT NULL,
          holder TEXT NOT NULL,
          started_at_ms INTEGER NOT NULL,
          ended_at_ms INTEGER,
          status TEXT NOT NULL,
          streams TEXT NOT NULL,
          state_before TEXT,
          state_after TEXT,
          exit_code INTEGER,
          error TEXT,
          stderr_tail TEXT
        );
        CREATE INDEX sync_runs_by_source ON sync_runs(source, id);
        CREATE TABLE sync_rejects (
          id INTEGER PRIMARY KEY,
          run_id INTEGER NOT NULL REFERENCES sync_runs(id),
          source TEXT NOT NULL,
          stream TEXT NOT NULL,
          record_key TEXT,
          line INTEGER NOT NULL,
          reason TEXT NOT NULL,
          record TEXT NOT NULL,
          at_ms INTEGER NOT NULL
        );
        CREATE INDEX sync_rejects_by_source ON sync_rejects(source, id);
        """

    /// Raw records are mapped into the client record after they land, in batches of their own; a
    /// record still waiting has no `mapped_at_ms`. Rejects remember when a replay took them again,
    /// a run keeps what did not add up (a tap's METRIC counts against Accord's, say), and a source
    /// told to be stale is remembered until its tap works again, so it is told once.
    static let syncMapping = """
        ALTER TABLE sync_records ADD COLUMN mapped_at_ms INTEGER;
        UPDATE sync_records SET mapped_at_ms = received_at_ms;
        CREATE INDEX sync_records_unmapped ON sync_records(source, stream, record_key) WHERE mapped_at_ms IS NULL;
        ALTER TABLE sync_rejects ADD COLUMN replayed_at_ms INTEGER;
        ALTER TABLE sync_runs ADD COLUMN warnings TEXT;
        CREATE TABLE sync_alerts (
          source TEXT PRIMARY KEY NOT NULL,
          stale_since_ms INTEGER NOT NULL,
          notified_at_ms INTEGER NOT NULL
        );
        """

    /// What billing and support streams feed: each subscription item with its account and MRR
    /// (the client's subscription is their sum), and support tickets.
    static let syncFeeds = """
        CREATE TABLE sync_subscription_items (
          source TEXT NOT NULL,
          stream TEXT NOT NULL,
          record_key TEXT NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          mrr_cents INTEGER NOT NULL,
          state TEXT NOT NULL,
          started_on TEXT,
          renewal_on TEXT,
          changed_on TEXT,
          updated_at_ms INTEGER NOT NULL,
          PRIMARY KEY (source, stream, record_key)
        );
        CREATE INDEX sync_subscription_items_by_account ON sync_subscription_items(account_id);
        CREATE TABLE support_tickets (
          source TEXT NOT NULL,
          stream TEXT NOT NULL,
          record_key TEXT NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          subject TEXT NOT NULL,
          status TEXT NOT NULL,
          priority TEXT,
          opened_at_ms INTEGER,
          updated_at_ms INTEGER,
          solved_at_ms INTEGER,
          PRIMARY KEY (source, stream, record_key)
        );
        CREATE INDEX support_tickets_by_account ON support_tickets(account_id, opened_at_ms);
        """

    /// A system's users who are the spec's people (matched by email), so the owner ids in its
    /// account records become those people.
    static let sourceOwners = """
        CREATE TABLE source_owners (
          source TEXT NOT NULL,
          external_id TEXT NOT NULL,
          person_id TEXT NOT NULL,
          updated_at_ms INTEGER NOT NULL,
          PRIMARY KEY (source, external_id)
        );
        """

    /// What marketing automation syncs of how a client came: each piece of content a person
    /// consumed, linked to the client (and the contact, when the email is one).
    static let marketingTouches = """
        CREATE TABLE marketing_touches (
          source TEXT NOT NULL,
          stream TEXT NOT NULL,
          record_key TEXT NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          contact_id TEXT,
          email TEXT,
          content TEXT NOT NULL,
          motivation TEXT,
          occurred_at_ms INTEGER NOT NULL,
          PRIMARY KEY (source, stream, record_key)
        );
        CREATE INDEX marketing_touches_by_account ON marketing_touches(account_id, occurred_at_ms);
        """
}
