"""The configure page's order summary, priced by WHMCS itself.

Prices, setup fees, taxes and recurring amounts are never computed by the shop: the chosen
configuration is kept as the single item of a per-visitor *preview cart* in WHMCS, and the
summary is rendered from the CartContents WHMCS answers with. Each change on the page makes
the one call that matches it (cycle or quantity → update the item; options → set them;
addons added → add them), so a change costs one upstream call. Only a new product, or
removing an addon (WHMCS can only drop all of an item's addons), costs two.

The preview cart is made and changed without the visitor's WHMCS state: a guest cart,
reachable by its id alone, in the visitor's currency. Made with a logged-in state it would
become the user's cart and show up in their cart list as if they had filled it.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import asdict, dataclass, field

from django.core.cache import cache

from storefront.visitor import keys
from storefront.visitor.cart import newest_item_of
from storefront.visitor.visitor import Visitor
from whmcs_gateway.errors import InvalidInput, NotFound
from whmcs_gateway.locks import hold
from whmcs_gateway.models import CartContents
from whmcs_gateway.rest import AddonChoice, ConfigOptionInput, ProductItem, ProductItemChange
from whmcs_gateway.state import VisitorBusy

PREVIEW_TTL = 60 * 60 * 6
PREVIEW_TURN_WAIT = 30


@dataclass
class PreviewCart:
    """What the preview cart holds, so the next change knows what differs."""

    cart_id: str
    item_id: str = ""
    product_id: int = 0
    billing_cycle: str | None = None
    quantity: int | None = None
    options: dict[str, object] = field(default_factory=dict)
    addons: list[int] = field(default_factory=list)
    currency: str | None = None
    # A campaign link's promo code tried on this preview (kept for this product only).
    promo: str | None = None


def _load(visitor_id: str) -> PreviewCart | None:
    stored = cache.get(keys.preview(visitor_id))
    return PreviewCart(**stored) if stored else None


def _save(visitor_id: str, preview: PreviewCart) -> None:
    cache.set(keys.preview(visitor_id), asdict(preview), timeout=PREVIEW_TTL)


def _options_of(item: ProductItem) -> dict[str, object]:
    return {str(option.id): option.value for option in item.config_options}


def price_configuration(visitor: Visitor, item: ProductItem) -> CartContents:
    """The preview cart holding exactly `item`, as WHMCS prices it.

    One change at a time per visitor: two overlapping changes (the browser abandons the
    first, the server does not) would each work out their calls from the same remembered
    state, and the last to save would leave it out of step with the cart in WHMCS.
    """
    turn = f"{keys.preview(visitor.id)}:turn"
    with hold(cache, turn, ttl=PREVIEW_TURN_WAIT * 2, wait=PREVIEW_TURN_WAIT, busy=VisitorBusy):
        return _price_configuration(visitor, item)


def _price_configuration(visitor: Visitor, item: ProductItem) -> CartContents:
    preview = _load(visitor.id)
    try:
        if preview is not None and preview.currency != visitor.currency:
            preview = None  # a cart keeps its currency: a new one, in the visitor's new currency
        if preview is not None and preview.promo and preview.product_id != item.product_id:
            with suppress(InvalidInput):
                visitor.whmcs.stateless_rest.cart.remove_promotion(preview.cart_id)
            preview.promo = None
        if preview is None or preview.product_id != item.product_id or not preview.item_id:
            contents, preview = _start(visitor, preview, item)
        else:
            contents = _apply_changes(visitor, preview, item)
    except NotFound:
        # WHMCS forgot the preview cart (or its item): start over on a new one.
        contents, preview = _start(visitor, None, item)
    _save(visitor.id, preview)
    return contents


def _start(
    visitor: Visitor, preview: PreviewCart | None, item: ProductItem
) -> tuple[CartContents, PreviewCart]:
    cart = visitor.whmcs.stateless_rest.cart
    if preview is None:
        preview = PreviewCart(
            cart_id=cart.create(currency=visitor.currency).id, currency=visitor.currency
        )
    else:
        cart.empty(preview.cart_id)
    # Custom fields and the domain do not change prices: the preview leaves them out, so
    # a half-typed field never makes the summary fail.
    priced = ProductItem(
        product_id=item.product_id,
        billing_cycle=item.billing_cycle,
        quantity=item.quantity,
        addons=item.addons,
        config_options=item.config_options,
    )
    contents = cart.add_items(preview.cart_id, [priced])
    preview.item_id = newest_item_of(contents, item.product_id) or ""
    preview.product_id = item.product_id
    _remember(preview, item)
    return contents, preview


def _remember(preview: PreviewCart, item: ProductItem) -> None:
    preview.billing_cycle = item.billing_cycle
    preview.quantity = item.quantity
    preview.options = _options_of(item)
    preview.addons = sorted(addon.id for addon in item.addons)


def _apply_changes(visitor: Visitor, preview: PreviewCart, item: ProductItem) -> CartContents:
    cart = visitor.whmcs.stateless_rest.cart
    cart_id, item_id = preview.cart_id, preview.item_id
    contents: CartContents | None = None
    if (item.billing_cycle, item.quantity) != (preview.billing_cycle, preview.quantity):
        change = ProductItemChange(billing_cycle=item.billing_cycle, quantity=item.quantity)
        contents = cart.update_item(cart_id, item_id, change)
    wanted_options = _options_of(item)
    changed = [
        ConfigOptionInput(int(option_id), value)
        for option_id, value in wanted_options.items()
        if preview.options.get(option_id) != value
    ]
    if changed:
        contents = cart.set_config_options(cart_id, item_id, changed)
    wanted_addons = sorted(addon.id for addon in item.addons)
    if wanted_addons != preview.addons:
        if set(preview.addons) - set(wanted_addons):
            contents = cart.remove_addons(cart_id, item_id)
            to_add = wanted_addons
        else:
            to_add = [a for a in wanted_addons if a not in preview.addons]
        if to_add:
            contents = cart.add_addons(cart_id, item_id, [AddonChoice(a) for a in to_add])
    _remember(preview, item)
    return contents if contents is not None else cart.contents(cart_id)


def safe_price_configuration(
    visitor: Visitor, item: ProductItem
) -> tuple[CartContents | None, str]:
    """The priced preview, or None and WHMCS's reason when it refuses the configuration."""
    try:
        return price_configuration(visitor, item), ""
    except InvalidInput as refused:
        cache.delete(keys.preview(visitor.id))
        return None, refused.message


def try_promotion(visitor: Visitor, code: str) -> tuple[CartContents | None, str]:
    """Whether WHMCS takes `code` for the configuration being previewed: the preview priced
    with it (and kept with it while this product is configured), or None and WHMCS's reason.
    """
    preview = _load(visitor.id)
    if preview is None:
        return None, ""
    cart = visitor.whmcs.stateless_rest.cart
    turn = f"{keys.preview(visitor.id)}:turn"
    with hold(cache, turn, ttl=PREVIEW_TURN_WAIT * 2, wait=PREVIEW_TURN_WAIT, busy=VisitorBusy):
        try:
            contents = cart.apply_promotion(preview.cart_id, code)
        except InvalidInput as refused:
            return None, refused.message
        except NotFound:
            return None, ""
        preview.promo = code
        _save(visitor.id, preview)
    return contents, ""
