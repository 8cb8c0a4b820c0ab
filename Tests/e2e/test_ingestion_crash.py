"""kill -9 the server while a client streams batches: every acknowledged event survives, once."""
import os
import signal
import threading
import time
import uuid

import requests

from conftest import add_source, http_get, query


def batch(prefix, n):
    return [{"type": "track", "event": "first_value_achieved", "userId": f"u{i % 9}", "messageId": f"{prefix}-{i}-{uuid.uuid4()}",
             "properties": {"milestone": "crash test"}} for i in range(n)]


def test_acknowledged_events_survive_kill_9(accord, database):
    assert accord.run("init").returncode == 0
    key = add_source(accord)
    process, url = accord.serve()
    acknowledged, unacknowledged = [], []
    stop = threading.Event()

    def stream():
        session = requests.Session()
        n = 0
        while not stop.is_set():
            messages = batch(f"b{n}", 100)
            n += 1
            try:
                response = session.post(url + "/v1/batch", json={"batch": messages}, auth=(key, ""), timeout=10)
            except requests.RequestException:
                unacknowledged.append(messages)
                return
            if response.status_code == 200:
                acknowledged.extend(m["messageId"] for m in messages)
            else:
                unacknowledged.append(messages)
                return

    thread = threading.Thread(target=stream)
    thread.start()
    deadline = time.time() + 60
    while len(acknowledged) < 5000 and time.time() < deadline:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    stop.set()
    thread.join(timeout=30)
    assert len(acknowledged) >= 5000

    # Restart on the same database: everything acknowledged is there, exactly once.
    process, url = accord.serve()
    assert http_get(url + "/health")[0] == 200
    stored = dict(query(accord, "SELECT message_id, COUNT(*) FROM events GROUP BY message_id"))
    missing = [m for m in acknowledged if m not in stored]
    assert missing == []
    assert set(stored[m] for m in acknowledged) == {1}

    # The client retries what was in flight: it lands once, whether or not it had been committed.
    for messages in unacknowledged:
        for _ in range(2):
            assert requests.post(url + "/v1/batch", json={"batch": messages}, auth=(key, ""), timeout=10).status_code == 200
    stored = dict(query(accord, "SELECT message_id, COUNT(*) FROM events GROUP BY message_id"))
    for messages in unacknowledged:
        assert all(stored.get(m["messageId"]) == 1 for m in messages)
