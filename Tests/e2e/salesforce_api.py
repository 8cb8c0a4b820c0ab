"""A loopback server that answers as Salesforce does for what singer-io tap-salesforce reads with
`api_type: REST`: the OAuth refresh-token grant (whose answer names the instance URL every later
call goes to), the global and per-object describe (discovery), and SOQL through `queryAll`,
filtered by the replication key's `>=` and paged by `nextRecordsUrl`. A fault can be queued to
answer one request (a 500: the tap does not retry it, so the run fails and the next recovers)."""
import datetime
import json
import re
import threading
import time
import urllib.parse

from loopback_http import JSONHandler, start

TOKEN = "sf-loopback-access"
REFRESH = "sf-loopback-refresh"
DAY = 86_400

FIELDS = {
    "Account": [("Id", "id"), ("Name", "string"), ("Website", "url"), ("NumberOfEmployees", "int"), ("Industry", "picklist"),
                ("BillingCountry", "string"), ("OwnerId", "reference"), ("CreatedDate", "datetime"), ("SystemModstamp", "datetime")],
    "Contact": [("Id", "id"), ("AccountId", "reference"), ("Name", "string"), ("FirstName", "string"), ("LastName", "string"), ("Email", "email"),
                ("Title", "string"), ("SystemModstamp", "datetime")],
    "Opportunity": [("Id", "id"), ("AccountId", "reference"), ("Name", "string"), ("StageName", "picklist"), ("IsWon", "boolean"),
                    ("Amount", "currency"), ("Seats__c", "double"), ("CloseDate", "date"), ("OwnerId", "reference"),
                    ("SystemModstamp", "datetime")],
    "User": [("Id", "id"), ("Email", "email"), ("FirstName", "string"), ("LastName", "string"), ("IsActive", "boolean"),
             ("SystemModstamp", "datetime")],
}


def _iso(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _seconds(text: str) -> float:
    text = text.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    return datetime.datetime.fromisoformat(text).timestamp()


class SalesforceWorld:
    def __init__(self):
        self.now = time.time()
        self.records: dict[str, dict[str, dict]] = {name: {} for name in FIELDS}
        self.requests: list[tuple[str, str, dict]] = []
        self.faults: list[tuple[str, int]] = []
        self.page_size = 2
        self.lock = threading.Lock()

    def put(self, sobject: str, rid: str, days_ago: float, **fields):
        record = {"Id": rid, "SystemModstamp": _iso(self.now - days_ago * DAY), **fields}
        if "CreatedDate" in dict(FIELDS[sobject]):
            record.setdefault("CreatedDate", record["SystemModstamp"])
        self.records[sobject][rid] = record

    def fault(self, path_prefix: str, status: int):
        self.faults.append((path_prefix, status))

    def queries(self) -> list[str]:
        return [q.get("q", "") for m, p, q in self.requests if p.endswith("/queryAll")]


def serve(world: SalesforceWorld):
    class Handler(JSONHandler):
        content_type = "application/json;charset=UTF-8"

        def page(self, sobject: str, fields: list[str], since: float | None, offset: int, version: str):
            rows = sorted(world.records[sobject].values(), key=lambda r: r["SystemModstamp"])
            if since is not None:
                rows = [r for r in rows if _seconds(r["SystemModstamp"]) >= since]
            chunk = rows[offset:offset + world.page_size]
            out = [{"attributes": {"type": sobject, "url": f"/services/data/v{version}/sobjects/{sobject}/{r['Id']}"},
                    **{f: r.get(f) for f in fields}} for r in chunk]
            done = offset + world.page_size >= len(rows)
            body = {"totalSize": len(rows), "done": done, "records": out}
            if not done:
                token = urllib.parse.quote(json.dumps([sobject, fields, since, offset + world.page_size]))
                body["nextRecordsUrl"] = f"/services/data/v{version}/queryAll/01gLOOP-{token}"
            return self.answer(200, body)

        def route(self, method: str):
            parts = urllib.parse.urlsplit(self.path)
            query = {k: v[-1] for k, v in urllib.parse.parse_qs(parts.query).items()}
            path = parts.path
            form = {}
            if method == "POST":
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[-1] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode()).items()}
            with world.lock:
                world.requests.append((method, path, query))
                for index, (prefix, status) in enumerate(world.faults):
                    if path.startswith(prefix):
                        del world.faults[index]
                        return self.answer(status, [{"message": f"loopback fault {status}", "errorCode": "UNKNOWN_EXCEPTION"}])
                if path == "/services/oauth2/token":
                    if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != REFRESH:
                        return self.answer(400, {"error": "invalid_grant", "error_description": "expired access/refresh token"})
                    return self.answer(200, {"access_token": TOKEN, "instance_url": f"http://{self.headers.get('Host')}",
                                             "id": "https://login.salesforce.com/id/00D/005", "token_type": "Bearer",
                                             "issued_at": str(int(time.time() * 1000)), "signature": "loopback"})
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self.answer(401, [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])
                found = re.fullmatch(r"/services/data/v([\d.]+)/(.*)", path)
                if not found:
                    return self.answer(404, [{"message": f"no route {path}", "errorCode": "NOT_FOUND"}])
                version, rest = found.groups()
                if rest == "sobjects":
                    return self.answer(200, {"encoding": "UTF-8", "maxBatchSize": 200,
                                             "sobjects": [{"name": n, "queryable": True, "custom": False} for n in FIELDS]})
                described = re.fullmatch(r"sobjects/(\w+)/describe", rest)
                if described:
                    name = described.group(1)
                    return self.answer(200, {"name": name, "customSetting": False, "queryable": True,
                                             "fields": [{"name": f, "type": t, "nillable": f != "Id", "custom": f.endswith("__c")}
                                                        for f, t in FIELDS[name]]})
                if rest == "queryAll":
                    soql = query.get("q", "")
                    selected = re.match(r"SELECT (.+?) FROM (\w+)", soql)
                    if not selected:
                        return self.answer(400, [{"message": f"malformed query: {soql}", "errorCode": "MALFORMED_QUERY"}])
                    since = re.search(r"SystemModstamp >= (\S+)", soql)
                    return self.page(selected.group(2), selected.group(1).split(","), _seconds(since.group(1)) if since else None, 0, version)
                if rest.startswith("queryAll/01gLOOP-"):
                    sobject, fields, since, offset = json.loads(urllib.parse.unquote(rest.split("-", 1)[1]))
                    return self.page(sobject, fields, since, offset, version)
            self.answer(404, [{"message": f"no route {path}", "errorCode": "NOT_FOUND"}])

        def do_GET(self):
            self.route("GET")

        def do_POST(self):
            self.route("POST")

    return start(Handler)
