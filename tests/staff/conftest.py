"""A staff member, step by step: logged in → masquerading → a customer with a cart; and orders."""

from __future__ import annotations

import pyotp
import pytest

from storefront.staff.models import AuditEntry
from storefront.visitor.keys import VISITOR_ID as VISITOR_SESSION_KEY
from whmcs_gateway import conf
from whmcs_gateway.classic import ClassicApi
from whmcs_gateway.visitor import VisitorGateway

ADMIN = {"username": "admin", "password": "admin-password-1"}
SECURE_ADMIN = {"username": "secureadmin", "password": "admin-password-2"}
SECURE_ADMIN_TOTP = pyotp.TOTP("KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU")
# The sandbox's demo people (whmcs_gateway/sandbox/demo_data.toml).
DANA_USER_ID = 1
ALEX_USER_ID = 3
BRIGHT_SMILE_CLIENT_ID = 4


def audit_rows(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


DANA = ("demo@example.com", "demo-password-1")


def log_in_customer(client, credentials: tuple[str, str] = DANA):
    """A customer logged in to WHMCS through the shop's own visitor state."""
    session = client.session
    session[VISITOR_SESSION_KEY] = visitor = f"customer-{credentials[0]}"
    session.save()
    gateway = VisitorGateway(conf.transport(), conf.state_store(), lambda: visitor)
    gateway.rest.user.login(*credentials)
    return client


@pytest.fixture
def customer(client, db):
    return log_in_customer(client)


@pytest.fixture
def staff(client, db):
    response = client.post("/staff/login", ADMIN)
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def masquerading(staff):
    response = staff.post("/staff/masquerade", {"kind": "user", "target_id": ALEX_USER_ID})
    assert response.status_code == 302
    return staff


@pytest.fixture
def customer_cart_id(masquerading):
    """A cart Alex owns: created and filled through the admin's masquerade session."""
    session = masquerading.session
    gateway = VisitorGateway(
        conf.transport(), conf.state_store(), lambda: session[VISITOR_SESSION_KEY]
    )
    from whmcs_gateway.rest import ProductItem

    cart_id = gateway.rest.cart.create().id
    gateway.rest.cart.add_items(cart_id, [ProductItem(6, "monthly")])
    gateway.rest.cart.apply_promotion(cart_id, "VPS5")
    return cart_id


@pytest.fixture
def classic():
    return ClassicApi(conf.transport())


@pytest.fixture
def pending_order(classic):
    return classic.add_order(1, "paypal", pid=[1], billingcycle=["monthly"]).orderid
