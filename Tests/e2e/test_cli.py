"""The CLI as a newcomer uses it: init, check, demo, stats, with every failure path."""
import re
import shutil
import sqlite3
import time

from conftest import FIXTURES


def test_init_writes_a_valid_full_spec(accord):
    result = accord.run("init")
    assert result.returncode == 0, result.stderr
    assert "Wrote accord.yaml (full template)" in result.stdout
    text = (accord.folder / "accord.yaml").read_text()
    for handoff in ["lead_to_opportunity", "opportunity_to_close", "close_to_onboarding", "onboarding_to_adoption", "adoption_to_expansion"]:
        assert f"id: {handoff}" in text
    check = accord.run("check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "accord.yaml is valid: 5 functions, 12 people, 3 outcome models, 5 handoffs" in check.stdout


def test_init_compact_template(accord):
    assert accord.run("init", "--template", "compact").returncode == 0
    check = accord.run("check")
    assert check.returncode == 0
    assert "1 outcome model, 3 handoffs" in check.stdout and "3 metrics" in check.stdout


def test_init_never_overwrites_without_force(accord):
    (accord.folder / "accord.yaml").write_text("mine\n")
    result = accord.run("init")
    assert result.returncode == 1
    assert "error: accord.yaml already exists; keep it, or pass --force" in result.stderr
    assert (accord.folder / "accord.yaml").read_text() == "mine\n"
    assert accord.run("init", "--force").returncode == 0
    assert (accord.folder / "accord.yaml").read_text() != "mine\n"


def test_init_into_a_missing_folder_fails_cleanly(accord):
    result = accord.run("init", "no/such/folder/accord.yaml")
    assert result.returncode == 1
    assert "cannot write no/such/folder/accord.yaml" in result.stderr


def test_unknown_template_is_refused(accord):
    result = accord.run("init", "--template", "huge")
    assert result.returncode != 0
    assert "huge" in result.stderr


def test_check_reports_each_planted_mistake_on_its_line(accord):
    fixture = FIXTURES / "planted-mistakes.yaml"
    shutil.copy(fixture, accord.folder / "spec.yaml")
    planted = [n for n, line in enumerate(fixture.read_text().splitlines(), 1) if "# MISTAKE" in line]
    result = accord.run("check", "spec.yaml")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5, result.stdout
    reported = []
    for line in lines:
        match = re.match(r"^spec\.yaml:(\d+):(\d+): error: .+", line)
        assert match, line
        reported.append(int(match.group(1)))
    assert reported == planted
    assert "spec.yaml: 5 errors, 0 warnings" in result.stderr


def test_check_a_missing_or_unreadable_file(accord):
    result = accord.run("check")
    assert result.returncode == 1
    assert "error: accord.yaml not found" in result.stderr
    (accord.folder / "binary.yaml").write_bytes(b"\xff\xfe\x00\x01")
    result = accord.run("check", "binary.yaml")
    assert result.returncode == 1
    assert "binary.yaml" in result.stdout + result.stderr


def test_spec_and_db_come_from_the_environment(accord):
    env = {"ACCORD_SPEC": "custom.yaml", "ACCORD_DB": "custom.db"}
    assert accord.run("init", env=env).returncode == 0
    assert (accord.folder / "custom.yaml").exists()
    assert accord.run("check", env=env).returncode == 0
    demo = accord.run("demo", "--accounts", "20", env=env)
    assert demo.returncode == 0, demo.stderr
    assert (accord.folder / "custom.db").exists()
    assert not (accord.folder / "accord.db").exists()


def stats(accord, db):
    result = accord.run("stats", "--db", db)
    assert result.returncode == 0, result.stderr
    digest = re.search(r"content digest: ([0-9a-f]{64})", result.stdout).group(1)
    counts = dict(re.findall(r"^\s+(\w+)\s+([\d,]+)$", result.stdout, re.M))
    return counts, digest


def test_demo_is_deterministic(accord):
    for db in ["a.db", "b.db"]:
        result = accord.run("demo", "--accounts", "300", "--seed", "5", "--as-of", "2026-11-22", "--db", db)
        assert result.returncode == 0, result.stderr
        assert "Generating accounts" in result.stderr
    a, b = stats(accord, "a.db"), stats(accord, "b.db")
    assert a == b
    assert a[0]["accounts"] == "300"
    assert int(a[0]["events"].replace(",", "")) > 1000
    accord.run("demo", "--accounts", "300", "--seed", "6", "--as-of", "2026-11-22", "--db", "c.db")
    assert stats(accord, "c.db")[1] != a[1]


def test_demo_does_not_overwrite_without_replace(accord):
    assert accord.run("demo", "--accounts", "30").returncode == 0
    before = stats(accord, "accord.db")
    result = accord.run("demo", "--accounts", "40")
    assert result.returncode == 1
    assert "accord.db already holds 30 accounts; add --replace" in result.stderr
    assert stats(accord, "accord.db") == before
    assert accord.run("demo", "--accounts", "40", "--replace").returncode == 0
    assert stats(accord, "accord.db")[0]["accounts"] == "40"


def test_demo_refuses_a_corrupt_database_and_leaves_it(accord):
    garbage = b"this is not a database" * 500
    (accord.folder / "accord.db").write_bytes(garbage)
    result = accord.run("demo", "--accounts", "10")
    assert result.returncode == 1
    assert result.stderr.strip().endswith("error: accord.db is not a SQLite database (corrupt or another kind of file); move it aside or point --db at another file")
    assert (accord.folder / "accord.db").read_bytes() == garbage


def test_demo_on_a_locked_database_says_so(accord):
    assert accord.run("demo", "--accounts", "10").returncode == 0
    holder = sqlite3.connect(accord.folder / "accord.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.time()
        result = accord.run("demo", "--accounts", "10", "--replace", timeout=60)
        assert result.returncode == 1
        assert "error: database accord.db is locked by another process" in result.stderr
        assert time.time() - started < 30
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert stats(accord, "accord.db")[0]["accounts"] == "10"


def test_demo_with_a_broken_spec_writes_nothing(accord):
    shutil.copy(FIXTURES / "planted-mistakes.yaml", accord.folder / "accord.yaml")
    result = accord.run("demo", "--accounts", "10")
    assert result.returncode == 1
    assert "error: spec accord.yaml has 5 errors; 'accord check accord.yaml' lists them all" in result.stderr
    assert "accord.yaml:19:15: error: unknown function 'salse'" in result.stderr
    assert not (accord.folder / "accord.db").exists()


def test_bad_flags_are_explained(accord):
    result = accord.run("demo", "--as-of", "yesterday")
    assert result.returncode != 0
    assert "--as-of must be a date such as 2026-11-22, got 'yesterday'" in result.stderr
    result = accord.run("demo", "--accounts", "0")
    assert result.returncode != 0
    assert "--accounts must be between 1 and 1,000,000" in result.stderr
    result = accord.run("serve", "--port", "70000")
    assert result.returncode != 0
    assert "--port must be between 0 and 65535" in result.stderr


def test_an_unreachable_or_malformed_database_url_is_one_clear_line(accord):
    down = accord.run("stats", "--database", "postgres://accord@127.0.0.1:1/accord?sslmode=disable")
    assert down.returncode == 1
    assert "is PostgreSQL running and listening on 127.0.0.1:1?" in down.stderr
    assert "Traceback" not in down.stderr and len(down.stderr.strip().splitlines()) == 1
    malformed = accord.run("stats", env={"ACCORD_DATABASE_URL": "postgres://127.0.0.1:5432"})
    assert malformed.returncode == 1
    assert "names no database" in malformed.stderr
    missing = accord.run("migrate", "--from", "nothing.db", "--to", "postgres://accord@127.0.0.1:1/accord")
    assert missing.returncode != 0
    assert "--from nothing.db does not exist" in missing.stderr
