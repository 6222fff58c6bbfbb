"""Names for the demo data's records (demo_data.toml) that the pattern library, the tests and
the benchmarks build on, so an id is written once beside the data it names."""

from __future__ import annotations

# -- catalog -----------------------------------------------------------------------------------

VPS_S = 6  # every config option type, two addons, a required hostname field
VPS_S_PATH = "/order/6/vps-s/"
# A valid configuration of VPS S as its configure form posts it (annual, 4 GB, Ubuntu, 1 IP).
VPS_S_CHOICES = {
    "billing_cycle": "annually",
    "option_1": "12",
    "option_2": "22",
    "option_4": "1",
    "custom_7": "vps1.example.com",
}
BUSINESS_HOSTING = 2  # a plan that needs a domain
SOLD_OUT_GROUP = 4  # Dedicated servers: the Xeon is sold out
SOLD_OUT_PRODUCT = 9

# -- domains -----------------------------------------------------------------------------------

US_NAME = "agency-studio.us"  # .us: the registry asks for Nexus and purpose details
UK_NAME = "brightsmile-dental.uk"  # .uk: a transfer needs the EPP code
SEARCHED_NAME = "brightsmile-dental.com"

# -- accounts ----------------------------------------------------------------------------------

AGENCY_EMAIL = "agency@example.com"  # two client accounts, services and domains due
AGENCY_PASSWORD = "demo-password-3"  # noqa: S105  (published demo data)
