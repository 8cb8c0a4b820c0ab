"""The shared dashboard and the renewal calendar from the command line, on a demo database."""
import json
import re


def test_dashboard_and_renewals_in_the_terminal(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "150").returncode == 0

    board = json.loads(accord.run("report", "dashboard", "--json").stdout)
    text = accord.run("report", "dashboard")
    assert text.returncode == 0
    assert len(board["metrics"]) >= 16
    for metric in board["metrics"]:
        assert f"{metric['name']}" in text.stdout and f"  {metric['display']}  ({metric['note']})" in text.stdout, metric["id"]
    shared, rest = text.stdout.split("Everything else:")
    assert all((m["name"] in shared) == m["shared"] for m in board["metrics"])

    calendar = json.loads(accord.run("report", "renewals", "--days", "60", "--json").stdout)
    days = [row["days_left"] for row in calendar["rows"]]
    assert days == sorted(days) and all(0 <= d <= 60 for d in days)
    assert sum(calendar["by_risk"].values()) == len(calendar["rows"])
    listed = accord.run("report", "renewals", "--days", "60").stdout.splitlines()
    assert listed[0].startswith(f"{len(calendar['rows']):,} renewals in the next 60 days")
    assert [line.split("(")[-1].split(")")[0] for line in listed[1:]] == [row["account"] for row in calendar["rows"]]

    wrong = accord.run("report", "renewals", "--days", "0")
    assert wrong.returncode == 64 and "--days 0 is not from 1 to 366" in wrong.stderr


def test_save_cases_in_the_terminal(accord):
    """A save case walked from the command line: a stranger and a churned client refused, the tree's
    offers only, above the cap waiting for the CS leader, who grants less; the results report."""
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "150").returncode == 0
    cases = json.loads(accord.run("save", "list", "--json").stdout)
    assert cases and {c["status"] for c in cases} >= {"granted", "closed"}
    churned = next(c["account"] for c in cases if c.get("note") == "no agreement within what we may offer")
    refused = accord.run("save", "open", churned, "--as", "elena.rossi")
    assert refused.returncode != 0 and "not an active client" in refused.stderr

    accounts = json.loads(accord.run("report", "renewals", "--days", "366", "--json").stdout)["rows"]
    open_ids = {c["account"] for c in cases if c["status"] in ("open", "awaiting_approval")}
    client = next(r for r in accounts if r.get("owner_cs") == "elena.rossi" and r["account"] not in open_ids)
    stranger = accord.run("save", "open", client["account"], "--as", "noah.adeyemi")
    assert stranger.returncode != 0 and "owner (elena.rossi)" in stranger.stderr
    opened = accord.run("save", "open", client["account"], "--as", "elena.rossi")
    assert opened.returncode == 0, opened.stderr
    case_id = opened.stdout.split()[0]
    assert "Next: Why does the client want to leave or cut back?" in opened.stdout
    answered = accord.run("save", "answer", case_id, "--answer", "budget", "--as", "elena.rossi")
    assert "The tree allows: fewer_seats (up to 20 alone)" in answered.stdout, answered.stdout
    wrong = accord.run("save", "request", case_id, "--offer", "discount", "--amount", "5", "--as", "elena.rossi")
    assert wrong.returncode != 0 and "'discount' is not what the tree allows here" in wrong.stderr
    asked = accord.run("save", "request", case_id, "--offer", "fewer_seats", "--amount", "40", "--as", "elena.rossi")
    assert "Waiting for approval: fewer_seats 40" in asked.stdout, asked.stdout
    denied = accord.run("save", "decide", case_id, "--as", "elena.rossi")
    assert denied.returncode != 0 and "only a leader of cs approves" in denied.stderr
    granted = accord.run("save", "decide", case_id, "--amount", "25", "--as", "grace.kim")
    assert "Granted: fewer_seats 25 by grace.kim" in granted.stdout, granted.stdout

    report = json.loads(accord.run("report", "concessions", "--json").stdout)
    assert report["by_concession"] and report["none"]["cases"] > 0
    text = accord.run("report", "concessions").stdout
    assert text.startswith(f"Concessions: {len(report['cases']):,} decided save cases") and "By reason:" in text


