"""A visitor with a product waiting for its domain: the configure step sends them here."""

from __future__ import annotations

import pytest

from tests.shop import once_token


@pytest.fixture
def domain_step(client, db) -> str:
    """The URL of the domain step for a Starter hosting item (it requires a domain)."""
    page = client.get("/order/1/starter/")
    added = client.post(
        "/order/1/starter/",
        {
            "billing_cycle": "annually",
            "custom_1": "alice1",
            "action": "add",
            "once": once_token(page),
        },
    )
    return added["Location"]
