"""Merging accounts from the command line: resolution over the whole record, by hand, undone, and stable when run again."""
import json
import re
import sqlite3

from conftest import create_token, http_get, stop


def digest(accord) -> str:
    result = accord.run("stats")
    assert result.returncode == 0, result.stderr
    return re.search(r"content digest: ([0-9a-f]{64})", result.stdout).group(1)


def account(folder, account_id):
    with sqlite3.connect(folder / "accord.db") as db:
        return db.execute("SELECT id, name, domain FROM accounts WHERE id = ?", (account_id,)).fetchone()


def test_duplicates_merge_into_the_oldest_stay_merged_and_an_unmerge_gives_everything_back(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "30").returncode == 0
    with sqlite3.connect(accord.folder / "accord.db") as db:
        older, name, domain = db.execute("SELECT id, name, domain FROM accounts WHERE domain IS NOT NULL ORDER BY id LIMIT 1").fetchone()

    # The marketing tool knows the company under another name and no website: a new account...
    (accord.folder / "hs.csv").write_text("Record ID,Company name,Company Domain Name\n77,Quite Another Name Group,\n")
    first = accord.run("import", "--source", "hubspot", "hs.csv")
    assert "new accounts            1" in first.stdout, first.stdout + first.stderr
    with sqlite3.connect(accord.folder / "accord.db") as db:
        newer = db.execute("SELECT account_id FROM source_identities WHERE source = 'hubspot' AND external_id = '77'").fetchone()[0]
    # ... until its record gains the website: now two accounts share one domain.
    (accord.folder / "hs.csv").write_text(f"Record ID,Company name,Company Domain Name\n77,Quite Another Name Group,www.{domain}\n")
    assert "updated (linked before) 1" in accord.run("import", "--source", "hubspot", "hs.csv").stdout
    before = digest(accord)

    dry = accord.run("resolve", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Would merge 1 of 31 accounts into others." in dry.stdout
    assert f"{newer} (Quite Another Name Group) into {older} ({name}): same website domain {domain}" in dry.stdout
    assert digest(accord) == before, "a dry run changes nothing"

    run = accord.run("resolve")
    assert "Merged 1 of 31 accounts into others." in run.stdout, run.stdout + run.stderr
    assert account(accord.folder, newer) is None and account(accord.folder, older) is not None
    merged = digest(accord)
    assert "Merged 0 of 30 accounts" in accord.run("resolve").stdout
    assert accord.run("import", "--source", "hubspot", "hs.csv").returncode == 0
    assert digest(accord) == merged, "running resolution and the import again changes nothing"

    token = create_token(accord)
    process, url = accord.serve()
    identities = json.loads(http_get(f"{url}/api/v1/accounts/{older}/identities", token)[1])["identities"]
    moved = [i for i in identities if i["source"] == "hubspot"]
    assert moved and moved[0]["merged_from"] == newer
    merges = json.loads(http_get(f"{url}/api/v1/merges?account={newer}", token)[1])["merges"]
    assert [(m["survivor"], m["origin"]) for m in merges] == [(older, "automatic")]
    stop(process)

    undone = accord.run("unmerge", newer)
    assert undone.returncode == 0, undone.stderr
    assert f"Restored {newer} (Quite Another Name Group) from {older}" in undone.stdout
    assert digest(accord) == before, "an unmerge restores the records exactly"
    assert "Merged 0 of 31 accounts" in accord.run("resolve").stdout, "a person's unmerge outlives the next run"
    again = accord.run("unmerge", newer)
    assert again.returncode != 0 and f"{newer} is not merged into another account" in again.stderr

    by_hand = accord.run("merge", newer, older, "--reason", "checked with the account team")
    assert by_hand.returncode == 0, by_hand.stderr
    assert f"Merged {newer} (Quite Another Name Group) into {older}" in by_hand.stdout, "the older id survives"
    listed = accord.run("merges").stdout
    assert "automatic" in listed and "manual" in listed and "undone by cli:" in listed
    wrong = accord.run("merge", newer, older)
    assert wrong.returncode != 0 and f"{newer} was already merged into {older}" in wrong.stderr


def test_an_identity_model_saved_by_resolve_scores_imports_and_a_wrong_one_imports_nothing(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "60").returncode == 0
    saved = accord.run("resolve", "--dry-run", "--save-model", "identity.json")
    assert saved.returncode == 0, saved.stderr
    assert "The identity model is in identity.json." in saved.stdout
    model = json.loads((accord.folder / "identity.json").read_text())
    assert [c["column"] for c in model["comparisons"]] == ["name", "domain_root", "phone", "country"]
    assert 0 < model["lambda"] < 1

    (accord.folder / "hs.csv").write_text("Record ID,Company name,Company Domain Name\n91,Completely New Company Ltd,\n")
    before = digest(accord)
    (accord.folder / "other.json").write_text(json.dumps({**model, "comparisons": model["comparisons"][:2]}))
    for bad, says in [("missing.json", "cannot read the identity model missing.json"), ("other.json", "train a model for these settings")]:
        refused = accord.run("import", "--source", "hubspot", "hs.csv", "--model", bad)
        assert refused.returncode != 0 and says in refused.stderr, refused.stderr
    assert digest(accord) == before, "a model that cannot be used imports nothing"

    imported = accord.run("import", "--source", "hubspot", "hs.csv", "--model", "identity.json")
    assert imported.returncode == 0, imported.stderr
    assert "new accounts            1" in imported.stdout, imported.stdout
    again = accord.run("resolve", "--model", "identity.json")
    assert again.returncode == 0 and "Merged 0 of 61 accounts" in again.stdout, again.stdout + again.stderr

    # Named in the spec, the model scores every import (and sync) without --model; a spec whose
    # model is missing or does not fit its comparisons is refused whole, and nothing is imported.
    spec = accord.folder / "accord.yaml"
    original = spec.read_text()
    (accord.folder / "models").mkdir()
    (accord.folder / "models" / "identity.json").write_text((accord.folder / "identity.json").read_text())
    spec.write_text(original.replace("identity:\n", "identity:\n  model: models/identity.json\n", 1))
    checked = accord.run("check")
    assert checked.returncode == 0 and "is valid" in checked.stdout, checked.stdout + checked.stderr
    (accord.folder / "hs2.csv").write_text("Record ID,Company name,Company Domain Name\n92,Another Brand New Company Ltd,\n")
    imported = accord.run("import", "--source", "hubspot", "hs2.csv")
    assert imported.returncode == 0 and "with the saved identity model" in imported.stderr, imported.stderr
    assert "new accounts            1" in imported.stdout, imported.stdout
    before = digest(accord)
    for model, says in [
        ("other.json", "identity.model other.json: the model was trained for comparisons"),
        ("models/none.json", "identity.model names models/none.json, which cannot be read"),
    ]:
        spec.write_text(original.replace("identity:\n", f"identity:\n  model: {model}\n", 1))
        for command in [("check",), ("import", "--source", "hubspot", "hs2.csv")]:
            refused = accord.run(*command)
            assert refused.returncode != 0 and says in refused.stderr, (command, refused.stderr)
    spec.write_text(original)
    assert digest(accord) == before, "a spec whose model cannot be used imports nothing"
