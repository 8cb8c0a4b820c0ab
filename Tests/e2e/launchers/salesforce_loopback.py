"""Starts the pinned singer-io tap-salesforce against a loopback Salesforce (tests only). The tap
has no base-URL setting: it logs in at `https://login.salesforce.com`, written into its login
method, and takes every later address from the token answer's `instance_url`. Here the login
address is pointed at SALESFORCE_LOGIN_BASE before the tap's entry point runs with the arguments
Accord passed; the loopback's token answer then names itself as the instance."""
import os
import sys

from tap_salesforce import main
from tap_salesforce.salesforce import Salesforce

base = os.environ["SALESFORCE_LOGIN_BASE"]
request = Salesforce._make_request


def _make_request(self, http_method, url, *args, **kwargs):
    for host in ("https://login.salesforce.com", "https://test.salesforce.com"):
        if url.startswith(host):
            url = base + url[len(host):]
    return request(self, http_method, url, *args, **kwargs)


Salesforce._make_request = _make_request
sys.exit(main())
