"""The pinned singer-io tap-hubspot, run for real against a loopback HubSpot: `accord source add
hubspot --tap tap-hubspot` writes the ready-made source; companies, contacts and owners feed the
client record, a deal closed won is the contract, form submissions are the client's marketing
context, and a Salesforce account of the same client in either order ends as one record."""
import json
import re
import time

import pytest

from conftest import REPO, Browser, create_token, http_get, query
from hubspot_api import HubSpotWorld, serve
from test_browser import SHOTS, chromium
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

TAP_HUBSPOT = REPO / ".taps" / "tap-hubspot" / "bin" / "python"
LAUNCHER = REPO / "Tests" / "e2e" / "launchers" / "hubspot_loopback.py"
MOTIVATION = "Cut churn in the first 90 days by wiring customer success to sales"


def world_of_northwind() -> HubSpotWorld:
    world = HubSpotWorld()
    world.owner("101", "sam.okafor@northwind.example", "Sam", "Okafor")
    world.owner("102", "outsider@agency.example", "Out", "Sider")
    world.company(1, 40, name="Acme Robotics", domain="acme-robotics.example", country="us", lifecyclestage="customer",
                  hs_analytics_source="ORGANIC_SEARCH", hubspot_owner_id="101")
    world.company(2, 45, name="Birch Logistics", domain="birch-logistics.example", country="de", lifecyclestage="opportunity",
                  hs_analytics_source="OFFLINE", hubspot_owner_id="102")
    for n in range(3, 6):
        world.company(n, 50 + n, name=f"Filler Works {n}", domain=f"filler-{n}.example", lifecyclestage="lead", hs_analytics_source="PAID_SEARCH")
    world.contact("501", "ada@acme-robotics.example", "Ada", "Lind", 1, 30, "VP Operations")
    world.contact("502", "ben@acme-robotics.example", "Ben", "Ode", 1, 30, "Analyst")
    world.contact("503", "cy@birch-logistics.example", "Cy", "Park", 2, 30)
    world.deal(9001, 1, "closedwon", 24_000, 40, "101", 20)
    world.deal(9002, 2, "qualifiedtobuy", 12_000, 10, "102", 5)
    world.form("f-guide", "NRR playbook (PDF)")
    world.form("f-webinar", "Webinar: handoffs that stick")
    world.form("f-demo", "Request a demo")
    world.submission("f-guide", "c1", "ada@acme-robotics.example", 90)
    world.submission("f-webinar", "c2", "ben@acme-robotics.example", 60)
    world.submission("f-demo", "c3", "ada@acme-robotics.example", 30, MOTIVATION)
    world.submission("f-guide", "c4", "nobody@elsewhere.example", 25)
    return world


