"""Shared helpers: the built `accord` binary, a scratch folder per test, and running servers."""
import http.cookiejar
import os
import re
import urllib.parse
import signal
import subprocess
import time
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
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def accord(tmp_path):
    runner = Accord(tmp_path)
    yield runner
    runner.stop_all()


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
