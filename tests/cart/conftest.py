"""A cart with something in it: chained fixtures, from a visitor to a cart ready to check out."""

from __future__ import annotations

import pytest

from tests.shop import once_token
from whmcs_gateway.sandbox.demo import VPS_S_PATH

VPS = VPS_S_PATH
VPS_CHOICES = {
    "billing_cycle": "annually",
    "option_1": "12",
    "option_2": "22",
    "option_4": "1",
    "custom_7": "vps1.example.com",
    "action": "add",
}


def add_vps(client, **changes):
    page = client.get(VPS)
    return client.post(VPS, {**VPS_CHOICES, **changes, "once": once_token(page)})


@pytest.fixture
def cart_with_vps(client, db):
    add_vps(client)
    return client
