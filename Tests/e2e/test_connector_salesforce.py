"""The pinned singer-io tap-salesforce, run for real against a loopback Salesforce: `accord source
add salesforce --tap tap-salesforce` writes the ready-made source; accounts, contacts and users feed
the client record, an opportunity won is the contract, a failed run is reported and the next
recovers, and the second run asks only for what changed."""
import json
import time

import pytest

from conftest import REPO, query
from salesforce_api import REFRESH, TOKEN, SalesforceWorld, serve

TAP_SALESFORCE = REPO / ".taps" / "tap-salesforce" / "bin" / "python"
LAUNCHER = REPO / "Tests" / "e2e" / "launchers" / "salesforce_loopback.py"


def world_of_northwind() -> SalesforceWorld:
    world = SalesforceWorld()
    world.put("User", "005A0000001samAAA", 300, Email="sam.okafor@northwind.example", FirstName="Sam", LastName="Okafor", IsActive=True)
    world.put("User", "005A0000001extAAA", 300, Email="contractor@agency.example", FirstName="Ext", LastName="Ernal", IsActive=True)
    world.put("Account", "001A000001acmeAAA", 40, Name="Acme Robotics Inc.", Website="https://acme-robotics.example", NumberOfEmployees=250,
              Industry="Manufacturing", BillingCountry="US", OwnerId="005A0000001samAAA")
    world.put("Account", "001A000001birchAA", 30, Name="Birch Logistics", Website="birch-logistics.example", NumberOfEmployees=80,
              Industry="Logistics", BillingCountry="DE", OwnerId="005A0000001extAAA")
    world.put("Account", "001A000001cedarAA", 20, Name="Cedar Foods", Website="cedar-foods.example", NumberOfEmployees=40,
              Industry="Food", BillingCountry="FR", OwnerId="005A0000001samAAA")
    world.put("Contact", "003A000001adaAAAA", 30, AccountId="001A000001acmeAAA", Name="Ada Lind", FirstName="Ada", LastName="Lind",
              Email="ada@acme-robotics.example", Title="VP Operations")
    world.put("Contact", "003A000001cyAAAAA", 30, AccountId="001A000001birchAA", Name="Cy Park", FirstName="Cy", LastName="Park",
              Email="cy@birch-logistics.example", Title="COO")
    world.put("Opportunity", "006A000001wonAAAA", 10, AccountId="001A000001acmeAAA", Name="Acme platform", StageName="Closed Won", IsWon=True,
              Amount=36000.0, Seats__c=60.0, CloseDate="2026-11-20", OwnerId="005A0000001samAAA")
    world.put("Opportunity", "006A000001openAAA", 5, AccountId="001A000001birchAA", Name="Birch pilot", StageName="Negotiation", IsWon=False,
              Amount=12000.0, Seats__c=10.0, CloseDate="2026-12-20", OwnerId="005A0000001extAAA")
    return world


