extension Schema {
    static let plays = """
        CREATE TABLE play_runs (
          id TEXT PRIMARY KEY NOT NULL,
          play TEXT NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          started_on TEXT NOT NULL,
          reason TEXT NOT NULL,
          mode TEXT NOT NULL,
          status TEXT NOT NULL,
          closed_on TEXT
        );
        CREATE INDEX play_runs_by_play ON play_runs(play, account_id, started_on);
        CREATE INDEX play_runs_by_account ON play_runs(account_id);
        CREATE TABLE play_tasks (
          id TEXT PRIMARY KEY NOT NULL,
          run_id TEXT NOT NULL REFERENCES play_runs(id),
          play TEXT NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          position INTEGER NOT NULL,
          title TEXT NOT NULL,
          owner TEXT NOT NULL,
          due_on TEXT NOT NULL,
          status TEXT NOT NULL,
          handoff TEXT,
          created_at_ms INTEGER NOT NULL,
          closed_at_ms INTEGER,
          closed_by TEXT,
          reason TEXT,
          held_because TEXT
        );
        CREATE INDEX play_tasks_by_owner ON play_tasks(owner, status, due_on);
        CREATE INDEX play_tasks_by_run ON play_tasks(run_id);
        CREATE INDEX play_tasks_by_account ON play_tasks(account_id);
        CREATE TABLE task_comments (
          id INTEGER PRIMARY KEY,
          task_id TEXT NOT NULL REFERENCES play_tasks(id),
          author TEXT NOT NULL,
          body TEXT NOT NULL,
          at_ms INTEGER NOT NULL
        );
        CREATE INDEX task_comments_by_task ON task_comments(task_id, id);
        CREATE TABLE play_switches (
          play TEXT PRIMARY KEY NOT NULL,
          status TEXT NOT NULL,
          switched_by TEXT NOT NULL,
          switched_at_ms INTEGER NOT NULL
        );
        """
}
