"""A loopback server that answers as Zendesk's API does for what singer-io tap-zendesk reads:
organizations through Zenpy's incremental export (`next_page`, `end_of_stream`), users and tickets
through the cursor-based incremental exports (`after_cursor`, `end_of_stream`, `start_time`),
satisfaction ratings with cursor pagination (`page[size]`, `meta.has_more`, `meta.after_cursor`),
and the custom-field and permission checks discovery makes. Anything else a discovery probes
answers an empty list. A fault can be queued to answer one request (a 429 with Retry-After, a 500)."""
import datetime
import threading
import time
import urllib.parse

from loopback_http import JSONHandler, start

TOKEN = "zd-loopback"
DAY = 86_400


def _iso(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ZendeskWorld:
    def __init__(self):
        self.now = time.time()
        self.organizations: dict[int, dict] = {}
        self.users: dict[int, dict] = {}
        self.tickets: dict[int, dict] = {}
        self.ratings: dict[int, dict] = {}
        self.requests: list[tuple[str, dict]] = []
        self.faults: list[tuple[str, int, dict]] = []
        self.page_size = 2
        self.lock = threading.Lock()

    def organization(self, oid: int, name: str, domain: str, days_ago: float):
        at = _iso(self.now - days_ago * DAY)
        self.organizations[oid] = {"id": oid, "url": f"https://northwind.zendesk.com/api/v2/organizations/{oid}.json", "name": name,
                                   "domain_names": [domain], "external_id": None, "details": "", "notes": "", "group_id": None,
                                   "shared_tickets": False, "shared_comments": False, "tags": [], "organization_fields": {},
                                   "created_at": at, "updated_at": at}

    def user(self, uid: int, name: str, email: str, role: str, organization: int | None, days_ago: float):
        at = _iso(self.now - days_ago * DAY)
        self.users[uid] = {"id": uid, "name": name, "email": email, "role": role, "organization_id": organization, "active": True,
                           "verified": True, "created_at": at, "updated_at": at, "user_fields": {}, "tags": []}

    def ticket(self, tid: int, organization: int, requester: int, subject: str, status: str, priority: str, days_ago: float,
               updated_days_ago: float | None = None):
        created = self.now - days_ago * DAY
        updated = self.now - (updated_days_ago if updated_days_ago is not None else days_ago) * DAY
        self.tickets[tid] = {"id": tid, "organization_id": organization, "requester_id": requester, "submitter_id": requester,
                             "subject": subject, "raw_subject": subject, "description": subject, "status": status, "priority": priority,
                             "type": "question", "created_at": _iso(created), "updated_at": _iso(updated), "generated_timestamp": int(updated),
                             "tags": [], "custom_fields": [], "fields": [], "via": {"channel": "email"}, "satisfaction_rating": None}

    def rating(self, rid: int, ticket: int, score: str, days_ago: float, comment: str = ""):
        at = _iso(self.now - days_ago * DAY)
        requester = self.tickets[ticket]["requester_id"]
        self.ratings[rid] = {"id": rid, "url": f"https://northwind.zendesk.com/api/v2/satisfaction_ratings/{rid}.json", "ticket_id": ticket,
                             "requester_id": requester, "assignee_id": None, "group_id": None, "score": score, "comment": comment,
                             "reason": None, "reason_id": None, "created_at": at, "updated_at": at}

    def fault(self, path: str, status: int, headers: dict | None = None):
        self.faults.append((path, status, headers or {}))


def _since(query: dict) -> float:
    """start_time as Zendesk takes it: Unix seconds, or an ISO time (Zenpy sends one)."""
    text = query.get("start_time", "0")
    try:
        return float(text)
    except ValueError:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _at(item: dict, field: str) -> float:
    return datetime.datetime.fromisoformat(item[field].replace("Z", "+00:00")).timestamp()


def _export_page(items: list, query: dict, key: str, size: int, since: str) -> dict:
    """An incremental cursor export: records changed at or after start_time, then by cursor."""
    if "cursor" in query:
        start = int(query["cursor"])
    else:
        items = [i for i in items if _at(i, since) >= _since(query)]
        start = 0
    page = items[start:start + size]
    done = start + size >= len(items)
    return {key: page, "after_cursor": None if done else str(start + size), "before_cursor": None, "end_of_stream": done,
            "after_url": None, "count": len(page)}


def serve(world: ZendeskWorld):
    class Handler(JSONHandler):
        content_type = "application/json; charset=utf-8"

        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            query = {k: v[-1] for k, v in urllib.parse.parse_qs(parts.query).items()}
            path = parts.path
            with world.lock:
                world.requests.append((path, query))
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self.answer(401, {"error": "Couldn't authenticate you"})
                for index, (fault_path, status, headers) in enumerate(world.faults):
                    if path == fault_path:
                        del world.faults[index]
                        return self.answer(status, {"error": f"loopback fault {status}"}, headers)
                size = world.page_size
                host = f"http://{self.headers.get('Host')}"
                if path == "/api/v2/incremental/organizations.json":
                    rows = [o for o in world.organizations.values() if _at(o, "updated_at") >= _since(query)]
                    return self.answer(200, {"organizations": rows, "next_page": None, "end_of_stream": True, "count": len(rows),
                                             "end_time": int(time.time())})
                if path == "/api/v2/incremental/users/cursor.json":
                    return self.answer(200, _export_page(list(world.users.values()), query, "users", size, "updated_at"))
                if path == "/api/v2/incremental/tickets/cursor.json":
                    return self.answer(200, _export_page(list(world.tickets.values()), query, "tickets", size, "updated_at"))
                if path == "/api/v2/satisfaction_ratings":
                    rows = [r for r in world.ratings.values() if _at(r, "updated_at") >= _since(query)]
                    start = int(query.get("page[after]", 0))
                    page = rows[start:start + size]
                    more = start + size < len(rows)
                    return self.answer(200, {"satisfaction_ratings": page,
                                             "meta": {"has_more": more, "after_cursor": str(start + size) if more else None, "before_cursor": None},
                                             "links": {"next": f"{host}{path}?page[after]={start + size}" if more else None}})
                if path in ("/api/v2/organization_fields.json", "/api/v2/user_fields.json"):
                    key = path.rsplit("/", 1)[1].removesuffix(".json")
                    return self.answer(200, {key: [], "next_page": None, "count": 0})
                if path == "/api/v2/search.json":
                    return self.answer(200, {"results": [], "next_page": None, "count": 0})
            # Discovery checks every stream it knows; what this world has none of is an empty list.
            key = path.rsplit("/", 1)[1].removesuffix(".json")
            self.answer(200, {key: [], "results": [], "next_page": None, "count": 0, "end_of_stream": True,
                              "meta": {"has_more": False, "after_cursor": None}})

    return start(Handler)