def test_tap_salesforce_feeds_accounts_contacts_owners_and_contracts(accord):
    if not TAP_SALESFORCE.exists():
        pytest.fail("tap-salesforce is missing: scripts/test installs it into .taps/tap-salesforce from Tests/e2e/taps/tap-salesforce.txt")
    world = world_of_northwind()
    server = serve(world)
    try:
        assert accord.run("init").returncode == 0
        added = accord.run("source", "add", "salesforce", "--tap", "tap-salesforce", "--owner", "priya.raman", "--start", "2024-01-01")
        assert added.returncode == 0, added.stdout + added.stderr
        assert "Replaced source 'salesforce' (crm, tap-salesforce 2.8.1)" in added.stdout and "export SALESFORCE_REFRESH_TOKEN=..." in added.stdout
        checked = accord.run("check")
        assert checked.returncode == 0, checked.stdout + checked.stderr
        spec = (accord.folder / "accord.yaml").read_text()
        (accord.folder / "accord.yaml").write_text(spec.replace("tap: [.taps/tap-salesforce/bin/tap-salesforce]", f"tap: [{TAP_SALESFORCE}, {LAUNCHER}]"))
        env = {"SALESFORCE_LOGIN_BASE": f"http://127.0.0.1:{server.server_port}", "SALESFORCE_CLIENT_ID": "loopback-client",
               "SALESFORCE_CLIENT_SECRET": "loopback-secret", "SALESFORCE_REFRESH_TOKEN": REFRESH}

        # A 500 from Salesforce: the tap gives up, the run fails with the tap's error, and nothing half-mapped stays.
        world.fault("/services/data/v61.0/queryAll", 500)
        failed = accord.run("sync", "run", "salesforce", env=env, timeout=400)
        assert failed.returncode != 0, failed.stdout + failed.stderr
        run = query(accord, "SELECT status, stderr_tail FROM sync_runs WHERE source = 'salesforce' ORDER BY id DESC LIMIT 1")[0]
        assert run[0] == "failed" and "500" in (run[1] or ""), run
        assert REFRESH not in failed.stdout + failed.stderr and TOKEN not in failed.stdout + failed.stderr

        recovered = accord.run("sync", "run", "salesforce", env=env, timeout=400)
        assert recovered.returncode == 0, recovered.stdout + recovered.stderr
        assert any(p.startswith("/services/data/v61.0/queryAll/") for m, p, q in world.requests), "records came in pages (nextRecordsUrl)"

        rows = query(accord, "SELECT id, name, domain, licensed_seats, industry, country, owner_sales FROM accounts ORDER BY name")
        assert [r[1:] for r in rows] == [
            # Acme's won opportunity is for 60 seats: the contract's seats, not its 250 employees, are what it licenses.
            ("Acme Robotics Inc.", "acme-robotics.example", 60, "Manufacturing", "US", "sam.okafor"),
            ("Birch Logistics", "birch-logistics.example", 80, "Logistics", "DE", "005A0000001extAAA"),
            ("Cedar Foods", "cedar-foods.example", 40, "Food", "FR", "sam.okafor"),
        ], rows
        acme = rows[0][0]
        # The 15-character form of an id is the same key as the 18-character one the sync wrote.
        links = {r[0] for r in query(accord, "SELECT external_id FROM source_identities WHERE source = 'salesforce' AND kind = 'account'")}
        assert "001A000001acmeAAA" in links, links
        emails = sorted(r[0] for r in query(accord, "SELECT email FROM contacts"))
        assert emails == ["ada@acme-robotics.example", "cy@birch-logistics.example"], emails

        signed = query(accord, "SELECT account_id, properties FROM events WHERE name = 'contract_signed' AND source = 'salesforce'")
        assert len(signed) == 1 and signed[0][0] == acme, signed
        assert json.loads(signed[0][1]) == {"mrr": 3000, "licensed_seats": 60, "sales_rep": "sam.okafor"}, signed
        assert query(accord, "SELECT cohort FROM accounts WHERE id = ?", (acme,))[0][0] == "2026-Q4", "the first contract names the cohort"
        assert query(accord, "SELECT cohort FROM accounts WHERE name = 'Birch Logistics'")[0][0] is None, "no contract, no cohort"

        # Incremental: the next run's SOQL starts from each object's SystemModstamp bookmark.
        world.requests.clear()
        time.sleep(1.1)
        world.put("Account", "001A000001cedarAA", 0, Name="Cedar Foods Group", Website="cedar-foods.example", NumberOfEmployees=45,
                  Industry="Food", BillingCountry="FR", OwnerId="005A0000001samAAA")
        again = accord.run("sync", "run", "salesforce", env=env, timeout=400)
        assert again.returncode == 0, again.stdout + again.stderr
        account_queries = [q for q in world.queries() if " FROM Account " in q]
        assert account_queries and "SystemModstamp >= 2024-01-01" not in account_queries[0], account_queries
        assert query(accord, "SELECT name FROM accounts WHERE domain = 'cedar-foods.example'")[0][0] == "Cedar Foods Group", "Salesforce names the client"
        assert query(accord, "SELECT COUNT(*) FROM events WHERE name = 'contract_signed'")[0][0] == 1, "a resent opportunity is the same event"
    finally:
        server.shutdown()
