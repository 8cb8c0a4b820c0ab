"""`accord import`: exports through a source's field mapping, matched to the client record, whole or not at all."""
import json
import sqlite3

from conftest import create_token, http_get, stop

SALESFORCE = '''"Id","Name","Website","NumberOfEmployees","Industry","BillingCountry","OwnerId"
"0015g00000AAA1","{name}","https://www.{domain}/","250","Software","US","jade.morel"
"0015g00000AAA2","Brand New Corp","brandnew.example","40","Retail","US",""
"","Nameless","x.example","5","","",""
"0015g00000AAA4","Counting Co","counting.example","many","","",""
"0015g00000AAA5","Brand New Corporation","","","","US",""
'''


def accounts(folder):
    with sqlite3.connect(folder / "accord.db") as db:
        return {row[0]: row[1:] for row in db.execute("SELECT id, name, domain, licensed_seats FROM accounts")}


def test_a_salesforce_export_links_creates_and_rejects_with_line_numbers(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "20").returncode == 0
    before = accounts(accord.folder)
    existing_id, (name, domain, _) = next((k, v) for k, v in before.items() if v[1])
    (accord.folder / "sf.csv").write_text(SALESFORCE.format(name=name + ", Inc.", domain=domain))
    result = accord.run("import", "--source", "salesforce", "sf.csv")
    assert result.returncode == 0, result.stderr
    assert "new accounts            2" in result.stdout
    assert "linked to existing      1" in result.stdout
    # Same name and country, nothing else in common: imported, and flagged rather than guessed.
    assert "line 6: 0015g00000AAA5 may be the same company as salesforce 0015g00000AAA2" in result.stdout
    assert "line 4: no Id" in result.stdout
    assert "line 5: NumberOfEmployees: 'many' is not a whole number" in result.stdout
    after = accounts(accord.folder)
    assert len(after) == len(before) + 2
    # Salesforce is the system of record for names (it overwrites); for seats it only fills gaps.
    assert after[existing_id][0] == name + ", Inc."
    assert after[existing_id][2] == before[existing_id][2]

    token = create_token(accord)
    process, url = accord.serve()
    identities = json.loads(http_get(f"{url}/api/v1/accounts/{existing_id}/identities", token)[1])["identities"]
    # The demo's own Salesforce record of the client is there too; the export's row is linked beside it.
    imported = [i for i in identities if i["source"] == "salesforce" and i["external_id"] == "0015g00000AAA1"]
    assert len(imported) == 1 and "same website domain" in imported[0]["rule"], identities
    stop(process)

    again = accord.run("import", "--source", "salesforce", "sf.csv")
    assert "updated (linked before) 3" in again.stdout and "new accounts            0" in again.stdout
    assert len(accounts(accord.folder)) == len(after), "importing again creates nothing"


def test_a_hubspot_export_works_with_the_shipped_mapping(accord):
    assert accord.run("init").returncode == 0
    (accord.folder / "companies.csv").write_text(
        "Record ID,Company name,Company Domain Name,Lifecycle Stage,Country/Region\n"
        "901,Zeta Widgets,zeta.example,customer,GB\n902,Omega Tools,omega.example,lead,US\n")
    result = accord.run("import", "--source", "hubspot", "companies.csv")
    assert result.returncode == 0, result.stderr
    assert "new accounts            2" in result.stdout
    with sqlite3.connect(accord.folder / "accord.db") as db:
        stages = dict(db.execute("SELECT name, lifecycle_stage FROM accounts"))
    assert stages == {"Zeta Widgets": "retention", "Omega Tools": "awareness"}


def test_a_broken_file_imports_nothing(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "5").returncode == 0
    before = accounts(accord.folder)
    (accord.folder / "rows.jsonl").write_text('{"Id": "1", "Name": "Fine Co"}\n{"Id": "2", "Name": \n')
    result = accord.run("import", "--source", "salesforce", "rows.jsonl")
    assert result.returncode == 1 and "rows.jsonl:2:" in result.stderr and "nothing was imported" in result.stderr
    (accord.folder / "other.csv").write_text("Account,Title\n1,x\n")
    result = accord.run("import", "--source", "salesforce", "other.csv")
    assert result.returncode == 1 and "no column 'Id'" in result.stderr
    assert accord.run("import", "--source", "nosuch", "other.csv").returncode == 1
    assert accounts(accord.folder) == before


