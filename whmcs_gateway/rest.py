"""The 75 operations of WHMCS REST API v2, as typed methods grouped by resource.

    api = RestApi(call)
    api.status.get()                               -> SystemStatus
    api.store.products(page=1, page_size=50)       -> Page[ProductPricing]
    api.cart.add_items(cart_id, [ProductItem(1, "monthly")])   -> CartContents
    all_items(api.countries.list)                  -> list[Country], every page

This module only builds requests and parses answers. `call` is supplied by the session layer:
it carries the visitor's X-Api-State, holds their lock, and raises the typed error of any
non-2xx answer (`errors.error_for`): 401 Unauthorized, 403 Banned, 404 NotFound,
400/422 InvalidInput (CheckoutRejected with per-item errors), 501 NotImplementedByWhmcs,
5xx Unavailable, and 202/412 SecondFactorRequired. What comes back here is a success, whose
body is parsed with `models.parse` (a body that does not fit raises SchemaMismatch).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from . import models
from .models import (
    AdditionalField,
    AddonPricing,
    AdminClient,
    Administrator,
    AdminUser,
    BillingCycle,
    BundleGroup,
    Cart,
    CartContents,
    CartCounter,
    CartItemCustomField,
    CartItemTypeProductConfigOption,
    CartItemValidationError,
    CartValidation,
    CheckoutStart,
    Client,
    ConfigOption,
    ConfigOptionValue,
    Country,
    Currency,
    CustomField,
    CustomFieldValue,
    DomainAvailability,
    DomainRenewal,
    DomainStatus,
    Envelope,
    Group,
    IdnLanguage,
    LookupProviderSuggestionOption,
    Page,
    PaymentGateway,
    ProductGroup,
    ProductPricing,
    Promotion,
    RecurringCycle,
    Service,
    ServiceAddon,
    ServiceConfigOption,
    ServiceCustomField,
    SystemStatus,
    TldPricing,
    User,
)
from .transport import ApiResponse

DEFAULT_PAGE_SIZE = 50  # WHMCS's own default when `page_size` is not sent
MAX_PAGE_SIZE = 500


class Call(Protocol):
    """Sends one REST v2 request (path relative to /api/v2); raises on non-2xx answers."""

    def __call__(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> ApiResponse: ...


def segment(value: str | int) -> str:
    """A value placed in a URL path, refused when it could change which path is called.

    Ids come from sessions, forms and URLs; `../` or `?` in one must never reach another
    endpoint. (The transport percent-encodes the path, so no encoding happens here.)
    """
    text = str(value)
    if (
        not text
        or text in (".", "..")
        or any(c in text for c in "/?#\\%")
        or not text.isprintable()
    ):
        raise ValueError(f"not a valid path segment: {text!r}")
    return text


# -- request bodies -------------------------------------------------------------------------


def _without_none(fields: Mapping[str, Any]) -> dict[str, Any]:
    # Optional fields are left out rather than sent as null: several are not nullable.
    return {key: value for key, value in fields.items() if value is not None}


@dataclass(frozen=True)
class AddonChoice:
    """A product addon to attach to a product item: `{"id", "quantity"}`."""

    id: int
    quantity: int | None = None

    def to_json(self) -> dict[str, Any]:
        return _without_none({"id": self.id, "quantity": self.quantity})


@dataclass(frozen=True)
class CustomFieldInput:
    """A custom field answer: text, or a boolean for checkboxes."""

    id: int
    value: CustomFieldValue

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "value": self.value}


@dataclass(frozen=True)
class ConfigOptionInput:
    """A configurable option choice.

    `value` is a bool for a yes/no option, the number for a quantity option, and the chosen
    option's id for a dropdown or radio option.
    """

    id: int
    value: ConfigOptionValue

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "value": self.value}


@dataclass(frozen=True)
class ProductItem:
    """A product to add (`CartItemTypeProductRequest`)."""

    product_id: int
    billing_cycle: BillingCycle | None
    quantity: int | None = None
    domain: str | None = None
    addons: Sequence[AddonChoice] = ()
    custom_fields: Sequence[CustomFieldInput] = ()
    config_options: Sequence[ConfigOptionInput] = ()

    def to_json(self) -> dict[str, Any]:
        body = _without_none(
            {"type": "product", "product_id": self.product_id, "quantity": self.quantity}
        )
        # billing_cycle is required but nullable: null lets WHMCS pick the product's default.
        body["billing_cycle"] = self.billing_cycle
        if self.domain is not None:
            body["domain"] = self.domain
        _put_extras(body, self.addons, self.custom_fields, self.config_options)
        return body


def _put_extras(
    body: dict[str, Any],
    addons: Sequence[AddonChoice],
    custom_fields: Sequence[CustomFieldInput],
    config_options: Sequence[ConfigOptionInput],
) -> None:
    if addons:
        body["addons"] = [addon.to_json() for addon in addons]
    if custom_fields:
        body["custom_fields"] = [custom_field.to_json() for custom_field in custom_fields]
    if config_options:
        body["config_options"] = [option.to_json() for option in config_options]


@dataclass(frozen=True)
class DomainOptions:
    """What a domain registration or transfer can come with (`CartItemTypeDomain`)."""

    idn_language: str | None = None
    dns_management: bool | None = None
    email_forwarding: bool | None = None
    id_protection: bool | None = None
    nameservers: Sequence[str] | None = None

    def to_json(self) -> dict[str, Any]:
        return _without_none(
            {
                "idn_language": self.idn_language,
                "dns_management": self.dns_management,
                "email_forwarding": self.email_forwarding,
                "id_protection": self.id_protection,
                "nameservers": list(self.nameservers) if self.nameservers is not None else None,
            }
        )


@dataclass(frozen=True)
class DomainRegisterItem:
    """A domain to register (`CartItemTypeDomainRegisterRequest`); period 1..10 years."""

    name: str
    period: int = 1
    options: DomainOptions = field(default_factory=DomainOptions)
    additional_fields: Sequence[str] | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"type": "domain_register", "name": self.name, "period": self.period}
        body.update(self.options.to_json())
        if self.additional_fields is not None:
            body["additional_fields"] = list(self.additional_fields)
        return body


@dataclass(frozen=True)
class DomainTransferItem:
    """A domain to transfer in (`CartItemTypeDomainTransferRequest`); period 1..9 years."""

    name: str
    epp_code: str
    period: int = 1
    options: DomainOptions = field(default_factory=DomainOptions)
    additional_fields: Sequence[str] | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": "domain_transfer",
            "name": self.name,
            "period": self.period,
            "epp_code": self.epp_code,
        }
        body.update(self.options.to_json())
        if self.additional_fields is not None:
            body["additional_fields"] = list(self.additional_fields)
        return body


@dataclass(frozen=True)
class DomainRenewalItem:
    """A renewal of one of the client's domains, by its id; period 1..9 years."""

    domain_id: int
    period: int = 1

    def to_json(self) -> dict[str, Any]:
        return {"type": "domain_renewal", "id": self.domain_id, "period": self.period}


