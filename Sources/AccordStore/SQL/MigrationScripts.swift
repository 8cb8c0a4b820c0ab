/// The SQL of each migration in `Schema.migrations`, in SQLite's dialect unless named otherwise.
/// Shipped scripts are never edited.
extension Schema {
    static let clientRecord = """
        CREATE TABLE accounts (
          id TEXT PRIMARY KEY NOT NULL,
          name TEXT NOT NULL,
          domain TEXT,
          segment TEXT NOT NULL,
          industry TEXT,
          country TEXT,
          acquisition_source TEXT NOT NULL,
          cohort TEXT,
          lifecycle_stage TEXT NOT NULL,
          licensed_seats INTEGER NOT NULL,
          owner_cs TEXT,
          owner_sales TEXT,
          owner_marketing TEXT,
          created_on TEXT NOT NULL,
          churned_on TEXT,
          churn_reason TEXT
        );
        CREATE INDEX accounts_by_name ON accounts(name, id);
        CREATE TABLE contacts (
          id TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          name TEXT NOT NULL,
          email TEXT,
          title TEXT,
          stakeholder_role TEXT NOT NULL,
          influence INTEGER NOT NULL,
          last_engaged_on TEXT
        );
        CREATE INDEX contacts_by_account ON contacts(account_id);
        CREATE TABLE subscriptions (
          account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts(id),
          mrr_cents INTEGER NOT NULL,
          started_on TEXT NOT NULL,
          renewal_on TEXT NOT NULL,
          status TEXT NOT NULL
        );
        CREATE TABLE mrr_movements (
          id INTEGER PRIMARY KEY,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          occurred_on TEXT NOT NULL,
          kind TEXT NOT NULL,
          amount_cents INTEGER NOT NULL,
          mrr_after_cents INTEGER NOT NULL
        );
        CREATE INDEX mrr_movements_by_account ON mrr_movements(account_id, occurred_on);
        CREATE TABLE events (
          seq INTEGER PRIMARY KEY,
          message_id TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          account_id TEXT,
          contact_id TEXT,
          user_id TEXT,
          anonymous_id TEXT,
          source TEXT NOT NULL,
          timestamp_ms INTEGER NOT NULL,
          received_at_ms INTEGER NOT NULL,
          properties TEXT NOT NULL
        );
        CREATE INDEX events_by_account ON events(account_id, timestamp_ms);
        CREATE INDEX events_by_name ON events(name, timestamp_ms);
        CREATE TABLE usage_weeks (
          account_id TEXT NOT NULL REFERENCES accounts(id),
          week_start TEXT NOT NULL,
          active_seats INTEGER NOT NULL,
          licensed_seats INTEGER NOT NULL,
          PRIMARY KEY (account_id, week_start)
        ) WITHOUT ROWID;
        CREATE TABLE survey_responses (
          id TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          contact_id TEXT,
          kind TEXT NOT NULL,
          score INTEGER NOT NULL,
          responded_on TEXT NOT NULL
        );
        CREATE INDEX survey_responses_by_day ON survey_responses(responded_on);
        CREATE INDEX survey_responses_by_account ON survey_responses(account_id);
        CREATE TABLE meta (
          key TEXT PRIMARY KEY NOT NULL,
          value TEXT NOT NULL
        );
        """

