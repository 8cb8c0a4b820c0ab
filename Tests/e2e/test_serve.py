"""`accord serve` as a newcomer runs it: one step to a working server, clear errors otherwise."""
import json
import shutil

from conftest import FIXTURES, Browser, create_token, http_get, stop


def test_serve_demo_starts_in_one_step(accord):
    process, url = accord.serve("--demo", "--demo-accounts", "200")
    status, body = http_get(url + "/health")
    assert status == 200 and json.loads(body)["status"] == "ok"
    assert http_get(url + "/api/v1/headline")[0] == 401, "nothing but sign-in without credentials"
    # The printed demo people sign in at once, one per function plus the admin.
    assert len(accord.demo_people) == 6, accord.demo_people
    browser = Browser(url)
    status, page, landed = browser.sign_in("grace.kim@northwind.example", accord.demo_people["grace.kim@northwind.example"])
    assert status == 200 and landed == url + "/today", landed
    assert "<h1>Today · Grace Kim</h1>" in page, "a person starts on their cockpit"
    headline = json.loads(browser.get("/api/v1/headline")[1])
    assert headline["accounts"] == 200
    accounts = browser.get("/")[1]
    assert "<h1>Accounts</h1>" in accounts and f'data-metric="active_clients">{headline["active_clients"]:,}<' in accounts
    first = json.loads(browser.get("/api/v1/accounts?limit=5")[1])["accounts"][0]["id"]
    assert browser.get(f"/accounts/{first}")[0] == 200
    assert not (accord.folder / "accord.db").exists(), "--demo without --db leaves the folder alone"
    assert stop(process) == 0


def test_serve_uses_the_database_in_the_folder(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "25").returncode == 0
    token = create_token(accord)
    process, url = accord.serve()
    status, body = http_get(url + "/api/v1/accounts", token)
    assert json.loads(body)["total"] == 25
    status, body = http_get(url + "/api/v1/spec", token)
    assert json.loads(body)["organization"] == "Northwind Workforce Cloud"
    stop(process)


def test_serve_on_an_occupied_port_says_so(accord):
    process, url = accord.serve("--demo", "--demo-accounts", "10")
    port = url.rsplit(":", 1)[1]
    result = accord.run("serve", "--demo", "--demo-accounts", "10", "--port", port)
    assert result.returncode == 1
    assert f"error: port {port} on 127.0.0.1 is already in use" in result.stderr
    assert http_get(url + "/health")[0] == 200, "the first server keeps serving"
    stop(process)


def test_serve_without_a_spec_points_to_init(accord):
    result = accord.run("serve")
    assert result.returncode == 1
    assert "error: spec accord.yaml not found; write one with 'accord init'" in result.stderr


def test_serve_with_a_broken_spec_refuses_to_start(accord):
    shutil.copy(FIXTURES / "planted-mistakes.yaml", accord.folder / "accord.yaml")
    result = accord.run("serve", "--demo")
    assert result.returncode == 1
    assert "spec accord.yaml has 5 errors" in result.stderr


def test_serve_on_a_corrupt_database_says_so(accord):
    accord.run("init")
    (accord.folder / "accord.db").write_bytes(b"garbage" * 2000)
    result = accord.run("serve")
    assert result.returncode == 1
    assert "accord.db is not a SQLite database" in result.stderr
