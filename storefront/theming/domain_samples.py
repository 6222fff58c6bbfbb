"""Sample contexts of the domain pages (prices, order forms, a product's domain step).

Everything comes from the private sample sandbox: TLD prices, the registry's additional fields
of .us, search results, and a cart holding a hosting plan that needs a domain.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from django.urls import reverse

from storefront.domains import names as domains
from storefront.domains import pages as domain_pages
from storefront.domains.forms import (
    DomainNameForm,
    DomainOrderForm,
    DomainSearchForm,
    ExistingDomainForm,
    TransferStartForm,
)
from storefront.visitor import clients
from storefront.visitor.cart import CartOutcome, new_one_time_token
from whmcs_gateway.models import CartItemTypeProduct
from whmcs_gateway.rest import DomainRegisterItem, ProductItem, RestApi
from whmcs_gateway.sandbox.demo import BUSINESS_HOSTING, SEARCHED_NAME, UK_NAME, US_NAME

from .samples import world

OrderKind = Literal["register", "transfer"]


def _api() -> RestApi:
    """Lookups without visitor state, as `Visitor.lookups` makes them."""
    return clients.stateless_rest(transport=world().transport)


def _name(text: str) -> domains.DomainName:
    return domains.normalise_domain(text, require_tld=True)


@cache
def order_spec(text: str) -> domains.OrderSpec:
    """The order form definition for `text`, from the sample sandbox's catalog."""
    spec = domains.order_spec(world().catalog, _name(text))
    if spec is None:
        raise LookupError(f"The sample sandbox does not sell {text}")
    return spec


# -- prices ---------------------------------------------------------------------------------


def pricing() -> dict[str, Any]:
    return domain_pages.pricing_page(world().catalog)


def pricing_none() -> dict[str, Any]:
    return {"rows": []}


# -- register and transfer on their own -----------------------------------------------------


def register_us() -> dict[str, Any]:
    spec = order_spec(US_NAME)
    form = DomainOrderForm(spec=spec, kind="register", initial={"domain": spec.name.unicode})
    return domain_pages.order_page(form, kind="register", action=reverse("domains:register"))


def register_us_with_errors() -> dict[str, Any]:
    """Nexus category C31 without its country, and the .us terms not accepted."""
    spec = order_spec(US_NAME)
    fields = {DomainOrderForm.extra_key(i): "" for i in range(len(spec.additional_fields))}
    fields.update({DomainOrderForm.extra_key(0): "C31", DomainOrderForm.extra_key(2): "P1"})
    data = {"domain": US_NAME, "once": new_one_time_token(), "period": "1", **fields}
    form = DomainOrderForm(data, spec=spec, kind="register")
    form.is_valid()
    return domain_pages.order_page(form, kind="register", action=reverse("domains:register"))


def transfer_without_epp_code() -> dict[str, Any]:
    spec = order_spec(UK_NAME)
    data = {"domain": UK_NAME, "once": new_one_time_token(), "period": "1", "epp_code": ""}
    form = DomainOrderForm(data, spec=spec, kind="transfer")
    form.is_valid()
    return domain_pages.order_page(form, kind="transfer", action=reverse("domains:transfer"))


def which_name_unsold_extension() -> dict[str, Any]:
    """/domains/register?domain=… with an extension the shop does not sell."""
    form = DomainNameForm({"domain": "brightsmile.zz"})
    form.is_valid()
    form.add_error("domain", "We do not sell .zz domains.")
    return domain_pages.order_page(form, kind="register", action=reverse("domains:register"))


def added() -> dict[str, Any]:
    cart = CartOutcome(contents=_hosting_with_a_domain())
    return domain_pages.added_page(world().catalog, f"{_name(US_NAME)} added to your cart.", cart)


def added_alone() -> dict[str, Any]:
    """A domain added on its own: plans are offered for it."""
    cart = CartOutcome(contents=_a_domain_alone())
    return domain_pages.added_page(world().catalog, f"{SEARCHED_NAME} added to your cart.", cart)


