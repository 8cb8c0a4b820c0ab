"""Starts the pinned singer-io tap-zendesk against a loopback Zendesk (tests only). The tap has no
base-URL setting: its own requests go to `https://{subdomain}.zendesk.com/...` (each stream's
`endpoint`), and Zenpy's to the host it builds from the subdomain. Here the streams' endpoints
are pointed at ZENDESK_API_BASE (the subdomain placeholder kept, and printed as nothing) and
Zenpy is given the same host through its own ZENPY_FORCE_SCHEME and ZENPY_FORCE_NETLOC, before
the tap's entry point runs with the arguments Accord passed."""
import os
import sys
import urllib.parse

base = os.environ["ZENDESK_API_BASE"]
address = urllib.parse.urlsplit(base)
os.environ["ZENPY_FORCE_SCHEME"] = address.scheme
os.environ["ZENPY_FORCE_NETLOC"] = address.netloc

import tap_zendesk  # noqa: E402
from tap_zendesk import oauth, streams  # noqa: E402

for stream in streams.STREAMS.values():
    if isinstance(getattr(stream, "endpoint", None), str):
        stream.endpoint = stream.endpoint.replace("https://{}.zendesk.com", base + "{:.0}")
oauth.TOKEN_INFO_URL = base + "/api/v2/oauth/tokens/current.json"
oauth.TOKEN_REFRESH_URL = base + "/oauth/tokens"
sys.exit(tap_zendesk.main())