def add_hubspot(accord, server):
    added = accord.run("source", "add", "hubspot", "--tap", "tap-hubspot", "--owner", "leo.fischer", "--start", "2024-01-01")
    assert added.returncode == 0, added.stdout + added.stderr
    assert "Replaced source 'hubspot' (crm, tap-hubspot 4.5.0)" in added.stdout and "export HUBSPOT_ACCESS_TOKEN=..." in added.stdout
    checked = accord.run("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    spec = (accord.folder / "accord.yaml").read_text()
    assert "tap: [.taps/tap-hubspot/bin/tap-hubspot]" in spec and "catalog_flag: properties" in spec
    (accord.folder / "accord.yaml").write_text(spec.replace("tap: [.taps/tap-hubspot/bin/tap-hubspot]", f"tap: [{TAP_HUBSPOT}, {LAUNCHER}]"))
    return {"HUBSPOT_API_BASE": f"http://127.0.0.1:{server.server_port}", "HUBSPOT_ACCESS_TOKEN": "pat-loopback"}


def account(accord, domain: str):
    rows = query(accord, "SELECT id, name, acquisition_source, lifecycle_stage, owner_sales, country FROM accounts WHERE domain = ?", (domain,))
    return tuple(rows[0]) if rows else None


def test_tap_hubspot_feeds_accounts_contacts_owners_contracts_and_marketing_context(accord):
    if not TAP_HUBSPOT.exists():
        pytest.fail("tap-hubspot is missing: scripts/test installs it into .taps/tap-hubspot from Tests/e2e/taps/tap-hubspot.txt")
    world = world_of_northwind()
    world.fault("/companies/v2/companies/paged", 429, {"Retry-After": "1"})
    world.fault("/crm/v3/objects/contacts", 500)
    server = serve(world)
    try:
        assert accord.run("init").returncode == 0
        env = add_hubspot(accord, server)
        first = accord.run("sync", "run", "hubspot", env=env, timeout=400)
        assert first.returncode == 0, first.stdout + first.stderr
        assert "pat-loopback" not in first.stderr
        assert not world.faults, "the 429 and the 500 were answered and retried"
        assert len([q for p, q in world.requests if p == "/companies/v2/companies/paged"]) >= 3, "companies came in pages (has-more, offset)"
        assert any(q.get("after") for p, q in world.requests if p == "/crm/v3/objects/contacts"), "contacts came in pages (paging.next.after)"

        # Companies: the original source says who sourced the client; the owner id is the person it is.
        acme = account(accord, "acme-robotics.example")
        assert acme[1:] == ("Acme Robotics", "marketing", "retention", "sam.okafor", "US"), acme
        birch = account(accord, "birch-logistics.example")
        assert birch[1:5] == ("Birch Logistics", "sales", "purchase", "102"), birch  # an owner who is not one of the spec's people keeps the id
        assert query(accord, "SELECT COUNT(*) FROM source_identities WHERE source = 'hubspot' AND kind = 'account'")[0][0] == 5
        # Contacts came before their companies in the run, and waited for them.
        emails = {r[0] for r in query(accord, "SELECT email FROM contacts WHERE account_id = ?", (acme[0],))}
        assert emails == {"ada@acme-robotics.example", "ben@acme-robotics.example"}

        # The deal closed won is the contract: annual amount as MRR, seats, the rep; the open deal is no event.
        signed = query(accord, "SELECT account_id, properties FROM events WHERE name = 'contract_signed' AND source = 'hubspot'")
        assert len(signed) == 1 and signed[0][0] == acme[0], signed
        assert json.loads(signed[0][1]) == {"mrr": 2000, "licensed_seats": 40, "sales_rep": "sam.okafor"}

        # Form submissions: content consumed in order, the buying motivation; an unknown email is rejected, saying why.
        touches = query(accord, "SELECT content, email, motivation FROM marketing_touches WHERE account_id = ? ORDER BY occurred_at_ms", (acme[0],))
        assert [t[0] for t in touches] == ["NRR playbook (PDF)", "Webinar: handoffs that stick", "Request a demo"]
        assert touches[2][2] == MOTIVATION
        reasons = [r[0] for r in query(accord, "SELECT reason FROM sync_rejects WHERE source = 'hubspot'")]
        assert len(reasons) == 1 and "no contact with the email 'nobody@elsewhere.example'" in reasons[0], reasons

        # The account page and the API carry the context; the handoff form starts from it.
        token = create_token(accord, "admin")
        process, base = accord.serve()
        status, body = http_get(f"{base}/api/v1/accounts/{acme[0]}", token)
        assert status == 200, body
        marketing = json.loads(body)["marketing"]
        assert marketing["buying_motivation"] == MOTIVATION and marketing["acquisition_source"] == "marketing"
        assert marketing["content_consumed"] == ["NRR playbook (PDF)", "Webinar: handoffs that stick", "Request a demo"]
        status, body = http_get(f"{base}/api/v1/handoffs/draft?account={acme[0]}&handoff=close_to_onboarding", token)
        assert status == 200, body
        draft = json.loads(body)
        assert draft["payload"]["buying_motivation"] == MOTIVATION and draft["prefilled"] == ["buying_motivation", "content_consumed"]
        assert draft["payload"]["content_consumed"][0] == "NRR playbook (PDF)"
        status, body = http_get(f"{base}/api/v1/handoffs/draft?account=acc_nope&handoff=close_to_onboarding", token)
        assert status == 404 and "no account with id 'acc_nope'" in body, body
        status, body = http_get(f"{base}/api/v1/handoffs/draft?account={acme[0]}&handoff=nope", token)
        assert status == 400 and "close_to_onboarding" in body, body

        # In Chromium: the account page shows how the client came, and its link opens the handoff form filled in.
        assert accord.run("user", "passwd", "sam.okafor@northwind.example", "--stdin", input="long enough password\n").returncode == 0
        browser = chromium()
        try:
            browser.get(base + "/sign-in")
            browser.find_element(By.NAME, "email").send_keys("sam.okafor@northwind.example")
            browser.find_element(By.NAME, "password").send_keys("long enough password")
            browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            # The click returns before the session cookie lands; opening the account before then meets the sign-in page.
            WebDriverWait(browser, 60).until(lambda b: not b.current_url.endswith("/sign-in"))
            browser.get(f"{base}/accounts/{acme[0]}")
            SHOTS.mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(SHOTS / "account-marketing-context.png"))
            assert browser.find_element(By.CSS_SELECTOR, "[data-motivation]").text == MOTIVATION
            assert len(browser.find_elements(By.CSS_SELECTOR, "[data-touch]")) == 3
            browser.find_element(By.CSS_SELECTOR, '[data-prepare="close_to_onboarding"]').click()
            browser.save_screenshot(str(SHOTS / "handoff-prefilled.png"))
            payload = json.loads(browser.find_element(By.NAME, "payload").get_attribute("value"))
            assert payload["buying_motivation"] == MOTIVATION and payload["content_consumed"][0] == "NRR playbook (PDF)"
            assert browser.find_element(By.NAME, "account").get_attribute("value") == acme[0]
            assert "buying_motivation" in browser.find_element(By.CSS_SELECTOR, "[data-prefilled]").text
            assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        finally:
            browser.quit()

        # Incremental: only what changed since the bookmark is fetched again (with Acme, modified at the
        # bookmark itself: the tap's filter includes it).
        world.requests.clear()
        time.sleep(1.1)
        world.change_company(2, lifecyclestage="customer")
        second = accord.run("sync", "run", "hubspot", env=env, timeout=400)
        assert second.returncode == 0, second.stdout + second.stderr
        assert sorted(world.details_fetched()) == [1, 2], world.details_fetched()
        assert account(accord, "birch-logistics.example")[3] == "retention", "the deal closed: HubSpot's stage is the client's"
        assert query(accord, "SELECT COUNT(*) FROM events WHERE name = 'contract_signed'")[0][0] == 1, "a resent deal is the same event"
    finally:
        server.shutdown()


