"""Staff build quotes and marketers campaign links: priced live, every error beside its field,
every link created, changed or revoked in the staff audit log."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from storefront.cartlinks.models import CartLink
from storefront.staff.models import AuditEntry
from tests.cartlinks.conftest import VPS_FORM, link_on_page, make_link
from tests.shop import text_of

pytestmark = pytest.mark.django_db

AGENCY_STUDIO = "2d2f8f40-5e3c-4b90-9c73-8e4fa03b2c03"


def error_beside(html: str, field_id: str) -> str:
    """The error list rendered right after the field's input (staff/field.html)."""
    block = re.search(rf'<label for="{field_id}">.*?</div>', html, flags=re.S)
    assert block, f"no field {field_id}"
    errors = re.findall(r'<ul class="field-errors".*?</ul>', block.group(0), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", e) for e in errors)


def build_vps_quote(staff) -> None:
    assert staff.post("/staff/cartlinks/new/product", VPS_FORM).status_code == 302
    assert (
        staff.post(
            "/staff/cartlinks/new/pricing", {"currency": "USD", "promo_code": "save10"}
        ).status_code
        == 302
    )


def test_the_builder_shows_whmcs_prices_as_the_customer_will_see_them(staff):
    build_vps_quote(staff)
    page = text_of(staff.get("/staff/cartlinks/new"))
    assert "VPS S yearly" in page and "$132.00 USD" in page
    assert "Discount (promotions) −$10.00 USD" in page
    assert "Promo code SAVE10 applied." in page


def test_a_quote_is_created_and_audited(staff):
    build_vps_quote(staff)
    response = staff.post(
        "/staff/cartlinks/new/create", {"expires_on": "2099-01-01", "note": "Hello"}
    )
    assert response.status_code == 422  # more than a year ahead
    assert "A link lasts at most 366 days." in error_beside(
        response.content.decode(), "terms_expires_on"
    )
    from datetime import timedelta

    from django.utils import timezone

    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = staff.post(
        "/staff/cartlinks/new/create", {"expires_on": day, "note": "Hello"}, follow=True
    )
    page = text_of(response)
    assert "Link created." in page and "Total when made $152.00 USD" in page
    link = CartLink.objects.get()
    assert (link.kind, link.promo_code, link.note, link.created_by) == (
        "quote",
        "SAVE10",
        "Hello",
        "admin",
    )
    assert link.items[0]["price"]["display"] == "$132.00 USD"
    assert link_on_page(response.content.decode()).startswith("/l/")
    entry = AuditEntry.objects.get(action="cart_link_create")
    assert entry.actor == "admin" and link.public_id in entry.target
    # the draft is gone: the next quote starts empty
    assert "Nothing yet" in text_of(staff.get("/staff/cartlinks/new"))


def test_builder_errors_are_beside_their_fields_and_change_nothing(staff):
    html = staff.post(
        "/staff/cartlinks/new/domain",
        {"kind": "domain_transfer", "name": "not a domain", "period": "12"},
    ).content.decode()
    assert "Enter a domain name such as example.com." in error_beside(html, "domain_name")
    assert "At most 10 years." in error_beside(html, "domain_period")
    assert "A transfer needs the domain&#x27;s EPP code." in error_beside(html, "domain_epp_code")

    html = staff.post(
        "/staff/cartlinks/new/pricing", {"currency": "XXX", "promo_code": "NOPE"}
    ).content.decode()
    assert "Choose one of the shop" in error_beside(html, "pricing_currency")

    build_vps_quote(staff)
    response = staff.post(
        "/staff/cartlinks/new/pricing", {"currency": "USD", "promo_code": "NOSUCHCODE"}
    )
    assert response.status_code == 422
    assert "WHMCS refused it:" in error_beside(response.content.decode(), "pricing_promo_code")

    bad = {**VPS_FORM, "custom_7": ""}
    response = staff.post("/staff/cartlinks/new/product", bad)
    assert response.status_code == 422
    assert "required" in error_beside(response.content.decode(), "id_custom_7").lower()
    assert CartLink.objects.count() == 0


def test_create_with_nothing_in_it_is_refused(staff):
    response = staff.post("/staff/cartlinks/new/create", {"expires_on": "2030-01-01"})
    assert response.status_code == 422
    assert "Add at least one product or domain first." in text_of(response)


def test_a_quote_for_the_agency_customer_asks_which_client_account(staff):
    build_vps_quote(staff)
    from datetime import timedelta

    from django.utils import timezone

    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    data = {"expires_on": day, "customer_email": "agency@example.com"}
    response = staff.post("/staff/cartlinks/new/create", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "This customer has 2 client accounts: choose the one to quote." in error_beside(
        html, "terms_client"
    )
    assert "Agency Studio LLC" in html and "Bright Smile Dental Ltd" in html

    response = staff.post(
        "/staff/cartlinks/new/create", {**data, "customer_email": "nobody@example.com"}
    )
    assert "No customer has this email address in WHMCS." in error_beside(
        response.content.decode(), "terms_customer_email"
    )

    response = staff.post("/staff/cartlinks/new/create", {**data, "client": AGENCY_STUDIO})
    assert response.status_code == 302
    link = CartLink.objects.get()
    assert (link.client_uuid, link.client_label, link.client_email) == (
        AGENCY_STUDIO,
        "Agency Studio LLC",
        "agency@example.com",
    )


def test_staff_change_and_revoke_a_link_and_both_are_audited(staff):
    link = make_link()
    detail = f"/staff/cartlinks/{link.public_id}"
    page = text_of(staff.get(detail))
    assert "Opens 0" in page and "Carts created 0" in page and "Checkouts handed off 0" in page
    response = staff.post(
        f"{detail}/change", {"name": "Spring sale", "expires_on": "2000-01-01", "max_uses": "0"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose a day after today." in error_beside(html, "id_expires_on")
    assert "At least 1, or leave it empty for no limit." in error_beside(html, "id_max_uses")
    from datetime import timedelta

    from django.utils import timezone

    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    staff.post(f"{detail}/change", {"name": "Summer sale", "expires_on": day, "max_uses": "5"})
    link.refresh_from_db()
    assert (link.name, link.max_uses) == ("Summer sale", 5)
    change = AuditEntry.objects.get(action="cart_link_change")
    assert "name: Spring sale → Summer sale" in change.detail and change.actor == "admin"

    staff.post(f"{detail}/revoke")
    link.refresh_from_db()
    assert link.is_revoked and link.revoked_by == "admin"
    assert AuditEntry.objects.filter(action="cart_link_revoke").count() == 1
    staff.post(f"{detail}/revoke")  # again: nothing more happens
    assert AuditEntry.objects.filter(action="cart_link_revoke").count() == 1
    assert "This link is revoked" in text_of(staff.get(detail))


def marketer_with(*codenames: str) -> Client:
    user = User.objects.create_user(
        f"user-{'-'.join(codenames) or 'none'}", password="pw-123456789"
    )
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client


def test_the_template_permission_is_not_enough_for_cart_links():
    editor = marketer_with("publish_template")
    assert editor.get("/staff/cartlinks/").status_code == 403
    assert editor.get("/staff/cartlinks/new").status_code == 403
    assert (
        editor.post(
            "/staff/cartlinks/new/domain", {"kind": "domain_register", "name": "x.com", "period": 1}
        ).status_code
        == 403
    )


def test_anonymous_visitors_and_customers_are_sent_to_log_in(client):
    response = client.get("/staff/cartlinks/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login")


def test_a_marketer_builds_a_campaign_link_and_sees_only_campaign_links(marketer):
    quote = make_link(kind="quote", name="Private quote")
    html = marketer.post("/staff/cartlinks/new/create", {"expires_on": ""}).content.decode()
    assert "This field is required." in error_beside(html, "terms_name")
    assert "This field is required." in error_beside(html, "terms_expires_on")
    marketer.post(
        "/staff/cartlinks/new/domain",
        {"kind": "domain_register", "name": "campaign-name.com", "period": "1"},
    )
    from datetime import timedelta

    from django.utils import timezone

    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = marketer.post(
        "/staff/cartlinks/new/create",
        {"name": "Black Friday", "expires_on": day, "max_uses": "100"},
    )
    assert response.status_code == 302
    link = CartLink.objects.get(kind="campaign")
    assert (link.name, link.max_uses, link.created_by) == ("Black Friday", 100, "mia (marketer)")
    assert AuditEntry.objects.get(action="cart_link_create").actor == "mia (marketer)"
    listing = text_of(marketer.get("/staff/cartlinks/"))
    assert "Black Friday" in listing and "Private quote" not in listing
    assert marketer.get(f"/staff/cartlinks/{quote.public_id}").status_code == 404


def test_the_audit_log_page_lists_and_filters_cart_link_entries(staff):
    link = make_link()
    staff.post(f"/staff/cartlinks/{link.public_id}/revoke")
    page = text_of(staff.get("/staff/audit?action=cart_link_revoke"))
    assert "Cart link revoked" in page and link.public_id in page
    assert "(1 entry)" in page  # the staff login is not among them
