"""The real Segment and RudderStack Python SDKs, unchanged, against `accord serve`:
every event sent arrives exactly once, including when the network makes them retry."""
import uuid

import pytest

from conftest import add_source, query
from faulty_proxy import FaultyProxy


def make_client(sdk, key, host, errors):
    if sdk == "segment":
        from segment.analytics.client import Client
    else:
        from rudderstack.analytics.client import Client
    return Client(write_key=key, host=host, on_error=lambda error, batch: errors.append(error), max_retries=20, upload_size=50, gzip=True)


def send_company(client, prefix, users=40, events_per_user=5):
    """Sends identify, group, page and track calls with known message ids; returns them."""
    ids = []

    def mid():
        ids.append(f"{prefix}-{uuid.uuid4()}")
        return ids[-1]

    for u in range(users):
        user = f"{prefix}-user-{u}"
        group = f"{prefix}-company-{u % 7}"
        client.identify(user, {"name": f"User {u}", "email": f"user{u}@company{u % 7}.example"}, message_id=mid())
        client.group(user, group, {"name": f"Company {u % 7}", "website": f"https://company{u % 7}.example"}, message_id=mid())
        client.page(user, category="app", name="Dashboard", properties={"path": "/"}, message_id=mid())
        for e in range(events_per_user):
            client.track(user, "first_value_achieved", {"milestone": f"step {e}"}, message_id=mid())
    client.flush()
    client.join()
    return ids


def stored_counts(accord):
    return dict(query(accord, "SELECT message_id, COUNT(*) FROM events WHERE source = 'product' GROUP BY message_id"))


@pytest.mark.parametrize("sdk", ["segment", "rudderstack"])
def test_sdk_events_arrive_exactly_once(accord, database, sdk):
    assert accord.run("init").returncode == 0
    key = add_source(accord)
    process, url = accord.serve()
    errors = []
    client = make_client(sdk, key, url, errors)
    ids = send_company(client, sdk)
    assert errors == []
    counts = stored_counts(accord)
    assert len(ids) == 40 * 8
    assert set(counts) == set(ids)
    assert set(counts.values()) == {1}


@pytest.mark.parametrize("sdk", ["segment", "rudderstack"])
def test_sdk_retries_never_duplicate(accord, database, sdk):
    assert accord.run("init").returncode == 0
    key = add_source(accord)
    process, url = accord.serve()
    errors = []
    with FaultyProxy(url) as proxy:
        client = make_client(sdk, key, proxy.url, errors)
        ids = send_company(client, sdk, users=30)
    assert errors == []
    assert proxy.failed_after > 0 and proxy.failed_before > 0, "the proxy forced retries of both kinds"
    counts = stored_counts(accord)
    assert set(counts) == set(ids)
    assert set(counts.values()) == {1}


def test_sdk_groups_and_users_resolve_to_accounts(accord, database):
    assert accord.run("init").returncode == 0
    key = add_source(accord)
    process, url = accord.serve()
    errors = []
    client = make_client("segment", key, url, errors)
    send_company(client, "acct", users=14, events_per_user=1)
    accounts = query(accord, "SELECT COUNT(*) FROM accounts WHERE domain LIKE 'company%.example'")[0][0]
    unattributed = query(accord, "SELECT COUNT(*) FROM events WHERE source = 'product' AND type = 'track' AND account_id IS NULL")[0][0]
    contacts = query(accord, "SELECT COUNT(*) FROM contacts WHERE email LIKE 'user%@company%.example'")[0][0]
    assert accounts == 7
    assert unattributed == 0
    assert contacts == 14
