"""REST v2 /cart*: carts, items and their extras, promotions, geolocation, checkout.

Every mutation answers with the whole CartContents, as WHMCS does, so a storefront can render
from the one response. Ownership: a guest cart is reachable by its id alone; the first request
that touches it with a logged-in user's state makes it that user's; any other user gets 404.
"""

from __future__ import annotations

from typing import Any

from ..cart_input import (
    addon_lines,
    billing_cycle,
    check_period_priced,
    config_option_value,
    config_option_values,
    custom_field_value,
    custom_field_values,
    domain_name,
    domain_options,
    parse_item,
    quantity_of,
)
from ..cart_json import cart_contents, config_option_json, currency_of, custom_field_json
from ..cart_validation import validation_errors
from ..carts import (
    CART_ID_LENGTH,
    ITEM_ID_LENGTH,
    BundleItem,
    Cart,
    CartItem,
    DomainItem,
    ProductItem,
    RenewalItem,
    carts_of_user,
    create_cart,
    looks_like_id,
)
from ..errors import ApiError, BadRequest, NotFound, Unprocessable
from ..orders import checkout_url
from ..pricing import effective_option_values
from ..promotions import PromotionRefused, check_usable, find_promotion
from ..request import Request
from ..responses import paged
from ..routing import route
from ..totals import cart_charges
from .common import active_client, current_currency, require_user

MAX_ITEMS_PER_REQUEST = 50


# -- finding carts and items --------------------------------------------------------------


def load_cart(request: Request) -> Cart:
    cart_id = request.params["cart_id"]
    cart = request.world.carts.get(cart_id) if looks_like_id(cart_id, CART_ID_LENGTH) else None
    session = request.session
    user_id = session.user_id if session is not None else None
    if cart is None or (cart.owner_user_id is not None and cart.owner_user_id != user_id):
        raise NotFound("Cart not found")
    if user_id is not None:
        adopt(request, cart, user_id)
    return cart


def adopt(request: Request, cart: Cart, user_id: int) -> None:
    """A logged-in user's cart follows the active client: its currency and its tax address."""
    cart.owner_user_id = user_id
    client = active_client(request)
    if client is not None and cart.client_id != client.id:
        cart.client_id = client.id
        cart.currency_code = client.currency_code
        cart.geolocation = None


def find_item(cart: Cart, item_id: str) -> CartItem:
    if looks_like_id(item_id, ITEM_ID_LENGTH):
        for item in cart.items:
            members = [item, *item.children] if isinstance(item, BundleItem) else [item]
            for member in members:
                if member.item_id == item_id:
                    return member
    raise Unprocessable("Invalid Item Id")


def product_item(cart: Cart, item_id: str) -> ProductItem:
    item = find_item(cart, item_id)
    if not isinstance(item, ProductItem):
        raise Unprocessable("Invalid Product ID")
    return item


def contents(request: Request, cart: Cart) -> dict[str, Any]:
    return cart_contents(request, cart)


# -- carts ----------------------------------------------------------------------------------


@route("POST", "/cart")
def new_cart(request: Request) -> dict[str, Any]:
    """A user's cart takes the client's currency; a guest's the ?currency= extension."""
    client = active_client(request)
    currency = request.world.catalog.currency(client.currency_code) if client else None
    cart = create_cart(request.world, (currency or current_currency(request)).code)
    session = request.session
    if session is not None and session.user_id is not None:
        adopt(request, cart, session.user_id)
    return {"id": cart.id}


@route("GET", "/cart")
def list_carts(request: Request) -> Any:
    user = require_user(request)
    return paged([{"id": cart.id} for cart in carts_of_user(request.world, user.id)], request.page)


@route("GET", "/cart/{cart_id}")
def get_cart(request: Request) -> dict[str, Any]:
    page = request.page
    cart = load_cart(request)
    return cart_contents(request, cart, page.slice(cart.items))


@route("POST", "/cart/{cart_id}/validate")
def validate_cart(request: Request) -> dict[str, Any]:
    return {"validation_errors": validation_errors(request.world, load_cart(request))}


@route("GET", "/cart/{cart_id}/counter")
def cart_counter(request: Request) -> dict[str, Any]:
    return {"counter": load_cart(request).counter()}


# -- items ----------------------------------------------------------------------------------


