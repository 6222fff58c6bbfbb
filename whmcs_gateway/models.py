"""Typed models of the schemas WHMCS REST API v2 answers with.

One class per schema of the contract, with the contract's field names, so code reading
`item.billing.price.recurring.amount.display_value` can be checked against the API reference.

Two rules shape every model:

- Tolerant of additions: real installations (and modules hooking into them) add fields, so
  unknown keys are kept (`extra="allow"`) instead of refused.
- Strict about what the contract requires: a missing required field, or a value of the wrong
  type, fails the whole parse with `errors.SchemaMismatch` naming where (see `parse`), so a
  changed upstream never renders as an empty price or a wrong total.

Money is `Amount.value: Decimal`, parsed from WHMCS's string; it never passes through float.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from .errors import SchemaMismatch

# -- shared building blocks -----------------------------------------------------------------


class WhmcsModel(BaseModel):
    """Base of every model: keeps fields WHMCS adds, validates the ones we know."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


BillingCycle = Literal[
    "free",
    "onetime",
    "monthly",
    "quarterly",
    "semiannually",
    "annually",
    "biennially",
    "triennially",
]
ConfigOptionType = Literal["dropdown", "radio", "yesno", "quantity"]
# WHMCS sends custom field values as strings, checkboxes as booleans.
CustomFieldValue = str | bool
# A yes/no option is a boolean; a quantity is a number; a dropdown/radio names the option id.
ConfigOptionValue = bool | int | None


def _no_float(value: Any) -> Any:
    # A float has already lost precision; going through its repr keeps what WHMCS printed.
    return str(value) if isinstance(value, float) else value


Money = Annotated[Decimal, BeforeValidator(_no_float)]


def _empty_date_is_none(value: Any) -> Any:
    # WHMCS stores "no date" as 0000-00-00 (or an empty string) in many tables.
    return None if value in ("", "0000-00-00", "0000-00-00 00:00:00") else value


WhmcsDate = Annotated[date | None, BeforeValidator(_empty_date_is_none)]


def _drop_nulls(value: Any) -> Any:
    # The contract marks Promotion nullable: a list may hold nulls that stand for nothing.
    return [item for item in value if item is not None] if isinstance(value, list) else value


class Amount(WhmcsModel):
    """A price as WHMCS formats it: display `display_value`, compute with `value`."""

    value: Money
    code: str
    display_value: str
    prefix: str
    suffix: str

    def __str__(self) -> str:
        return self.display_value


class Meta(WhmcsModel):
    """Paging data of lists under /store/domain/*."""

    total_items: int
    page: int
    total_pages: int
    page_size: int


def _empty_meta_is_none(value: Any) -> Any:
    # The contract allows `"meta": []` (PHP's empty array) for "no paging data".
    return None if value == [] else value


OptionalMeta = Annotated[Meta | None, BeforeValidator(_empty_meta_is_none)]


class Envelope[T](WhmcsModel):
    """Every REST v2 success body: `{"data": ..., "meta": ...}`."""

    data: T
    meta: OptionalMeta = None


class Entity(WhmcsModel):
    id: int
    name: str | None = None
    description: str | None = None


class IdRef(WhmcsModel):
    """A reference to another record by id (e.g. a service's `service: {id}`)."""

    id: int


# -- billing, countries, status -------------------------------------------------------------


class Currency(WhmcsModel):
    code: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    default: bool | None = None


class State(WhmcsModel):
    code: str
    name: str


class Country(WhmcsModel):
    code: str
    name: str
    states: list[State] | None = None


class RecurringCycle(WhmcsModel):
    cycle: BillingCycle | None
    description: str | None = None
    months: int | None = None


class PaymentGateway(WhmcsModel):
    name: str
    description: str | None = None


class SystemStatus(WhmcsModel):
    """`GET /status`."""

    server_time: datetime
    timezone: str
    currencies: list[Currency]


# -- prices ---------------------------------------------------------------------------------


class OneTimePrice(WhmcsModel):
    setup: Amount
    amount: Amount


class ServiceFirstPaymentPrice(WhmcsModel):
    amount: Amount


class ServiceRecurringPrice(WhmcsModel):
    amount: Amount


