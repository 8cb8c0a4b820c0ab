extension Schema {
    /// Proposals to the shared parts of the spec: the whole proposal (with its signatures) as JSON,
    /// with the columns lists filter on.
    static let program = """
        CREATE TABLE spec_proposals (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          status TEXT NOT NULL,
          proposed_at_ms INTEGER NOT NULL,
          body TEXT NOT NULL
        );
        CREATE INDEX spec_proposals_by_kind ON spec_proposals(kind, status);
        """
}
