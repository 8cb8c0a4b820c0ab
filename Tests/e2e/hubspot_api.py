"""A loopback server that answers as HubSpot's API does for what singer-io tap-hubspot reads:
property definitions (discovery), owners and contacts (v3, cursor paging with `paging.next.after`),
companies (v2 `paged` with `has-more`/`offset`, then one `companies/{id}` each), deals (v1 `paged`
with `hasMore`/`offset`, associations), deal pipelines, forms and their submissions, and the
company-to-contact association batch read. Property values carry HubSpot's `{value, timestamp,
source, sourceId}` wrapper on companies and deals, and are flat on v3 contacts. A fault can be
queued to answer one request (a 429 with Retry-After, a 500)."""
import datetime
import json
import threading
import time
import urllib.parse

from loopback_http import JSONHandler, start

DAY_MS = 86_400_000


def _iso(ms: int) -> str:
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _wrapped(properties: dict, ms: int) -> dict:
    return {name: {"value": str(value), "timestamp": ms, "source": "CRM_UI", "sourceId": None, "versions": []}
            for name, value in properties.items() if value is not None}


PROPERTIES = {
    "companies": [("name", "string"), ("domain", "string"), ("website", "string"), ("country", "string"),
                  ("lifecyclestage", "enumeration"), ("hs_analytics_source", "enumeration"), ("hubspot_owner_id", "enumeration"),
                  ("salesforceaccountid", "string"), ("hs_lastmodifieddate", "datetime"), ("createdate", "datetime")],
    "contacts": [("email", "string"), ("firstname", "string"), ("lastname", "string"), ("jobtitle", "string"),
                 ("associatedcompanyid", "number"), ("hs_object_id", "number")],
    "deals": [("dealname", "string"), ("dealstage", "enumeration"), ("pipeline", "enumeration"), ("amount", "number"),
              ("closedate", "datetime"), ("seats", "number"), ("hubspot_owner_id", "enumeration"), ("hs_lastmodifieddate", "datetime"),
              ("createdate", "datetime")],
    "tickets": [("subject", "string"), ("hs_pipeline_stage", "enumeration")],
}


class HubSpotWorld:
    def __init__(self):
        self.now = int(time.time() * 1000)
        self.owners, self.companies, self.contacts, self.deals, self.forms, self.submissions = {}, {}, {}, {}, {}, {}
        self.faults = []
        self.requests = []
        self.lock = threading.Lock()
        self.page_size = 2  # small pages, so every paged stream is read across pages

    def ago(self, days: float) -> int:
        return self.now - int(days * DAY_MS)

    def owner(self, oid: str, email: str, first: str, last: str):
        self.owners[oid] = {"id": oid, "email": email, "firstName": first, "lastName": last, "userId": int(oid), "archived": False,
                            "createdAt": _iso(self.ago(400)), "updatedAt": _iso(self.ago(400)), "teams": []}

    def company(self, cid: int, days_ago: float, **properties):
        modified = self.ago(days_ago)
        props = {"createdate": self.ago(500), "hs_lastmodifieddate": modified, **properties}
        self.companies[cid] = {"companyId": cid, "portalId": 62515, "isDeleted": False, "properties": _wrapped(props, modified)}

    def change_company(self, cid: int, **properties):
        modified = int(time.time() * 1000)
        company = self.companies[cid]
        company["properties"].update(_wrapped({**properties, "hs_lastmodifieddate": modified}, modified))

    def contact(self, vid: str, email: str, first: str, last: str, company: int | None, days_ago: float, title: str | None = None):
        at = _iso(self.ago(days_ago))
        self.contacts[vid] = {
            "id": vid, "createdAt": at, "updatedAt": at, "archived": False,
            "properties": {"email": email, "firstname": first, "lastname": last, "jobtitle": title, "hs_object_id": vid,
                           "associatedcompanyid": str(company) if company else None},
            "associations": {"companies": {"results": [{"id": str(company), "type": "contact_to_company"}] if company else []}},
        }

    def deal(self, did: int, company: int, stage: str, amount: int, seats: int | None, owner: str, closed_days_ago: float):
        closed = self.ago(closed_days_ago)
        props = {"dealname": f"Deal {did}", "dealstage": stage, "pipeline": "default", "amount": amount, "seats": seats,
                 "closedate": closed, "hubspot_owner_id": owner, "hs_lastmodifieddate": closed, "createdate": self.ago(closed_days_ago + 30)}
        self.deals[did] = {"dealId": did, "portalId": 62515, "isDeleted": False,
                           "associations": {"associatedCompanyIds": [company], "associatedVids": [], "associatedDealIds": []},
                           "properties": _wrapped(props, closed)}

    def form(self, guid: str, name: str):
        self.forms[guid] = {"guid": guid, "name": name, "portalId": 62515, "createdAt": self.ago(300), "updatedAt": self.ago(300),
                            "formType": "HUBSPOT", "formFieldGroups": []}
        self.submissions[guid] = []

    def submission(self, guid: str, conversion: str, email: str, days_ago: float, motivation: str | None = None):
        values = [{"name": "email", "value": email, "objectTypeId": "0-1"}]
        if motivation:
            values.append({"name": "buying_motivation", "value": motivation, "objectTypeId": "0-1"})
        self.submissions[guid].append({"conversionId": conversion, "submittedAt": self.ago(days_ago), "values": values,
                                       "pageUrl": f"https://northwind.example/{guid}"})

    def fault(self, path: str, status: int, headers: dict | None = None):
        self.faults.append((path, status, headers or {}))

    def details_fetched(self) -> list[int]:
        return [int(path.rsplit("/", 1)[1]) for path, _ in self.requests if path.startswith("/companies/v2/companies/") and path[-1].isdigit()]