@dataclass(frozen=True)
class ServiceRenewalItem:
    """A renewal of one of the client's services (or, with `addon_renewal`, service addons)."""

    id: int
    kind: Literal["service_renewal", "addon_renewal"] = "service_renewal"

    def to_json(self) -> dict[str, Any]:
        return {"type": self.kind, "id": self.id}


@dataclass(frozen=True)
class ServiceAddonItem:
    """An addon bought for an existing service (`CartItemTypeServiceAddonRequest`)."""

    addon_id: int
    service_id: int
    billing_cycle: BillingCycle | None = None
    quantity: int | None = None

    def to_json(self) -> dict[str, Any]:
        return _without_none(
            {
                "type": "addon",
                "data": {"id": self.addon_id},
                "service_id": self.service_id,
                "billing_cycle": self.billing_cycle,
                "quantity": self.quantity,
            }
        )


@dataclass(frozen=True)
class BundleProductItem:
    """A product inside a bundle; its domain is a name or a domain item."""

    product_id: int
    billing_cycle: BillingCycle | None
    quantity: int | None = None
    domain: str | DomainRegisterItem | DomainTransferItem | None = None
    addons: Sequence[AddonChoice] = ()
    custom_fields: Sequence[CustomFieldInput] = ()
    config_options: Sequence[ConfigOptionInput] = ()

    def to_json(self) -> dict[str, Any]:
        body = ProductItem(self.product_id, self.billing_cycle, self.quantity).to_json()
        if isinstance(self.domain, str):
            body["domain"] = self.domain
        elif self.domain is not None:
            body["domain"] = self.domain.to_json()
        _put_extras(body, self.addons, self.custom_fields, self.config_options)
        return body


@dataclass(frozen=True)
class BundleItem:
    """A bundle with the products and domains chosen for it (`CartItemTypeBundleRequest`)."""

    bundle_id: int
    items: Sequence[BundleProductItem | DomainRegisterItem | DomainTransferItem] = ()

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"type": "bundle", "id": self.bundle_id}
        if self.items:
            body["items"] = [item.to_json() for item in self.items]
        return body


CartItemRequest = (
    ProductItem
    | ServiceAddonItem
    | BundleItem
    | DomainRegisterItem
    | DomainTransferItem
    | DomainRenewalItem
    | ServiceRenewalItem
)