SALESFORCE_CSV = "Id,Name,Website,NumberOfEmployees,Industry,BillingCountry,OwnerId\n001A000001acmeAAA,Acme Robotics Inc.,https://acme-robotics.example,250,Manufacturing,US,jade.morel\n"


@pytest.mark.parametrize("salesforce_first", [True, False], ids=["salesforce-first", "hubspot-first"])
def test_a_hubspot_company_and_a_salesforce_account_in_either_order_are_one_client(accord, salesforce_first):
    if not TAP_HUBSPOT.exists():
        pytest.fail("tap-hubspot is missing: scripts/test installs it into .taps/tap-hubspot from Tests/e2e/taps/tap-hubspot.txt")
    world = HubSpotWorld()
    world.company(1, 10, name="Acme Robotics", domain="acme-robotics.example", country="us", lifecyclestage="customer",
                  hs_analytics_source="ORGANIC_SEARCH")
    server = serve(world)
    try:
        assert accord.run("init").returncode == 0
        env = add_hubspot(accord, server)
        (accord.folder / "salesforce.csv").write_text(SALESFORCE_CSV)

        def salesforce():
            done = accord.run("import", "--source", "salesforce", "salesforce.csv")
            assert done.returncode == 0, done.stdout + done.stderr

        def hubspot():
            done = accord.run("sync", "run", "hubspot", env=env, timeout=400)
            assert done.returncode == 0, done.stdout + done.stderr

        for step in ([salesforce, hubspot] if salesforce_first else [hubspot, salesforce]):
            step()
        rows = query(accord, "SELECT id, name, industry, acquisition_source, lifecycle_stage FROM accounts")
        assert len(rows) == 1, rows
        links = {r[0] for r in query(accord, "SELECT source FROM source_identities WHERE account_id = ? AND kind = 'account'", (rows[0][0],))}
        assert links == {"salesforce", "hubspot"}
        # Salesforce is the system of record for the name; HubSpot feeds the stage and who sourced the client.
        assert rows[0][1:] == ("Acme Robotics Inc.", "Manufacturing", "marketing", "retention"), rows

        assert accord.run("user", "passwd", "priya.raman@northwind.example", "--stdin", input="long enough password\n").returncode == 0
        process, base = accord.serve()
        browser = Browser(base)
        browser.sign_in("priya.raman@northwind.example", "long enough password")
        status, page, _ = browser.get("/data-quality")
        assert status == 200, page
        fed = set(re.findall(r"<tr><td>(salesforce|hubspot)</td><td>account\.([a-z_]+)</td>", page))
        assert {("salesforce", "industry"), ("salesforce", "licensed_seats"), ("hubspot", "lifecycle_stage"),
                ("hubspot", "acquisition_source")} <= fed, sorted(fed)
    finally:
        server.shutdown()