# -- the domain step of a product in the cart -----------------------------------------------


@cache
def _hosting_with_a_domain():
    """A cart holding a plan and a registration: what the shop shows after adding a domain."""
    api = world().visitor("domain-added").rest.cart
    cart_id = api.create().id
    items = [ProductItem(BUSINESS_HOSTING, "annually"), DomainRegisterItem(SEARCHED_NAME, 1)]
    return api.add_items(cart_id, items)


@cache
def _a_domain_alone():
    api = world().visitor("domain-alone").rest.cart
    return api.add_items(api.create().id, [DomainRegisterItem(SEARCHED_NAME, 1)])


@cache
def _hosting_and_a_domain_in_the_cart() -> CartItemTypeProduct:
    """A plan waiting for its domain, beside a registration no plan uses yet."""
    api = world().visitor("domain-step-cart").rest.cart
    cart_id = api.create().id
    items = [ProductItem(BUSINESS_HOSTING, "annually"), DomainRegisterItem(SEARCHED_NAME, 1)]
    contents = api.add_items(cart_id, items)
    return next(i for i in contents.items if isinstance(i, CartItemTypeProduct))


def for_item_with_cart_domain() -> dict[str, Any]:
    item = _hosting_and_a_domain_in_the_cart()
    page = domain_pages.domain_step_page(
        world().catalog, item, DomainSearchForm(), None, cart_domains=[SEARCHED_NAME]
    )
    return {**page, "cart_count": 2}


@cache
def _hosting_needing_a_domain() -> CartItemTypeProduct:
    api = world().visitor("domain-step").rest.cart
    cart_id = api.create().id
    contents = api.add_items(cart_id, [ProductItem(BUSINESS_HOSTING, "annually")])
    return next(i for i in contents.items if isinstance(i, CartItemTypeProduct))


@cache
def _search(text: str) -> domains.SearchResults:
    return domains.search(_api(), _name(text))


def _domain_step(form: DomainSearchForm, found: domains.SearchResults | None) -> dict[str, Any]:
    item = _hosting_needing_a_domain()
    page = domain_pages.domain_step_page(world().catalog, item, form, found)
    return {**page, "cart_count": 1}


def for_item() -> dict[str, Any]:
    return _domain_step(DomainSearchForm(), None)


def for_item_with_results() -> dict[str, Any]:
    form = DomainSearchForm({"domain": SEARCHED_NAME})
    form.is_valid()
    return _domain_step(form, _search(SEARCHED_NAME))


def existing_refused() -> dict[str, Any]:
    """A domain of one's own that is not a domain name (POST /domains/for-item/<id>/existing)."""
    form = ExistingDomainForm({"domain": "brightsmile dental", "once": new_one_time_token()})
    form.is_valid()
    page = domain_pages.existing_page(form, _hosting_needing_a_domain().item_id)
    return {**page, "cart_count": 1}


def item_transfer_refused() -> dict[str, Any]:
    """The domain step's transfer form sent back: no name given (order.html, item branch)."""
    form = TransferStartForm({"domain": "", "epp_code": ""})
    form.is_valid()
    item_id = _hosting_needing_a_domain().item_id
    action = reverse("domains:item_transfer", args=[item_id])
    return domain_pages.order_page(
        form, kind="transfer", action=action, item_id=item_id, cart_count=1
    )


def item_missing() -> dict[str, Any]:
    return {}


# -- pieces ---------------------------------------------------------------------------------


def one_result() -> dict[str, Any]:
    """One search result with its register form (domains/result.html)."""
    result = next(r for r in _search(SEARCHED_NAME).results if r.can_register)
    return {"row": domain_pages.result_rows(world().catalog, [result], "search")[0]}


def field_with_error() -> dict[str, Any]:
    form = DomainSearchForm({"domain": "-not-a-name-"})
    form.is_valid()
    return {"field": form["domain"]}
