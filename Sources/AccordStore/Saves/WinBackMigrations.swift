extension Schema {
    /// Win-back campaigns: the whole campaign as JSON (members as ranked on its start day), with
    /// the columns lists filter on; `version` makes closing a campaign someone just changed a conflict.
    static let winBack = """
        CREATE TABLE win_back_campaigns (
          id TEXT PRIMARY KEY NOT NULL,
          name TEXT NOT NULL,
          status TEXT NOT NULL,
          offer TEXT,
          started_on TEXT NOT NULL,
          created_at_ms INTEGER NOT NULL,
          version INTEGER NOT NULL,
          body TEXT NOT NULL
        );
        CREATE INDEX win_back_campaigns_by_start ON win_back_campaigns(started_on);
        """
}
