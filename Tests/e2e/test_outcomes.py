"""The outcome model on `accord serve --demo`: a signed history, a change waiting for signatures,
leaders signing it in the browser, and the quarterly validation report with real numbers."""
import json
import re

from conftest import Browser, stop


def signed_in(accord, url, email):
    browser = Browser(url)
    status, _, _ = browser.sign_in(email, accord.demo_people[email])
    assert status == 200
    return browser


def csrf(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_demo_outcome_model_is_signed_and_a_change_waits_for_the_rest(accord):
    process, url = accord.serve("--demo", "--demo-accounts", "300")
    grace = signed_in(accord, url, "grace.kim@northwind.example")
    versions = json.loads(grace.get("/api/v1/outcome-models")[1])["versions"]
    first, second = versions[0], versions[1]
    assert first["status"] == "active" and len(first["signatures"]) == 4, first
    assert second["status"] == "draft" and second["missing"] == ["it", "cs"], second
    changes = json.loads(grace.get(f"/api/v1/outcome-models/{first['id']}/diff?from=1&to=2")[1])["changes"]
    assert changes == ["weekly_active_usage target: 0.7 → 0.75"]

    # Grace signs for Customer Success with the button; the draft still waits for IT.
    status, page, _ = grace.get("/outcome-models")
    assert status == 200 and "Sign version 2 for Customer Success" in page and "waiting for IT, Customer Success" in page
    status, page, _ = grace.post_form(f"/outcome-models/{first['id']}/versions/2/sign", {"csrf_token": csrf(page)})
    assert status == 200 and "waiting for IT<" in page.replace("</summary>", "<")
    # Without the form's token, nothing is signed.
    ingrid = signed_in(accord, url, "ingrid.berg@northwind.example")
    assert ingrid.post_form(f"/outcome-models/{first['id']}/versions/2/sign", {})[0] == 403
    _, page, _ = ingrid.get("/outcome-models")
    status, _, _ = ingrid.post_form(f"/outcome-models/{first['id']}/versions/2/sign", {"csrf_token": csrf(page)})
    assert status == 200
    versions = json.loads(grace.get("/api/v1/outcome-models")[1])["versions"]
    assert [v["status"] for v in versions[:2]] == ["superseded", "active"]

    # A client's scorecard: the account page shows the API's states and the usage ratio as a share.
    accounts = json.loads(grace.get("/api/v1/accounts?limit=100")[1])["accounts"]
    cards = [json.loads(body) for body in (grace.get(f"/api/v1/accounts/{a['id']}/scorecard")[1] for a in accounts) if '"outcomes"' in body]
    card = next(c for c in cards if any(o["state"] != "not_yet_due" for o in c["outcomes"]))
    status, page, _ = grace.get(f"/accounts/{card['account']}")
    assert status == 200 and "Outcomes · mid_market_success" in page
    usage = next(o for o in card["outcomes"] if o["measure"] == "usage_ratio")
    assert f'<td class="num">{usage["target"] * 100:.1f}'.rstrip("0").rstrip(".") + "%</td>" in page
    for outcome in card["outcomes"]:
        assert f'<span class="stage state-{outcome["state"]}">' in page

    # The validation report: the page shows the API's figures.
    report = json.loads(grace.get("/api/v1/reports/outcome-validation")[1])
    assert report["accounts"] > 20 and report["auc"] > 0.5
    status, page, _ = grace.get("/reports/outcome-validation")
    assert status == 200
    assert f'data-key="accounts">{report["accounts"]:,}<' in page
    assert f'data-key="auc">{report["auc"] * 100:.1f}'.rstrip("0").rstrip(".") in page
    for row in report["rows"]:
        assert f"<td>{row['outcome']}</td>" in page
    assert stop(process) == 0
