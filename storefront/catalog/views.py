from __future__ import annotations

import re
from contextlib import suppress

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from storefront.cart import services as cart_services
from storefront.web.pagecache import cached_for_first_visits
from storefront.web.urls import safe_next
from whmcs_gateway.errors import InvalidInput

from . import services
from .configure import ConfigureForm, ProductOffer, product_offer
from .deeplinks import read_link
from .forms import CurrencyForm
from .preview import safe_price_configuration


@require_GET
@cached_for_first_visits
def store_front(request: HttpRequest) -> HttpResponse:
    catalog = services.catalog_for(request)
    return render(request, "catalog/store_front.html", {"groups": services.store_front(catalog)})


@require_GET
@cached_for_first_visits
def group(request: HttpRequest, group_id: int, slug: str = "") -> HttpResponse:
    page = services.group_page(services.catalog_for(request), group_id)
    if slug != page.slug:
        return redirect("catalog:group", group_id=group_id, slug=page.slug, permanent=True)
    return render(request, "catalog/group.html", {"page": page})


@require_http_methods(["GET", "POST"])
def choose_currency(request: HttpRequest) -> HttpResponse:
    """Switch the visitor's currency: a display preference, so a GET form (or a link) will do."""
    data = request.POST if request.method == "POST" else request.GET
    catalog = services.catalog_for(request)
    form = CurrencyForm(data, currencies=catalog.currencies())
    back = safe_next(request, data.get("next"))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("currency", ["Choose a currency."])))
        return redirect(back)
    problem = services.switch_currency(request, form.cleaned_data["currency"])
    if problem:
        messages.warning(request, problem)
    return redirect(back)


# What a campaign link asked for, kept for the product it named only.
PENDING_LINK_KEY = "pending_link"
ONE_TIME_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")


def pending_link(request: HttpRequest, product_id: int) -> dict:
    link = request.session.get(PENDING_LINK_KEY) or {}
    return link if link.get("product_id") == product_id else {}


def _remove_quietly(request: HttpRequest, item_id: str) -> None:
    with suppress(InvalidInput):  # already gone: what the customer wanted
        cart_services.remove_item(request.whmcs, item_id)


@require_http_methods(["GET", "POST"])
def configure(request: HttpRequest, product_id: int, slug: str = "") -> HttpResponse:
    catalog = services.catalog_for(request)
    offer = product_offer(catalog, product_id)
    canonical = services.slug_of(offer.product.name, "product")
    if request.method == "GET":
        if slug != canonical:
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return redirect(reverse("catalog:configure", args=[product_id, canonical]) + query)
        return _configure_from_link(request, offer)
    form = ConfigureForm(request.POST, offer=offer)
    once = request.POST.get("once", "")
    if not ONE_TIME_TOKEN.fullmatch(once):  # it goes into cache keys: only what we issue
        once = cart_services.new_one_time_token()
    if request.POST.get("action") != "add":
        return _reprice(request, offer, form, once)
    if not form.is_valid():
        return _render_configure(request, offer, form, once=once, status=422)
    link = pending_link(request, offer.product.id)
    try:
        state = cart_services.add_items(
            request.whmcs, [form.to_item(domain=link.get("domain"))], once=once
        )
    except InvalidInput as refused:
        # WHMCS's own rules (a pattern Python could not read, stock sold meanwhile...).
        form.add_error(None, refused.message)
        return _render_configure(request, offer, form, once=once, status=422)
    replaced = replaced_item(request.POST)
    if replaced:
        # Changing options from the cart: the new configuration takes the old item's place
        # (also when this is a retry of an add that landed before a failure).
        _remove_quietly(request, replaced)
        if not state.repeated:
            messages.success(request, f"{offer.product.name} updated in your cart.")
        return redirect("cart:cart")
    if state.repeated:
        return redirect("cart:cart")  # the same form again: it was added the first time
    request.session.pop(PENDING_LINK_KEY, None)
    if link.get("promo") and state.contents is not None:
        message = cart_services.apply_link_promotion(request.whmcs, link["promo"])
        (messages.success if message.applied else messages.warning)(request, message.text)
    for notice in state.notices:
        messages.warning(request, notice)
    messages.success(request, f"{offer.product.name} is in your cart.")
    domain = link.get("domain")
    item_id = cart_services.newest_item_of(state.contents, offer.product.id)
    if offer.product.is_domain_required and not domain and item_id:
        return redirect(f"/domains/for-item/{item_id}/")
    return redirect("cart:cart")


def replaced_item(data) -> str | None:
    """The cart item a configure form edits (`edit=` in the cart's link), if well-formed."""
    item_id = data.get("edit", "")
    return item_id if re.fullmatch(r"[A-Za-z0-9]{8}", item_id) else None


def _configure_from_link(request: HttpRequest, offer: ProductOffer) -> HttpResponse:
    currencies = [c.code for c in services.catalog_for(request).currencies() if c.code]
    link = read_link(request.GET, offer, currencies)
    if link.currency:
        problem = services.switch_currency(request, link.currency)
        if problem:
            link.notes.append(problem)
        else:
            offer = product_offer(services.catalog_for(request), offer.product.id)
    if link.promo or link.domain:
        request.session[PENDING_LINK_KEY] = {
            "product_id": offer.product.id,
            "promo": link.promo,
            "domain": link.domain,
        }
    if link.promo:
        link.notes.append(
            f"Promo code {link.promo} will be applied when you add this to your cart."
        )
    for note in link.notes:
        messages.info(request, note)
    form = ConfigureForm(offer=offer, initial=link.initial, cycle=link.initial.get("billing_cycle"))
    pricing_form = ConfigureForm(_as_data(form), offer=offer)
    return _render_configure(
        request,
        offer,
        form,
        once=cart_services.new_one_time_token(),
        summary=_summary(request, offer, pricing_form),
        editing=replaced_item(request.GET),
    )


def _reprice(
    request: HttpRequest, offer: ProductOffer, form: ConfigureForm, once: str
) -> HttpResponse:
    """A change of cycle, option or addon: only the summary (htmx), or the whole page."""
    summary = _summary(request, offer, form)
    if request.htmx:
        return render(
            request, "catalog/configure.html#summary", {"offer": offer, "summary": summary}
        )
    form.hide_unpriced_errors()
    return _render_configure(request, offer, form, once=once, summary=summary)


def _summary(request: HttpRequest, offer: ProductOffer, form: ConfigureForm) -> dict:
    if offer.sold_out:
        return {"problem": "This product is sold out."}
    item = form.priced_item()
    if item is None:
        return {"problem": "Fix the choices marked above to see the price."}
    contents, problem = safe_price_configuration(request.whmcs, item)
    return {"contents": contents, "problem": problem}


def _as_data(form: ConfigureForm) -> dict:
    """An unbound form's initial values as POST-like data (to price the defaults)."""
    data: dict = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else value
    return data


def _render_configure(
    request: HttpRequest,
    offer: ProductOffer,
    form: ConfigureForm,
    *,
    once: str,
    summary: dict | None = None,
    status: int = 200,
    editing: str | None = None,
) -> HttpResponse:
    context = {
        "offer": offer,
        "form": form,
        "once": once,
        "summary": summary or {},
        "editing": editing or replaced_item(request.POST),
    }
    return render(request, "catalog/configure.html", context, status=status)