class RecurringPrice(ServiceRecurringPrice):
    setup: Amount


class CycleRecurringPrice(RecurringPrice):
    cycle: BillingCycle | None


class Pricing(WhmcsModel):
    is_free: bool
    onetime: OneTimePrice | None = None
    recurring: list[CycleRecurringPrice] = Field(default_factory=list)


class LineItemPrice(WhmcsModel):
    onetime: OneTimePrice | None = None
    recurring: RecurringPrice | None = None

    @property
    def charged(self) -> OneTimePrice | RecurringPrice | None:
        """The price this line is charged at: recurring for a cycle, else the one-time price."""
        return self.recurring or self.onetime


class CartItemBilling(WhmcsModel):
    cycle: BillingCycle | None = None
    price: LineItemPrice | None = None


class ServicePrice(WhmcsModel):
    first_payment: ServiceFirstPaymentPrice | None = None
    recurring: ServiceRecurringPrice | None = None


# -- catalog: groups, products, addons, bundles, fields, options ----------------------------


class Feature(Entity):
    name: str | None
    order: int


class Group(Entity):
    icon: str | None = None
    headline: str | None = None
    tagline: str | None = None
    order: int | None = None
    features: list[Feature] = Field(default_factory=list)


class ServerGroup(Entity):
    pass


class Server(Entity):
    groups: list[ServerGroup] = Field(default_factory=list)


class ProductType(WhmcsModel):
    name: str | None = None
    display_name: str | None = None


class MultipleQuantitiesSetting(WhmcsModel):
    code: int | None = None
    display: str | None = None


class ProductMultipleQuantities(WhmcsModel):
    is_supported: bool | None = None
    type: MultipleQuantitiesSetting | None = None


class Product(Entity):
    tagline: str | None = None
    allow_multiple_quantities: ProductMultipleQuantities | None = None
    is_domain_required: bool | None = None
    stock_control_enabled: bool | None = None
    stock_quantity: int | None = None
    type: ProductType | None = None
    order: int | None = None
    group: Group | None = None


class ProductPricing(Product):
    pricing: Pricing


class ProductGroup(Group):
    """`GET /store/products/groups/{id}`: a group with its products (required there)."""

    products: list[ProductPricing]


class Addon(Entity):
    pass


class AddonPricing(Addon):
    pricing: Pricing


class BundleConfigOption(WhmcsModel):
    id: Any = None
    value: ConfigOptionValue = None


class BundleItemProduct(Entity):
    bundle_type: Literal["product"] = "product"
    billing_cycle: BillingCycle | None = None
    price_override: bool | None = None
    price: Amount | None = None
    config_option: list[BundleConfigOption] | None = None
    addons: list[int] | None = None
    tlds: list[str] | None = None
    domain_registration_period: int | None = None
    domain_price_override: bool | None = None
    domain_price: Amount | None = None
    domain_addons: list[str] | None = None


class BundleItemDomain(Entity):
    bundle_type: Literal["domain"]
    tlds: list[str] | None = None
    registration_period: int | None = None
    price_override: bool | None = None
    price: Amount | None = None
    addons: list[str] | None = None


def _bundle_item_kind(value: Any) -> str:
    if isinstance(value, dict):
        kind = value.get("bundle_type")
    else:
        kind = getattr(value, "bundle_type", None)
    return "domain item" if kind == "domain" else "product item"


BundleItem = Annotated[
    Annotated[BundleItemProduct, Tag("product item")]
    | Annotated[BundleItemDomain, Tag("domain item")],
    Discriminator(_bundle_item_kind),
]


def _one_or_many(value: Any) -> Any:
    # The contract describes `bundle_items` as one object; a bundle has several, so a list is
    # accepted too and both arrive here as a list.
    return [value] if isinstance(value, dict) else value


class Bundle(Entity):
    price: Amount | None = None
    max_uses: int | None = None
    uses: int | None = None
    allow_promo: bool | None = None
    is_featured: bool | None = None
    bundle_items: Annotated[list[BundleItem] | None, BeforeValidator(_one_or_many)] = None
    group: Group | None = None


class BundlePricing(Bundle):
    price: Amount


