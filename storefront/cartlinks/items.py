"""The items a link puts in the cart, as plain JSON records, and what WHMCS makes of them.

A record is what the database keeps (no WHMCS objects): products with cycle, quantity,
options, addons, custom fields and domain; domain registrations and transfers. Each record
keeps the price WHMCS gave when the link was made, so opening it later can say what changed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from whmcs_gateway.models import (
    Amount,
    CartContents,
    CartItemTypeDomainRegister,
    CartItemTypeDomainTransfer,
    CartItemTypeProduct,
)
from whmcs_gateway.rest import (
    AddonChoice,
    CartItemRequest,
    ConfigOptionInput,
    CustomFieldInput,
    DomainRegisterItem,
    DomainTransferItem,
    ProductItem,
)

Record = dict[str, Any]
KINDS = ("product", "domain_register", "domain_transfer")


def product_record(
    product_id: int,
    name: str,
    billing_cycle: str | None,
    *,
    quantity: int | None = None,
    config_options: list[tuple[int, Any]] = (),  # type: ignore[assignment]
    addons: list[int] = (),  # type: ignore[assignment]
    custom_fields: list[tuple[int, Any]] = (),  # type: ignore[assignment]
    domain: str | None = None,
) -> Record:
    return {
        "type": "product",
        "product_id": product_id,
        "name": name,
        "billing_cycle": billing_cycle,
        "quantity": quantity,
        "config_options": [[int(i), v] for i, v in config_options],
        "addons": [int(a) for a in addons],
        "custom_fields": [[int(i), v] for i, v in custom_fields],
        "domain": domain,
    }


def domain_record(kind: str, name: str, period: int, epp_code: str = "") -> Record:
    record: Record = {"type": kind, "name": name, "period": period}
    if kind == "domain_transfer":
        record["epp_code"] = epp_code
    return record


def request_of(record: Record) -> CartItemRequest:
    """The WHMCS add-item body of one record."""
    if record["type"] == "product":
        return ProductItem(
            product_id=record["product_id"],
            billing_cycle=record.get("billing_cycle"),
            quantity=record.get("quantity"),
            domain=record.get("domain") or None,
            addons=[AddonChoice(a) for a in record.get("addons", [])],
            custom_fields=[CustomFieldInput(i, v) for i, v in record.get("custom_fields", [])],
            config_options=[ConfigOptionInput(i, v) for i, v in record.get("config_options", [])],
        )
    if record["type"] == "domain_transfer":
        return DomainTransferItem(record["name"], record.get("epp_code", ""), record["period"])
    return DomainRegisterItem(record["name"], record["period"])


def label_of(record: Record) -> str:
    """What a person calls the item: "VPS S", "Domain registration: example.com"."""
    if record["type"] == "product":
        name = record.get("name") or f"Product {record['product_id']}"
        return f"{name} for {record['domain']}" if record.get("domain") else name
    if record["type"] == "domain_transfer":
        return f"Domain transfer: {record['name']}"
    return f"Domain registration: {record['name']}"


# -- prices ---------------------------------------------------------------------------------


def price_of(item: Any) -> Amount | None:
    """The item's price as the cart shows it: the recurring amount, else the one-time one."""
    billing = getattr(item, "billing", None)
    price = billing.price if billing is not None else None
    if price is None:
        return None
    if price.recurring is not None:
        return price.recurring.amount
    if price.onetime is not None:
        return price.onetime.amount
    return None


def price_record(amount: Amount | None) -> dict[str, str] | None:
    if amount is None:
        return None
    return {"value": str(amount.value), "display": amount.display_value, "code": amount.code}


def with_prices(records: list[Record], contents: CartContents) -> list[Record]:
    """The records with the price of each, from the cart WHMCS priced them in (same order)."""
    priced = []
    for record, item in zip(records, contents.items, strict=False):
        priced.append({**record, "price": price_record(price_of(item))})
    return priced


def repriced(record: Record, item: Any) -> str | None:
    """What to tell the customer when WHMCS prices the item differently than at link time."""
    was = record.get("price")
    now = price_of(item)
    if not was or now is None or was.get("code") != now.code:
        return None
    try:
        changed = Decimal(was["value"]) != Decimal(str(now.value))
    except (InvalidOperation, KeyError):
        return None
    if not changed:
        return None
    return (
        f"{label_of(record)} now costs {now.display_value} "
        f"(it was {was['display']} when this link was made)."
    )


# -- a customer's cart as records -----------------------------------------------------------


def records_of_cart(contents: CartContents) -> tuple[list[Record], list[str]]:
    """A snapshot of what the cart holds, and what could not go in a link (and why)."""
    records: list[Record] = []
    left_out: list[str] = []
    for item in contents.items:
        if isinstance(item, CartItemTypeProduct):
            records.append(
                {
                    **product_record(
                        item.product.id,
                        item.product.name or "",
                        item.billing.cycle if item.billing else None,
                        quantity=item.quantity,
                        config_options=[
                            (o.id, o.option.value)
                            for o in item.config_options
                            if o.option is not None
                        ],
                        addons=[a.addon.id for a in item.addons],
                        custom_fields=[(f.id, f.value) for f in item.custom_fields],
                        domain=item.domain,
                    ),
                    "price": price_record(price_of(item)),
                }
            )
        elif isinstance(item, CartItemTypeDomainTransfer):
            # The EPP code is the domain's password: it never goes into a link others may see.
            left_out.append(
                f"The transfer of {item.name} is not in the link: its EPP code is secret, "
                "so add the transfer again after opening the link."
            )
        elif isinstance(item, CartItemTypeDomainRegister):
            record = domain_record("domain_register", item.name, item.period)
            records.append({**record, "price": price_record(price_of(item))})
        else:
            name = getattr(item, "name", None) or "A renewal or bundle"
            left_out.append(
                f"{name} is not in the link: renewals and bundles belong to this cart only."
            )
    return records, left_out
