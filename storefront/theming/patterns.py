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

from . import account_samples as account
from . import cartlink_samples as cartlink
from . import domain_samples as domain
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
    State("configure-choices", "Configure: options and addons priced for the chosen cycle (fragment)", "catalog/configure.html#choices", samples.configure_choices_for_annual),
    State("cart-empty", "Empty cart", "cart/cart.html", samples.cart_empty),
    State("cart-full", "Cart with a discount and tax", "cart/cart.html", samples.cart_with_discount_and_tax),
    State("cart-errors", "Cart with validation errors and a notice", "cart/cart.html", samples.cart_with_errors),
    State("cart-domain-alone", "Cart with a domain and no plan: hosting offered", "cart/cart.html", samples.cart_with_a_domain_alone),
    State("cart-hosting-offer", "Hosting offered for a domain in the cart", "cart/hosting_offer.html", samples.hosting_offer),
    State("cart-fragment", "Cart fragment (swapped in by htmx)", "cart/cart.html#cart", samples.cart_with_discount_and_tax),
    State("cart-totals", "Cart totals: discount, tax, due today, recurring", "cart/totals.html", samples.cart_totals),
    State("cart-item", "One cart item", "cart/item.html", samples.cart_item),
    State("order-summary", "Order summary: priced lines, discount, tax, due today, renewals", "components/order_summary.html", samples.order_summary),
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
    State("domain-field-error", "Domain pages: a form field with an error", "domains/field.html", domain.field_with_error),
    State("domain-result", "Domain search: one result with its order form", "domains/result.html", domain.one_result),
    State("domain-pricing", "Domain prices of every extension", "domains/pricing.html", domain.pricing),
    State("domain-pricing-empty", "Domain prices, no extension on sale", "domains/pricing.html", domain.pricing_none),
    State("domain-register-us", "Register a .us domain (registry details)", "domains/order.html", domain.register_us),
    State("domain-register-us-errors", "Register a .us domain, with validation errors", "domains/order.html", domain.register_us_with_errors),
    State("domain-transfer-epp", "Transfer a .uk domain without its EPP code", "domains/order.html", domain.transfer_without_epp_code),
    State("domain-which-name", "Register a domain: which name (extension not sold)", "domains/order.html", domain.which_name_unsold_extension),
    State("domain-item-transfer-refused", "Domain step: transfer form sent back with an error", "domains/order.html", domain.item_transfer_refused),
    State("domain-order-form", "Register a domain: order form fragment", "domains/order.html#order-form", domain.register_us),
    State("domain-added", "Domain added to the cart", "domains/added.html", domain.added),
    State("domain-added-alone", "Domain added on its own: hosting offered", "domains/added.html", domain.added_alone),
    State("domain-added-fragment", "Domain added: confirmation fragment", "domains/added.html#added", domain.added),
    State("domain-for-item", "Domain step of a product, before searching", "domains/for_item.html", domain.for_item),
    State("domain-for-item-results", "Domain step of a product, with results", "domains/for_item.html", domain.for_item_with_results),
    State("domain-for-item-cart-domain", "Domain step offering a domain already in the cart", "domains/for_item.html", domain.for_item_with_cart_domain),
    State("domain-for-item-results-fragment", "Domain step: results fragment", "domains/for_item.html#results", domain.for_item_with_results),
    State("domain-for-item-existing-fragment", "Domain step: own-domain form fragment", "domains/for_item.html#existing", domain.existing_refused),
    State("domain-existing-refused", "Use your own domain, with an error", "domains/existing.html", domain.existing_refused),
    State("domain-item-missing", "Product needing a domain is no longer in the cart", "domains/item_missing.html", domain.item_missing),
    State("domain-item-missing-fragment", "Product missing: notice fragment", "domains/item_missing.html#missing", domain.item_missing),
    State("layout-logged-in", "Page layout: header of a logged-in customer", "base.html", account.layout_logged_in),
    State("login", "Log in", "account/login.html", account.login),
    State("login-refused", "Log in: wrong email or password", "account/login.html", account.login_refused),
    State("login-form-errors", "Login form with field errors", "account/login_form.html", account.login_form_with_field_errors),
    State("second-factor", "Login: two-step verification code", "account/second_factor.html", account.second_factor),
    State("second-factor-refused", "Login: a refused two-step code", "account/second_factor.html", account.second_factor_refused),
    State("choose-client", "Choose which client account to act for", "account/choose_client.html", account.choose_client),
    State("choose-client-unanswered", "Choose a client account, none chosen", "account/choose_client.html", account.choose_client_unanswered),
    State("account-services", "My services (renewable and cancelled)", "account/services.html", account.services),
    State("account-services-none", "My services, none yet", "account/services.html", account.services_none),
    State("account-domains", "My domains (one not renewable)", "account/domains.html", account.domains),
    State("account-domains-none", "My domains, none yet", "account/domains.html", account.domains_none),
    State("renewal", "One renewal with its price", "account/renewal.html", account.renewal),
    State("renewal-refused", "One renewal that cannot be renewed", "account/renewal.html", account.renewal_refused),
    State("checkout-choose", "Checkout: log in or continue as a guest", "checkout/choose.html", account.checkout_as_guest_or_log_in),
    State("checkout-logged-in", "Checkout: logged in, continue", "checkout/choose.html", account.checkout_logged_in),
    State("checkout-empty-cart", "Checkout with an empty cart", "checkout/choose.html", account.checkout_with_empty_cart),
    State("cartlink-tampered", "Cart link: altered", "cartlinks/problem.html", cartlink.tampered),
    State("cartlink-missing", "Cart link: no longer exists", "cartlinks/problem.html", cartlink.missing),
    State("cartlink-revoked", "Cart link: revoked by staff", "cartlinks/problem.html", cartlink.revoked),
    State("cartlink-expired", "Cart link: expired", "cartlinks/problem.html", cartlink.expired),
    State("cartlink-used-up", "Cart link: use limit reached", "cartlinks/problem.html", cartlink.used_up),
    State("cartlink-log-in", "Quote for one customer: log in first", "cartlinks/problem.html", cartlink.log_in),
    State("cartlink-other-client", "Quote for another of the customer's client accounts", "cartlinks/problem.html", cartlink.other_client),
    State("cartlink-other-customer", "Quote for another customer", "cartlinks/problem.html", cartlink.other_customer),
    State("cartlink-too-many", "Cart links opened too often from one address", "cartlinks/problem.html", cartlink.too_many),
    State("cartlink-saved", "Saved cart: the link to share", "cartlinks/saved.html", cartlink.saved),
    State("cartlink-saved-left-out", "Saved cart: some items could not go in the link", "cartlinks/saved.html", cartlink.saved_with_left_out),
    State("cartlink-save-button", "Cart: the save or share button", "cartlinks/save_form.html", cartlink.save_button),
]  # fmt: skip


def by_slug(slug: str) -> State | None:
    return next((state for state in STATES if state.slug == slug), None)


def states_of(template_name: str) -> list[State]:
    return [state for state in STATES if state.template_name == template_name]
