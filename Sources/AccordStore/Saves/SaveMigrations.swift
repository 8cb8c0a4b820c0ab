extension Schema {
    /// Save cases: the whole case as JSON (its walk, requests and decisions), with the columns
    /// lists filter on; `version` makes a decision on a case someone else just changed a conflict.
    /// A concession's MRR movements name their case.
    static let saves = """
        CREATE TABLE save_cases (
          id TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          kind TEXT NOT NULL,
          owner TEXT NOT NULL,
          status TEXT NOT NULL,
          reason TEXT,
          opened_on TEXT NOT NULL,
          opened_at_ms INTEGER NOT NULL,
          version INTEGER NOT NULL,
          body TEXT NOT NULL
        );
        CREATE INDEX save_cases_by_account ON save_cases(account_id, opened_on);
        CREATE INDEX save_cases_by_status ON save_cases(status, opened_on);
        ALTER TABLE mrr_movements ADD COLUMN save_case TEXT;
        """
}
