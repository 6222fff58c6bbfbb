"""Small rules about one WHMCS product, shared by every page that shows or sells it."""

from __future__ import annotations

from django.utils.text import slugify

from whmcs_gateway.models import ProductPricing


def slug_of(name: str | None, fallback: str) -> str:
    """The readable part of a product or group URL."""
    return slugify(name or "") or fallback


def is_sold_out(product: ProductPricing) -> bool:
    """WHMCS's stock control: on, and nothing left."""
    return bool(product.stock_control_enabled) and (product.stock_quantity or 0) <= 0


def allows_quantity(product: ProductPricing) -> bool:
    """Whether WHMCS lets a customer order more than one of this product at once."""
    setting = product.allow_multiple_quantities
    return bool(setting and setting.is_supported)
