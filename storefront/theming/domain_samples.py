"""Sample contexts of the domain pages (prices, order forms, a product's domain step).

Everything comes from the private sample sandbox: TLD prices, the registry's additional fields
of .us, search results, and a cart holding a hosting plan that needs a domain.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from django import forms
from django.urls import reverse

from storefront.domains import names as domains
from storefront.domains.forms import (
    DomainNameForm,
    DomainOrderForm,
    DomainSearchForm,
    ExistingDomainForm,
    TransferStartForm,
)
from storefront.domains.views import ResultRow, result_rows
from storefront.visitor import clients
from storefront.visitor.cart import new_one_time_token
from whmcs_gateway.models import CartItemTypeProduct
from whmcs_gateway.rest import ProductItem, RestApi

from .samples import world

OrderKind = Literal["register", "transfer"]

BUSINESS_HOSTING = 2  # a plan that needs a domain
US_NAME = "agency-studio.us"  # .us: the registry asks for Nexus and purpose details
UK_NAME = "brightsmile-dental.uk"  # .uk: a transfer needs the EPP code
SEARCHED_NAME = "brightsmile-dental.com"


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


def _order_context(form: forms.Form, kind: OrderKind, action: str, **extra) -> dict[str, Any]:
    once_token = new_one_time_token()
    return {"form": form, "kind": kind, "action": action, "once_token": once_token, **extra}


# -- prices ---------------------------------------------------------------------------------


def pricing() -> dict[str, Any]:
    return {"rows": domains.price_table(world().catalog.tld_pricing())}


def pricing_none() -> dict[str, Any]:
    return {"rows": []}


# -- register and transfer on their own -----------------------------------------------------


def register_us() -> dict[str, Any]:
    spec = order_spec(US_NAME)
    form = DomainOrderForm(spec=spec, kind="register", initial={"domain": spec.name.unicode})
    return _order_context(form, "register", reverse("domains:register"))


def register_us_with_errors() -> dict[str, Any]:
    """Nexus category C31 without its country, and the .us terms not accepted."""
    spec = order_spec(US_NAME)
    fields = {DomainOrderForm.extra_key(i): "" for i in range(len(spec.additional_fields))}
    fields.update({DomainOrderForm.extra_key(0): "C31", DomainOrderForm.extra_key(2): "P1"})
    data = {"domain": US_NAME, "once": new_one_time_token(), "period": "1", **fields}
    form = DomainOrderForm(data, spec=spec, kind="register")
    form.is_valid()
    return _order_context(form, "register", reverse("domains:register"))


def transfer_without_epp_code() -> dict[str, Any]:
    spec = order_spec(UK_NAME)
    data = {"domain": UK_NAME, "once": new_one_time_token(), "period": "1", "epp_code": ""}
    form = DomainOrderForm(data, spec=spec, kind="transfer")
    form.is_valid()
    return _order_context(form, "transfer", reverse("domains:transfer"))


def which_name_unsold_extension() -> dict[str, Any]:
    """/domains/register?domain=… with an extension the shop does not sell."""
    form = DomainNameForm({"domain": "brightsmile.zz"})
    form.is_valid()
    form.add_error("domain", "We do not sell .zz domains.")
    return _order_context(form, "register", reverse("domains:register"))


def added() -> dict[str, Any]:
    return {"done": f"{_name(US_NAME)} added to your cart.", "cart_count": 2}


# -- the domain step of a product in the cart -----------------------------------------------


@cache
def _hosting_needing_a_domain() -> CartItemTypeProduct:
    api = world().visitor("domain-step").rest.cart
    cart_id = api.create().id
    contents = api.add_items(cart_id, [ProductItem(BUSINESS_HOSTING, "annually")])
    return next(i for i in contents.items if isinstance(i, CartItemTypeProduct))


@cache
def _search(text: str) -> domains.SearchResults:
    return domains.search(_api(), _name(text))


def _rows(results: list[domains.DomainResult], prefix: str) -> list[ResultRow]:
    return result_rows(world().catalog, results, prefix)


def _found(text: str, prefix: str) -> dict[str, Any]:
    found = _search(text)
    return {
        "found": found,
        "rows": _rows(found.results, prefix),
        "suggestion_rows": _rows(found.suggestions, f"{prefix}-s"),
    }


def _domain_step(form: DomainSearchForm, found: dict[str, Any]) -> dict[str, Any]:
    item = _hosting_needing_a_domain()
    return {
        "item": item,
        "item_id": item.item_id,
        "form": form,
        "transfer_form": TransferStartForm(auto_id="transfer-%s"),
        "existing_form": ExistingDomainForm(auto_id="existing-%s"),
        **found,
        "once_token": new_one_time_token(),
        "cart_count": 1,
    }


def for_item() -> dict[str, Any]:
    empty = {"found": None, "rows": [], "suggestion_rows": []}
    return _domain_step(DomainSearchForm(), empty)


def for_item_with_results() -> dict[str, Any]:
    form = DomainSearchForm({"domain": SEARCHED_NAME})
    form.is_valid()
    return _domain_step(form, _found(SEARCHED_NAME, "item"))


def existing_refused() -> dict[str, Any]:
    """A domain of one's own that is not a domain name (POST /domains/for-item/<id>/existing)."""
    form = ExistingDomainForm({"domain": "brightsmile dental", "once": new_one_time_token()})
    form.is_valid()
    item_id = _hosting_needing_a_domain().item_id
    once_token = new_one_time_token()
    return {"existing_form": form, "item_id": item_id, "once_token": once_token, "cart_count": 1}


def item_transfer_refused() -> dict[str, Any]:
    """The domain step's transfer form sent back: no name given (order.html, item branch)."""
    form = TransferStartForm({"domain": "", "epp_code": ""})
    form.is_valid()
    item_id = _hosting_needing_a_domain().item_id
    action = reverse("domains:item_transfer", args=[item_id])
    return _order_context(form, "transfer", action, item_id=item_id, cart_count=1)


def item_missing() -> dict[str, Any]:
    return {}


# -- pieces ---------------------------------------------------------------------------------


def one_result() -> dict[str, Any]:
    """One search result with its register form (domains/result.html)."""
    result = next(r for r in _search(SEARCHED_NAME).results if r.can_register)
    return {"row": _rows([result], "search")[0]}


def field_with_error() -> dict[str, Any]:
    form = DomainSearchForm({"domain": "-not-a-name-"})
    form.is_valid()
    return {"field": form["domain"]}
