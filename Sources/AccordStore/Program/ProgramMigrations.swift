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

    /// Ritual meetings as recorded, and the reminders sent, one per meeting, so replicas send it once.
    static let rituals = """
        CREATE TABLE meetings (
          id INTEGER PRIMARY KEY,
          ritual TEXT NOT NULL,
          held_on TEXT NOT NULL,
          body TEXT NOT NULL,
          recorded_at_ms INTEGER NOT NULL
        );
        CREATE INDEX meetings_by_ritual ON meetings(ritual, held_on);
        CREATE TABLE ritual_reminders (
          ritual TEXT NOT NULL,
          meeting_at_ms INTEGER NOT NULL,
          reminded_at_ms INTEGER NOT NULL,
          PRIMARY KEY (ritual, meeting_at_ms)
        );
        """
}