def _offset_page(items: list, query: dict, key: str, more: str, size: int) -> dict:
    start = int(query.get("offset", 0))
    chunk = items[start:start + size]
    return {key: chunk, more: start + size < len(items), "offset": start + size}


def _cursor_page(items: list, query: dict, size: int) -> dict:
    start = int(query.get("after", 0))
    page = {"results": items[start:start + size]}
    if start + size < len(items):
        page["paging"] = {"next": {"after": str(start + size), "link": "loopback"}}
    return page


def serve(world: HubSpotWorld):
    class Handler(JSONHandler):
        content_type = "application/json;charset=utf-8"

        def route(self, method: str):
            parts = urllib.parse.urlsplit(self.path)
            query = {k: v[-1] for k, v in urllib.parse.parse_qs(parts.query).items()}
            path = parts.path
            body = {}
            if method == "POST":
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
            with world.lock:
                world.requests.append((path, query))
                if self.headers.get("Authorization") != "Bearer pat-loopback":
                    return self.answer(401, {"status": "error", "message": "Authentication credentials not found", "category": "INVALID_AUTHENTICATION"})
                for index, (fault_path, status, headers) in enumerate(world.faults):
                    if path == fault_path:
                        del world.faults[index]
                        return self.answer(status, {"status": "error", "message": f"loopback fault {status}"}, headers)
                size = world.page_size
                if path == "/companies/v2/properties":
                    return self.answer(200, [{"name": n, "type": t} for n, t in PROPERTIES["companies"]])
                if path == "/properties/v1/deals/properties":
                    return self.answer(200, [{"name": n, "type": t} for n, t in PROPERTIES["deals"]])
                for entity in ("contacts", "deals", "tickets"):
                    if path == f"/crm/v3/properties/{entity}":
                        return self.answer(200, {"results": [{"name": n, "type": t} for n, t in PROPERTIES[entity]]})
                if path == "/crm/v3/schemas":
                    return self.answer(200, {"results": []})
                if path == "/crm/v3/owners/":
                    return self.answer(200, _cursor_page(list(world.owners.values()), query, size))
                if path == "/crm/v3/objects/contacts":
                    return self.answer(200, _cursor_page(list(world.contacts.values()), query, size))
                if path == "/companies/v2/companies/paged":
                    rows = [{"companyId": c["companyId"], "portalId": c["portalId"], "isDeleted": False,
                             "properties": {k: c["properties"][k] for k in ("createdate", "hs_lastmodifieddate")}}
                            for c in world.companies.values()]
                    return self.answer(200, _offset_page(rows, query, "companies", "has-more", size))
                if path.startswith("/companies/v2/companies/"):
                    company = world.companies.get(int(path.rsplit("/", 1)[1]))
                    return self.answer(200, company) if company else self.answer(404, {"status": "error", "message": "no such company"})
                if path == "/crm/v3/associations/company/contact/batch/read":
                    wanted = [entry["id"] for entry in body.get("inputs", [])]
                    results = [{"from": {"id": str(cid)}, "to": [{"id": vid, "type": "company_to_contact"} for vid, c in world.contacts.items()
                                                               if c["properties"]["associatedcompanyid"] == str(cid)]}
                               for cid in wanted]
                    return self.answer(200, {"status": "COMPLETE", "results": results})
                if path == "/deals/v1/pipelines":
                    return self.answer(200, [{"pipelineId": "default", "label": "Sales pipeline", "active": True, "displayOrder": 0,
                                              "staticDefault": True,
                                              "stages": [{"stageId": s, "label": s, "probability": p, "closedWon": s == "closedwon",
                                                          "active": True, "displayOrder": i}
                                                         for i, (s, p) in enumerate([("qualifiedtobuy", 0.2), ("closedwon", 1.0), ("closedlost", 0.0)])]}])
                if path == "/deals/v1/deal/paged":
                    return self.answer(200, _offset_page(list(world.deals.values()), query, "deals", "hasMore", size))
                if path == "/forms/v2/forms":
                    return self.answer(200, list(world.forms.values()))
                if path.startswith("/form-integrations/v1/submissions/forms/"):
                    guid = path.rsplit("/", 1)[1]
                    return self.answer(200, _cursor_page(world.submissions.get(guid, []), query, size))
            self.answer(404, {"status": "error", "message": f"no route {path}"})

        def do_GET(self):
            self.route("GET")

        def do_POST(self):
            self.route("POST")

    return start(Handler)
