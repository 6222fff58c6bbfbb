# ruff: noqa: E501 - one line per state, however long: the registry reads as a table.
"""The pattern library: every page and fragment in each state a marketer may edit.

Adding a state is one line in STATES: a slug, what a person calls it, the template (or
"template#fragment") and a function of `samples` that returns its context. The editor checks
every edit against all the states that use the edited template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import samples


@dataclass(frozen=True)
class State:
    slug: str
    label: str
    template: str
    context: Callable[[], dict[str, Any]]

    @property
    def template_name(self) -> str:
        return self.template.partition("#")[0]

    @property
    def fragment(self) -> str:
        return self.template.partition("#")[2]


STATES: list[State] = [
    State("store-front", "Store front", "catalog/store_front.html", samples.store_front),
    State("store-front-empty", "Store front, nothing on sale", "catalog/store_front.html", samples.store_front_empty),
    State("group-list", "Store front: product groups fragment", "catalog/store_front.html#group-list", samples.store_front),
    State("group", "Product group page", "catalog/group.html", samples.group_page),
    State("group-sold-out", "Product group with a sold-out product", "catalog/group.html", samples.group_with_sold_out_product),
    State("product-list", "Product group: plans fragment", "catalog/group.html#product-list", samples.group_page),
    State("configure", "Configure a product", "catalog/configure.html", samples.configure),
    State("configure-errors", "Configure a product, with validation errors", "catalog/configure.html", samples.configure_with_errors),
    State("configure-sold-out", "Configure a sold-out product", "catalog/configure.html", samples.configure_sold_out),
    State("configure-summary", "Configure: order summary fragment", "catalog/configure.html#summary", samples.configure),
    State("cart-empty", "Empty cart", "cart/cart.html", samples.cart_empty),
    State("cart-full", "Cart with a discount and tax", "cart/cart.html", samples.cart_with_discount_and_tax),
    State("cart-errors", "Cart with validation errors and a notice", "cart/cart.html", samples.cart_with_errors),
    State("cart-fragment", "Cart fragment (swapped in by htmx)", "cart/cart.html#cart", samples.cart_with_discount_and_tax),
    State("cart-item", "One cart item", "cart/item.html", samples.cart_item),
    State("field-error", "A form field with an error", "components/field.html", samples.field_with_error),
    State("whmcs-unavailable", "Billing system not answering", "web/whmcs_unavailable.html", samples.whmcs_unavailable),
    State("whmcs-refused", "Billing system refused a request", "web/whmcs_unavailable.html", samples.whmcs_refused),
    State("whmcs-problem-fragment", "Billing problem fragment", "web/whmcs_unavailable.html#problem", samples.whmcs_unavailable),
    State("status", "Billing system status", "web/status.html", samples.status_online),
    State("not-found", "Page not found", "404.html", samples.nothing),
    State("domain-search", "Domain search, before searching", "domains/search.html", samples.domain_search_empty),
    State("domain-results", "Domain results of every status", "domains/search.html", samples.domain_search_results),
    State("domain-results-fragment", "Domain results fragment", "domains/search.html#results", samples.domain_search_results),
    State("masquerade", "Any page while staff masquerade (banner)", "catalog/store_front.html", samples.masquerade_banner),
    State("masquerade-banner", "Masquerade banner on its own", "staff/banner.html", samples.masquerade_banner),
    State("second-factor", "Login: two-step verification code", "account/second_factor.html", samples.second_factor),
    State("second-factor-refused", "Login: a refused two-step code", "account/second_factor.html", samples.second_factor_refused),
]  # fmt: skip


def by_slug(slug: str) -> State | None:
    return next((state for state in STATES if state.slug == slug), None)


def states_of(template_name: str) -> list[State]:
    return [state for state in STATES if state.template_name == template_name]