def test_a_contacts_export_finds_each_persons_account(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "10").returncode == 0
    with sqlite3.connect(accord.folder / "accord.db") as db:
        account_id, name, domain = next(db.execute("SELECT id, name, domain FROM accounts WHERE domain IS NOT NULL ORDER BY id"))
        known_email, known_id = next(db.execute("SELECT email, id FROM contacts WHERE email IS NOT NULL ORDER BY id"))
        contacts_before = db.execute("SELECT COUNT(*) FROM contacts").fetchone()[0]
    (accord.folder / "contacts.csv").write_text(
        "Record ID,First Name,Last Name,Email,Job Title,Company Name\n"
        f"1,Jane,Roe,Jane@{domain},CFO,\n"
        f"2,Bob,Stone,bob.stone@gmail.com,,{name}\n"
        "3,Carl,Free,carl@gmail.com,,Unknown Company\n"
        f"4,Known,Person,{known_email},,\n"
        "5,No,Mail,,,\n")
    result = accord.run("import", "--source", "hubspot", "--contacts", "contacts.csv")
    assert result.returncode == 0, result.stderr
    assert "new contacts            2" in result.stdout
    assert "linked to existing      1" in result.stdout
    assert "line 4: no account for carl@gmail.com" in result.stdout
    assert "line 6: no valid email" in result.stdout
    with sqlite3.connect(accord.folder / "accord.db") as db:
        assert db.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == contacts_before + 2
        jane = db.execute("SELECT account_id, name, title FROM contacts WHERE email = ?", (f"jane@{domain}",)).fetchone()
        bob = db.execute("SELECT account_id FROM contacts WHERE email = 'bob.stone@gmail.com'").fetchone()
        rules = dict(db.execute("SELECT external_id, rule FROM source_identities WHERE source = 'hubspot' AND kind = 'contact'"))
    assert jane == (account_id, "Jane Roe", "CFO")
    assert bob == (account_id,), "a free-mail contact is placed by company name, never by its domain"
    assert rules["1"].startswith("work email domain") and rules["2"].startswith("company name") and rules["4"].startswith("same email")
    again = accord.run("import", "--source", "hubspot", "--contacts", "contacts.csv")
    assert "new contacts            0" in again.stdout and "updated (linked before) 3" in again.stdout


def test_a_crm_id_held_in_the_marketing_tool_links_directly(accord):
    assert accord.run("init").returncode == 0
    (accord.folder / "sf.csv").write_text('"Id","Name","Website"\n"001A","Harbor Freight Systems Ltd","harborfreight.example"\n')
    assert accord.run("import", "--source", "salesforce", "sf.csv").returncode == 0
    # HubSpot knows the company by another name and no website, but keeps the Salesforce id.
    (accord.folder / "hs.csv").write_text("Record ID,Company name,Salesforce Account ID\n77,HFS Group,001A\n")
    result = accord.run("import", "--source", "hubspot", "hs.csv")
    assert result.returncode == 0, result.stderr
    assert "linked to existing      1" in result.stdout and "new accounts            0" in result.stdout
    with sqlite3.connect(accord.folder / "accord.db") as db:
        rows = db.execute("SELECT source, account_id, rule FROM source_identities WHERE kind = 'account' ORDER BY source").fetchall()
    assert rows[0][1] == rows[1][1], rows
    assert "Salesforce Account ID 001A is the salesforce record of" in rows[0][2]


def test_a_foreign_key_to_an_unknown_source_is_a_spec_error(accord):
    assert accord.run("init").returncode == 0
    spec = accord.folder / "accord.yaml"
    spec.write_text(spec.read_text().replace("foreign: {salesforce:", "foreign: {salesfroce:"))
    result = accord.run("check")
    assert result.returncode == 1
    assert "holds ids of 'salesfroce', which is not another source in the spec; did you mean 'salesforce'?" in result.stderr + result.stdout


def salesforce_rows(numbers):
    return "".join(f"001A{n:04d},Company {n} Ltd,company{n}.example,{10 + n},Software,US,\n" for n in numbers)


SF_HEADER = "Id,Name,Website,NumberOfEmployees,Industry,BillingCountry,OwnerId\n"


