"""The shared dashboard and the renewal calendar from the command line, on a demo database."""
import json


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