class BundleGroup(Group):
    bundles: list[BundlePricing] = Field(default_factory=list)


class CustomField(Entity):
    type: str
    required: bool
    options: list[CustomFieldValue] | None = None
    validation: str | None = None


class ConfigOptionSelection(WhmcsModel):
    name: str
    value: ConfigOptionValue
    sort_order: int | None = None
    pricing: Pricing


class ConfigOption(Entity):
    type: ConfigOptionType
    quantity_minimum: int | None = None
    quantity_maximum: int | None = None
    sort_order: int | None = None
    group: Group | None = None
    options: list[ConfigOptionSelection] | None = None


# -- domains --------------------------------------------------------------------------------


class Domain(WhmcsModel):
    domain_name: str


# `register` is also the name of ABCMeta.register on the model class (never on instances, so
# `pricing.register` is the field); keep the contract's name and silence pydantic's warning.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)

    class DomainPricing(WhmcsModel):
        period: int
        register: Amount | None
        transfer: Amount | None
        renew: Amount | None


class DomainStatus(Domain):
    idn_domain_name: str
    tld: str | None = None
    sld: str
    idn_sld: str
    status: str
    group: str | None
    pricing: list[DomainPricing]
    shortest_period: DomainPricing
    is_premium: bool
    premium_cost_pricing: DomainPricing | None


class DomainAvailability(WhmcsModel):
    """`GET /store/domain/availability`."""

    is_domain_available: bool | None = None
    is_tld_available: bool | None = None
    domain: DomainStatus | None = None


class LookupProviderSuggestionOption(WhmcsModel):
    lookup_provider: str
    maximum_length_supported: bool
    tld_override_supported: bool
    sensitive_filter_override_supported: bool
    maximum_term_length: int | None = None
    configured_suggestion_tlds: list[str] | None


class DomainAddon(WhmcsModel):
    dns_management: bool
    email_forwarding: bool
    id_protection: bool
    epp_code_required: bool


class DomainGracePeriod(WhmcsModel):
    days: int
    price: Amount


class TldPricing(WhmcsModel):
    tld: str
    categories: list[str]
    group: str | None
    addons: DomainAddon | None = None
    pricing: list[DomainPricing]
    grace_period: DomainGracePeriod | None = None
    redemption_period: DomainGracePeriod | None = None


class IdnLanguage(WhmcsModel):
    code: str
    language: str


class AdditionalFieldValueType(WhmcsModel):
    value: str | None = None
    display_name: str | None = None


class AdditionalField(WhmcsModel):
    name: str | None = None
    # True/False, or {other field name: [values that make this one required]}.
    required: bool | dict[str, list[str]] | None = None
    type: str | None = None
    default: str | None = None
    options: list[AdditionalFieldValueType] | None = None


class DomainRenewalPricing(WhmcsModel):
    period: int
    pricing: Amount


class DomainRenewal(Domain):
    """A domain of the active client, with what renewing it would cost."""

    id: int
    status: str
    expiry_date: WhmcsDate
    days_to_expiry: int | None = None
    days_of_grace_period: int | None = None
    in_grace_period: bool | None = None
    days_of_redemption_period: int | None = None
    past_redemption_period: bool | None = None
    days_left_in_period: int | None = None
    in_redemption_period: bool | None = None
    is_premium: bool | None = None
    is_expiring_soon: bool | None = None
    eligible_for_renewal: bool
    free_domain_renewal: bool | None = None
    renewal_periods: list[DomainRenewalPricing]


# -- people ---------------------------------------------------------------------------------


class Administrator(WhmcsModel):
    email: str
    firstname: str
    lastname: str


class Client(WhmcsModel):
    uuid: str
    company: str | None = None
    selected: bool | None = None


class User(WhmcsModel):
    email: str
    firstname: str
    lastname: str
    clients: list[Client]


class AdminClient(Client):
    id: int | None = None


class AdminUser(User):
    id: int | None = None


class TwoFaField(WhmcsModel):
    name: str
    description: str | None = None
    type: str


class SecondFactorChallenge(WhmcsModel):
    condition: str | None = None
    fields: list[TwoFaField] = Field(default_factory=list)


