"""The pinned singer-io tap-zendesk, run for real against a loopback Zendesk: `accord source add
zendesk --tap tap-zendesk` writes the ready-made source; organizations feed accounts, end users
contacts (agents stay out), tickets the client's support load and satisfaction ratings its CSAT."""
import json
import re
import time

import pytest

from conftest import REPO, Browser, query
from zendesk_api import TOKEN, ZendeskWorld, serve

TAP_ZENDESK = REPO / ".taps" / "tap-zendesk" / "bin" / "python"
LAUNCHER = REPO / "Tests" / "e2e" / "launchers" / "zendesk_loopback.py"


def world_of_northwind() -> ZendeskWorld:
    world = ZendeskWorld()
    world.organization(1, "Acme Robotics", "acme-robotics.example", 60)
    world.organization(2, "Birch Logistics", "birch-logistics.example", 50)
    world.organization(3, "Cedar Foods", "cedar-foods.example", 40)
    world.user(11, "Ada Lind", "ada@acme-robotics.example", "end-user", 1, 30)
    world.user(12, "Ben Ode", "ben@acme-robotics.example", "end-user", 1, 30)
    world.user(13, "Cy Park", "cy@birch-logistics.example", "end-user", 2, 30)
    world.user(90, "Tomas Silva", "tomas.silva@northwind.example", "agent", None, 30)
    world.ticket(100, 1, 11, "Sync stopped after the upgrade", "open", "high", 5)
    world.ticket(101, 1, 12, "How do I export a report?", "solved", "low", 20, updated_days_ago=18)
    world.ticket(102, 2, 13, "Invoices show the wrong seats", "pending", "urgent", 2)
    world.rating(500, 101, "good", 17)
    world.rating(501, 100, "bad", 1, "Still broken")
    world.rating(502, 102, "good", 1)
    world.rating(503, 102, "offered", 1)
    return world


def add_zendesk(accord, server):
    added = accord.run("source", "add", "zendesk", "--tap", "tap-zendesk", "--owner", "tomas.silva", "--start", "2024-01-01")
    assert added.returncode == 0, added.stdout + added.stderr
    assert "Replaced source 'zendesk' (support, tap-zendesk 2.8.2)" in added.stdout
    assert "export ZENDESK_SUBDOMAIN=...; export ZENDESK_ACCESS_TOKEN=..." in added.stdout
    checked = accord.run("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    spec = (accord.folder / "accord.yaml").read_text()
    assert "tap: [.taps/tap-zendesk/bin/tap-zendesk]" in spec
    (accord.folder / "accord.yaml").write_text(spec.replace("tap: [.taps/tap-zendesk/bin/tap-zendesk]", f"tap: [{TAP_ZENDESK}, {LAUNCHER}]"))
    return {"ZENDESK_API_BASE": f"http://127.0.0.1:{server.server_port}", "ZENDESK_SUBDOMAIN": "northwind", "ZENDESK_ACCESS_TOKEN": TOKEN}


def test_tap_zendesk_feeds_accounts_contacts_tickets_and_csat(accord):
    if not TAP_ZENDESK.exists():
        pytest.fail("tap-zendesk is missing: scripts/test installs it into .taps/tap-zendesk from Tests/e2e/taps/tap-zendesk.txt")
    world = world_of_northwind()
    world.fault("/api/v2/incremental/tickets/cursor.json", 429, {"Retry-After": "1"})
    world.fault("/api/v2/satisfaction_ratings", 500)
    server = serve(world)
    try:
        assert accord.run("init").returncode == 0
        env = add_zendesk(accord, server)
        first = accord.run("sync", "run", "zendesk", env=env, timeout=400)
        assert first.returncode == 0, first.stdout + first.stderr
        assert TOKEN not in first.stdout + first.stderr
        assert not world.faults, "the 429 and the 500 were answered and retried"
        assert len([q for p, q in world.requests if p == "/api/v2/incremental/users/cursor.json" and "cursor" in q]) >= 1, "users came in pages"
        assert len([q for p, q in world.requests if p == "/api/v2/satisfaction_ratings" and "page[after]" in q]) >= 1, "ratings came in pages"

        accounts = {r[1]: r[0] for r in query(accord, "SELECT id, domain FROM accounts")}
        assert set(accounts) == {"acme-robotics.example", "birch-logistics.example", "cedar-foods.example"}, accounts
        acme = accounts["acme-robotics.example"]
        # End users are the client's people; the agent is not a contact, and not a reject either.
        emails = sorted(r[0] for r in query(accord, "SELECT email FROM contacts"))
        assert emails == ["ada@acme-robotics.example", "ben@acme-robotics.example", "cy@birch-logistics.example"], emails
        rejects = query(accord, "SELECT stream, reason FROM sync_rejects WHERE source = 'zendesk'")
        assert rejects == [], rejects

        tickets = query(accord, "SELECT record_key, account_id, status, priority FROM support_tickets ORDER BY record_key")
        assert tickets == [("100", acme, "open", "high"), ("101", acme, "solved", "low"), ("102", accounts["birch-logistics.example"], "pending", "urgent")], tickets
        # Ratings reach their client through their ticket: good is satisfied, bad not, offered is no answer.
        scores = sorted(tuple(r) for r in query(accord, "SELECT account_id, kind, score FROM survey_responses"))
        assert scores == sorted([(acme, "csat", 5), (acme, "csat", 1), (accounts["birch-logistics.example"], "csat", 5)]), scores
        board = json.loads(accord.run("report", "dashboard", "--json").stdout)
        assert board["csat"]["responses"] == 3 and board["csat"]["satisfied"] == 2, board["csat"]

        # The account page shows the open tickets with priority and age.
        assert accord.run("user", "passwd", "tomas.silva@northwind.example", "--stdin", input="long enough password\n").returncode == 0
        process, base = accord.serve()
        browser = Browser(base)
        browser.sign_in("tomas.silva@northwind.example", "long enough password")
        status, page, _ = browser.get(f"/accounts/{acme}")
        assert status == 200, page
        assert "data-open-tickets>1 open" in page, re.findall(r"data-open-tickets>[^<]*", page)
        row = re.search(r'<tr data-ticket="100"[^>]*>(.*?)</tr>', page)
        assert row and "Sync stopped after the upgrade" in row.group(1) and "high" in row.group(1), page[page.find("Support tickets"):][:1500]

        # Incremental: the second run asks from its bookmarks (discovery's permission probe, one
        # record from the start date, aside); a changed ticket is updated, nothing doubles.
        world.requests.clear()
        time.sleep(1.1)
        world.ticket(100, 1, 11, "Sync stopped after the upgrade", "solved", "high", 5, updated_days_ago=0)
        second = accord.run("sync", "run", "zendesk", env=env, timeout=400)
        assert second.returncode == 0, second.stdout + second.stderr
        starts = [float(q["start_time"]) for p, q in world.requests if p == "/api/v2/incremental/tickets/cursor.json" and "start_time" in q and "per_page" not in q]
        assert starts and min(starts) > time.time() - 3 * 86_400, "tickets were asked from the bookmark, not from the start date"
        assert query(accord, "SELECT status FROM support_tickets WHERE record_key = '100'")[0][0] == "solved"
        assert query(accord, "SELECT COUNT(*) FROM survey_responses")[0][0] == 3
    finally:
        server.shutdown()