    static let ingestion = """
        ALTER TABLE events ADD COLUMN type TEXT NOT NULL DEFAULT 'track';
        ALTER TABLE events ADD COLUMN group_id TEXT;
        ALTER TABLE events ADD COLUMN original_timestamp_ms INTEGER;
        ALTER TABLE events ADD COLUMN sent_at_ms INTEGER;
        ALTER TABLE events ADD COLUMN context TEXT;
        ALTER TABLE events ADD COLUMN plan_status TEXT;
        ALTER TABLE events ADD COLUMN violations TEXT;
        CREATE INDEX events_by_source ON events(source, seq);
        CREATE INDEX events_flagged ON events(source, name) WHERE plan_status IN ('unplanned', 'invalid');
        CREATE TABLE failed_events (
          seq INTEGER PRIMARY KEY,
          message_id TEXT NOT NULL UNIQUE,
          source TEXT NOT NULL,
          type TEXT NOT NULL,
          name TEXT,
          kind TEXT NOT NULL,
          reasons TEXT NOT NULL,
          payload TEXT NOT NULL,
          received_at_ms INTEGER NOT NULL
        );
        CREATE INDEX failed_events_by_source ON failed_events(source, name);
        CREATE TABLE source_identities (
          source TEXT NOT NULL,
          kind TEXT NOT NULL,
          external_id TEXT NOT NULL,
          account_id TEXT,
          contact_id TEXT,
          traits TEXT NOT NULL DEFAULT '{}',
          updated_at_ms INTEGER NOT NULL,
          PRIMARY KEY (source, kind, external_id)
        ) WITHOUT ROWID;
        CREATE INDEX accounts_by_domain ON accounts(domain);
        CREATE TABLE source_keys (
          source TEXT PRIMARY KEY NOT NULL,
          system TEXT NOT NULL,
          key_hash TEXT NOT NULL UNIQUE,
          hint TEXT NOT NULL,
          created_at_ms INTEGER NOT NULL,
          rotated_at_ms INTEGER
        );
        """

    static let access = """
        CREATE TABLE passwords (
          person_id TEXT PRIMARY KEY NOT NULL,
          hash TEXT NOT NULL,
          updated_at_ms INTEGER NOT NULL
        );
        CREATE TABLE sessions (
          id_hash TEXT PRIMARY KEY NOT NULL,
          person_id TEXT NOT NULL,
          csrf_token TEXT NOT NULL,
          created_at_ms INTEGER NOT NULL,
          expires_at_ms INTEGER NOT NULL
        );
        CREATE TABLE api_tokens (
          id TEXT PRIMARY KEY NOT NULL,
          hash TEXT NOT NULL UNIQUE,
          role TEXT NOT NULL,
          person_id TEXT,
          label TEXT NOT NULL,
          created_at_ms INTEGER NOT NULL,
          created_by TEXT NOT NULL,
          last_used_at_ms INTEGER,
          revoked_at_ms INTEGER
        );
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY,
          at_ms INTEGER NOT NULL,
          actor TEXT NOT NULL,
          origin TEXT NOT NULL,
          action TEXT NOT NULL,
          target TEXT NOT NULL,
          before TEXT,
          after TEXT
        );
        CREATE INDEX audit_by_action ON audit_log(action, seq);
        """

    static let accessInSQLite = """
        CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """

    /// Why a source record belongs to its account, for /identities.
    static let identity = """
        ALTER TABLE source_identities ADD COLUMN rule TEXT;
        CREATE INDEX source_identities_by_account ON source_identities(account_id);
        """

    static let identityReviews = """
        CREATE TABLE identity_reviews (
          id INTEGER PRIMARY KEY,
          source TEXT NOT NULL,
          external_id TEXT NOT NULL,
          candidate_account TEXT NOT NULL,
          probability REAL NOT NULL,
          fields TEXT NOT NULL,
          created_at_ms INTEGER NOT NULL,
          decision TEXT,
          decided_by TEXT,
          decided_at_ms INTEGER,
          UNIQUE (source, external_id)
        );
        """

    /// An absorbed account's row leaves `accounts` (so every list, count and match sees only
    /// live accounts); its id lives on as a redirect and its rows are listed for an unmerge.
    static let accountMerges = """
        ALTER TABLE source_identities ADD COLUMN merged_from TEXT;
        CREATE TABLE account_merges (
          id INTEGER PRIMARY KEY,
          survivor TEXT NOT NULL,
          absorbed TEXT NOT NULL,
          origin TEXT NOT NULL,
          reason TEXT NOT NULL,
          merged_by TEXT NOT NULL,
          merged_at_ms INTEGER NOT NULL,
          last_event_seq INTEGER NOT NULL,
          undo TEXT NOT NULL,
          unmerged_by TEXT,
          unmerged_at_ms INTEGER
        );
        CREATE INDEX account_merges_by_absorbed ON account_merges(absorbed);
        CREATE INDEX account_merges_by_survivor ON account_merges(survivor);
        CREATE TABLE account_merge_moves (
          merge_id INTEGER NOT NULL REFERENCES account_merges(id),
          tbl TEXT NOT NULL,
          k1 TEXT NOT NULL,
          k2 TEXT NOT NULL DEFAULT '',
          k3 TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (merge_id, tbl, k1, k2, k3)
        ) WITHOUT ROWID;
        CREATE TABLE account_redirects (
          id TEXT PRIMARY KEY NOT NULL,
          target TEXT NOT NULL,
          merge_id INTEGER NOT NULL REFERENCES account_merges(id)
        ) WITHOUT ROWID;
        CREATE TABLE accounts_kept_apart (
          first TEXT NOT NULL,
          second TEXT NOT NULL,
          decided_by TEXT NOT NULL,
          decided_at_ms INTEGER NOT NULL,
          PRIMARY KEY (first, second)
        ) WITHOUT ROWID;
        """

