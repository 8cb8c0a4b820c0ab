"""What was found when Accord was tried from outside, checked against the real server over real sockets."""
import gzip
import json
import re
import socket
import sqlite3
import time
import urllib.request

from conftest import add_source, create_token, http_get

CSM = "noah.adeyemi@northwind.example"


def raw(url: str):
    host, port = re.match(r"http://([^:]+):(\d+)", url).groups()
    connection = socket.create_connection((host, int(port)), timeout=10)
    return connection


def read_all(connection, limit=10.0) -> bytes:
    """Everything the server sends until it closes the connection (or `limit` seconds pass)."""
    connection.settimeout(limit)
    data = b""
    try:
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                return data
            data += chunk
    except socket.timeout:
        return data + b"<still open>"


def post(url, path, body: bytes, headers: dict):
    request = urllib.request.Request(url + path, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_a_book_limited_csm_reads_no_other_csms_clients(accord):
    assert accord.run("init").returncode == 0
    spec = accord.folder / "accord.yaml"
    spec.write_text(spec.read_text().replace("own_book_only: []", "own_book_only: [cs_manager]"))
    assert accord.run("demo", "--accounts", "80").returncode == 0
    with sqlite3.connect(accord.folder / "accord.db") as db:
        owners = dict(db.execute("SELECT id, owner_cs FROM accounts"))
    mine = {a for a, o in owners.items() if o == "noah.adeyemi"}
    foreign = set(owners) - mine
    assert mine and foreign
    token = create_token(accord, "cs_manager", "--person", CSM)
    process, url = accord.serve()
    for path in ["/api/v1/renewals?days=366", "/api/v1/handoffs?limit=500", "/api/v1/handoffs/inbox", "/api/v1/dashboard",
                 "/api/v1/metrics/expansion_qualified_rate/accounts", "/api/v1/metrics/stakeholder_coverage/accounts?key=single_threaded", "/renewals?days=366",
                 "/metrics/expansion_qualified_rate/accounts", "/api/v1/accounts?limit=500"]:
        status, body = http_get(url + path, token)
        assert status == 200, (path, status, body[:300])
        leaked = [a for a in foreign if a in body]
        assert not leaked, f"{path} returned {len(leaked)} accounts outside the book"
    handoffs = json.loads(http_get(f"{url}/api/v1/handoffs?limit=500", create_token(accord, "admin"))[1])["handoffs"]
    other = next(h for h in handoffs if h["account_id"] in foreign)
    assert http_get(f"{url}/api/v1/handoffs/{other['id']}", token)[0] == 403
    assert http_get(f"{url}/handoffs/{other['id']}", token)[0] == 403


def test_a_stalled_or_trickled_body_is_cut_off_and_connections_are_capped(accord):
    assert accord.run("init").returncode == 0
    process, url = accord.serve("--body-timeout", "1", "--idle-timeout", "2", "--max-connections", "8")
    key = add_source(accord)
    # A body that stops half-way: the connection is closed once the body timeout passes.
    stalled = raw(url)
    stalled.sendall(b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"batch\":")
    started = time.time()
    assert b"<still open>" not in read_all(stalled) and time.time() - started < 8, "the stalled body's connection is closed"
    # One byte a second keeps no connection for ever either.
    trickle = raw(url)
    trickle.sendall(b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n")
    started, closed = time.time(), False
    while time.time() - started < 8:
        try:
            trickle.sendall(b" ")
        except OSError:
            closed = True
            break
        time.sleep(0.5)
        trickle.settimeout(0.01)
        try:
            if trickle.recv(1) == b"":
                closed = True
                break
        except socket.timeout:
            pass
        except OSError:
            closed = True
            break
    assert closed, "a trickled body was cut off"
    # Headers that never finish end with the idle timeout.
    slow = raw(url)
    slow.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    started = time.time()
    assert read_all(slow) == b"" and time.time() - started < 8, "unfinished headers end with the idle timeout"
    # Past the connection cap, a new connection waits: the server keeps serving those it has.
    # Each held connection is answered before the next opens: the server accepts connections in
    # batches from the listen queue, so nine arriving at once on a busy machine could pass the cap.
    held = []
    for _ in range(8):
        connection = raw(url)
        connection.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        connection.settimeout(10)
        assert connection.recv(12).startswith(b"HTTP/1.1 200"), "each of the first eight connections is served"
        held.append(connection)
    waiting = raw(url)
    waiting.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    waiting.settimeout(0.5)
    try:
        early = waiting.recv(100)
    except socket.timeout:
        early = b""
    assert early == b"", "the ninth connection is not served while eight are open"
    for connection in held:
        connection.close()
    assert b"200 OK" in read_all(waiting), "once connections close, the waiting one is served"
    # The server still answers after all of it.
    assert http_get(url + "/health")[0] == 200
    assert post(url, "/v1/batch", json.dumps({"batch": [{"type": "track", "event": "x", "userId": "u"}]}).encode(),
                {"Content-Type": "application/json", "Authorization": "Basic " + __import__("base64").b64encode(f"{key}:".encode()).decode()})[0] == 200


def test_a_declared_length_over_the_limit_is_refused_before_the_body(accord):
    assert accord.run("init").returncode == 0
    process, url = accord.serve()
    connection = raw(url)
    connection.sendall(b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n")
    started = time.time()
    answer = read_all(connection)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b'"success":false' in answer and time.time() - started < 5
    connection = raw(url)
    connection.sendall(b"POST /api/v1/handoffs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 70000\r\n\r\n")
    answer = read_all(connection)
    assert answer.startswith(b"HTTP/1.1 413") and b"65,536 bytes" in answer


def test_answers_to_an_attacker(accord):
    assert accord.run("init").returncode == 0
    process, url = accord.serve()
    key = add_source(accord)
    basic = "Basic " + __import__("base64").b64encode(f"{key}:".encode()).decode()
    viewer = create_token(accord, "viewer")
    revops = create_token(accord, "revops")

    # Open redirect: control characters cannot smuggle another host through `next`.
    request = urllib.request.Request(url + "/sign-in?next=/%09/evil.example/x")
    page = urllib.request.urlopen(request, timeout=10).read().decode()
    assert 'name="next" value="/"' in page and "evil.example" not in page

    # Unknown routes and wrong methods: the documented body and the security headers.
    request = urllib.request.Request(url + "/api/v1/nope", headers={"Authorization": f"Bearer {viewer}"})
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("expected 404")
    except urllib.error.HTTPError as error:
        assert error.code == 404 and json.loads(error.read())["error"]["code"] == "not_found"
        assert error.headers["X-Content-Type-Options"] == "nosniff" and "default-src 'none'" in error.headers["Content-Security-Policy"]
    head = urllib.request.Request(url + "/health", method="HEAD")
    assert urllib.request.urlopen(head, timeout=10).status == 200
    status, _, headers = post(url, "/health", b"{}", {"Content-Type": "application/json"})
    assert status == 405 and headers["Allow"] == "GET, HEAD"

    # Large integers keep their digits; control characters in ids are refused.
    body = {"batch": [{"type": "track", "messageId": "big", "event": "first_value_achieved", "userId": "u1",
                       "properties": {"milestone": "m", "order": 9007199254740993}}]}
    text = json.dumps(body).replace("9007199254740993", "9007199254740993, \"huge\": 12345678901234567890")
    assert post(url, "/v1/batch", text.encode(), {"Content-Type": "application/json", "Authorization": basic})[0] == 200
    events = json.loads(http_get(f"{url}/api/v1/events?message_id=big", viewer)[1])["events"]
    raw_events = http_get(f"{url}/api/v1/events?message_id=big", viewer)[1]
    assert "9007199254740993" in raw_events and "12345678901234567890" in raw_events, raw_events
    assert len(events) == 1
    status, answer, _ = post(url, "/v1/track", json.dumps({"event": "e", "userId": "nulvictim\u0000evil"}).encode(),
                             {"Content-Type": "application/json", "Authorization": basic})
    assert status == 400 and "control character U+0000" in answer
    status, answer, _ = post(url, "/v1/track", json.dumps({"event": "e", "userId": "u", "timestamp": "2026-01-01T00:00:00+99:00"}).encode(),
                             {"Content-Type": "application/json", "Authorization": basic})
    assert status == 400 and "timestamp" in answer

    # A bad clock: stored with the receipt time, the sent time kept; the dashboard's time to insight stays sane.
    old = {"type": "track", "messageId": "old", "event": "first_value_achieved", "userId": "u1", "properties": {"milestone": "m"},
           "timestamp": "0001-01-01T00:00:00Z"}
    assert post(url, "/v1/batch", json.dumps({"batch": [old]}).encode(), {"Content-Type": "application/json", "Authorization": basic})[0] == 200
    event = json.loads(http_get(f"{url}/api/v1/events?message_id=old", viewer)[1])["events"][0]["event"]
    assert event["original_timestamp"].startswith("0001-01-01") and not event["timestamp"].startswith("0001")
    dashboard = json.loads(http_get(f"{url}/api/v1/dashboard", viewer)[1])
    worst = dashboard["time_to_insight"]["worst_p95_seconds"]
    assert worst is None or worst < 86_400 * 365, worst

    # A gzip body cut short says so.
    compressed = gzip.compress(json.dumps({"batch": [old] * 20}).encode())[:-20]
    status, answer, _ = post(url, "/v1/batch", compressed, {"Content-Type": "application/json", "Content-Encoding": "gzip", "Authorization": basic})
    assert status == 400 and "cut short" in answer

    # A webhook to the cloud metadata service is refused; a viewer's empty handoff is a 403 first.
    status, answer, _ = post(url, "/api/v1/webhooks", json.dumps({"url": "http://169.254.169.254/latest/meta-data/"}).encode(),
                             {"Content-Type": "application/json", "Authorization": f"Bearer {revops}"})
    assert status == 400 and "link-local" in answer
    status, _, _ = post(url, "/api/v1/handoffs", b"", {"Content-Type": "application/json", "Authorization": f"Bearer {viewer}"})
    assert status == 403