@dataclass(frozen=True)
class ProductItemChange:
    """New billing cycle and quantity of a product item (`CartItemTypeProductEdit`)."""

    billing_cycle: BillingCycle | None
    quantity: int | None = None

    def to_json(self) -> dict[str, Any]:
        body = _without_none({"type": "product", "quantity": self.quantity})
        body["billing_cycle"] = self.billing_cycle
        return body


@dataclass(frozen=True)
class DomainItemChange:
    """New period and options of a domain item (`CartItemTypeDomain`)."""

    kind: Literal["domain_register", "domain_transfer", "domain_renewal"]
    period: int
    options: DomainOptions = field(default_factory=DomainOptions)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.kind, "period": self.period, **self.options.to_json()}


# -- shared machinery -----------------------------------------------------------------------


def _paging(page: int | None, page_size: int | None) -> dict[str, Any]:
    if page_size is not None and not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be 1..{MAX_PAGE_SIZE}")
    if page is not None and page < 1:
        raise ValueError("page starts at 1")
    return {"page": page, "page_size": page_size}


class _Resource:
    def __init__(self, call: Call) -> None:
        self._call = call

    def _data[T](
        self,
        model: type[T] | Any,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> T:
        """Send, then parse the `data` of the answer as `model`."""
        response = self._call(method, path, params=_without_none(params or {}), json=json)
        envelope = models.parse(Envelope[model], response.body, request_id=response.request_id)
        return envelope.data

    def _no_data(self, method: str, path: str, *, json: Any = None) -> None:
        """Send an operation whose success answer has no documented body."""
        self._call(method, path, json=json)

    def _page[T](
        self,
        item_model: type[T],
        path: str,
        page: int | None,
        page_size: int | None,
        params: Mapping[str, Any] | None = None,
        *,
        method: str = "GET",
        json: Any = None,
    ) -> Page[T]:
        query = {**(params or {}), **_paging(page, page_size)}
        response = self._call(method, path, params=_without_none(query), json=json)
        envelope = models.parse(
            Envelope[list[item_model]], response.body, request_id=response.request_id
        )
        return Page(
            items=envelope.data,
            meta=envelope.meta,
            page=page or 1,
            page_size=page_size or DEFAULT_PAGE_SIZE,
        )


# -- resources ------------------------------------------------------------------------------


class StatusApi(_Resource):
    def get(self) -> SystemStatus:
        """`GET /status`: server time, time zone and currencies."""
        return self._data(SystemStatus, "GET", "/status")

    def keepalive(self) -> None:
        """`POST /keepalive`: refresh the session's state (a new X-Api-State comes back)."""
        self._no_data("POST", "/keepalive")


class CountriesApi(_Resource):
    def list(self, *, page: int | None = None, page_size: int | None = None) -> Page[Country]:
        """`GET /countries`."""
        return self._page(Country, "/countries", page, page_size)

    def get(
        self, country_code: str, *, page: int | None = None, page_size: int | None = None
    ) -> Country:
        """`GET /countries/{country_code}`: one country with its states."""
        return self._data(
            Country,
            "GET",
            f"/countries/{segment(country_code)}",
            params=_paging(page, page_size),
        )


class BillingApi(_Resource):
    def currencies(
        self, *, page: int | None = None, page_size: int | None = None
    ) -> Page[Currency]:
        """`GET /billing/currencies`."""
        return self._page(Currency, "/billing/currencies", page, page_size)

    def cycles(
        self, *, page: int | None = None, page_size: int | None = None
    ) -> Page[RecurringCycle]:
        """`GET /billing/cycles`."""
        return self._page(RecurringCycle, "/billing/cycles", page, page_size)

    def gateways(
        self, *, page: int | None = None, page_size: int | None = None
    ) -> Page[PaymentGateway]:
        """`GET /store/billing/gateways`: the payment methods offered at checkout."""
        return self._page(PaymentGateway, "/store/billing/gateways", page, page_size)


class DomainsApi(_Resource):
    """Domain search and pricing (`/store/domain/*`)."""

    def spotlight(
        self, domain: str, *, page: int | None = None, page_size: int | None = None
    ) -> Page[DomainStatus]:
        """`GET /store/domain/spotlight?domain=`: availability across the spotlight TLDs."""
        return self._page(
            DomainStatus, "/store/domain/spotlight", page, page_size, {"domain": domain}
        )

    def suggestion_options(self) -> LookupProviderSuggestionOption:
        """`GET /store/domain/suggestions`: what the lookup provider can do for suggestions."""
        return self._data(LookupProviderSuggestionOption, "GET", "/store/domain/suggestions")

    def suggestions(
        self,
        term: str,
        *,
        tlds: Sequence[str] | None = None,
        maximum_length: int | None = None,
        filter_sensitive_content: bool | None = None,
        page: int | None = None,
        page_size: int | None = None,
    ) -> Page[DomainStatus]:
        """`POST /store/domain/suggestions`: names like `term` (3..1500 characters)."""
        body = _without_none(
            {
                "term": term,
                "tlds": list(tlds) if tlds is not None else None,
                "maximum_length": maximum_length,
                "filter_sensitive_content": filter_sensitive_content,
            }
        )
        return self._page(
            DomainStatus, "/store/domain/suggestions", page, page_size, method="POST", json=body
        )

    def availability(self, domain: str) -> DomainAvailability:
        """`GET /store/domain/availability?domain=`.

        Raises NotImplementedByWhmcs (501) when the installation has no lookup provider.
        """
        return self._data(
            DomainAvailability, "GET", "/store/domain/availability", params={"domain": domain}
        )

    def pricing(self, *, page: int | None = None, page_size: int | None = None) -> Page[TldPricing]:
        """`GET /store/domain/pricing`: every TLD's prices."""
        return self._page(TldPricing, "/store/domain/pricing", page, page_size)

    def tld_pricing(self, tld_id: str) -> TldPricing:
        """`GET /store/domain/pricing/{tld_id}` (the id is the TLD, e.g. `com`)."""
        return self._data(TldPricing, "GET", f"/store/domain/pricing/{segment(tld_id)}")

    def spotlight_pricing(
        self, *, page: int | None = None, page_size: int | None = None
    ) -> Page[TldPricing]:
        """`GET /store/domain/pricing/spotlight`."""
        return self._page(TldPricing, "/store/domain/pricing/spotlight", page, page_size)

    def idn_languages(
        self, *, page: int | None = None, page_size: int | None = None
    ) -> Page[IdnLanguage]:
        """`GET /store/domain/idnlanguages`."""
        return self._page(IdnLanguage, "/store/domain/idnlanguages", page, page_size)

    def additional_fields(self, tld: str) -> list[AdditionalField]:
        """`GET /store/domain/additionalfields?tld=`: the fields a TLD's registry asks for."""
        return self._data(
            list[AdditionalField], "GET", "/store/domain/additionalfields", params={"tld": tld}
        )


class StoreApi(_Resource):
    """Products, groups, bundles and each product's extras (`/store/...`)."""

    def products(
        self, *, page: int | None = None, page_size: int | None = None
    ) -> Page[ProductPricing]:
        """`GET /store/products`."""
        return self._page(ProductPricing, "/store/products", page, page_size)

    def product(self, product_id: int) -> ProductPricing:
        """`GET /store/products/{product_id}`."""
        return self._data(ProductPricing, "GET", f"/store/products/{segment(product_id)}")

    def groups(self, *, page: int | None = None, page_size: int | None = None) -> Page[Group]:
        """`GET /store/products/groups`."""
        return self._page(Group, "/store/products/groups", page, page_size)

    def group(
        self, group_id: int, *, page: int | None = None, page_size: int | None = None
    ) -> ProductGroup:
        """`GET /store/products/groups/{group_id}`: a group with its features and products."""
        return self._data(
            ProductGroup,
            "GET",
            f"/store/products/groups/{segment(group_id)}",
            params=_paging(page, page_size),
        )

    def product_addons(
        self, product_id: int, *, page: int | None = None, page_size: int | None = None
    ) -> Page[AddonPricing]:
        """`GET /store/products/{product_id}/addons`."""
        path = f"/store/products/{segment(product_id)}/addons"
        return self._page(AddonPricing, path, page, page_size)

    def product_custom_fields(
        self, product_id: int, *, page: int | None = None, page_size: int | None = None
    ) -> Page[CustomField]:
        """`GET /store/products/{product_id}/customfields`."""
        path = f"/store/products/{segment(product_id)}/customfields"
        return self._page(CustomField, path, page, page_size)

    def product_config_options(
        self, product_id: int, *, page: int | None = None, page_size: int | None = None
    ) -> Page[ConfigOption]:
        """`GET /store/products/{product_id}/configoptions`."""
        path = f"/store/products/{segment(product_id)}/configoptions"
        return self._page(ConfigOption, path, page, page_size)

    def cross_sells(
        self, product_id: int, *, page: int | None = None, page_size: int | None = None
    ) -> Page[ProductPricing]:
        """`GET /store/products/{product_id}/cross-sells`."""
        path = f"/store/products/{segment(product_id)}/cross-sells"
        return self._page(ProductPricing, path, page, page_size)

    def bundle_group(
        self, group_id: int, *, page: int | None = None, page_size: int | None = None
    ) -> BundleGroup:
        """`GET /store/bundles/groups/{group_id}`: a group with its bundles."""
        return self._data(
            BundleGroup,
            "GET",
            f"/store/bundles/groups/{segment(group_id)}",
            params=_paging(page, page_size),
        )

    def whole_group(self, group_id: int, *, page_size: int = MAX_PAGE_SIZE) -> ProductGroup:
        """A group with every one of its products (WHMCS pages them, 50 by default)."""
        return _every_page(self.group, group_id, "products", page_size)

    def whole_bundle_group(self, group_id: int, *, page_size: int = MAX_PAGE_SIZE) -> BundleGroup:
        """A group with every one of its bundles (WHMCS pages them, 50 by default)."""
        return _every_page(self.bundle_group, group_id, "bundles", page_size)


class CartApi(_Resource):
    """Carts (`/cart/...`). Every change answers with the whole cart: render from it."""

    # -- the cart itself

    def create(self, *, currency: str | None = None) -> Cart:
        """`POST /cart`: a new, empty cart (a 16-character id).

        `currency` asks for a guest cart in that currency (sent as `?currency=`, which the
        sandbox honours; a logged-in client's cart is always in the client's currency).
        """
        return self._data(Cart, "POST", "/cart", params={"currency": currency})

    def list(self, *, page: int | None = None, page_size: int | None = None) -> Page[Cart]:
        """`GET /cart`: the logged-in user's carts."""
        return self._page(Cart, "/cart", page, page_size)

    def get(
        self, cart_id: str, *, page: int | None = None, page_size: int | None = None
    ) -> CartContents:
        """`GET /cart/{cart_id}`. NotFound means the id is gone: forget it, create a new one."""
        return self._data(CartContents, "GET", self._cart(cart_id), params=_paging(page, page_size))

    def contents(self, cart_id: str, *, page_size: int = MAX_PAGE_SIZE) -> CartContents:
        """The whole cart: every page of `GET /cart/{cart_id}`, whose items WHMCS pages (50 by
        default) while its totals are the whole cart's. One call for up to `page_size` items.
        """
        return _every_page(self.get, cart_id, "items", page_size)

    def validate(self, cart_id: str) -> builtins.list[CartItemValidationError]:
        """`POST /cart/{cart_id}/validate`: what would stop checkout (empty when nothing)."""
        result = self._data(CartValidation, "POST", self._cart(cart_id, "validate"))
        return result.validation_errors

    def counter(self, cart_id: str) -> int:
        """`GET /cart/{cart_id}/counter`: items in the cart, a product's addons included."""
        return self._data(CartCounter, "GET", self._cart(cart_id, "counter")).counter

    def set_geolocation(
        self, cart_id: str, country_code: str, state: str | None = None
    ) -> CartContents:
        """`POST /cart/{cart_id}/geolocation`: where a guest is, for tax.

        Ignored for logged-in clients, whose billing address decides the tax.
        """
        body = _without_none({"country_code": country_code, "state": state})
        return self._data(CartContents, "POST", self._cart(cart_id, "geolocation"), json=body)

    def checkout(self, cart_id: str) -> str:
        """`POST /cart/{cart_id}/checkout`: the URL to send the browser to.

        Raises CheckoutRejected (400) with `validation_errors` when the cart is not ready.
        """
        return self._data(CheckoutStart, "POST", self._cart(cart_id, "checkout")).url

    # -- items

    def add_items(self, cart_id: str, items: Sequence[CartItemRequest]) -> CartContents:
        """`POST /cart/{cart_id}/items`: add one or more items."""
        body = {"items": [item.to_json() for item in items]}
        return self._data(CartContents, "POST", self._cart(cart_id, "items"), json=body)

    def empty(self, cart_id: str) -> CartContents:
        """`DELETE /cart/{cart_id}/items`: remove every item."""
        return self._data(CartContents, "DELETE", self._cart(cart_id, "items"))

    def update_item(
        self, cart_id: str, item_id: str, change: ProductItemChange | DomainItemChange
    ) -> CartContents:
        """`POST /cart/{cart_id}/items/{item_id}` (POST, not PUT): new cycle, quantity, period."""
        return self._data(CartContents, "POST", self._item(cart_id, item_id), json=change.to_json())

    def remove_item(self, cart_id: str, item_id: str) -> CartContents:
        """`DELETE /cart/{cart_id}/items/{item_id}`."""
        return self._data(CartContents, "DELETE", self._item(cart_id, item_id))

    def set_domain(self, cart_id: str, item_id: str, domain_name: str) -> CartContents:
        """`POST /cart/{cart_id}/items/{item_id}/domain`: the domain a product item is for."""
        path = self._item(cart_id, item_id, "domain")
        return self._data(CartContents, "POST", path, json={"domain_name": domain_name})

    # -- a product item's addons

    def add_addons(self, cart_id: str, item_id: str, addons: Sequence[AddonChoice]) -> CartContents:
        """`POST /cart/{cart_id}/items/{item_id}/addon` (singular path)."""
        body = {"addons": [addon.to_json() for addon in addons]}
        return self._data(CartContents, "POST", self._item(cart_id, item_id, "addon"), json=body)

    def remove_addons(self, cart_id: str, item_id: str) -> CartContents:
        """`DELETE /cart/{cart_id}/items/{item_id}/addons` (plural path): all of them."""
        return self._data(CartContents, "DELETE", self._item(cart_id, item_id, "addons"))

    # -- a product item's custom fields

    def set_custom_fields(
        self, cart_id: str, item_id: str, fields: Sequence[CustomFieldInput]
    ) -> CartContents:
        """`POST /cart/{cart_id}/items/{item_id}/customfields`."""
        body = {"custom_fields": [custom_field.to_json() for custom_field in fields]}
        path = self._item(cart_id, item_id, "customfields")
        return self._data(CartContents, "POST", path, json=body)

    def remove_custom_fields(self, cart_id: str, item_id: str) -> CartContents:
        """`DELETE /cart/{cart_id}/items/{item_id}/customfields`: all of them."""
        return self._data(CartContents, "DELETE", self._item(cart_id, item_id, "customfields"))

    def custom_field(self, cart_id: str, item_id: str, custom_field_id: int) -> CartItemCustomField:
        """`GET /cart/{cart_id}/items/{item_id}/customfields/{custom_field_id}`."""
        path = self._item(cart_id, item_id, "customfields", custom_field_id)
        return self._data(CartItemCustomField, "GET", path)

    def set_custom_field(
        self, cart_id: str, item_id: str, custom_field_id: int, value: CustomFieldValue
    ) -> CartContents:
        """`POST /cart/{cart_id}/items/{item_id}/customfields/{custom_field_id}`."""
        path = self._item(cart_id, item_id, "customfields", custom_field_id)
        return self._data(CartContents, "POST", path, json={"value": value})

    def remove_custom_field(self, cart_id: str, item_id: str, custom_field_id: int) -> CartContents:
        """`DELETE /cart/{cart_id}/items/{item_id}/customfields/{custom_field_id}`."""
        path = self._item(cart_id, item_id, "customfields", custom_field_id)
        return self._data(CartContents, "DELETE", path)

    # -- a product item's configurable options

    def set_config_options(
        self, cart_id: str, item_id: str, options: Sequence[ConfigOptionInput]
    ) -> CartContents:
        """`POST /cart/{cart_id}/items/{item_id}/configoptions`."""
        body = {"config_options": [option.to_json() for option in options]}
        path = self._item(cart_id, item_id, "configoptions")
        return self._data(CartContents, "POST", path, json=body)

    def reset_config_options(self, cart_id: str, item_id: str) -> CartContents:
        """`DELETE /cart/{cart_id}/items/{item_id}/configoptions`: back to the defaults."""
        return self._data(CartContents, "DELETE", self._item(cart_id, item_id, "configoptions"))

    def config_option(
        self, cart_id: str, item_id: str, config_option_id: int
    ) -> CartItemTypeProductConfigOption:
        """`GET /cart/{cart_id}/items/{item_id}/configoptions/{config_option_id}`."""
        path = self._item(cart_id, item_id, "configoptions", config_option_id)
        return self._data(CartItemTypeProductConfigOption, "GET", path)

    def set_config_option(
        self, cart_id: str, item_id: str, config_option_id: int, value: ConfigOptionValue
    ) -> CartContents:
        """`POST /cart/{cart_id}/items/{item_id}/configoptions/{config_option_id}`."""
        path = self._item(cart_id, item_id, "configoptions", config_option_id)
        return self._data(CartContents, "POST", path, json={"value": value})

    def reset_config_option(
        self, cart_id: str, item_id: str, config_option_id: int
    ) -> CartContents:
        """`DELETE /cart/{cart_id}/items/{item_id}/configoptions/{config_option_id}`."""
        path = self._item(cart_id, item_id, "configoptions", config_option_id)
        return self._data(CartContents, "DELETE", path)

    # -- promotions (plural path)

    def promotions(
        self, cart_id: str, *, page: int | None = None, page_size: int | None = None
    ) -> Page[Promotion]:
        """`GET /cart/{cart_id}/promotions`: the codes applied."""
        path = self._cart(cart_id, "promotions")
        # The contract allows null entries; they stand for nothing, so they are dropped.
        page = self._page(Promotion | None, path, page, page_size)  # type: ignore[arg-type]
        applied = [promotion for promotion in page.items if promotion is not None]
        return Page(items=applied, meta=page.meta, page=page.page, page_size=page.page_size)

    def apply_promotion(self, cart_id: str, code: str) -> CartContents:
        """`POST /cart/{cart_id}/promotions`. A bad code raises InvalidInput (422)."""
        path = self._cart(cart_id, "promotions")
        return self._data(CartContents, "POST", path, json={"code": code})

    def remove_promotion(self, cart_id: str) -> CartContents:
        """`DELETE /cart/{cart_id}/promotions`."""
        return self._data(CartContents, "DELETE", self._cart(cart_id, "promotions"))

    # -- paths

    @staticmethod
    def _cart(cart_id: str, *rest: str) -> str:
        return "/".join(["/cart", segment(cart_id), *rest])

    @staticmethod
    def _item(cart_id: str, item_id: str, *rest: str | int) -> str:
        parts = ["/cart", segment(cart_id), "items", segment(item_id)]
        return "/".join(parts + [segment(part) for part in rest])


class UserApi(_Resource):
    """The customer's session and the client accounts they may act for."""

    def login(self, email: str, password: str) -> User:
        """`POST /user/session`.

        Raises SecondFactorRequired (202) with the challenge when 2FA is on: then call
        `verify_second_factor`. Wrong credentials raise Unauthorized (401); Banned (403)
        means WHMCS banned the storefront's IP after too many failures.
        """
        body = {"email": email, "password": password}
        return self._data(User, "POST", "/user/session", json=body)

    def verify_second_factor(self, key: str) -> User:
        """`POST /user/session/verify` with `{"fields": {"key": key}}`.

        A wrong code answers 412, which the session layer raises as SecondFactorRequired.
        """
        return self._data(User, "POST", "/user/session/verify", json={"fields": {"key": key}})

    def logout(self) -> None:
        """`DELETE /user/session`."""
        self._no_data("DELETE", "/user/session")

    def clients(self, *, page: int | None = None, page_size: int | None = None) -> Page[Client]:
        """`GET /user/clients`: the client accounts the user may act for."""
        return self._page(Client, "/user/clients", page, page_size)

    def select_client(self, client_uuid: str) -> None:
        """`PUT /user/session/client/{client_uuid}`: act for this client from now on."""
        self._no_data("PUT", f"/user/session/client/{segment(client_uuid)}")


class AccountApi(_Resource):
    """The active client's services and domains (`/user/services`, `/user/domains`).

    Every call raises Unauthorized (401) when no user is logged in.
    """

    def services(self, *, page: int | None = None, page_size: int | None = None) -> Page[Service]:
        """`GET /user/services`."""
        return self._page(Service, "/user/services", page, page_size)

    def service(self, service_id: int) -> Service:
        """`GET /user/services/{service_id}`."""
        return self._data(Service, "GET", self._service(service_id))

    def service_addons(
        self, service_id: int, *, page: int | None = None, page_size: int | None = None
    ) -> Page[ServiceAddon]:
        """`GET /user/services/{service_id}/addons`."""
        return self._page(ServiceAddon, self._service(service_id, "addons"), page, page_size)

    def service_addon(self, service_id: int, service_addon_id: int) -> ServiceAddon:
        """`GET /user/services/{service_id}/addons/{service_addon_id}`."""
        path = self._service(service_id, "addons", service_addon_id)
        return self._data(ServiceAddon, "GET", path)

    def service_custom_fields(
        self, service_id: int, *, page: int | None = None, page_size: int | None = None
    ) -> Page[ServiceCustomField]:
        """`GET /user/services/{service_id}/customfields`."""
        path = self._service(service_id, "customfields")
        return self._page(ServiceCustomField, path, page, page_size)

    def service_custom_field(
        self, service_id: int, service_customfield_id: int
    ) -> ServiceCustomField:
        """`GET /user/services/{service_id}/customfields/{service_customfield_id}`."""
        path = self._service(service_id, "customfields", service_customfield_id)
        return self._data(ServiceCustomField, "GET", path)

    def service_config_options(
        self, service_id: int, *, page: int | None = None, page_size: int | None = None
    ) -> Page[ServiceConfigOption]:
        """`GET /user/services/{service_id}/configoptions`."""
        path = self._service(service_id, "configoptions")
        return self._page(ServiceConfigOption, path, page, page_size)

    def service_config_option(
        self, service_id: int, service_configoption_id: int
    ) -> ServiceConfigOption:
        """`GET /user/services/{service_id}/configoptions/{service_configoption_id}`."""
        path = self._service(service_id, "configoptions", service_configoption_id)
        return self._data(ServiceConfigOption, "GET", path)

    def domains(
        self, *, page: int | None = None, page_size: int | None = None
    ) -> Page[DomainRenewal]:
        """`GET /user/domains`: with expiry and renewal prices."""
        return self._page(DomainRenewal, "/user/domains", page, page_size)

    def domain(self, domain_id: int) -> DomainRenewal:
        """`GET /user/domains/{domain_id}`."""
        return self._data(DomainRenewal, "GET", f"/user/domains/{segment(domain_id)}")

    @staticmethod
    def _service(service_id: int, *rest: str | int) -> str:
        return "/".join(["/user/services", segment(service_id), *(segment(r) for r in rest)])


class AdminApi(_Resource):
    """Staff: admin session, client/user search, masquerading."""

    def login(self, username: str, password: str) -> Administrator:
        """`POST /admin/session`.

        Raises SecondFactorRequired (412, not 202 as for users) with the challenge when the
        admin has 2FA: then call `verify_second_factor`. Wrong credentials: Unauthorized.
        """
        body = {"username": username, "password": password}
        return self._data(Administrator, "POST", "/admin/session", json=body)

    def verify_second_factor(self, key: str) -> Administrator:
        """`POST /admin/session/verify`; a wrong code raises SecondFactorRequired (412)."""
        return self._data(
            Administrator, "POST", "/admin/session/verify", json={"fields": {"key": key}}
        )

    def logout(self) -> None:
        """`DELETE /admin/session`."""
        self._no_data("DELETE", "/admin/session")

    def system_status(self) -> dict[str, Any]:
        """`GET /admin/system/status`. The contract documents no body: WHMCS's JSON as is."""
        body = self._call("GET", "/admin/system/status").body
        return body if isinstance(body, dict) else {}

    def search_clients(
        self, query: str, *, page: int | None = None, page_size: int | None = None
    ) -> Page[AdminClient]:
        """`GET /admin/clients/search?query=` (3..128 characters)."""
        return self._page(AdminClient, "/admin/clients/search", page, page_size, {"query": query})

    def search_users(
        self, query: str, *, page: int | None = None, page_size: int | None = None
    ) -> Page[AdminUser]:
        """`GET /admin/users/search?query=` (3..128 characters)."""
        return self._page(AdminUser, "/admin/users/search", page, page_size, {"query": query})

    def masquerade_client(self, client_id: int) -> AdminUser:
        """`POST /admin/clients/{client_id}/session`: act as the owner of this client."""
        return self._data(AdminUser, "POST", f"/admin/clients/{segment(client_id)}/session")

    def masquerade_user(self, user_id: int) -> AdminUser:
        """`POST /admin/users/{user_id}/session`: act as this user."""
        return self._data(AdminUser, "POST", f"/admin/users/{segment(user_id)}/session")


class RestApi:
    """All of REST v2, one attribute per resource; see the module docstring."""

    def __init__(self, call: Call) -> None:
        self.status = StatusApi(call)
        self.countries = CountriesApi(call)
        self.billing = BillingApi(call)
        self.domains = DomainsApi(call)
        self.store = StoreApi(call)
        self.cart = CartApi(call)
        self.user = UserApi(call)
        self.account = AccountApi(call)
        self.admin = AdminApi(call)


# -- walking lists --------------------------------------------------------------------------


def _every_page[M: models.WhmcsModel](
    read: Callable[..., M], key: Any, field_name: str, page_size: int
) -> M:
    """An answer whose list `field_name` WHMCS pages (no `meta`): read pages until one is
    short, and answer the first page with every page's items."""
    first = read(key, page=1, page_size=page_size)
    items = builtins.list(getattr(first, field_name))
    last, number = items, 1
    while len(last) >= page_size and number < MAX_PAGES:
        number += 1
        last = getattr(read(key, page=number, page_size=page_size), field_name)
        items.extend(last)
    return first.model_copy(update={field_name: items}) if number > 1 else first


MAX_PAGES = 200  # a guard against an installation that keeps answering "there is more"


def iter_pages[T](
    list_method: Callable[..., Page[T]],
    *args: Any,
    page_size: int = MAX_PAGE_SIZE,
    max_pages: int = MAX_PAGES,
    **kwargs: Any,
) -> Iterator[Page[T]]:
    """Every page of a list operation, e.g. `iter_pages(api.store.product_addons, 12)`.

    Stops at `meta.total_pages` where WHMCS sends paging data, otherwise at the first page
    shorter (or longer: paging ignored) than `page_size`.
    """
    for number in range(1, max_pages + 1):
        page = list_method(*args, page=number, page_size=page_size, **kwargs)
        yield page
        if not page.has_next:
            return


def all_items[T](
    list_method: Callable[..., Page[T]],
    *args: Any,
    page_size: int = MAX_PAGE_SIZE,
    max_pages: int = MAX_PAGES,
    **kwargs: Any,
) -> list[T]:
    """The items of every page of a list operation, e.g. `all_items(api.countries.list)`."""
    items: list[T] = []
    for page in iter_pages(list_method, *args, page_size=page_size, max_pages=max_pages, **kwargs):
        items.extend(page.items)
    return items