def test_a_stray_quote_costs_its_own_line_and_nothing_after_it(accord):
    assert accord.run("init").returncode == 0
    text = (SF_HEADER + salesforce_rows(range(2, 12))
            + '001AXXXX,"Unterminated quote Ltd,broken.example,5,Software,US,\n' + salesforce_rows(range(13, 23)))
    (accord.folder / "sf.csv").write_text(text)
    result = accord.run("import", "--source", "salesforce", "sf.csv", "--rejects", "rejected.csv")
    assert result.returncode == 0, result.stderr
    assert "Imported 20 of 21 rows" in result.stdout
    assert "new accounts            20" in result.stdout
    assert "rejected rows           1" in result.stdout
    assert "line 12: opens a quoted cell (cell 2) that is never closed" in result.stdout
    names = sorted(name for name, _, _ in accounts(accord.folder).values())
    assert len(names) == 20 and max(len(n) for n in names) < 20, "no account swallows the rows after the quote"
    assert "Company 22 Ltd" in names and "Unterminated quote Ltd" not in " ".join(names)
    rejected = (accord.folder / "rejected.csv").read_text().splitlines()
    assert rejected[0] == "line,reason" and rejected[1].startswith("12,")


def test_short_rows_and_nul_bytes_are_rejected_lines_not_wrong_accounts(accord):
    assert accord.run("init").returncode == 0
    text = (SF_HEADER + salesforce_rows([2]) + "001A0003,short.example\n" + "001A0004,Nul\0victim Ltd,nul.example,5,,US,\n"
            + salesforce_rows([5]))
    (accord.folder / "sf.csv").write_text(text)
    result = accord.run("import", "--source", "salesforce", "sf.csv")
    assert result.returncode == 0, result.stderr
    assert "line 3: has 2 cells, the header has 7" in result.stdout
    assert "line 4: holds a NUL byte in cell 2" in result.stdout
    names = sorted(name for name, _, _ in accounts(accord.folder).values())
    assert names == ["Company 2 Ltd", "Company 5 Ltd"]


def test_a_file_of_broken_lines_is_refused_whole(accord):
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "5").returncode == 0
    before = accounts(accord.folder)
    text = SF_HEADER + "".join(f"001A{n};Semi {n};semi{n}.example;5;;US;\n" for n in range(10)) + salesforce_rows([20])
    (accord.folder / "semi.csv").write_text(text)
    result = accord.run("import", "--source", "salesforce", "semi.csv")
    assert result.returncode == 1
    assert "10 of 11 lines cannot be read" in result.stderr and "nothing was imported" in result.stderr
    assert accounts(accord.folder) == before


def test_a_cs_platform_export_feeds_the_stakeholder_map(accord):
    """Gainsight's Company Person export: roles and influence from the CS platform, engagement only ever moving forward."""
    assert accord.run("init").returncode == 0
    assert accord.run("demo", "--accounts", "10").returncode == 0
    with sqlite3.connect(accord.folder / "accord.db") as db:
        domain = next(db.execute("SELECT domain FROM accounts WHERE domain IS NOT NULL ORDER BY id"))[0]
        email, contact_id = next(db.execute("SELECT email, id FROM contacts WHERE email IS NOT NULL AND stakeholder_role = 'user' ORDER BY id"))
    export = accord.folder / "people.csv"
    export.write_text(
        "Gsid,Person Name,Email,Role,Influence,Last Activity Date,Company Name\n"
        f"GS-1,Known Person,{email},Decision Maker,High,2099-01-15,\n"
        f"GS-2,New Champion,nina@{domain},Champion,4,2099-01-10T09:00:00Z,\n"
        f"GS-3,Odd Role,odd@{domain},Chief Vibes Officer,2,2099-01-10,\n")
    result = accord.run("import", "--source", "gainsight", "--contacts", "people.csv")
    assert result.returncode == 0, result.stderr
    assert "line 4: stakeholder role 'Chief Vibes Officer' is not one Accord knows" in result.stdout
    with sqlite3.connect(accord.folder / "accord.db") as db:
        known = db.execute("SELECT stakeholder_role, influence, last_engaged_on FROM contacts WHERE id = ?", (contact_id,)).fetchone()
        nina = db.execute("SELECT stakeholder_role, influence, last_engaged_on FROM contacts WHERE email = ?", (f"nina@{domain}",)).fetchone()
    assert known == ("executive_sponsor", 5, "2099-01-15")
    assert nina == ("champion", 4, "2099-01-10")
    export.write_text("Gsid,Person Name,Email,Role,Influence,Last Activity Date\n" f"GS-1,Known Person,{email},Decision Maker,High,2020-01-01\n")
    assert accord.run("import", "--source", "gainsight", "--contacts", "people.csv").returncode == 0
    with sqlite3.connect(accord.folder / "accord.db") as db:
        assert db.execute("SELECT last_engaged_on FROM contacts WHERE id = ?", (contact_id,)).fetchone() == ("2099-01-15",), \
            "an older engagement never winds the date back"
