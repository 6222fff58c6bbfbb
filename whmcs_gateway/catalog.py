"""The catalog: what every visitor of a currency sees, read through the cache.

Groups, products, options, addons, custom fields, cross-sells, bundles, TLD pricing,
currencies, cycles, countries and payment gateways are the same for everyone who pays in the
same currency, so they are fetched without any visitor's X-Api-State and cached per currency
(see `catalog_cache.CachedReads` for the fresh / stale windows).

REST v2 has no documented way to ask for prices in a currency; the code is sent as the
`currency` query parameter (the sandbox honours it, a WHMCS that ignores it answers in its
default currency), and it is always part of the cache key so currencies never mix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .catalog_cache import CachedReads
from .errors import NotFound
from .models import (
    AdditionalField,
    AddonPricing,
    BundleGroup,
    ConfigOption,
    Country,
    Currency,
    CustomField,
    Group,
    IdnLanguage,
    PaymentGateway,
    ProductGroup,
    ProductPricing,
    RecurringCycle,
    SystemStatus,
    TldPricing,
)
from .rest import RestApi, all_items
from .transport import ApiResponse, Transport
from .visitor import stateless_call

T = TypeVar("T")


def with_currency(call: Callable[..., ApiResponse], currency: str) -> Callable[..., ApiResponse]:
    def call_in_currency(
        method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None
    ) -> ApiResponse:
        return call(method, path, params={**(params or {}), "currency": currency}, json=json)

    return call_in_currency


class Catalog:
    """Cached catalog reads in one currency (`None`: WHMCS's default currency)."""

    def __init__(
        self, reads: CachedReads, transport: Transport, currency: str | None = None
    ) -> None:
        self.reads = reads
        self.currency = currency
        call = stateless_call(transport)
        self._shared_api = RestApi(call)
        self._priced_api = RestApi(with_currency(call, currency)) if currency else self._shared_api

    def _priced(self, name: str, load: Callable[[RestApi], T]) -> T:
        """A read whose prices depend on the currency."""
        return self.reads.get(
            f"{name}:{self.currency or 'default'}", lambda: load(self._priced_api)
        )

    def _shared(self, name: str, load: Callable[[RestApi], T]) -> T:
        """A read that is the same in every currency."""
        return self.reads.get(name, lambda: load(self._shared_api))

    # -- the same in every currency -------------------------------------------------------

    def status(self) -> SystemStatus:
        return self._shared("status", lambda api: api.status.get())

    def currencies(self) -> list[Currency]:
        return self._shared("currencies", lambda api: all_items(api.billing.currencies))

    def cycles(self) -> list[RecurringCycle]:
        return self._shared("cycles", lambda api: all_items(api.billing.cycles))

    def countries(self) -> list[Country]:
        return self._shared("countries", lambda api: all_items(api.countries.list))

    def country(self, code: str) -> Country:
        return self._shared(f"country:{code}", lambda api: api.countries.get(code))

    def gateways(self) -> list[PaymentGateway]:
        return self._shared("gateways", lambda api: all_items(api.billing.gateways))

    # -- priced ---------------------------------------------------------------------------

    def groups(self) -> list[Group]:
        return self._priced("groups", lambda api: all_items(api.store.groups))

    def group(self, group_id: int) -> ProductGroup:
        return self._priced(f"group:{group_id}", lambda api: api.store.whole_group(group_id))

    def products(self) -> list[ProductPricing]:
        return self._priced("products", lambda api: all_items(api.store.products))

    def product(self, product_id: int) -> ProductPricing:
        return self._priced(f"product:{product_id}", lambda api: api.store.product(product_id))

    def addons(self, product_id: int) -> list[AddonPricing]:
        return self._priced(
            f"addons:{product_id}", lambda api: all_items(api.store.product_addons, product_id)
        )

    def custom_fields(self, product_id: int) -> list[CustomField]:
        return self._priced(
            f"customfields:{product_id}",
            lambda api: all_items(api.store.product_custom_fields, product_id),
        )

    def config_options(self, product_id: int) -> list[ConfigOption]:
        return self._priced(
            f"configoptions:{product_id}",
            lambda api: all_items(api.store.product_config_options, product_id),
        )

    def cross_sells(self, product_id: int) -> list[ProductPricing]:
        return self._priced(
            f"crosssells:{product_id}", lambda api: all_items(api.store.cross_sells, product_id)
        )

    def bundles(self, group_id: int) -> BundleGroup:
        return self._priced(
            f"bundles:{group_id}", lambda api: api.store.whole_bundle_group(group_id)
        )

    def tld_pricing(self) -> list[TldPricing]:
        return self._priced("tldpricing", lambda api: all_items(api.domains.pricing))

    def additional_fields(self, tld: str) -> list[AdditionalField]:
        """The fields a TLD's registry asks for (none when WHMCS has none for it)."""

        def load(api: RestApi) -> list[AdditionalField]:
            try:
                return api.domains.additional_fields(tld)
            except NotFound:
                return []

        return self._shared(f"domain-fields:{tld.lstrip('.').lower()}", load)

    def idn_languages(self) -> list[IdnLanguage]:
        return self._shared("idn-languages", lambda api: all_items(api.domains.idn_languages))

    def spotlight_pricing(self) -> list[TldPricing]:
        return self._priced(
            "tldpricing:spotlight", lambda api: all_items(api.domains.spotlight_pricing)
        )
