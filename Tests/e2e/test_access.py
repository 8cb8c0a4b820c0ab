"""People, tokens and the audit log from the command line, checked through the running server."""
import json

from conftest import Browser, create_token, http_get, stop


def test_a_password_set_from_standard_input_signs_a_person_in(accord):
    assert accord.run("init").returncode == 0
    short = accord.run("user", "passwd", "grace.kim@northwind.example", "--stdin", input="short\n")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    unknown = accord.run("user", "passwd", "nobody@example.com", "--stdin", input="long enough password\n")
    assert unknown.returncode == 1 and "not among the spec's people" in unknown.stderr
    done = accord.run("user", "passwd", "grace.kim@northwind.example", "--stdin", input="long enough password\n")
    assert done.returncode == 0, done.stderr
    listed = accord.run("user", "list").stdout
    assert any("grace.kim@" in line and "can sign in" in line for line in listed.splitlines())
    assert any("sam.okafor@" in line and "no password" in line for line in listed.splitlines())

    process, url = accord.serve()
    browser = Browser(url)
    status, page, _ = browser.sign_in("grace.kim@northwind.example", "wrong password here")
    assert status == 401 and "do not match" in page
    status, page, landed = browser.sign_in("grace.kim@northwind.example", "long enough password")
    assert status == 200 and "Grace Kim" in page, landed
    stop(process)


def test_tokens_are_shown_once_listed_without_secrets_and_revoked(accord):
    assert accord.run("init").returncode == 0
    token = create_token(accord, "revops", "--person", "priya.raman@northwind.example", "--label", "sync job")
    assert token.startswith("acc_") and len(token) == 44
    admin = create_token(accord, "admin")
    listed = accord.run("token", "list").stdout
    assert "sync job" in listed and token not in listed and admin not in listed
    token_id = next(line.split()[0] for line in listed.splitlines() if "sync job" in line)

    process, url = accord.serve()
    status, body = http_get(url + "/api/v1/me", token)
    assert status == 200 and json.loads(body)["person"] == "priya.raman"
    assert http_get(url + "/api/v1/tokens", token)[0] == 403, "revops does not manage tokens"

    revoked = accord.run("token", "revoke", token_id)
    assert revoked.returncode == 0 and "is revoked" in revoked.stdout
    status, body = http_get(url + "/api/v1/me", token)
    assert status == 401 and "revoked" in body
    assert accord.run("token", "revoke", "tok_nothing").returncode == 1

    log = json.loads(http_get(url + "/api/v1/audit?action=token.", admin)[1])["entries"]
    assert [entry["action"] for entry in log] == ["token.created", "token.created", "token.revoked"]
    assert all(entry["actor"].startswith("cli:") and entry["origin"] == "local" for entry in log)
    assert log[2]["before"]["revoked_at"] is None and log[2]["after"]["revoked_at"]
    stop(process)
    output = process.stdout.read() + process.stderr.read()
    assert token not in output and admin not in output, "no secret in the server's output"


def test_an_edited_spec_is_recorded_with_what_changed(accord):
    assert accord.run("init").returncode == 0
    admin = create_token(accord, "admin")
    process, url = accord.serve()
    stop(process)
    spec = accord.folder / "accord.yaml"
    spec.write_text(spec.read_text().replace("organization: Northwind Workforce Cloud", "organization: Northwind Group"))
    process, url = accord.serve()
    log = json.loads(http_get(url + "/api/v1/audit?action=spec.", admin)[1])["entries"]
    assert [entry["action"] for entry in log] == ["spec.loaded", "spec.changed"]
    assert log[1]["before"] == {"organization": "Northwind Workforce Cloud"}
    assert log[1]["after"] == {"organization": "Northwind Group"}
    stop(process)
