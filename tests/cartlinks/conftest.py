"""Cart links: a staff member building a quote, a marketer, a link made straight in the database."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from storefront.cartlinks import items
from storefront.cartlinks.models import CartLink
from storefront.cartlinks.services import link_path
from tests.staff.conftest import ADMIN, log_in_customer  # noqa: F401

VPS_S = 6
STARTER = 1
XEON = 9  # sold out in the demo catalog
VPS_FORM = {
    "product": str(VPS_S),
    "billing_cycle": "annually",
    "option_1": "12",
    "option_2": "22",
    "option_4": "1",
    "custom_7": "vps1.example.com",
}
AGENCY = ("agency@example.com", "demo-password-3")


def vps_record(**changes) -> dict:
    record = items.product_record(
        VPS_S,
        "VPS S",
        "annually",
        config_options=[(1, 12), (2, 22), (4, 1)],
        custom_fields=[(7, "vps1.example.com")],
    )
    return {**record, **changes}


def make_link(**fields) -> CartLink:
    defaults = {
        "kind": CartLink.Kind.CAMPAIGN,
        "name": "Spring sale",
        "items": [vps_record()],
        "currency": "USD",
        "expires_at": timezone.now() + timedelta(days=7),
        "created_by": "tests",
    }
    return CartLink.objects.create(**{**defaults, **fields})


def url_of(link: CartLink) -> str:
    return link_path(link)


def link_on_page(html: str) -> str:
    return re.search(r'value="https?://[^/"]+(/l/[^"]+)"', html).group(1)


@pytest.fixture
def staff(client, db):
    response = client.post("/staff/login", ADMIN)
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def marketer(client, db):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("mia", password="marketer-password-1")
    user.user_permissions.add(
        Permission.objects.get(codename="create", content_type__app_label="cartlinks")
    )
    client.force_login(user)
    return client