def test_win_back_in_the_terminal(accord):
    """Win-back from the command line: a churn reason corrected by CS and refused for IT, a campaign
    of the top price leavers started, listed and closed once, and the results report."""
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "150").returncode == 0
    ranking = json.loads(accord.run("win-back", "list", "--json").stdout)
    assert ranking["rows"], "the demo company has churned clients"
    gone = ranking["rows"][0]["facts"]["account"]
    refused = accord.run("win-back", "reason", gone, "service", "--as", "tomas.silva")
    assert refused.returncode != 0 and "recorded by marketing, sales or CS, not it" in refused.stderr
    wrong = accord.run("win-back", "reason", gone, "boredom", "--as", "noah.adeyemi")
    assert wrong.returncode != 0 and "'boredom' is not one of price" in wrong.stderr
    recorded = accord.run("win-back", "reason", gone, "service", "--note", "support never answered", "--as", "noah.adeyemi")
    assert recorded.returncode == 0 and f"{gone}: left on " in recorded.stdout and "over service" in recorded.stdout, recorded.stderr
    after = json.loads(accord.run("win-back", "list", "--json", "--top", "0").stdout)
    assert next(r for r in after["rows"] if r["facts"]["account"] == gone)["facts"]["reason"] == "service"

    started = accord.run("win-back", "start", "--name", "Terminal check", "--top", "2", "--offer", "discount", "--as", "maria.chen")
    assert started.returncode == 0 and "2 members, offer discount" in started.stdout, started.stderr
    campaign = started.stdout.split()[0]
    listed = accord.run("win-back", "campaigns").stdout
    assert campaign in listed and "Terminal check" in listed
    assert accord.run("win-back", "close", campaign, "--note", "checked", "--as", "maria.chen").returncode == 0
    again = accord.run("win-back", "close", campaign, "--as", "maria.chen")
    assert again.returncode != 0 and "already closed" in again.stderr

    report = json.loads(accord.run("report", "win-back", "--json").stdout)
    assert any(c["id"] == campaign for c in report["campaigns"]) and report["churn_by_reason"]
    text = accord.run("report", "win-back").stdout
    assert text.startswith(f"Win-back as of ") and "By offer:" in text and "Every churn by reason:" in text and "Ranking backtest: AUC" in text


def test_program_in_the_terminal(accord):
    """The 90-day program from the command line: the demo on day 120, every check with its reason,
    the same figures as JSON, and a clear error for a bad date."""
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "150").returncode == 0
    status = json.loads(accord.run("program", "--json").stdout)
    assert status["day"] == 120 and [p["number"] for p in status["phases"]] == [1, 2, 3]
    text = accord.run("program").stdout
    assert text.startswith("Day 120 of the 90-day program (started ") and "past day 90" in text
    for phase in status["phases"]:
        for check in phase["checks"]:
            assert f"{'✓' if check['passed'] else '✗'} {check['label']}: {check['detail']}" in text
    assert "Renewals in the next 90 days" in text and "Renewals still inside the program: none, day 90 was " in text
    early = json.loads(accord.run("program", "--json", "--as-of", status["start"]).stdout)
    assert early["day"] == 1 and early["calendar_phase"] == 1
    bad = accord.run("program", "--as-of", "2026-02-30")
    assert bad.returncode != 0 and "--as-of must be a date such as" in bad.stderr


def test_artifacts_as_markdown(accord, tmp_path):
    """`accord artifacts --out DIR` writes the four artifacts as Markdown, each naming the spec it
    reflects; a folder it cannot make is a clear error."""
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "150").returncode == 0
    out = tmp_path / "artifacts"
    run = accord.run("artifacts", "--out", str(out))
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["dashboard-spec.md", "data-dictionary.md", "handoff-slas.md", "outcome-model.md"]
    assert "artifacts written: 4 of 4 (100%)" in run.stderr
    fingerprint = re.search(r"^Spec ([0-9a-f]{12}), as of ", run.stdout, re.M).group(1)
    for name in names:
        text = (out / name).read_text()
        assert text.startswith("# ") and f"- Spec {fingerprint} (format version 1)" in text, name
    model = (out / "outcome-model.md").read_text()
    assert "## Mid-market: Mid-market 12-month success" in model and "| weekly_active_usage |" in model
    assert "| contract_signed |" in (out / "data-dictionary.md").read_text()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    bad = accord.run("artifacts", "--out", str(blocked / "inside"))
    assert bad.returncode != 0 and "cannot make the folder" in bad.stderr
