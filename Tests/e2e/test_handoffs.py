"""Handoffs from the command line: incomplete ones are recorded and explained, the chain is kept, reports read it."""
import json
import sqlite3


def fresh_prospect(folder):
    with sqlite3.connect(folder / "accord.db") as db:
        return db.execute("""SELECT a.id, (SELECT name FROM contacts c WHERE c.account_id = a.id LIMIT 1) FROM accounts a
                             WHERE lifecycle_stage = 'awareness' AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.account_id = a.id)
                             AND EXISTS (SELECT 1 FROM contacts c WHERE c.account_id = a.id) LIMIT 1""").fetchone()


def test_submit_reject_resubmit_accept_and_report(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "80").returncode == 0
    account, _ = fresh_prospect(accord.folder)

    (accord.folder / "lead.json").write_text(json.dumps({"demand_state": "curious", "buying_motivation": "short", "icp_fit_score": 40}))
    thin = accord.run("handoff", "submit", "lead_to_opportunity", "--account", account, "--payload", "lead.json", "--as", "leo.fischer")
    assert thin.returncode == 1
    assert "demand_state: 'curious' is not one of" in thin.stdout
    assert "icp_fit_score: ICP fit below 60 goes back to nurture" in thin.stdout
    assert "content_consumed: Name at least one asset the lead consumed" in thin.stdout
    assert "recorded as auto-rejected" in thin.stderr
    first = thin.stdout.split()[0]

    wrong = accord.run("handoff", "submit", "lead_to_opportunity", "--account", account, "--payload", "lead.json", "--as", "grace.kim")
    assert wrong.returncode == 1 and "may not submit lead_to_opportunity" in wrong.stderr

    (accord.folder / "lead.json").write_text(json.dumps(
        {"demand_state": "problem_aware", "buying_motivation": "Payroll errors cost two days a month", "content_consumed": ["ROI calculator"], "icp_fit_score": 72}))
    good = accord.run("handoff", "submit", "lead_to_opportunity", "--account", account, "--payload", "lead.json", "--as", "leo.fischer", "--previous", first)
    assert good.returncode == 0 and " waiting " in good.stdout, good.stdout + good.stderr
    second = good.stdout.split()[0]
    no_comment = accord.run("handoff", "decide", second, "--reject", "not_ready", "--as", "sam.okafor")
    assert no_comment.returncode == 1 and "needs a comment" in no_comment.stderr
    rejected = accord.run("handoff", "decide", second, "--reject", "not_ready", "--comment", "No budget owner yet", "--as", "sam.okafor")
    assert "rejected (not_ready): No budget owner yet" in rejected.stdout
    third = accord.run("handoff", "submit", "lead_to_opportunity", "--account", account, "--payload", "lead.json", "--as", "leo.fischer", "--previous", second)
    accepted = accord.run("handoff", "decide", third.stdout.split()[0], "--accept", "--as", "sam.okafor")
    assert " accepted " in accepted.stdout

    with sqlite3.connect(accord.folder / "accord.db") as db:
        chain = db.execute("SELECT status, previous_id FROM handoffs WHERE account_id = ? ORDER BY submitted_at_ms", (account,)).fetchall()
        names = [row[0] for row in db.execute("SELECT name FROM events WHERE account_id = ? AND source = 'accord' ORDER BY seq", (account,))]
    assert chain == [("auto_rejected", None), ("rejected", first), ("accepted", second)]
    assert names == ["handoff_submitted", "handoff_rejected", "handoff_submitted", "handoff_rejected", "handoff_submitted", "handoff_accepted"]

    report = json.loads(accord.run("report", "triage", "--json").stdout)
    assert report["rejections"] >= 2
    # The demo's own history this week may add to the sender's count; ours are two of them.
    assert any(item["key"] == "person:leo.fischer" and item["count"] >= 2 for item in report["repeat_offenders"])
    note = accord.run("report", "note", "--kind", "proposal", "--handoff", "lead_to_opportunity", "Ask marketing for the asset list up front")
    assert note.returncode == 0
    assert "proposal (lead_to_opportunity): Ask marketing for the asset list up front" in accord.run("report", "triage").stdout
    sla = accord.run("report", "sla").stdout
    assert "lead_to_opportunity (SLA 24 h)" in sla and "close_to_onboarding (SLA 48 h)" in sla
