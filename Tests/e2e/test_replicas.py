"""Two `accord serve` replicas on one PostgreSQL database, one killed mid-way: every acknowledged
event is stored exactly once, and no background job (SLA checks, outcome crossings, webhook
deliveries) runs twice."""
import json
import os
import re
import signal
import threading
import time
import uuid

import pytest
import requests

from conftest import POSTGRES_URL, Receiver, add_source, fresh_postgres_database, query

pytestmark = pytest.mark.skipif(POSTGRES_URL is None, reason="scripts/test starts the PostgreSQL server")


def batch(n):
    return [{"type": "track", "event": "first_value_achieved", "userId": f"u{i % 13}", "messageId": f"r-{uuid.uuid4()}",
             "properties": {"milestone": "replicas"}} for i in range(n)]


def post(url, key, messages):
    try:
        return requests.post(url + "/v1/batch", json={"batch": messages}, auth=(key, ""), timeout=10).status_code == 200
    except requests.RequestException:
        return False


def test_two_replicas_one_killed(accord):
    accord.env["ACCORD_DATABASE_URL"] = fresh_postgres_database()
    assert accord.run("init").returncode == 0
    spec = accord.folder / "accord.yaml"
    # Handoffs breach 7 seconds after submission, so the SLA job has work during the test.
    spec.write_text(re.sub(r"sla_hours: \d+", "sla_hours: 0.002", spec.read_text())
                    # The receiver listens on loopback, which webhooks may reach only when the spec says so.
                    .replace("# allow_private_webhooks: true", "allow_private_webhooks: true"))
    demo = accord.run("demo", "--accounts", "60")
    assert demo.returncode == 0, demo.stderr
    receiver = Receiver()
    assert accord.run("webhook", "add", receiver.url).returncode == 0
    key = add_source(accord)

    started = time.time()
    first, url_a = accord.serve("--sla-check-seconds", "0.5")
    second, url_b = accord.serve("--sla-check-seconds", "0.5")
    urls = [url_a, url_b]
    time.sleep(2)  # both replicas look for work side by side for a while

    # Handoffs that will breach while both replicas, then one, are watching.
    prospects = query(accord, """SELECT a.id FROM accounts a WHERE lifecycle_stage = 'awareness'
        AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.account_id = a.id) ORDER BY a.id LIMIT 4""")
    (accord.folder / "lead.json").write_text(json.dumps(
        {"demand_state": "problem_aware", "buying_motivation": "Payroll errors cost two days a month", "content_consumed": ["ROI calculator"], "icp_fit_score": 72}))
    submitted = []
    for (account,) in prospects:
        result = accord.run("handoff", "submit", "lead_to_opportunity", "--account", account, "--payload", "lead.json", "--as", "leo.fischer")
        assert result.returncode == 0, result.stdout + result.stderr
        submitted.append(result.stdout.split()[0])

    acknowledged, lock = [], threading.Lock()
    sent_batches = [0]

    def sender(index):
        for n in range(40):
            messages = batch(100)
            with lock:
                sent_batches[0] += 1
            if n % 4 == 0:
                # The same batch reaches both replicas at once, as a client retrying on a timeout does.
                results = []
                threads = [threading.Thread(target=lambda u=u: results.append(post(u, key, messages))) for u in urls]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                ok = any(results)
            else:
                ok = False
                for attempt in range(4):
                    if post(urls[(index + n + attempt) % 2], key, messages):
                        ok = True
                        break
            if ok:
                with lock:
                    acknowledged.extend(m["messageId"] for m in messages)

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    while sent_batches[0] < 60:
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    for t in threads:
        t.join(timeout=120)
    assert len(acknowledged) == 16_000, "every batch was acknowledged by one replica or the other"

    # Every acknowledged event is there exactly once.
    stored = dict(query(accord, "SELECT message_id, COUNT(*) FROM events WHERE message_id LIKE 'r-%' GROUP BY message_id"))
    assert [m for m in acknowledged if stored.get(m) != 1] == []
    assert len(stored) == len(set(acknowledged))

    # The breaches are raised (by whichever replica held that run), each once.
    deadline = time.time() + 30
    while time.time() < deadline:
        breached = query(accord, "SELECT COUNT(*) FROM handoffs WHERE id = ANY(?) AND breached_at_ms IS NOT NULL", (submitted,))[0][0]
        if breached == len(submitted):
            break
        time.sleep(0.2)
    assert breached == len(submitted)
    events = query(accord, """SELECT properties, COUNT(*) FROM events WHERE name = 'handoff_sla_breached' GROUP BY properties HAVING COUNT(*) > 1""")
    assert events == []

    # Each webhook delivery is posted once, by one replica.
    deadline = time.time() + 30
    while time.time() < deadline and query(accord, "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'")[0][0] > 0:
        time.sleep(0.2)
    delivered = [str(row[0]) for row in query(accord, "SELECT id FROM webhook_deliveries WHERE status = 'delivered'")]
    assert len(delivered) > 0
    assert sorted(receiver.seen) == sorted(delivered)
    assert set(receiver.seen.values()) == {1}

    # Runs of the periodic jobs: one replica at a time, the survivor after the kill.
    elapsed = time.time() - started
    jobs = {name: (holder, runs) for name, holder, runs in query(accord, "SELECT name, holder, runs FROM background_jobs")}
    holder, runs = jobs["handoff-sla"]
    assert runs <= elapsed / 0.45 + 2, f"{runs} SLA checks in {elapsed:.1f} s: both replicas ran them"
    assert holder.split(":")[-2] == str(second.pid)
    assert jobs["outcome-crossings"][1] == 1, "outcome crossings ran once for both replicas"