# -- cart -----------------------------------------------------------------------------------


class Cart(WhmcsModel):
    id: str


class GeoLocation(WhmcsModel):
    country_code: str
    state: str | None = None


class Tax(WhmcsModel):
    name: str
    percentage: Money
    amount: Amount


class Discount(WhmcsModel):
    type: str
    amount: Amount


class Promotion(WhmcsModel):
    code: str | None
    type: str | None = None
    value: Money | None = None
    is_recurring: bool | None = None
    number_of_recurring: int | None = None


Promotions = Annotated[list[Promotion], BeforeValidator(_drop_nulls)]


class RecurringTotal(WhmcsModel):
    cycle: BillingCycle | None
    amount: Amount


class CartTotal(WhmcsModel):
    recurring: list[RecurringTotal] = Field(default_factory=list)
    subtotal: Amount | None = None
    discounts: list[Discount] = Field(default_factory=list)
    geolocation: GeoLocation | None = None
    taxes: list[Tax] = Field(default_factory=list)
    total: Amount | None = None


class CartItemCustomField(CustomField):
    value: CustomFieldValue


class ChosenConfigOption(WhmcsModel):
    name: str | None = None
    value: ConfigOptionValue = None


class CartItemTypeProductConfigOption(WhmcsModel):
    id: int
    name: str | None = None
    type: ConfigOptionType
    option: ChosenConfigOption | None = None
    billing: CartItemBilling | None


class CartItemTypeProductAddon(WhmcsModel):
    item_id: str
    quantity: int
    addon: Addon
    billing: CartItemBilling | None


class CartItemTypeProduct(WhmcsModel):
    item_id: str
    type: Literal["product"] = "product"
    quantity: int
    domain: str | None = None
    product: Product
    billing: CartItemBilling | None
    addons: list[CartItemTypeProductAddon] = Field(default_factory=list)
    custom_fields: list[CartItemCustomField] = Field(default_factory=list)
    config_options: list[CartItemTypeProductConfigOption] = Field(default_factory=list)


class CartItemTypeServiceAddon(CartItemTypeProductAddon):
    # The contract gives this item no `type`; WHMCS's request type for it is "addon".
    type: Literal["addon"] = "addon"
    service_id: int | None = None
    billing_cycle: BillingCycle | None = None


class CartItemTypeDomain(WhmcsModel):
    type: Literal["domain_register", "domain_transfer", "domain_renewal"]
    period: int
    idn_language: str | None = None
    dns_management: bool | None = None
    email_forwarding: bool | None = None
    id_protection: bool | None = None
    nameservers: list[str] | None = None


class CartItemTypeDomainRegister(CartItemTypeDomain):
    type: Literal["domain_register", "domain_transfer"]
    item_id: str
    name: str
    additional_fields: list[AdditionalField] | None = None
    billing: CartItemBilling | None


class CartItemTypeDomainTransfer(CartItemTypeDomainRegister):
    type: Literal["domain_transfer"]
    epp_code: str


class CartItemTypeDomainRenewal(WhmcsModel):
    type: Literal["domain_renewal"]
    id: int
    period: int
    item_id: str
    name: str
    billing: CartItemBilling | None


class CartItemTypeServiceRenewal(WhmcsModel):
    type: Literal["service_renewal", "addon_renewal", "domain_renewal"]
    id: int
    item_id: str
    name: str
    domain: str | None = None
    next_due_date: WhmcsDate = None
    status: str | None = None
    billing: CartItemBilling | None


class CartItemTypeBundleProduct(WhmcsModel):
    item_id: str
    type: Literal["product"] = "product"
    quantity: int
    domain: str | CartItemTypeDomainTransfer | CartItemTypeDomainRegister | None = None
    product: Product
    billing: CartItemBilling | None
    addons: list[CartItemTypeProductAddon] = Field(default_factory=list)
    custom_fields: list[CartItemCustomField] = Field(default_factory=list)
    config_options: list[CartItemTypeProductConfigOption] = Field(default_factory=list)


class UnknownCartItem(WhmcsModel):
    """An item of a type this client does not know yet: kept, so the rest of the cart shows."""

    type: str | None = None
    item_id: str | None = None


