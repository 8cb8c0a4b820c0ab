"""Starts the pinned tap-stripe against a loopback Stripe (tests only). The tap has no base-URL
setting: stripe's `api_base` is set from STRIPE_API_BASE, and the tap's request timer, which reads
the stream name out of an api.stripe.com URL, is given the same timer for any host. Then the
tap's own entry point runs with the arguments Accord passed."""
import os
import re
import sys

import singer
import stripe
import tap_stripe

stripe.api_base = os.environ["STRIPE_API_BASE"]


def apply_request_timer_to_client(client):
    original = client.request

    def wrapped_request(*args, **kwargs):
        match = re.match(r"http[s]?://[^/]+/v1/(\w+)\??", args[1])
        with singer.metrics.http_request_timer(match.groups()[0]):
            return original(*args, **kwargs)

    client.request = wrapped_request


tap_stripe.apply_request_timer_to_client = apply_request_timer_to_client
sys.exit(tap_stripe.main())
