"""Shared helpers: the built `accord` binary, a scratch folder per test, and running servers."""
import http.cookiejar
import os
import re
import urllib.parse
import signal
import subprocess
import sqlite3
import time
import uuid
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "Tests" / "Fixtures"


def accord_binary() -> str:
    binary = os.environ.get("ACCORD_BIN", str(REPO / ".build" / "debug" / "accord"))
    if not Path(binary).exists():
        pytest.exit(f"accord binary not found at {binary}; build it with 'swift build' or set ACCORD_BIN", returncode=2)
    return binary


class Accord:
    """Runs `accord` commands in one scratch folder, with a clean environment."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.binary = accord_binary()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ACCORD_")}
        self.servers = []

    def run(self, *args, env=None, timeout=120, input=None):
        return subprocess.run(
            [self.binary, *args], cwd=self.folder, env={**self.env, **(env or {})}, capture_output=True, text=True,
            timeout=timeout, input=input)

    def serve(self, *args, env=None):
        """Starts `accord serve --port 0 ...` and returns (process, base URL) once it listens.
        With --demo, the demo people it prints are in `self.demo_people` (email -> password)."""
        process = subprocess.Popen(
            [self.binary, "serve", "--port", "0", *args], cwd=self.folder, env={**self.env, **(env or {})},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.servers.append(process)
        deadline = time.time() + 120
        while time.time() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            match = re.search(r"serving (http://127\.0\.0\.1:\d+)/", line)
            if match:
                if "--demo" in args:
                    self.demo_people = read_demo_people(process)
                return process, match.group(1)
        process.kill()
        raise AssertionError(f"server did not start: {process.stderr.read()}")

    def stop_all(self):
        for process in self.servers:
            if process.poll() is None:
                # SIGTERM first: the server shuts down and removes a demo's temporary database.
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


@pytest.fixture
def accord(tmp_path):
    runner = Accord(tmp_path)
    yield runner
    runner.stop_all()


# The PostgreSQL server scripts/test started, if any: tests that take `database` run on both.
POSTGRES_URL = os.environ.get("ACCORD_TEST_POSTGRES_URL") or None
DATABASES = ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]


def pytest_report_header(config):
    if not POSTGRES_URL:
        return "*** PostgreSQL SKIPPED: ACCORD_TEST_POSTGRES_URL is not set; the database tests run on SQLite only (scripts/test starts a server) ***"
    return f"PostgreSQL at {POSTGRES_URL}"


def pytest_configure(config):
    # CI must never pass on SQLite alone.
    if os.environ.get("CI") == "true" and not POSTGRES_URL:
        raise pytest.UsageError("ACCORD_TEST_POSTGRES_URL is not set under CI: start the server with scripts/postgres, as scripts/test does")


def fresh_postgres_database() -> str:
    """Creates an empty database on the test server and returns its URL."""
    import psycopg
    name = "accord_e2e_" + uuid.uuid4().hex[:16]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(POSTGRES_URL)._replace(path="/" + name))


@pytest.fixture(params=DATABASES)
def database(request, accord):
    """Runs the test on the SQLite file and, when a server is there, on PostgreSQL: every
    `accord` command of the test then names the database through ACCORD_DATABASE_URL."""
    if request.param == "postgres":
        accord.env["ACCORD_DATABASE_URL"] = fresh_postgres_database()
    return request.param


def with_sync(accord, *lines: str) -> str:
    """Writes the full template with the salesforce source's `sync:` given as `lines` (each under
    `sync:`), creates the database, and returns the spec's text."""
    assert accord.run("init").returncode == 0
    # The database exists before any test reads it.
    assert accord.run("stats").returncode == 0
    spec = (accord.folder / "accord.yaml").read_text().replace(
        "    identity_keys: {account: Id, contact: Id}\n    sync: {frequency: hourly}\n",
        "    identity_keys: {account: Id, contact: Id}\n    sync:\n" + "".join(f"      {line}\n" for line in lines), 1)
    (accord.folder / "accord.yaml").write_text(spec)
    return spec


def query(accord, sql: str, parameters=()):
    """Rows of a query on the database the test's commands use."""
    url = accord.env.get("ACCORD_DATABASE_URL")
    if url:
        import psycopg
        with psycopg.connect(url) as connection:
            if not parameters:
                return connection.execute(sql).fetchall()
            return connection.execute(sql.replace("%", "%%").replace("?", "%s"), parameters).fetchall()
    connection = sqlite3.connect(accord.folder / "accord.db")
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def read_demo_people(process) -> dict:
    """Reads the 'Sign in ... as one of these N demo people' block: email -> password."""
    people, expected = {}, None
    while expected is None or len(people) < expected:
        line = process.stdout.readline()
        if not line:
            break
        header = re.search(r"one of these (\d+) demo people", line)
        if header:
            expected = int(header.group(1))
        match = re.match(r"\s+\S+\s+(\S+@\S+)\s+(demo-\S+)\s", line)
        if match:
            people[match.group(1)] = match.group(2)
    return people


def http_get(url: str, token: str | None = None):
    """GET returning (status, body text); HTTP errors are answers too."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def stop(process) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


def add_source(accord, name="product", system="product_analytics") -> str:
    """Registers a source and returns its write key (the last line of the output)."""
    result = accord.run("source", "add", name, "--system", system)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def create_token(accord, role="viewer", *extra) -> str:
    """Creates an API token with the CLI and returns it (the last line of the output)."""
    result = accord.run("token", "create", "--role", role, *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


class Browser:
    """A cookie-keeping client that signs in through the sign-in form like a person does."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str):
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode(), response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.geturl()

    def post_form(self, path: str, fields: dict):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.geturl()

    def sign_in(self, email: str, password: str):
        _, page, _ = self.get("/sign-in")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.post_form("/sign-in", {"csrf_token": csrf, "next": "/", "email": email, "password": password})


class Receiver:
    """A webhook endpoint on loopback that keeps each JSON body it is sent and counts each delivery id."""

    def __init__(self):
        import collections
        import http.server
        import json
        import threading
        self.seen = collections.Counter()
        self.bodies = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.seen[self.headers["X-Accord-Delivery"]] += 1
                try:
                    receiver.bodies.append(json.loads(body))
                except ValueError:
                    receiver.bodies.append(body)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def kinds(self):
        return [body["type"] for body in self.bodies if isinstance(body, dict)]

