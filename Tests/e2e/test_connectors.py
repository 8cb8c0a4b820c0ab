"""The standard taps, pinned, run for real against loopback servers that answer in the vendor's
documented shape: `accord source add NAME --tap TAP` writes the ready-made source, and the
client record comes out right."""
import datetime
import json
import sqlite3
import time

import pytest

from conftest import REPO, query
from stripe_api import StripeWorld, serve

TAP_STRIPE = REPO / ".taps" / "tap-stripe" / "bin" / "python"
LAUNCHER = REPO / "Tests" / "e2e" / "launchers" / "stripe_loopback.py"


def movements(accord, website_or_name: str):
    return [tuple(row) for row in query(
        accord,
        """SELECT m.kind, m.amount_cents, m.mrr_after_cents FROM mrr_movements m JOIN accounts a ON a.id = m.account_id
           WHERE a.domain = ? OR a.name = ? ORDER BY m.occurred_on, m.id""", (website_or_name, website_or_name))]


def subscription(accord, domain: str):
    rows = query(accord, "SELECT s.mrr_cents, s.status FROM subscriptions s JOIN accounts a ON a.id = s.account_id WHERE a.domain = ?", (domain,))
    return tuple(rows[0]) if rows else None


def test_tap_stripe_feeds_accounts_subscriptions_and_mrr_movements_through_pagination_faults_and_a_stale_bookmark(accord):
    if not TAP_STRIPE.exists():
        pytest.fail("tap-stripe is missing: scripts/test installs it into .taps/tap-stripe from Tests/e2e/taps/tap-stripe.txt")
    world = StripeWorld()
    # Clients for more than a year, so the dashboard's trailing-year retention has them at its start.
    world.customer("cus_acme", "Acme Billing", "https://acme-billing.example", 420)
    world.customer("cus_birch", "Birch Analytics", "https://birch.example", 420)
    world.customer("cus_cedar", "Cedar Health", "https://cedar.example", 420)
    for n in range(105):  # more than one page of 100
        world.customer(f"cus_f{n:03d}", f"Filler Company {n:03d}", None, 39)
    world.subscription("sub_acme", "cus_acme", [(5000, "month", 10)], 400)
    # Two items: Stripe sets no plan on the subscription, so its items are summed.
    world.subscription("sub_acme_addon", "cus_acme", [(2000, "month", 3), (24000, "year", 1)], 400)
    world.subscription("sub_birch", "cus_birch", [(120000, "year", 5)], 400)
    world.subscription("sub_cedar", "cus_cedar", [(9900, "month", 1)], 400, status="trialing")
    world.fault("/v1/customers", 429, {"Retry-After": "1", "Stripe-Should-Retry": "true"})
    world.fault("/v1/subscriptions", 500, {"Stripe-Should-Retry": "true"})
    server = serve(world)
    try:
        assert accord.run("init").returncode == 0
        start = (datetime.date.today() - datetime.timedelta(days=500)).isoformat()
        added = accord.run("source", "add", "stripe", "--tap", "tap-stripe", "--owner", "priya.raman", "--start", start)
        assert added.returncode == 0, added.stdout + added.stderr
        assert "Replaced source 'stripe' (billing, tap-stripe 3.3.0)" in added.stdout, added.stdout
        assert "pip install tap-stripe==3.3.0" in added.stdout and "export STRIPE_SECRET_KEY=..." in added.stdout
        checked = accord.run("check")
        assert checked.returncode == 0, checked.stdout + checked.stderr
        spec = (accord.folder / "accord.yaml").read_text()
        assert "tap: [.taps/tap-stripe/bin/tap-stripe]" in spec
        # The same tap, started through the test launcher that points it at the loopback server.
        (accord.folder / "accord.yaml").write_text(spec.replace("tap: [.taps/tap-stripe/bin/tap-stripe]", f"tap: [{TAP_STRIPE}, {LAUNCHER}]"))
        env = {"STRIPE_API_BASE": f"http://127.0.0.1:{server.server_port}", "STRIPE_SECRET_KEY": "sk_test_loopback",
               "STRIPE_ACCOUNT_ID": "acct_loopback"}

        first = accord.run("sync", "run", "stripe", env=env, timeout=300)
        assert first.returncode == 0, first.stdout + first.stderr
        assert "sk_test_loopback" not in first.stderr
        assert query(accord, "SELECT COUNT(*) FROM source_identities WHERE source = 'stripe' AND kind = 'account'")[0][0] == 108
        assert any(q.get("starting_after") for path, q in world.requests if path == "/v1/customers"), "the customers came in two pages"
        assert not world.faults, "the 429 and the 500 were answered and retried"
        # $50 × 10 seats + ($20 × 3 + $240 a year); $1,200 a year × 5; a trial is no subscription yet.
        assert subscription(accord, "acme-billing.example") == (58_000, "active")
        assert movements(accord, "acme-billing.example") == [("new", 58_000, 58_000)]
        assert movements(accord, "birch.example") == [("new", 50_000, 50_000)]
        assert subscription(accord, "cedar.example") is None

        world.change("sub_acme", 5, quantity=12)
        world.change("sub_birch", 4, status="canceled", canceled_at=world.ago(4), ended_at=world.ago(4))
        world.change("sub_cedar", 3, status="active")
        second = accord.run("sync", "run", "stripe", env=env, timeout=300)
        assert second.returncode == 0, second.stdout + second.stderr
        assert movements(accord, "acme-billing.example") == [("new", 58_000, 58_000), ("expansion", 10_000, 68_000)]
        assert movements(accord, "birch.example") == [("new", 50_000, 50_000), ("churn", 50_000, 0)]
        assert movements(accord, "cedar.example") == [("new", 9_900, 9_900)]
        assert query(accord, "SELECT churned_on FROM accounts WHERE domain = 'birch.example'")[0][0] == \
            datetime.datetime.fromtimestamp(world.ago(4), datetime.timezone.utc).date().isoformat()

        # Birch comes back with a new subscription, created after the last run's bookmark.
        time.sleep(1)
        world.subscription("sub_birch_2", "cus_birch", [(10000, "month", 2)], 0, created=int(time.time()), start_date=int(time.time()))
        time.sleep(1.1)
        third = accord.run("sync", "run", "stripe", env=env, timeout=300)
        assert third.returncode == 0, third.stdout + third.stderr
        assert movements(accord, "birch.example")[-1] == ("reactivation", 20_000, 20_000)
        assert subscription(accord, "birch.example") == (20_000, "active")

        # A bookmark for event updates older than Stripe's 30 days of events: the tap stops, and
        # Accord runs it again at once from the start date, saying so; nothing doubles.
        before = query(accord, "SELECT COUNT(*) FROM mrr_movements")[0][0]
        with sqlite3.connect(accord.folder / "accord.db") as db:
            (text,) = db.execute("SELECT state FROM sync_states WHERE source = 'stripe'").fetchone()
            state = json.loads(text)
            state["bookmarks"]["subscriptions_events"] = {"updates_created": world.ago(45)}
            db.execute("UPDATE sync_states SET state = ? WHERE source = 'stripe'", (json.dumps(state),))
        stale = accord.run("sync", "run", "stripe", env=env, timeout=300)
        assert stale.returncode == 0, stale.stdout + stale.stderr
        assert "bookmark was older than it can read" in stale.stderr, stale.stderr
        assert query(accord, "SELECT COUNT(*) FROM mrr_movements")[0][0] == before
        assert "Sync run 4 of stripe: ok" in stale.stderr, stale.stderr
        runs = accord.run("sync", "runs", "--source", "stripe").stdout.splitlines()
        assert len(runs) == 4 and all("  ok  " in line for line in runs), runs

        # The dashboard on the same world: Acme ($580) and Birch ($500) were clients a year ago;
        # Acme grew $100, Birch churned $500 and came back at $200; Cedar's trial is a new logo.
        # NRR = (1,080 + 100 + 200 − 500) / 1,080; GRR = (1,080 − 500) / 1,080.
        board = json.loads(accord.run("report", "dashboard", "--json").stdout)
        retention = board["retention"]
        assert (retention["accounts"], retention["start_cents"], retention["expansion_cents"], retention["reactivation_cents"],
                retention["churn_cents"], retention["contraction_cents"]) == (2, 108_000, 10_000, 20_000, 50_000, 0), retention
        assert retention["nrr"] == pytest.approx(88_000 / 108_000) and retention["grr"] == pytest.approx(58_000 / 108_000)
        shown = {m["id"]: m["display"] for m in board["metrics"]}
        assert shown["nrr_by_cohort"] == "81.5%" and shown["grr_by_cohort"] == "53.7%", shown
    finally:
        server.shutdown()
