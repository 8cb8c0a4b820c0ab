"""`accord sync run` with a real child process speaking Singer: a small tap written with the
standard library that reads its config and state as a Singer tap does, and can be told to fail,
hang or stop half-way. Each fault leaves the client record whole and the state consistent."""
import json
import signal
import subprocess
import sys
import time

from conftest import Receiver, query, with_sync

TAP = r'''
import json, os, sys, time
args = sys.argv
config = json.load(open(args[args.index("--config") + 1]))
state = json.load(open(args[args.index("--state") + 1])) if "--state" in args else {}
start = state.get("bookmarks", {}).get("Account", {}).get("n", 0)
print("connecting with key " + config["api_key"], file=sys.stderr, flush=True)
def out(message):
    print(json.dumps(message), flush=True)
out({"type": "SCHEMA", "stream": "Account", "key_properties": ["Id"],
     "schema": {"type": "object", "properties": {"Id": {"type": "string"}, "Name": {"type": "string"}, "Website": {"type": ["null", "string"]}}}})
for n in range(start, config.get("total", start + config["rows"])):
    if config.get("fail_at") == n:
        print("HTTP 500 from the API", file=sys.stderr, flush=True)
        sys.exit(1)
    if config.get("hang_at") == n:
        time.sleep(3600)
    if config.get("slow"):
        time.sleep(0.2)
    site = "n/a" if config.get("bad_site_at") == n else "https://tap%d.example" % n
    out({"type": "RECORD", "stream": "Account", "record": {"Id": "001%05d" % n, "Name": "Tap Company %d" % n, "Website": site}})
    out({"type": "STATE", "value": {"bookmarks": {"Account": {"n": n + 1}}}})
if "metric" in config:
    print('INFO METRIC: {"type": "counter", "metric": "record_count", "value": %d, "tags": {"endpoint": "Account"}}' % config["metric"], file=sys.stderr, flush=True)
'''


