"""A loopback server that answers as Stripe's API does for what tap-stripe reads: the account,
customers and subscriptions (with their items nested as list objects) filtered by `created`,
events of `customer.subscription.*`, newest first, paged with `limit` and `starting_after`. A fault
can be queued to answer one request (a 429 with Retry-After, a 500), as Stripe sometimes does."""
import copy
import threading
import time
import urllib.parse

from loopback_http import JSONHandler, start

DAY = 86_400


class StripeWorld:
    def __init__(self):
        self.now = int(time.time())
        self.customers = {}
        self.subscriptions = {}
        self.events = []
        self.faults = []
        self.requests = []
        self.lock = threading.Lock()
        self._serial = 0

    def ago(self, days: float) -> int:
        return self.now - int(days * DAY)

    def customer(self, cid: str, name: str, website: str | None, days_ago: float):
        self.customers[cid] = {
            "id": cid, "object": "customer", "name": name, "email": f"billing@{cid}.example", "created": self.ago(days_ago),
            "metadata": {"website": website} if website else {}, "livemode": False, "delinquent": False,
            "subscriptions": {"object": "list", "data": [], "has_more": False, "url": f"/v1/customers/{cid}/subscriptions"},
        }

    @staticmethod
    def price(cents: int, interval: str, count: int = 1) -> dict:
        return {"id": f"price_{cents}_{interval}", "object": "price", "unit_amount": cents, "currency": "usd", "type": "recurring",
                "recurring": {"interval": interval, "interval_count": count}}

    def subscription(self, sid: str, customer: str, items: list[tuple[int, str, int]], days_ago: float, status: str = "active", **extra):
        created = self.ago(days_ago)
        data = []
        for n, (cents, interval, quantity) in enumerate(items):
            price = self.price(cents, interval)
            data.append({
                "id": f"si_{sid}_{n}", "object": "subscription_item", "subscription": sid, "created": created, "quantity": quantity,
                "price": price, "plan": {"id": price["id"], "object": "plan", "amount": cents, "currency": "usd", "interval": interval,
                                         "interval_count": 1},
                "metadata": {}, "tax_rates": []})
        single = data[0] if len(data) == 1 else None
        subscription = {
            "id": sid, "object": "subscription", "customer": customer, "status": status, "created": created, "start_date": created,
            "current_period_start": created, "current_period_end": created + 30 * DAY, "cancel_at_period_end": False,
            "canceled_at": None, "ended_at": None, "trial_end": None, "discount": None, "livemode": False, "metadata": {},
            "plan": single["plan"] if single else None, "quantity": single["quantity"] if single else None,
            "items": {"object": "list", "data": data, "has_more": False, "total_count": len(data), "url": f"/v1/subscription_items?subscription={sid}"},
        }
        subscription.update(extra)
        self.subscriptions[sid] = subscription
        return subscription

    def change(self, sid: str, days_ago: float, quantity: int | None = None, **fields):
        """Changes a subscription as Stripe would, with its customer.subscription.updated event."""
        subscription = self.subscriptions[sid]
        if quantity is not None:
            subscription["items"]["data"][0]["quantity"] = quantity
            subscription["quantity"] = quantity
        subscription.update(fields)
        self._serial += 1
        self.events.append({
            "id": f"evt_{self._serial}", "object": "event", "type": "customer.subscription.updated", "created": self.ago(days_ago),
            "data": {"object": copy.deepcopy(subscription), "previous_attributes": {}}, "livemode": False})

    def fault(self, path: str, status: int, headers: dict | None = None):
        self.faults.append((path, status, headers or {}))


def _page(items: list, query: dict, url: str) -> dict:
    items = sorted(items, key=lambda o: (o["created"], o["id"]), reverse=True)
    gte, lt = query.get("created[gte]"), query.get("created[lt]")
    if gte is not None:
        items = [o for o in items if o["created"] >= int(gte)]
    if lt is not None:
        items = [o for o in items if o["created"] < int(lt)]
    after = query.get("starting_after")
    if after:
        ids = [o["id"] for o in items]
        items = items[ids.index(after) + 1:] if after in ids else []
    limit = int(query.get("limit", 10))
    return {"object": "list", "url": url, "has_more": len(items) > limit, "data": items[:limit]}


def serve(world: StripeWorld):
    class Handler(JSONHandler):
        content_type = "application/json"
        extra_headers = {"Request-Id": "req_loopback"}

        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            query = {k: v[-1] for k, v in urllib.parse.parse_qs(parts.query).items()}
            with world.lock:
                world.requests.append((parts.path, query))
                for index, (path, status, headers) in enumerate(world.faults):
                    if parts.path == path:
                        del world.faults[index]
                        return self.answer(status, {"error": {"type": "api_error", "message": f"loopback fault {status}"}}, headers)
                if parts.path.startswith("/v1/accounts/"):
                    return self.answer(200, {"id": parts.path.rsplit("/", 1)[1], "object": "account",
                                             "settings": {"dashboard": {"display_name": "Loopback Billing"}}})
                if parts.path == "/v1/customers":
                    return self.answer(200, _page(list(world.customers.values()), query, "/v1/customers"))
                if parts.path == "/v1/subscriptions":
                    return self.answer(200, _page(list(world.subscriptions.values()), query, "/v1/subscriptions"))
                if parts.path == "/v1/events":
                    kind = query.get("type", "")
                    events = [e for e in world.events if not kind or e["type"].startswith(kind.rstrip("*"))]
                    return self.answer(200, _page(events, query, "/v1/events"))
                if parts.path == "/v1/invoices":
                    return self.answer(200, _page([], query, "/v1/invoices"))
            self.answer(404, {"error": {"type": "invalid_request_error", "message": f"no route {parts.path}"}})

    return start(Handler)