@route("POST", "/cart/{cart_id}/items")
def add_items(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    raw_items = request.field_list("items", max_items=MAX_ITEMS_PER_REQUEST) or []
    if not raw_items:
        raise Unprocessable("The items field must contain at least one item.")
    client = active_client(request)
    # All or nothing: one bad item refuses the whole request.
    parsed = [parse_item(request.world, client, raw, cart.currency_code) for raw in raw_items]
    cart.items.extend(parsed)
    return contents(request, cart)


@route("DELETE", "/cart/{cart_id}/items")
def empty_cart(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    cart.items.clear()
    return contents(request, cart)


@route("POST", "/cart/{cart_id}/items/{item_id}")
def update_item(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = find_item(cart, request.params["item_id"])
    if isinstance(item, ProductItem):
        update_product(request, cart, item)
    elif isinstance(item, DomainItem | RenewalItem) and item.type in (
        "domain_register",
        "domain_transfer",
        "domain_renewal",
    ):
        update_domain(request, cart, item)
    else:
        raise Unprocessable("This item cannot be updated.")
    return contents(request, cart)


def update_product(request: Request, cart: Cart, item: ProductItem) -> None:
    if request.field_str("type", required=False, max_length=32) not in (None, "product"):
        raise Unprocessable("The type field must be product for a product item.")
    product = request.world.catalog.product(item.product_id)
    if product is None:
        raise Unprocessable("Invalid Product ID")
    cycle = billing_cycle(request.field("billing_cycle"), product, cart.currency_code)
    quantity = quantity_of(request.json.get("quantity"), product)
    item.billing_cycle, item.quantity = cycle, quantity


def update_domain(request: Request, cart: Cart, item: DomainItem | RenewalItem) -> None:
    kind = request.field_str("type", max_length=32)
    if kind != item.type:
        raise Unprocessable(f"The type field must be {item.type} for this item.")
    maximum = 10 if item.type == "domain_register" else 9
    period = request.field_int("period", minimum=1, maximum=maximum)
    previous = item.period
    item.period = period
    if isinstance(item, DomainItem):
        try:
            check_period_priced(request.world, item, cart.currency_code)
        except ApiError:
            item.period = previous
            raise
        domain_options(item, request.json)


@route("DELETE", "/cart/{cart_id}/items/{item_id}")
def remove_item(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = find_item(cart, request.params["item_id"])
    if item not in cart.items:
        raise Unprocessable("Remove the whole bundle instead of one of its items.")
    cart.items.remove(item)
    return contents(request, cart)


# -- addons, custom fields, configurable options, domain of a product item ----------------


def _product_of(request: Request, item: ProductItem) -> Any:
    product = request.world.catalog.product(item.product_id)
    if product is None:
        raise Unprocessable("Invalid Product ID")
    return product


@route("POST", "/cart/{cart_id}/items/{item_id}/addon")
def add_addons(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = product_item(cart, request.params["item_id"])
    lines = addon_lines(request.world, _product_of(request, item), request.field_list("addons"))
    chosen = {line.addon_id for line in lines}
    item.addons = [line for line in item.addons if line.addon_id not in chosen] + lines
    return contents(request, cart)


@route("DELETE", "/cart/{cart_id}/items/{item_id}/addons")
def remove_addons(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    product_item(cart, request.params["item_id"]).addons.clear()
    return contents(request, cart)


@route("POST", "/cart/{cart_id}/items/{item_id}/customfields")
def set_custom_fields(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = product_item(cart, request.params["item_id"])
    product = _product_of(request, item)
    item.custom_fields.update(
        custom_field_values(request.world, product, request.field_list("custom_fields"))
    )
    return contents(request, cart)


@route("DELETE", "/cart/{cart_id}/items/{item_id}/customfields")
def clear_custom_fields(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    product_item(cart, request.params["item_id"]).custom_fields.clear()
    return contents(request, cart)


def _custom_field(request: Request, item: ProductItem) -> Any:
    field_id = request.params["custom_field_id"]
    definition = next(
        (
            f
            for f in request.world.catalog.custom_fields
            if f.id == field_id and f.product_id == item.product_id
        ),
        None,
    )
    if definition is None:
        raise NotFound("Custom field not found")
    return definition


@route("GET", "/cart/{cart_id}/items/{item_id}/customfields/{custom_field_id:int}")
def get_custom_field(request: Request) -> dict[str, Any]:
    item = product_item(load_cart(request), request.params["item_id"])
    definition = _custom_field(request, item)
    return custom_field_json(definition, item.custom_fields.get(definition.id))


@route("POST", "/cart/{cart_id}/items/{item_id}/customfields/{custom_field_id:int}")
def set_custom_field(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = product_item(cart, request.params["item_id"])
    definition = _custom_field(request, item)
    if "value" not in request.json:
        raise Unprocessable("The value field is required.")
    product = _product_of(request, item)
    value = custom_field_value(request.world, product, definition.id, request.json["value"])
    item.custom_fields[definition.id] = value
    return contents(request, cart)


@route("DELETE", "/cart/{cart_id}/items/{item_id}/customfields/{custom_field_id:int}")
def clear_custom_field(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = product_item(cart, request.params["item_id"])
    item.custom_fields.pop(_custom_field(request, item).id, None)
    return contents(request, cart)


@route("POST", "/cart/{cart_id}/items/{item_id}/configoptions")
def set_config_options(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = product_item(cart, request.params["item_id"])
    raw = request.field_list("config_options")
    item.config_options.update(config_option_values(request.world, _product_of(request, item), raw))
    return contents(request, cart)


@route("DELETE", "/cart/{cart_id}/items/{item_id}/configoptions")
def reset_config_options(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    product_item(cart, request.params["item_id"]).config_options.clear()
    return contents(request, cart)


def _config_option(request: Request, item: ProductItem) -> tuple[Any, Any]:
    option_id = request.params["config_option_id"]
    for option, value in effective_option_values(request.world.catalog, item):
        if option.id == option_id:
            return option, value
    raise NotFound("Configurable option not found")


@route("GET", "/cart/{cart_id}/items/{item_id}/configoptions/{config_option_id:int}")
def get_config_option(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = product_item(cart, request.params["item_id"])
    option, value = _config_option(request, item)
    return config_option_json(option, value, item, currency_of(request, cart))


@route("POST", "/cart/{cart_id}/items/{item_id}/configoptions/{config_option_id:int}")
def set_config_option(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = product_item(cart, request.params["item_id"])
    option, _ = _config_option(request, item)
    if "value" not in request.json:
        raise Unprocessable("The value field is required.")
    product = _product_of(request, item)
    value = config_option_value(request.world, product, option.id, request.json["value"])
    if value is None:
        item.config_options.pop(option.id, None)
    else:
        item.config_options[option.id] = value
    return contents(request, cart)


@route("DELETE", "/cart/{cart_id}/items/{item_id}/configoptions/{config_option_id:int}")
def reset_config_option(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = product_item(cart, request.params["item_id"])
    item.config_options.pop(_config_option(request, item)[0].id, None)
    return contents(request, cart)


@route("POST", "/cart/{cart_id}/items/{item_id}/domain")
def attach_domain(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    item = product_item(cart, request.params["item_id"])
    item.domain = domain_name(request.field("domain_name"), "domain_name")
    return contents(request, cart)


# -- promotions, geolocation, checkout ------------------------------------------------------


@route("GET", "/cart/{cart_id}/promotions")
def list_promotions(request: Request) -> Any:
    page = request.page
    cart = load_cart(request)
    promotion = find_promotion(request.world, cart.promotion_code) if cart.promotion_code else None
    return paged([promotion.as_api(cart.currency_code)] if promotion else [], page)


@route("POST", "/cart/{cart_id}/promotions")
def apply_promotion(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    code = request.field_str("code", min_length=1, max_length=64) or ""
    promotion = find_promotion(request.world, code)
    if promotion is None:
        raise Unprocessable("Invalid Promotion Code: the promotion code entered does not exist")
    try:
        check_usable(request.world, promotion, cart_charges(request.world, cart), cart.client_id)
    except PromotionRefused as refusal:
        raise Unprocessable(f"Invalid Promotion Code: {refusal}") from None
    cart.promotion_code = promotion.code
    return contents(request, cart)


@route("DELETE", "/cart/{cart_id}/promotions")
def remove_promotion(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    cart.promotion_code = None
    return contents(request, cart)


@route("POST", "/cart/{cart_id}/geolocation")
def set_geolocation(request: Request) -> dict[str, Any]:
    cart = load_cart(request)
    if cart.client_id is not None:
        raise Unprocessable(
            "Geolocation applies to guests only: the client's billing address sets the tax."
        )
    code = request.field_str("country_code", min_length=2, max_length=3) or ""
    country = request.world.catalog.country(code)
    if country is None:
        raise Unprocessable(f"Invalid country code: {code}")
    state = (request.field_str("state", required=False, max_length=64) or "").strip()
    if state and country.states:
        match = next(
            (c for c, name in country.states if state.upper() in (c.upper(), name.upper())), None
        )
        if match is None:
            raise Unprocessable(f"Invalid state for {country.code}: {state}")
        state = match
    cart.geolocation = (country.code, state)
    return contents(request, cart)


@route("POST", "/cart/{cart_id}/checkout")
def begin_checkout(request: Request) -> Any:
    cart = load_cart(request)
    errors = validation_errors(request.world, cart)
    if not cart.items:
        errors = [{"item_id": "", "errors": ["Your shopping cart is empty"]}]
    if errors:
        raise BadRequest("Cart validation failure", body={"data": {"validation_errors": errors}})
    return {"url": checkout_url(request.world, cart)}
