"""Carts and their items: plain mutable dataclasses kept in ``World.carts``.

An item keeps only what the customer chose (ids, cycles, values); prices are always derived
from the catalog by ``pricing.py``, so a cart never holds a stale price.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .world import World

CART_ID_LENGTH = 16
ITEM_ID_LENGTH = 8
_ID_ALPHABET = string.ascii_letters + string.digits

DOMAIN_TYPES = ("domain_register", "domain_transfer")
RENEWAL_TYPES = ("domain_renewal", "service_renewal", "addon_renewal")


def new_id(length: int) -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


def looks_like_id(value: str, length: int) -> bool:
    return len(value) == length and all(char in _ID_ALPHABET for char in value)


@dataclass
class AddonLine:
    """A product addon chosen on a product item (its own item id, as WHMCS counts it)."""

    item_id: str
    addon_id: int
    quantity: int = 1


@dataclass
class ProductItem:
    item_id: str
    product_id: int
    billing_cycle: str
    quantity: int = 1
    domain: str | None = None
    addons: list[AddonLine] = field(default_factory=list)
    custom_fields: dict[int, Any] = field(default_factory=dict)
    # Only explicitly chosen values; unset options take their defaults (see pricing.py).
    config_options: dict[int, Any] = field(default_factory=dict)
    # Per-currency price overrides a bundle grants its products.
    bundle_price: dict[str, Any] | None = None
    # AddOrder's priceoverride: the product's price (first period and recurring), no setup fee.
    price_override: Any = None
    type: str = "product"


@dataclass
class DomainItem:
    item_id: str
    type: str  # domain_register | domain_transfer
    name: str
    period: int
    epp_code: str | None = None
    idn_language: str | None = None
    dns_management: bool = False
    email_forwarding: bool = False
    id_protection: bool = False
    nameservers: list[str] | None = None
    additional_fields: list[str] = field(default_factory=list)
    bundle_price: dict[str, Any] | None = None
    # AddOrder's domainpriceoverride / domainrenewoverride: the whole period's price.
    price_override: Any = None
    renew_override: Any = None


@dataclass
class RenewalItem:
    """Renewal of something the client owns: a domain, a service or a service addon."""

    item_id: str
    type: str  # domain_renewal | service_renewal | addon_renewal
    target_id: int
    period: int = 1


@dataclass
class ServiceAddonItem:
    """A new addon for a service the client already has."""

    item_id: str
    addon_id: int
    service_id: int
    billing_cycle: str
    quantity: int = 1
    type: str = "addon"


@dataclass
class BundleItem:
    item_id: str
    bundle_id: int
    children: list[ProductItem | DomainItem] = field(default_factory=list)
    type: str = "bundle"


CartItem = ProductItem | DomainItem | RenewalItem | ServiceAddonItem | BundleItem


@dataclass
class Cart:
    id: str
    currency_code: str
    owner_user_id: int | None = None
    client_id: int | None = None
    items: list[CartItem] = field(default_factory=list)
    promotion_code: str | None = None
    # (country code, state code) set by a guest for tax; a client's address wins over it.
    geolocation: tuple[str, str] | None = None

    def find_item(self, item_id: str) -> CartItem | None:
        return next((item for item in self.items if item.item_id == item_id), None)

    def product_items(self) -> list[ProductItem]:
        """Every product item, including those inside bundles."""
        found: list[ProductItem] = []
        for item in self.items:
            if isinstance(item, ProductItem):
                found.append(item)
            elif isinstance(item, BundleItem):
                found.extend(child for child in item.children if isinstance(child, ProductItem))
        return found

    def counter(self) -> int:
        """WHMCS counts a product's addons as items of their own."""
        total = 0
        for item in self.items:
            children = item.children if isinstance(item, BundleItem) else [item]
            for child in children:
                total += 1 + (len(child.addons) if isinstance(child, ProductItem) else 0)
        return total


def create_cart(world: World, currency_code: str) -> Cart:
    cart_id = new_id(CART_ID_LENGTH)
    while cart_id in world.carts:  # pragma: no cover - 62**16 makes this theoretical
        cart_id = new_id(CART_ID_LENGTH)
    cart = Cart(id=cart_id, currency_code=currency_code)
    world.carts[cart_id] = cart
    return cart


def carts_of_user(world: World, user_id: int) -> list[Cart]:
    return [cart for cart in world.carts.values() if cart.owner_user_id == user_id]
