"""Accord as Meltano's loader: a pinned `meltano run` with a local singer-sdk tap (tap-jsonl)
into `accord load`, which Meltano starts with a target's --config file and whose committed
states Meltano keeps and hands back to the tap on the next run."""
import json
import os
import subprocess
import time

import pytest

from conftest import REPO, query, with_sync

MELTANO_YML = """
plugins:
  extractors:
  - name: tap-jsonl
    namespace: tap_jsonl
    executable: {tap}
    capabilities: [catalog, discover, state]
    settings:
    - name: path
    - name: stream_name
    - name: primary_keys
      kind: array
    config:
      path: accounts.jsonl
      stream_name: Account
      primary_keys: [Id]
  loaders:
  - name: target-accord
    namespace: target_accord
    executable: ./target-accord
    settings:
    - name: source
    - name: spec
    - name: db
    config:
      source: salesforce
      spec: {spec}
      db: {db}
"""


def test_meltano_runs_a_tap_into_accord_and_the_state_accord_committed_drives_the_next_run(accord):
    meltano = REPO / ".taps" / "meltano" / "bin" / "meltano"
    tap = REPO / ".taps" / "tap-jsonl" / "bin" / "tap-jsonl"
    for program in (meltano, tap):
        if not program.exists():
            pytest.fail(f"{program.name} is missing: scripts/test installs it into .taps from Tests/e2e/taps/{program.name}.txt")
    # Meltano runs the tap; the spec only says what each stream feeds.
    with_sync(accord, "frequency: hourly", "streams: [{stream: Account, feeds: accounts}]")
    spec = accord.folder / "accord.yaml"
    checked = accord.run("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    alone = accord.run("sync", "run", "salesforce")
    assert alone.returncode == 1 and "source 'salesforce' has no sync.tap in the spec, so Accord runs nothing for it" in alone.stderr
    env = {**accord.env, "NO_COLOR": "1", "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false"}
    created = subprocess.run([str(meltano), "init", "project", "--no_usage_stats"], cwd=accord.folder, env=env, capture_output=True, text=True, timeout=300)
    assert created.returncode == 0, created.stderr
    project = accord.folder / "project"
    with open(project / "meltano.yml", "a") as yml:
        yml.write(MELTANO_YML.format(tap=tap, spec=spec, db=accord.folder / "accord.db"))
    # Meltano starts a loader as `EXECUTABLE --config FILE`: the wrapper the README shows.
    (project / "target-accord").write_text(f'#!/bin/sh\nexec "{accord.binary}" load "$@"\n')
    os.chmod(project / "target-accord", 0o755)
    rows = [{"Id": "001ML%d" % n, "Name": "Meltano Company %d" % n, "Website": "https://meltano%d.example" % n} for n in range(3)]
    (project / "accounts.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))

    def meltano_run():
        result = subprocess.run([str(meltano), "run", "tap-jsonl", "target-accord"], cwd=project, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return query(accord, "SELECT streams, trigger_status FROM (SELECT streams, run_trigger || ' ' || status AS trigger_status, id FROM sync_runs) ORDER BY id DESC LIMIT 1")[0]

    streams, status = meltano_run()
    assert status == "load ok"
    assert json.loads(streams)["Account"]["created"] == 3
    linked = {row[0] for row in query(accord, "SELECT external_id FROM source_identities WHERE source = 'salesforce' AND kind = 'account'")}
    assert linked == {"001ML0", "001ML1", "001ML2"}
    # Meltano kept the state Accord wrote to stdout after its commit, and hands it to the tap next time.
    kept = subprocess.run([str(meltano), "state", "get", "dev:tap-jsonl-to-target-accord"], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert kept.returncode == 0, kept.stderr
    committed = json.loads(query(accord, "SELECT state FROM sync_states WHERE source = 'salesforce'")[0][0])
    assert json.loads(kept.stdout.strip().splitlines()[-1])["singer_state"] == committed
    # The file did not change: the tap, given that state, sends the lines at its bookmark again (>=), and nothing changes.
    streams, status = meltano_run()
    counts = json.loads(streams)["Account"]
    assert status == "load ok" and (counts["read"], counts["created"], counts["unchanged"]) == (3, 0, 3), streams
    time.sleep(1.1)  # the tap bookmarks on the file's modification time, to the second
    rows.append({"Id": "001ML3", "Name": "Meltano Company 3", "Website": "https://meltano3.example"})
    (project / "accounts.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    streams, status = meltano_run()
    counts = json.loads(streams)["Account"]
    assert (counts["read"], counts["created"], counts["unchanged"]) == (4, 1, 3), streams
    assert query(accord, "SELECT COUNT(*) FROM accounts WHERE name LIKE 'Meltano Company %'")[0][0] == 4


def test_a_loader_config_that_accord_cannot_read_says_what_is_wrong(accord):
    assert accord.run("init").returncode == 0
    (accord.folder / "config.json").write_text('{"source": "salesforce", "schema": "x"}')
    unknown = accord.run("load", "--config", "config.json", input="")
    assert unknown.returncode == 1 and "has 'schema', which accord load does not read; its settings are source, spec, db, database_url" in unknown.stderr
    (accord.folder / "config.json").write_text("{not json")
    broken = accord.run("load", "--config", "config.json", input="")
    assert broken.returncode == 1 and "the loader config config.json is not JSON" in broken.stderr
    (accord.folder / "config.json").write_text("{}")
    nameless = accord.run("load", "--config", "config.json", input="")
    assert nameless.returncode == 1 and "name the source: --source NAME" in nameless.stderr
