"""Starts the pinned singer-io tap-hubspot against a loopback HubSpot (tests only). The tap has no
base-URL setting; it builds every address from its module variable BASE_URL, set here from
HUBSPOT_API_BASE before the tap's own entry point runs with the arguments Accord passed."""
import os
import sys

import tap_hubspot

tap_hubspot.BASE_URL = os.environ["HUBSPOT_API_BASE"]
sys.exit(tap_hubspot.main())
