"""`accord migrate` moves a SQLite installation to PostgreSQL: counts and checksums compared, the
server then runs on PostgreSQL with the same data, and a second migration into it is refused."""
import json
import re

import pytest

from conftest import POSTGRES_URL, create_token, fresh_postgres_database, http_get

pytestmark = pytest.mark.skipif(POSTGRES_URL is None, reason="scripts/test starts the PostgreSQL server")


def timeless(value):
    """The report without what depends on the moment it was made."""
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items() if k not in ("computed_at", "silent_for_seconds")}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    return value


def digest(output):
    return re.search(r"content digest: ([0-9a-f]{64})", output).group(1)


def test_migrate_sqlite_to_postgres(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "120").returncode == 0
    token = create_token(accord, "admin")
    before = accord.run("stats")
    url = fresh_postgres_database()

    moved = accord.run("migrate", "--from", "accord.db", "--to", url)
    assert moved.returncode == 0, moved.stderr
    assert "counts and checksums equal on both sides" in moved.stdout
    assert "DIFFERENT" not in moved.stdout
    assert re.search(r"accounts\s+120 rows", moved.stdout)
    assert re.search(r"api_tokens\s+1 rows", moved.stdout)

    after = accord.run("stats", env={"ACCORD_DATABASE_URL": url})
    assert after.returncode == 0, after.stderr
    assert digest(after.stdout) == digest(before.stdout)

    # Every dashboard figure and every renewal comes out the same from either database.
    for report in (["report", "dashboard", "--json"], ["report", "renewals", "--json"]):
        on_sqlite = accord.run(*report)
        on_postgres = accord.run(*report, env={"ACCORD_DATABASE_URL": url})
        assert on_sqlite.returncode == 0 and on_postgres.returncode == 0, on_postgres.stderr
        assert timeless(json.loads(on_postgres.stdout)) == timeless(json.loads(on_sqlite.stdout))

    # The same token signs in to a server on PostgreSQL, which sees the same accounts.
    process, base = accord.serve(env={"ACCORD_DATABASE_URL": url})
    status, body = http_get(base + "/api/v1/accounts?limit=1", token)
    assert status == 200, body
    assert '"total":120' in body.replace(" ", "")

    again = accord.run("migrate", "--from", "accord.db", "--to", url)
    assert again.returncode == 1
    assert "already holds" in again.stderr and "empty database" in again.stderr
