"""Every page of `accord serve --demo` in a real headless Chromium: the key numbers on each page
equal the JSON API's, no page logs a console error, the dashboard fits a phone, and a screenshot
of each page is kept under artifacts/screenshots/."""
import base64
import json
import shutil
import subprocess
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

# A form posts and the page reloads: an element read while that happens is gone or not there yet.
RELOADING = (NoSuchElementException, StaleElementReferenceException)

from conftest import REPO, stop

SHOTS = REPO / "artifacts" / "screenshots"


def chromium():
    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not binary or not driver:
        pytest.fail("chromium and chromedriver are missing: scripts/test installs the Debian packages chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


class Session:
    def __init__(self, browser, base):
        self.browser, self.base = browser, base

    def open(self, path, shot):
        self.browser.get(self.base + path)
        errors = [entry for entry in self.browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert not errors, f"{path} logged console errors: {errors}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.browser.save_screenshot(str(SHOTS / f"{shot}.png"))
        assert "Not allowed" not in self.browser.title and "Not found" not in self.browser.title, path

    def api(self, path):
        """The JSON API with the browser's own session cookie."""
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in self.browser.get_cookies())
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def text(self, css):
        return self.browser.find_element(By.CSS_SELECTOR, css).text


def printed_text(browser, name):
    """The page printed to PDF by Chromium (its print styles applied), as pdftotext reads it, one space between words."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: scripts/test installs the Debian package poppler-utils")
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"])
    folder = REPO / "artifacts" / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    assert pdf.startswith(b"%PDF"), name
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # PDF text keeps the font's ligatures: read "ﬁ" and "ﬂ" as the letters they join.
    return " ".join(text.replace("\ufb01", "fi").replace("\ufb02", "fl").split())


def test_every_page_in_chromium(accord):
    process, url = accord.serve("--demo", "--demo-accounts", "400")
    browser = chromium()
    try:
        s = Session(browser, url)
        browser.get(url + "/sign-in")
        browser.find_element(By.NAME, "email").send_keys("grace.kim@northwind.example")
        browser.find_element(By.NAME, "password").send_keys(accord.demo_people["grace.kim@northwind.example"])
        browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        # The click returns before the redirect lands; on a busy machine that takes a while.
        try:
            WebDriverWait(browser, 60).until(lambda b: not b.current_url.endswith("/sign-in"))
        except Exception:
            pytest.fail("sign-in did not leave the form: " + browser.find_element(By.TAG_NAME, "body").text[:500])
        assert browser.current_url == url + "/today", "a person starts on their cockpit"
        # The cockpit: Grace Kim, the CS leader, agrees save plans; her tasks, overdue first, by name.
        s.open("/today", "today")
        mine = s.api("/api/v1/tasks?owner=grace.kim&status=open&limit=1000")["tasks"]
        rows = browser.find_elements(By.CSS_SELECTOR, "tr[data-task]")
        assert len(rows) == len(mine) > 0
        held = s.api("/api/v1/tasks?owner=grace.kim&status=held&limit=1000")["tasks"]
        if held:
            assert s.text('[data-key="held"]') == f"{len(held):,}", "held tasks are counted"
            assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-held]")) == min(20, len(held))
        assert not any("acc_" in row.text for row in rows), "clients are shown by name"
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), "the cockpit fits a laptop"
        s.open("/plays", "plays")
        assert {e.get_attribute("data-play") for e in browser.find_elements(By.CSS_SELECTOR, "tr[data-play]")} == {"risk_at_renewal", "expansion_signal", "single_threaded"}
        s.open("/plays/risk_at_renewal?backtest=1", "play-backtest")
        backtest = s.api("/api/v1/plays/risk_at_renewal/backtest")
        assert s.text('[data-key="firings"]') == f"{len(backtest['firings']):,}"

        # Save cases: a year of them, one waiting for Grace, the CS leader, to approve; what kept clients.
        s.open("/save-cases", "save-cases")
        cases = s.api("/api/v1/save-cases?limit=500")["cases"]
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-case]")) == len(cases) > 0
        waiting = next(c for c in cases if c["status"] == "awaiting_approval")
        s.open(f"/save-cases/{waiting['id']}", "save-case")
        assert browser.find_elements(By.CSS_SELECTOR, f"form[action='/save-cases/{waiting['id']}/decision']"), "the approver decides"
        assert len(browser.find_elements(By.CSS_SELECTOR, "li[data-step]")) >= 1
        s.open("/reports/concessions", "concessions")
        results = s.api("/api/v1/reports/concessions")
        assert s.text('[data-key="cases"]') == f"{len(results['cases']):,}"
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-group]")) == 1 + len(results["by_concession"])
        # Win-back: churned clients ranked, each row explained.
        s.open("/win-back", "win-back")
        ranking = s.api("/api/v1/win-back")
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-winback]")) == min(200, len(ranking["rows"])) > 0
        assert s.text('[data-key="count"]') == f"{len(ranking['rows']):,}"
        assert len(browser.find_elements(By.CSS_SELECTOR, "form#start-campaign input[name=account]")) == min(200, len(ranking["rows"])), \
            "the CS leader ticks clients into a campaign"
        s.open("/win-back/campaigns", "win-back-campaigns")
        campaigns = s.api("/api/v1/win-back/campaigns")["campaigns"]
        assert [e.get_attribute("data-campaign") for e in browser.find_elements(By.CSS_SELECTOR, "tr[data-campaign]")] == [c["id"] for c in campaigns]
        assert s.text('[data-key="wonBack"]') == f"{sum(c['won_back'] for c in campaigns):,}"
        finished = next(c for c in campaigns if c["won_back"] > 0)
        s.open(f"/win-back/campaigns/{finished['id']}", "win-back-campaign")
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-member]")) == finished["members"]
        assert s.text('[data-key="wonBack"]') == f"{finished['won_back']:,}"
        s.open("/reports/win-back", "win-back-report")
        report = s.api("/api/v1/reports/win-back")
        assert s.text('[data-key="campaigns"]') == f"{len(report['campaigns']):,}"
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-offer]")) == 1 + len(report["by_offer"])
        assert [e.get_attribute("data-churn") for e in browser.find_elements(By.CSS_SELECTOR, "tr[data-churn]")] == \
            [r["reason"] for r in report["churn_by_reason"]]
        # The 90-day program: the demo is on day 120, each check shown as the API computes it.
        s.open("/program", "program")
        program = s.api("/api/v1/program")
        assert program["day"] == 120 and s.text('[data-key="day"]') == "120"
        for phase in program["phases"]:
            shown = browser.find_elements(By.CSS_SELECTOR, f'[data-phase="{phase["number"]}"] ul.checks li')
            assert [(e.get_attribute("data-check"), e.get_attribute("data-passed")) for e in shown] == \
                [(c["id"], "true" if c["passed"] else "false") for c in phase["checks"]]
        assert all(c["passed"] for c in program["phases"][0]["checks"]), "the demo's outcome models are signed by the four functions"
        assert all(c["passed"] for c in program["phases"][1]["checks"]), "the demo's handoffs are decided under published rules"
        failing = [c for c in program["phases"][2]["checks"] if not c["passed"]]
        assert [c["id"] for c in failing] == ["dashboard"], "phase 3 waits on one visible check"
        assert "waits for IT (Ingrid Berg) to sign" in s.text('[data-phase="3"] [data-check="dashboard"]')
        proposals = s.api("/api/v1/proposals")["proposals"]
        assert any(p["kind"] == "taxonomy" and p["status"] == "pending" for p in proposals), "a taxonomy change waits for the monthly review"
        # The four artifacts, each printed to PDF by Chromium with the print styles and read back with pdftotext.
        s.open("/program/artifacts", "artifacts")
        kinds = [e.get_attribute("data-artifact") for e in browser.find_elements(By.CSS_SELECTOR, "li[data-artifact]")]
        assert kinds == ["outcome-model", "handoff-slas", "data-dictionary", "dashboard-spec"]
        facts = {
            "outcome-model": ["Enterprise 12-month success", "signed by Marketing (Maria Chen,", "Latest validation against renewals"],
            "handoff-slas": ["Lead to opportunity", "Last quarter:", "ICP fit below 60 goes back to nurture"],
            "data-dictionary": ["The client record", "contract_signed", "Identifiers and identity rules"],
            "dashboard-spec": ["Net revenue retention by acquisition cohort", "waiting on IT", "Gross margin for CLV"],
        }
        for kind in kinds:
            s.open(f"/program/artifacts/{kind}", f"artifact-{kind}")
            text = printed_text(browser, kind)
            assert "Generated by Accord from the running spec and database" in text and "Spec " in text, kind
            assert "Sign out" not in text and "Markdown" not in text, f"{kind}: the print styles leave the page's controls out"
            for fact in facts[kind]:
                assert fact in text, f"{kind} printed without {fact!r}"
        # The monthly architecture review: its ranked queue and proposals as the API has them, printed.
        s.open("/reviews/monthly", "review-monthly")
        monthly = s.api("/api/v1/reviews/monthly")
        ranked = browser.find_elements(By.CSS_SELECTOR, "tr[data-gap]")
        assert [e.get_attribute("data-rank") for e in ranked] == [str(i + 1) for i in range(len(monthly["queue"]))]
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-proposal]")) == len(monthly["proposals"]) == 2
        assert s.text('[data-key="gaps"]') == f"{len(monthly['queue']):,}"
        text = printed_text(browser, "review-monthly")
        assert "Integration work queue" in text and "Track report exports from the product" in text and "Sign out" not in text
        # The quarterly refresh and the rituals with the meetings the demo recorded.
        s.open("/reviews/quarterly", "review-quarterly")
        quarterly = s.api("/api/v1/reviews/quarterly")
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-outcome]")) == len(quarterly["validation"]["rows"])
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-draft]")) == len(quarterly["drafts"])
        s.open("/reviews", "rituals")
        rituals = s.api("/api/v1/rituals")
        assert len(browser.find_elements(By.CSS_SELECTOR, "[data-meeting-record]")) == len(rituals["meetings"]) >= 1
        # The CS leader records this week's triage with the form.
        browser.find_element(By.CSS_SELECTOR, "select[name=ritual] option[value=weekly_triage]").click()
        for person in ("grace.kim", "sam.okafor"):
            browser.find_element(By.CSS_SELECTOR, f"input[name=attendee][value='{person}']").click()
        browser.find_element(By.NAME, "decisions").send_keys("Browser check: close the two oldest rejections first")
        browser.find_element(By.CSS_SELECTOR, "form#record-meeting button[type=submit]").click()
        WebDriverWait(browser, 60).until(lambda b: "#meeting-" in b.current_url)
        recorded = s.api("/api/v1/meetings")["meetings"]
        assert len(recorded) == len(rituals["meetings"]) + 1
        assert any(m["ritual"] == "weekly_triage" and sorted(m["attendees"]) == ["grace.kim", "sam.okafor"] for m in recorded)
        # A client's business review pack, printed.
        renewing = s.api("/api/v1/renewals")["rows"][0]
        s.open(f"/accounts/{renewing['account']}/review", "review-client")
        review = s.api(f"/api/v1/accounts/{renewing['account']}/review")
        assert s.text('[data-key="risk"]') == review["risk"] == renewing["risk"]
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-outcome]")) == len(review["outcomes"])
        text = printed_text(browser, "review-client")
        assert f"Business review: {review['name']}" in text and "Outcomes against targets" in text and "Stakeholder coverage" in text
        # Starting one from the list: the top two price leavers with a discount, then closing it with what it taught.
        s.open("/win-back", "win-back")
        browser.find_element(By.NAME, "name").send_keys("Browser check: price leavers")
        browser.find_element(By.NAME, "top").send_keys("2")
        browser.find_element(By.CSS_SELECTOR, "select[name=reason] option[value=price]").click()
        browser.find_element(By.CSS_SELECTOR, "form#start-campaign button[type=submit]").click()
        WebDriverWait(browser, 60).until(lambda b: "/win-back/campaigns/" in b.current_url)
        started = browser.current_url.rsplit("/", 1)[1]
        s.open(f"/win-back/campaigns/{started}", "win-back-campaign-started")
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-member]")) == 2
        assert s.api(f"/api/v1/win-back/campaigns/{started}")["status"] == "running"
        browser.find_element(By.NAME, "note").send_keys("checked in a browser")
        browser.find_element(By.CSS_SELECTOR, f"form[action='/win-back/campaigns/{started}/close'] button").click()
        WebDriverWait(browser, 60, ignored_exceptions=RELOADING).until(lambda b: "closed" in b.find_element(By.TAG_NAME, "body").text)
        assert s.api(f"/api/v1/win-back/campaigns/{started}")["status"] == "closed"
        # Why a client left, corrected on its page by the CS leader; the record and the ranking follow.
        gone = ranking["rows"][0]["facts"]
        s.open(f"/accounts/{gone['account']}", "account-churned")
        corrected = next(r for r in ("service", "champion_left") if r != gone.get("reason"))
        browser.find_element(By.CSS_SELECTOR, f"form#churn-reason select[name=reason] option[value={corrected}]").click()
        browser.find_element(By.CSS_SELECTOR, "form#churn-reason input[name=note]").send_keys("corrected in a browser")
        browser.find_element(By.CSS_SELECTOR, "form#churn-reason button[type=submit]").click()
        label = corrected.replace("_", " ")
        WebDriverWait(browser, 60, ignored_exceptions=RELOADING).until(
            lambda b: f"({label})" in b.find_element(By.CSS_SELECTOR, "[data-churned]").text)
        assert next(r for r in s.api("/api/v1/win-back")["rows"] if r["facts"]["account"] == gone["account"])["facts"]["reason"] == corrected

        s.open("/", "accounts")
        headline = s.api("/api/v1/headline")
        assert s.text('[data-metric="active_clients"]') == f"{headline['active_clients']:,}"

        s.open("/dashboard", "dashboard")
        board = s.api("/api/v1/dashboard")
        for metric in board["metrics"]:
            assert s.text(f'[data-value="{metric["id"]}"]') == metric["display"], metric["id"]
        shared = [e.get_attribute("data-metric") for e in browser.find_elements(By.CSS_SELECTOR, "h2 + .cards")[0].find_elements(By.CSS_SELECTOR, "a.card")]
        assert shared == [m["id"] for m in board["metrics"] if m["shared"]] and len(shared) >= 4
        assert len(browser.find_elements(By.CSS_SELECTOR, "svg rect")) > 10, "the heat-map and the MRR bridge are drawn"
        s.open("/dashboard?source=marketing", "dashboard-marketing")

        for metric in board["metrics"]:
            if metric["id"] in ("handoff_sla", "outcome_attainment"):
                continue
            s.open(f"/metrics/{metric['id']}", f"metric-{metric['id']}")
            table = s.api(f"/api/v1/metrics/{metric['id']}")
            assert s.text(f'[data-value="{metric["id"]}"]') == metric["display"]
            assert len(browser.find_elements(By.CSS_SELECTOR, "tbody tr")) == max(1, len(table["rows"])), metric["id"]

        behind = s.api("/api/v1/metrics/stakeholder_coverage/accounts?key=single_threaded")
        s.open("/metrics/stakeholder_coverage/accounts?key=single_threaded", "single-threaded")
        assert s.text("[data-count]") == f"{behind['count']:,}"
        cohort = next(r for r in board["cohorts"]["rows"] if r["source"] == "all" and r["cells"])
        period = cohort["cells"][-1]["period"]
        cell = s.api(f"/api/v1/metrics/nrr_by_cohort/accounts?cohort={cohort['cohort']}&source=all&period={period}")
        s.open(f"/metrics/nrr_by_cohort/accounts?cohort={cohort['cohort']}&source=all&period={period}", "cohort-cell")
        assert s.text("[data-count]") == f"{cell['count']:,}" == f"{cohort['cells'][-1]['accounts']:,}"

        renewals = s.api("/api/v1/renewals")
        s.open("/renewals", "renewals")
        assert s.text('[data-value="renewals"]') == f"{len(renewals['rows']):,}"
        for risk in ("high", "medium", "low"):
            assert s.text(f'[data-value="risk-{risk}"]') == f"{renewals['by_risk'][risk]:,}"
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-account]")) == len(renewals["rows"]) > 0
        s.open("/data-quality", "data-quality")
        completeness = next(m for m in board["metrics"] if m["id"] == "data_completeness")
        assert s.text('[data-value="data_completeness"]') == completeness["display"]
        # The demo's sync log: its five batch sources, a support run that failed and who was told, and the recovery.
        synced = {e.get_attribute("data-sync") for e in browser.find_elements(By.CSS_SELECTOR, "tr[data-sync]")}
        assert synced == {"salesforce", "hubspot", "gainsight", "zendesk", "stripe"}, synced
        runs = s.api("/api/v1/sync-runs?source=zendesk&limit=50")["runs"]
        failed = next(r for r in runs if r["status"] == "failed")
        recovered = max((r for r in runs if r["id"] > failed["id"]), key=lambda r: -r["id"])
        assert s.text(f'[data-told="{failed["id"]}"]').startswith("failure told to ")
        assert s.text(f'[data-told="{recovered["id"]}"]').startswith("recovery told to ")

        handoffs = s.api("/api/v1/handoffs?limit=1")["handoffs"]
        handoff = handoffs[0]["id"]
        s.open(f"/accounts/{handoffs[0]['account_id']}", "account")
        assert browser.find_elements(By.CSS_SELECTOR, f'a[href="/handoffs/{handoff}"]'), "the handoff is on the account's timeline"
        detail = s.api(f"/api/v1/accounts/{handoffs[0]['account_id']}")
        if detail["movements"]:
            assert browser.find_elements(By.CSS_SELECTOR, "svg path"), "the MRR history is drawn"
        # The systems that hold the client, and its support tickets as the support sync keeps them.
        systems = {e.get_attribute("data-system") for e in browser.find_elements(By.CSS_SELECTOR, "tr[data-system]")}
        assert {"salesforce", "hubspot"} <= systems, systems
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-ticket]")) == len(detail["tickets"])
        with_tickets = next(a for a in s.api("/api/v1/accounts?limit=200")["accounts"] if s.api(f"/api/v1/accounts/{a['id']}")["tickets"])
        s.open(f"/accounts/{with_tickets['id']}", "account-tickets")
        tickets = s.api(f"/api/v1/accounts/{with_tickets['id']}")["tickets"]
        rows = browser.find_elements(By.CSS_SELECTOR, "tr[data-ticket]")
        assert [r.get_attribute("data-ticket") for r in rows] == [t["key"] for t in tickets]
        assert f"{sum(1 for t in tickets if t['status'] not in ('solved', 'closed'))} open" in s.text("[data-open-tickets]"), "open tickets are counted"
        # Health that explains itself: the score, each factor's evidence, the weekly chart, and what moved it.
        client = next(a for a in s.api("/api/v1/accounts?limit=200")["accounts"] if a["mrr_cents"] > 0)
        health = s.api(f"/api/v1/accounts/{client['id']}/health")
        s.open(f"/accounts/{client['id']}#health", "account-health")
        assert s.text("[data-health-score]").startswith(f"{health['now']['score']} ·")
        assert [e.get_attribute("data-health-factor") for e in browser.find_elements(By.CSS_SELECTOR, "tr[data-health-factor]")] == \
            [p["factor"] for p in health["now"]["parts"]]
        assert browser.find_elements(By.CSS_SELECTOR, "svg[data-health-chart] path"), "the health history is drawn"
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr[data-health-change]")) == min(8, len(health["history"]["changes"]))
        s.open("/reports/health-validation", "health-validation")
        validation = s.api("/api/v1/reports/health-validation")
        assert s.text('[data-key="auc90"]') == f"{round(validation['horizons'][0]['auc'] * 100)}%"
        for path, shot in [("/handoffs", "handoffs"), (f"/handoffs/{handoff}", "handoff"), ("/reports/triage", "triage"), ("/outcomes", "outcomes"),
                           ("/outcome-models", "outcome-models"), ("/audit", "audit"), ("/renewals", "renewals"),
                           ("/save-cases", "save-cases"), ("/win-back", "win-back")]:
            s.open(path, shot)
            # People read names: no cell or link shows a raw account id or actor, and the page fits a laptop.
            raw = browser.execute_script(
                "return [...document.querySelectorAll('td, dd, a, li')].map(e => e.innerText.trim())"
                ".filter(t => /^(acc_|person:|token:)/.test(t))")
            assert not raw, f"{path} shows raw ids: {raw[:5]}"
            assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{path} fits a laptop"
        s.open(f"/handoffs/{handoff}", "handoff")
        named = browser.find_element(By.CSS_SELECTOR, f"dd a[href='/accounts/{handoffs[0]['account_id']}']").text
        assert named == detail["account"]["name"], "the handoff links its client by name"
        s.open("/reports/outcome-validation", "outcome-validation")
        validation = s.api("/api/v1/reports/outcome-validation")
        assert s.text('[data-key="accounts"]') == f"{validation['accounts']:,}"

        # A phone: the page itself does not scroll sideways; wide tables scroll in their own box.
        browser.set_window_size(390, 844)
        for path in ("/dashboard", "/renewals", "/data-quality"):
            s.open(path, path.strip("/") + "-phone")
            assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        # Keyboard: every figure is a link, so Tab reaches it.
        assert all(card.tag_name == "a" for card in browser.find_elements(By.CSS_SELECTOR, ".card.metric"))
    finally:
        browser.quit()
        stop(process)