def _item_kind(value: Any) -> str:
    """The tag of a cart item: its `type`, or for the untyped ones, what it carries.

    Tags end in " item" so they can never be mistaken for a field name in error paths.
    """
    data = value if isinstance(value, dict) else getattr(value, "__dict__", {})
    kind = data.get("type")
    if kind is None and "product" in data:
        kind = "product"
    elif kind is None and "addon" in data:
        kind = "addon"
    return f"{kind} item" if kind in _ITEM_KINDS else "unknown item"


_ITEM_KINDS = frozenset(
    {
        "product",
        "addon",
        "domain_register",
        "domain_transfer",
        "domain_renewal",
        "service_renewal",
        "addon_renewal",
        "bundle",
    }
)

BundleCartItem = Annotated[
    Annotated[CartItemTypeBundleProduct, Tag("product item")]
    | Annotated[CartItemTypeDomainRegister, Tag("domain_register item")]
    | Annotated[CartItemTypeDomainTransfer, Tag("domain_transfer item")]
    | Annotated[UnknownCartItem, Tag("unknown item")],
    Discriminator(_item_kind),
]


class CartItemTypeBundle(WhmcsModel):
    type: Literal["bundle"]
    id: int
    item_id: str | None = None
    items: list[BundleCartItem] = Field(default_factory=list)


CartItem = Annotated[
    Annotated[CartItemTypeProduct, Tag("product item")]
    | Annotated[CartItemTypeServiceAddon, Tag("addon item")]
    | Annotated[CartItemTypeDomainRegister, Tag("domain_register item")]
    | Annotated[CartItemTypeDomainTransfer, Tag("domain_transfer item")]
    | Annotated[CartItemTypeDomainRenewal, Tag("domain_renewal item")]
    | Annotated[CartItemTypeServiceRenewal, Tag("service_renewal item")]
    | Annotated[CartItemTypeServiceRenewal, Tag("addon_renewal item")]
    | Annotated[CartItemTypeBundle, Tag("bundle item")]
    | Annotated[UnknownCartItem, Tag("unknown item")],
    Discriminator(_item_kind),
]


class CartContents(WhmcsModel):
    """What every cart mutation answers with: render the cart from this, no second call."""

    items: list[CartItem]
    promotions: Promotions
    totals: CartTotal


class CartCounter(WhmcsModel):
    counter: int


class ValidationErrorDetail(WhmcsModel):
    id: int | None = None
    type: str | None = None
    error: str | None = None


class CartItemValidationError(WhmcsModel):
    item_id: str | None = None
    errors: list[str | ValidationErrorDetail] = Field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        """Every error of the item as text a customer can read."""
        return [e if isinstance(e, str) else (e.error or "") for e in self.errors]


class CartValidation(WhmcsModel):
    validation_errors: list[CartItemValidationError] = Field(default_factory=list)


class CheckoutStart(WhmcsModel):
    url: str


# -- the active client's services -----------------------------------------------------------


class RenewalPeriod(WhmcsModel):
    start: WhmcsDate = None
    end: WhmcsDate = None


class ServiceRenewal(WhmcsModel):
    id: int
    type: str
    is_renewable: bool
    non_renewable_reason: str | None = None
    renewal_period: RenewalPeriod | None = None
    price: Amount | None

    @field_validator("renewal_period", mode="before")
    @classmethod
    def _ignore_placeholder(cls, value: Any) -> Any:
        # The contract's own example for this object is the string "Active".
        return None if isinstance(value, str) else value


class ServiceAddonRenewal(ServiceRenewal):
    pass


class ServiceBilling(WhmcsModel):
    cycle: BillingCycle | None = None
    price: ServicePrice | None = None
    payment_gateway: PaymentGateway | None = None
    next_due_date: WhmcsDate = None


class ServiceBillingExtended(ServiceBilling):
    promotions: Promotions


class ServiceAddon(WhmcsModel):
    id: int
    addon: Addon | None = None
    service: IdRef | None = None
    quantity: int | None = None
    status: str | None = None
    registration_date: WhmcsDate = None
    billing: ServiceBilling | None
    renewal: ServiceAddonRenewal | None = None