    static let handoffs = """
        CREATE TABLE handoffs (
          id TEXT PRIMARY KEY NOT NULL,
          handoff TEXT NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          status TEXT NOT NULL,
          payload TEXT NOT NULL,
          problems TEXT NOT NULL,
          submitted_by TEXT NOT NULL,
          submitted_at_ms INTEGER NOT NULL,
          due_at_ms INTEGER NOT NULL,
          previous_id TEXT REFERENCES handoffs(id),
          decided_by TEXT,
          decided_at_ms INTEGER,
          reason TEXT,
          comment TEXT,
          breached_at_ms INTEGER
        );
        CREATE INDEX handoffs_by_account ON handoffs(account_id, handoff, submitted_at_ms);
        CREATE INDEX handoffs_waiting ON handoffs(due_at_ms) WHERE status = 'waiting';
        """

    static let webhooks = """
        CREATE TABLE webhooks (
          id TEXT PRIMARY KEY NOT NULL,
          url TEXT NOT NULL,
          format TEXT NOT NULL,
          person TEXT,
          function TEXT,
          created_at_ms INTEGER NOT NULL,
          created_by TEXT NOT NULL,
          removed_at_ms INTEGER
        );
        CREATE TABLE webhook_deliveries (
          id INTEGER PRIMARY KEY,
          webhook_id TEXT NOT NULL REFERENCES webhooks(id),
          kind TEXT NOT NULL,
          body TEXT NOT NULL,
          status TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at_ms INTEGER,
          last_error TEXT,
          created_at_ms INTEGER NOT NULL,
          delivered_at_ms INTEGER
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at_ms) WHERE status = 'pending';
        """

    static let triageNotes = """
        CREATE TABLE triage_notes (
          id INTEGER PRIMARY KEY,
          week TEXT NOT NULL,
          kind TEXT NOT NULL,
          handoff TEXT,
          text TEXT NOT NULL,
          written_by TEXT NOT NULL,
          written_at_ms INTEGER NOT NULL
        );
        CREATE INDEX triage_notes_by_week ON triage_notes(week, id);
        """

    static let outcomeModels = """
        CREATE TABLE outcome_model_versions (
          model_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          body TEXT NOT NULL,
          status TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at_ms INTEGER NOT NULL,
          activated_at_ms INTEGER,
          PRIMARY KEY (model_id, version)
        );
        CREATE TABLE outcome_model_signatures (
          model_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          function TEXT NOT NULL,
          person_id TEXT NOT NULL,
          signed_at_ms INTEGER NOT NULL,
          PRIMARY KEY (model_id, version, function),
          FOREIGN KEY (model_id, version) REFERENCES outcome_model_versions(model_id, version)
        );
        """

    /// Which replica ran each periodic job last, so two never run the same run.
    static let backgroundJobs = """
        CREATE TABLE background_jobs (
          name TEXT PRIMARY KEY NOT NULL,
          holder TEXT NOT NULL,
          started_at_ms INTEGER NOT NULL,
          runs INTEGER NOT NULL
        );
        """

    /// PostgreSQL has no RAISE in a trigger body: a function raises, one trigger for both changes.
    static let auditLogAppendOnlyInPostgres = """
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
          FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        """
}