def setup(accord, rows=5, timeout=60, **options):
    config = json.dumps({"api_key": "${CRM_KEY}", "rows": rows, **options})
    with_sync(accord, "frequency: hourly", f"tap: [{sys.executable}, tap.py]", f"config: {config}",
              "streams: [{stream: Account, feeds: accounts}]", f"timeout: {timeout}", "owner: priya.raman")
    (accord.folder / "tap.py").write_text(TAP)
    checked = accord.run("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def sync(accord, *args):
    return accord.run("sync", "run", "salesforce", *args, env={"CRM_KEY": "key-1234-secret"})


def linked(accord):
    return {row[0] for row in query(accord, "SELECT external_id FROM source_identities WHERE source = 'salesforce' AND kind = 'account'")}


def test_a_tap_run_loads_accounts_and_the_next_run_resumes_from_its_state(accord):
    setup(accord, rows=3)
    first = sync(accord)
    assert first.returncode == 0, first.stderr
    assert "Sync run 1 of salesforce: ok" in first.stderr and "read 3, created 3" in first.stderr
    second = sync(accord)
    assert second.returncode == 0 and "read 3, created 3" in second.stderr
    assert linked(accord) == {"001%05d" % n for n in range(6)}
    runs = accord.run("sync", "runs")
    assert runs.stdout.count(" ok ") == 2, runs.stdout
    assert "next due" in accord.run("sync", "status").stdout
    # A full refresh reads everything again: nothing is created twice.
    again = sync(accord, "--full-refresh")
    assert "read 3, created 0, updated 0, unchanged 3" in again.stderr, again.stderr


def test_a_tap_that_fails_half_way_keeps_what_it_committed_and_its_secret_is_redacted(accord):
    setup(accord, rows=5, fail_at=3)
    failed = sync(accord)
    assert failed.returncode == 1
    assert "failed, the tap exited 1" in failed.stderr and "HTTP 500 from the API" in failed.stderr
    assert "key-1234-secret" not in failed.stderr and "connecting with key ***" in failed.stderr
    assert linked(accord) == {"001%05d" % n for n in range(3)}
    state = query(accord, "SELECT state FROM sync_states WHERE source = 'salesforce'")[0][0]
    assert json.loads(state) == {"bookmarks": {"Account": {"n": 3}}}
    tail = query(accord, "SELECT stderr_tail FROM sync_runs ORDER BY id DESC LIMIT 1")[0][0]
    assert "key-1234-secret" not in tail


def test_a_tap_past_its_timeout_is_stopped(accord):
    setup(accord, rows=5, hang_at=2, timeout=2)
    started = time.time()
    result = sync(accord)
    assert result.returncode == 1 and "past its timeout" in result.stderr
    assert time.time() - started < 30
    assert linked(accord) == {"00100000", "00100001"}


def test_a_missing_secret_or_tap_says_what_to_fix(accord):
    setup(accord, rows=1)
    missing = accord.run("sync", "run", "salesforce")
    assert missing.returncode == 1 and "names ${CRM_KEY}, which is not set in the environment" in missing.stderr
    unknown = accord.run("sync", "run", "hubspot", env={"CRM_KEY": "x"})
    assert unknown.returncode == 1 and "source 'hubspot' has no sync.tap" in unknown.stderr


def test_a_dry_run_counts_what_it_would_change_and_writes_nothing(accord):
    setup(accord, rows=4)
    dry = sync(accord, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Dry run of salesforce (nothing written): ok" in dry.stderr and "read 4, created 4" in dry.stderr
    assert linked(accord) == set()
    assert query(accord, "SELECT COUNT(*) FROM sync_runs")[0][0] == 0
    assert query(accord, "SELECT COUNT(*) FROM sync_records")[0][0] == 0
    # The real run afterwards starts from nothing, as the dry run did.
    assert "read 4, created 4" in sync(accord).stderr


def test_a_rejected_record_is_replayed_after_the_mapping_is_fixed(accord):
    setup(accord, rows=3, bad_site_at=1)
    first = sync(accord)
    assert first.returncode == 0 and "salesforce: partial" in first.stderr, first.stderr
    assert "rejected 1" in first.stderr
    assert linked(accord) == {"00100000", "00100002"}
    reason = query(accord, "SELECT reason FROM sync_rejects")[0][0]
    assert "Website: 'n/a' is not a website or domain" in reason
    # The fix: the CRM's Website is no longer mapped to the domain.
    spec = accord.folder / "accord.yaml"
    spec.write_text(spec.read_text().replace("      - {from: Website, to: account.domain, direction: inbound, system_of_record: true}\n", "", 1))
    replay = accord.run("sync", "replay", "salesforce")
    assert replay.returncode == 0, replay.stderr
    assert "Replayed 1 rejected records of salesforce" in replay.stderr and "created 1" in replay.stderr
    assert linked(accord) == {"00100000", "00100001", "00100002"}
    again = accord.run("sync", "replay", "salesforce")
    assert "No rejected record of salesforce is waiting" in again.stderr


def test_a_tap_whose_metric_count_differs_from_what_arrived_is_warned_about(accord):
    setup(accord, rows=3, metric=5)
    result = sync(accord)
    assert result.returncode == 0, result.stderr
    assert "warning: the tap counted 5 records of Account (its METRIC record_count), but Accord read 3" in result.stderr
    warnings = query(accord, "SELECT warnings FROM sync_runs")[0][0]
    assert "counted 5 records" in warnings


def test_kill_9_during_a_sync_loses_and_doubles_nothing(accord):
    setup(accord, rows=30, total=30, slow=True)
    process = subprocess.Popen(
        [accord.binary, "sync", "run", "salesforce"], cwd=accord.folder, env={**accord.env, "CRM_KEY": "k"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    def landed():
        return query(accord, "SELECT COUNT(*) FROM sync_records WHERE source = 'salesforce'")[0][0]
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.1)
        try:
            if landed() >= 5:
                break
        except Exception:
            pass  # the database is not created yet
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    held = landed()
    assert 5 <= held < 30
    state = json.loads(query(accord, "SELECT state FROM sync_states WHERE source = 'salesforce'")[0][0])
    assert state["bookmarks"]["Account"]["n"] == held, "the state is the records committed with it"
    # The client record has taken part of them; the rest wait in the raw store for the next run.
    assert linked(accord) <= {"001%05d" % n for n in range(held)}
    rerun = sync(accord)
    assert rerun.returncode == 0, rerun.stderr
    assert linked(accord) == {"001%05d" % n for n in range(30)}
    assert query(accord, "SELECT COUNT(*) FROM accounts WHERE name LIKE 'Tap Company %'")[0][0] == 30
    statuses = [row[0] for row in query(accord, "SELECT status FROM sync_runs ORDER BY id")]
    assert statuses == ["failed", "ok"], "the killed run is ended as failed when the next starts"


def wait_for(condition, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def test_serve_runs_the_tap_on_schedule_and_on_request_and_tells_the_it_partner_about_a_failure_and_the_recovery(accord):
    from conftest import create_token, http_get
    import requests
    setup(accord, rows=2)
    spec = accord.folder / "accord.yaml"
    spec.write_text(spec.read_text().replace("# allow_private_webhooks: true", "allow_private_webhooks: true"))
    receiver = Receiver()
    assert accord.run("webhook", "add", receiver.url, "--function", "it").returncode == 0
    process, url = accord.serve(env={"CRM_KEY": "k"})
    token = create_token(accord, "it_partner")
    headers = {"Authorization": f"Bearer {token}"}

    def runs():
        return json.loads(http_get(url + "/api/v1/sync-runs?source=salesforce", token)[1])["runs"]

    # The scheduler runs the tap as soon as the server starts: nothing ran before.
    first = wait_for(lambda: [r for r in runs() if r["status"] != "running"])
    assert first[0]["trigger"] == "schedule" and first[0]["status"] == "ok", first
    assert first[0]["streams"]["Account"]["created"] == 2
    # The tap breaks: a run asked for now fails, and the IT partner hears it once.
    (accord.folder / "tap.py").write_text(TAP.replace('print("connecting', 'sys.exit(3)\nprint("connecting'))
    started = requests.post(url + "/api/v1/sources/salesforce/sync", headers=headers, timeout=10)
    assert started.status_code == 202, started.text
    run_id = started.json()["run"]["id"]
    wait_for(lambda: [r for r in runs() if r["id"] == run_id and r["status"] == "failed"])
    wait_for(lambda: "sync.failed" in receiver.kinds())
    again = requests.post(url + "/api/v1/sources/salesforce/sync", headers=headers, timeout=10).json()["run"]["id"]
    wait_for(lambda: [r for r in runs() if r["id"] == again and r["status"] == "failed"])
    # Fixed: the next run works, and the recovery is told once.
    (accord.folder / "tap.py").write_text(TAP)
    fixed = requests.post(url + "/api/v1/sources/salesforce/sync", headers=headers, timeout=10).json()["run"]["id"]
    wait_for(lambda: [r for r in runs() if r["id"] == fixed and r["status"] == "ok"])
    wait_for(lambda: "sync.recovered" in receiver.kinds())
    time.sleep(3)  # deliveries are retried every few seconds: no second notice arrives
    assert receiver.kinds() == ["sync.failed", "sync.recovered"], receiver.bodies
    assert receiver.bodies[0]["source"] == "salesforce" and "exited 3" in receiver.bodies[0]["error"]
    # A viewer may read the sync log but not start a run; an unknown source is a 404.
    viewer = {"Authorization": f"Bearer {create_token(accord, 'viewer')}"}
    assert requests.post(url + "/api/v1/sources/salesforce/sync", headers=viewer, timeout=10).status_code == 403
    assert requests.post(url + "/api/v1/sources/nosuch/sync", headers=headers, timeout=10).status_code == 404
    assert requests.post(url + "/api/v1/sources/hubspot/sync", headers=headers, timeout=10).status_code == 409
    # What an operator's Prometheus scrapes: the runs by status, the notices delivered, the jobs.
    metrics = requests.get(url + "/metrics", headers=headers, timeout=10)
    assert metrics.status_code == 200 and metrics.headers["Content-Type"].startswith("text/plain")
    text = metrics.text
    assert 'accord_sync_runs_total{source="salesforce",status="ok",trigger="schedule"} 1' in text, text
    assert 'accord_sync_runs_total{source="salesforce",status="failed",trigger="manual"} 2' in text
    assert 'accord_webhook_deliveries_total{kind="sync.failed",result="delivered"} 1' in text
    assert 'accord_background_job_runs_total{job="sync",outcome="ok"}' in text
    assert requests.get(url + "/metrics", headers=viewer, timeout=10).status_code == 403


def test_a_real_singer_sdk_tap_loads_accounts_and_a_resend_of_the_whole_file_changes_nothing(accord):
    """tap-jsonl (pinned in Tests/e2e/taps) reads a JSON Lines file; when the file changes it
    sends every line again, as taps built on the SDK do: Accord upserts, so nothing doubles."""
    import pytest
    from conftest import REPO
    tap = REPO / ".taps" / "tap-jsonl" / "bin" / "tap-jsonl"
    if not tap.exists():
        pytest.fail("tap-jsonl is missing: scripts/test installs it into .taps/tap-jsonl from Tests/e2e/taps/tap-jsonl.txt")
    with_sync(accord, "frequency: hourly", f"tap: [{tap}]", "config: {path: accounts.jsonl, stream_name: Account, primary_keys: [Id]}",
              "streams: [{stream: Account, feeds: accounts}]")
    rows = [{"Id": "001J%d" % n, "Name": "Jsonl Company %d" % n, "Website": "https://jsonl%d.example" % n} for n in range(3)]
    (accord.folder / "accounts.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    first = accord.run("sync", "run", "salesforce")
    assert first.returncode == 0, first.stderr
    assert "read 3, created 3" in first.stderr, first.stderr
    time.sleep(1.1)  # the tap bookmarks on the file's modification time, to the second
    rows.append({"Id": "001J3", "Name": "Jsonl Company 3", "Website": "https://jsonl3.example"})
    rows[0]["Name"] = "Jsonl Company Zero"
    (accord.folder / "accounts.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    second = accord.run("sync", "run", "salesforce")
    assert second.returncode == 0, second.stderr
    assert "read 4, created 1, updated 1, unchanged 2" in second.stderr, second.stderr
    assert linked(accord) == {"001J0", "001J1", "001J2", "001J3"}
    assert query(accord, "SELECT name FROM accounts WHERE domain = 'jsonl0.example'")[0][0] == "Jsonl Company Zero"


def test_two_replicas_on_postgresql_run_each_scheduled_sync_once(accord):
    """Both replicas look for due taps side by side; the run is claimed in the database, so the
    source is synced once, and both serve the same sync log."""
    import pytest
    from conftest import POSTGRES_URL, create_token, fresh_postgres_database, http_get
    if not POSTGRES_URL:
        pytest.skip("needs the PostgreSQL server scripts/test starts (CI fails without it, see conftest)")
    accord.env["ACCORD_DATABASE_URL"] = fresh_postgres_database()
    setup(accord, rows=4)
    first, url_a = accord.serve("--sync-check-seconds", "0.5", env={"CRM_KEY": "k"})
    second, url_b = accord.serve("--sync-check-seconds", "0.5", env={"CRM_KEY": "k"})
    token = create_token(accord, "it_partner")

    def runs(url):
        return json.loads(http_get(url + "/api/v1/sync-runs?source=salesforce", token)[1])["runs"]

    wait_for(lambda: [r for r in runs(url_a) if r["status"] == "ok"])
    time.sleep(4)  # both replicas have looked again since
    assert len(runs(url_a)) == 1 and runs(url_b) == runs(url_a), runs(url_a)
    holders = {r["holder"] for r in runs(url_a)}
    assert len(holders) == 1
    assert query(accord, "SELECT COUNT(*) FROM accounts WHERE name LIKE 'Tap Company %'")[0][0] == 4


def test_stopping_the_server_during_a_scheduled_sync_stops_the_tap_and_the_next_run_resumes(accord):
    setup(accord, rows=30, total=30, slow=True)
    process, url = accord.serve(env={"CRM_KEY": "k"})
    wait_for(lambda: len(linked(accord)) >= 3, seconds=60)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0, "the server stops cleanly while a tap runs"
    assert "crashed" not in process.stderr.read()
    held = linked(accord)
    assert 3 <= len(held) < 30
    rerun = sync(accord)
    assert rerun.returncode == 0, rerun.stderr
    assert linked(accord) == {"001%05d" % n for n in range(30)}
    statuses = [row[0] for row in query(accord, "SELECT status FROM sync_runs ORDER BY id")]
    assert statuses == ["failed", "ok"], statuses


def test_meltanolabs_tap_postgres_reads_crm_and_billing_tables_and_the_next_run_reads_only_what_changed(accord):
    """A real tap, offline: meltanolabs-tap-postgres (pinned in Tests/e2e/taps) reads a CRM-like
    and a billing-like schema of a database on the test server, incrementally on updated_at."""
    import urllib.parse
    import psycopg
    import pytest
    from conftest import POSTGRES_URL, REPO, fresh_postgres_database
    tap = REPO / ".taps" / "tap-postgres" / "bin" / "tap-postgres"
    if not tap.exists():
        pytest.fail("tap-postgres is missing: scripts/test installs it into .taps/tap-postgres from Tests/e2e/taps/tap-postgres.txt")
    if not POSTGRES_URL:
        pytest.skip("needs the PostgreSQL server scripts/test starts (CI fails without it, see conftest)")
    systems = fresh_postgres_database()
    with psycopg.connect(systems, autocommit=True) as db:
        db.execute("""
            CREATE SCHEMA crm;
            CREATE TABLE crm.accounts (id text PRIMARY KEY, name text NOT NULL, website text, updated_at timestamptz NOT NULL);
            INSERT INTO crm.accounts VALUES ('001PG1', 'Granite Logistics', 'https://granite.example', '2026-11-01'),
                                            ('001PG2', 'Harbor Foods', 'harbor.example', '2026-11-02');
            CREATE SCHEMA billing;
            CREATE TABLE billing.subscriptions (id text PRIMARY KEY, account_id text NOT NULL, mrr_cents bigint NOT NULL, updated_at timestamptz NOT NULL);
            INSERT INTO billing.subscriptions VALUES ('sub_1', '001PG1', 120000, '2026-11-01'), ('sub_2', '001PG2', 45000, '2026-11-02');
        """)
    parts = urllib.parse.urlsplit(systems)
    config = {"host": parts.hostname, "port": parts.port, "user": parts.username, "password": parts.password or "",
              "database": parts.path.lstrip("/"), "filter_schemas": ["crm", "billing"]}
    (accord.folder / "tap-config.json").write_text(json.dumps(config))
    discovered = subprocess.run([str(tap), "--config", "tap-config.json", "--discover"], cwd=accord.folder, capture_output=True, text=True, timeout=120)
    assert discovered.returncode == 0, discovered.stderr
    catalog = json.loads(discovered.stdout)
    for stream in catalog["streams"]:
        for entry in stream["metadata"]:
            if entry["breadcrumb"] == []:
                entry["metadata"].update({"selected": True, "replication-method": "INCREMENTAL", "replication-key": "updated_at"})
    (accord.folder / "catalog.json").write_text(json.dumps(catalog))
    spec = with_sync(accord, "frequency: hourly", f"tap: [{tap}]", "config_file: tap-config.json", "catalog: catalog.json", "catalog_flag: catalog",
                     "streams: [{stream: crm-accounts, feeds: accounts}, {stream: billing-subscriptions, feeds: raw}]")
    checked = accord.run("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The catalog has no NumberOfEmployees column: the mapping that reads it is pointed at, with its line.
    assert "warning: 'salesforce' maps NumberOfEmployees to account.licensed_seats, but stream 'crm-accounts' of catalog.json has no such field" in checked.stdout
    (accord.folder / "accord.yaml").write_text(spec.replace("stream: crm-accounts,", "stream: crm-account,"))
    misnamed = accord.run("check")
    assert misnamed.returncode == 1 and "stream 'crm-account' of 'salesforce' is not in the catalog catalog.json" in misnamed.stdout, misnamed.stdout
    assert "did you mean 'crm-accounts'?" in misnamed.stdout
    (accord.folder / "accord.yaml").write_text(spec)
    first = accord.run("sync", "run", "salesforce")
    assert first.returncode == 0, first.stderr
    assert "crm-accounts" in first.stderr and "read 2, created 2" in first.stderr, first.stderr
    assert linked(accord) == {"001PG1", "001PG2"}
    assert query(accord, "SELECT COUNT(*) FROM sync_records WHERE stream = 'billing-subscriptions'")[0][0] == 2
    assert "warning" not in first.stderr, "the tap's METRIC counts agree with what arrived"
    with psycopg.connect(systems, autocommit=True) as db:
        db.execute("""
            INSERT INTO crm.accounts VALUES ('001PG3', 'Summit Analytics', 'summit.example', '2026-11-20');
            UPDATE crm.accounts SET name = 'Granite Freight', updated_at = '2026-11-21' WHERE id = '001PG1';
        """)
    second = accord.run("sync", "run", "salesforce")
    assert second.returncode == 0, second.stderr
    # The bookmark compares with >=: the row at it comes again, and is unchanged.
    lines = {line.split()[0]: line for line in second.stderr.splitlines() if line.startswith("  ")}
    assert "read 3, created 1, updated 1, unchanged 1" in lines["crm-accounts"], second.stderr
    assert "read 1, created 0, updated 0, unchanged 1" in lines["billing-subscriptions"], second.stderr
    assert linked(accord) == {"001PG1", "001PG2", "001PG3"}
    assert query(accord, "SELECT name FROM accounts WHERE domain = 'granite.example'")[0][0] == "Granite Freight"


PEAK = r'''
import resource, subprocess, sys
with open(sys.argv[1], "rb") as stdin:
    done = subprocess.run(sys.argv[2:], stdin=stdin, capture_output=True)
sys.stderr.write(done.stderr.decode())
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
'''


def test_a_long_stream_is_read_in_constant_memory(accord):
    """200,000 records through `accord load` need no more memory than 20,000: the stream is read a
    line at a time and committed in batches (the peak of each run, in KiB, is printed)."""
    with_sync(accord, "frequency: hourly", "streams: [{stream: Subscription, feeds: raw}]")

    def peak(records: int) -> int:
        path = accord.folder / f"records-{records}.jsonl"
        with path.open("w") as out:
            out.write(json.dumps({"type": "SCHEMA", "stream": "Subscription", "key_properties": ["id"], "schema": {"type": "object"}}) + "\n")
            for n in range(records):
                out.write(json.dumps({"type": "RECORD", "stream": "Subscription", "record": {
                    "id": f"sub_{n}", "AccountId": f"001{n % 5000}", "status": "active", "quantity": n % 40 + 1}}) + "\n")
                if n % 1000 == 999:
                    out.write(json.dumps({"type": "STATE", "value": {"bookmarks": {"Subscription": {"sent": n + 1}}}}) + "\n")
        run = subprocess.run([sys.executable, "-c", PEAK, str(path), accord.binary, "load", "--source", "salesforce"], cwd=accord.folder,
                             env=accord.env, capture_output=True, text=True, timeout=600)
        code, kib = run.stdout.split()
        assert code == "0", run.stderr
        print(f"{records:,} records: peak {int(kib) // 1024} MiB")
        return int(kib)

    small, large = peak(20_000), peak(200_000)
    assert query(accord, "SELECT COUNT(*) FROM sync_records")[0][0] == 200_000, "the second file sends the first's 20,000 keys again: upserted, not doubled"
    assert large < small * 1.5 + 16 * 1024, f"200,000 records peaked at {large // 1024} MiB, 20,000 at {small // 1024} MiB"