class ServiceCustomField(WhmcsModel):
    id: int
    custom_field: CustomField
    service: IdRef | None = None
    value: CustomFieldValue | None = None


class ServiceConfigOptionRef(WhmcsModel):
    id: int
    name: str
    type: ConfigOptionType


class ServiceConfigOptionBilling(WhmcsModel):
    price: ServicePrice | None = None


class ServiceConfigOption(WhmcsModel):
    id: int
    config_option: ServiceConfigOptionRef
    service: IdRef | None = None
    option: ChosenConfigOption
    billing: ServiceConfigOptionBilling | None = None


class Service(WhmcsModel):
    id: int
    product: Product | None = None
    server: Server | None = None
    domain: str | None = None
    status: str | None = None
    quantity: int
    registration_date: WhmcsDate = None
    billing: ServiceBillingExtended | None = None
    addons: list[ServiceAddon] = Field(default_factory=list)
    custom_fields: list[ServiceCustomField] = Field(default_factory=list)
    config_options: list[ServiceConfigOption] = Field(default_factory=list)
    renewal: ServiceRenewal | None = None


# -- lists ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page[T]:
    """One page of a list answer.

    `meta` is WHMCS's paging data where it sends any (the /store/domain/* lists); elsewhere the
    page we asked for and its size are all there is, and a short page means the last one.
    """

    items: list[T]
    meta: Meta | None
    page: int
    page_size: int

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_next(self) -> bool:
        if self.meta is not None:
            return self.meta.page < self.meta.total_pages
        # More than a page back means WHMCS ignored paging and sent everything at once.
        return len(self.items) == self.page_size


# -- parsing --------------------------------------------------------------------------------

_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(model_or_type: Any) -> TypeAdapter[Any]:
    # Building a TypeAdapter compiles a validator: do it once per type, not once per call.
    adapter = _ADAPTERS.get(model_or_type)
    if adapter is None:
        adapter = _ADAPTERS[model_or_type] = TypeAdapter(model_or_type)
    return adapter


def parse[T](model_or_type: type[T] | Any, data: Any, *, request_id: str = "") -> T:
    """Validate `data` as `model_or_type` (a model, `list[Model]`, `Envelope[Model]`...).

    A body that does not fit raises `SchemaMismatch` whose `field` is the path of the first
    problem in the data, like `data.items[0].billing.price.onetime.amount.value`.
    """
    try:
        return _adapter(model_or_type).validate_python(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = field_path(data, first["loc"])
        raise SchemaMismatch(
            f"WHMCS sent an unexpected answer at {field or 'the top level'}: {first['msg']}",
            field=field,
            body=data,
            request_id=request_id,
        ) from exc


def field_path(data: Any, loc: Sequence[int | str]) -> str:
    """`loc` of a pydantic error as a path into `data`, without union-member labels.

    Pydantic puts the names of union members and tags into `loc` (`items.0.product.billing`
    for the `product` tag); walking the data keeps only the steps that exist in it, plus a
    final missing key.
    """
    path = ""
    current = data
    for position, step in enumerate(loc):
        is_last = position == len(loc) - 1
        if isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            path += f"[{step}]"
            current = current[step]
        elif isinstance(current, dict) and step in current:
            path += f".{step}" if path else str(step)
            current = current[step]
        elif isinstance(current, dict) and is_last and _looks_like_field(step):
            path += f".{step}" if path else str(step)
    return path


def _looks_like_field(step: int | str) -> bool:
    # Union labels look like `CartItemTypeProduct`, `str`, `function-after[...]`; field names
    # in the contract are snake_case.
    return (
        isinstance(step, str)
        and re.fullmatch(r"[a-z0-9_]+", step) is not None
        and step
        not in {
            "str",
            "int",
            "bool",
            "float",
            "list",
            "dict",
            "none",
            "decimal",
        }
    )


# WHMCS's billing cycles as its order forms name them.
CYCLE_LABELS = {
    "monthly": "Monthly",
    "quarterly": "Quarterly",
    "semiannually": "Semi-annually",
    "annually": "Annually",
    "biennially": "Biennially",
    "triennially": "Triennially",
    "onetime": "One time",
    "free": "Free",
}
