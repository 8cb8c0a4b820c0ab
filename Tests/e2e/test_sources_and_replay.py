"""Write keys from the CLI, the failed-events store and its replay, and following the log."""
import json
import re
import sqlite3
import subprocess
import time

import requests

from conftest import add_source, create_token, http_get


def post(url, key, messages):
    return requests.post(url + "/v1/batch", json={"batch": messages}, auth=(key, ""), timeout=10)


def test_source_keys_are_shown_once_and_stored_only_as_hashes(accord):
    assert accord.run("init").returncode == 0
    result = accord.run("source", "add", "product", "--system", "product_analytics")
    key = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"wk_[A-Za-z0-9]{40}", key)
    again = accord.run("source", "add", "product", "--system", "product_analytics")
    assert again.returncode == 1 and "already has a write key; replace it with 'accord source rotate product'" in again.stderr
    wrong = accord.run("source", "add", "stripe", "--system", "crm")
    assert wrong.returncode == 1 and "source 'stripe' is a billing system in the spec, not crm" in wrong.stderr
    bad = accord.run("source", "add", "Bad Name", "--system", "crm")
    assert bad.returncode != 0 and "must start with a lower-case letter" in bad.stderr
    database = (accord.folder / "accord.db").read_bytes()
    assert key.encode() not in database
    listing = accord.run("source", "list").stdout
    assert f"product  product_analytics  key …{key[-4:]}" in listing
    assert "salesforce  crm  no key yet" in listing


def test_rotation_retires_the_old_key(accord):
    assert accord.run("init").returncode == 0
    old = add_source(accord)
    process, url = accord.serve()
    message = {"type": "track", "event": "first_value_achieved", "userId": "u", "properties": {"milestone": "m"}}
    assert post(url, old, [dict(message, messageId="before")]).status_code == 200
    rotated = accord.run("source", "rotate", "product")
    assert rotated.returncode == 0
    new = rotated.stdout.strip().splitlines()[-1]
    assert new != old
    time.sleep(2.5)
    answer = post(url, old, [dict(message, messageId="old-key")])
    assert answer.status_code == 401 and "unknown write key" in answer.json()["message"]
    assert post(url, new, [dict(message, messageId="new-key")]).status_code == 200
    missing = accord.run("source", "rotate", "nothing")
    assert missing.returncode == 1 and "has no write key" in missing.stderr


def test_replay_moves_fixed_events_into_the_log(accord):
    assert accord.run("init").returncode == 0
    key = add_source(accord)
    token = create_token(accord, "revops")
    process, url = accord.serve()
    messages = [
        {"type": "track", "event": "trial_extended", "userId": "u1", "messageId": "unplanned-1", "properties": {"days": 14}},
        {"type": "track", "event": "trial_extended", "userId": "u2", "messageId": "unplanned-2", "properties": {"days": 7}},
        {"type": "track", "event": "contract_signed", "userId": "u3", "messageId": "invalid-1", "properties": {"mrr": "lots", "licensed_seats": 3}},
    ]
    assert post(url, key, messages).status_code == 200
    kept = json.loads(http_get(url + "/api/v1/failed-events", token)[1])
    assert kept["total"] == 3
    reasons = {k["failed"]["message_id"]: k["failed"]["reasons"] for k in kept["failed_events"]}
    assert reasons["invalid-1"] == ["properties.mrr: expected number, got string"]
    assert reasons["unplanned-1"][0].startswith("event 'trial_extended' is not in the taxonomy")

    dry = accord.run("events", "replay", "--dry-run")
    assert "would move 0 into the log, 3 still fail" in dry.stdout
    # The monthly architecture review approves the new event: add it to the taxonomy.
    spec = (accord.folder / "accord.yaml").read_text()
    spec = spec.replace("    - name: risk_signal_detected", "    - name: trial_extended\n      properties:\n        days: {type: integer, required: true, minimum: 1}\n    - name: risk_signal_detected")
    (accord.folder / "accord.yaml").write_text(spec)
    result = accord.run("events", "replay")
    assert result.returncode == 0, result.stderr
    assert "moved 2 into the log, 1 still fail" in result.stdout
    assert "1× properties.mrr: expected number, got string" in result.stdout
    connection = sqlite3.connect(accord.folder / "accord.db")
    names = dict(connection.execute("SELECT message_id, name FROM events WHERE source = 'product'"))
    left = [row[0] for row in connection.execute("SELECT message_id FROM failed_events")]
    connection.close()
    assert names == {"unplanned-1": "trial_extended", "unplanned-2": "trial_extended"}
    assert left == ["invalid-1"]
    assert "moved 0 into the log, 1 still fail" in accord.run("events", "replay").stdout


def test_tail_follows_the_log(accord):
    assert accord.run("init").returncode == 0
    key = add_source(accord)
    process, url = accord.serve()
    tail = subprocess.Popen([accord.binary, "events", "tail", "--last", "0", "--json", "--count", "3"], cwd=accord.folder,
                            env=accord.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1)
    messages = [{"type": "track", "event": "first_value_achieved", "userId": "u", "messageId": f"tail-{i}", "properties": {"milestone": "m"}} for i in range(3)]
    assert post(url, key, messages).status_code == 200
    out, err = tail.communicate(timeout=30)
    lines = [json.loads(line) for line in out.strip().splitlines()]
    assert [line["message_id"] for line in lines] == ["tail-0", "tail-1", "tail-2"]
    assert lines[0]["plan_status"] == "planned"
