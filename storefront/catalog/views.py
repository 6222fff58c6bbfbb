from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from storefront.visitor.cart import new_one_time_token
from storefront.web.pagecache import cached_for_first_visits
from storefront.web.urls import safe_next
from whmcs_gateway.errors import InvalidInput

from . import pages, services
from .configure import ConfigureForm, ProductOffer, product_offer
from .deeplinks import read_link
from .forms import CurrencyForm
from .products import slug_of

ONE_TIME_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")


@require_GET
@cached_for_first_visits
def store_front(request: HttpRequest) -> HttpResponse:
    context = pages.store_front_page(request.visitor.catalog)
    return render(request, "catalog/store_front.html", context)


@require_GET
@cached_for_first_visits
def group(request: HttpRequest, group_id: int, slug: str = "") -> HttpResponse:
    context = pages.group_page(request.visitor.catalog, group_id)
    if slug != context["page"].slug:
        canonical = context["page"].slug
        return redirect("catalog:group", group_id=group_id, slug=canonical, permanent=True)
    return render(request, "catalog/group.html", context)


@require_http_methods(["GET", "POST"])
def choose_currency(request: HttpRequest) -> HttpResponse:
    """Switch the visitor's currency: a display preference, so a GET form (or a link) will do."""
    data = request.POST if request.method == "POST" else request.GET
    form = CurrencyForm(data, currencies=request.visitor.catalog.currencies())
    back = safe_next(request, data.get("next"))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("currency", ["Choose a currency."])))
        return redirect(back)
    switch = services.switch_currency(request.visitor, form.cleaned_data["currency"])
    for level, text in switch.notes:
        messages.add_message(request, getattr(messages, level.upper()), text)
    return redirect(back)


def _once_token(data) -> str:
    """The form's one-time token; it goes into cache keys, so only what we issue is taken."""
    token = data.get("once", "")
    return token if ONE_TIME_TOKEN.fullmatch(token) else new_one_time_token()


def replaced_item(data) -> str | None:
    """The cart item a configure form edits (`edit=` in the cart's link), if well-formed."""
    item_id = data.get("edit", "")
    return item_id if re.fullmatch(r"[A-Za-z0-9]{8}", item_id) else None


@require_http_methods(["GET", "POST"])
def configure(request: HttpRequest, product_id: int, slug: str = "") -> HttpResponse:
    """GET: the configure page (a deep link presets it). POST: add to the cart.

    The page's own forms post price changes to `price`; a POST here without `action=add`
    (links and scripts written for the single-URL form) is a price change too.
    """
    if request.method == "POST" and request.POST.get("action") != "add":
        return _price(request, product_id)
    offer = product_offer(request.visitor.catalog, product_id)
    if request.method == "POST":
        return _add(request, offer)
    canonical = slug_of(offer.product.name, "product")
    if slug != canonical:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("catalog:configure", args=[product_id, canonical]) + query)
    return _configure_from_link(request, offer)


@require_POST
def price(request: HttpRequest, product_id: int, slug: str = "") -> HttpResponse:
    return _price(request, product_id)


def _price(request: HttpRequest, product_id: int) -> HttpResponse:
    """A change of cycle, option or addon: the summary (htmx), or the whole page without JS."""
    offer = product_offer(request.visitor.catalog, product_id)
    form = ConfigureForm(request.POST, offer=offer)
    summary = _summary(request, offer, form)
    if request.htmx:
        html = render_to_string(
            "catalog/configure.html#summary", {"offer": offer, "summary": summary}, request
        )
        if request.POST.get("priced_cycle") != form.price_cycle:
            # Another cycle: the options and addons, priced (and offered) for it, come along.
            context = {"offer": offer, "form": form, "oob": True}
            html += render_to_string("catalog/configure.html#choices", context, request)
        return HttpResponse(html)
    form.hide_unpriced_errors()
    context = pages.configure_page(
        offer,
        form,
        once_token=_once_token(request.POST),
        summary=summary,
        editing=replaced_item(request.POST),
    )
    return render(request, "catalog/configure.html", context)


def _summary(request: HttpRequest, offer: ProductOffer, form: ConfigureForm) -> dict:
    """WHMCS's price for the form; while a priced choice has an error, the usual choice's."""
    priced = services.price_for_summary(request.visitor, offer, form)
    return pages.summary(
        offer, priced.contents, priced.problem, despite_errors=priced.despite_errors
    )


def _add(request: HttpRequest, offer: ProductOffer) -> HttpResponse:
    form = ConfigureForm(request.POST, offer=offer)
    once_token = _once_token(request.POST)
    editing = replaced_item(request.POST)
    if form.is_valid():
        try:
            added = services.add_configuration(
                request.visitor, offer, form, once_token=once_token, replaces=editing
            )
        except InvalidInput as refused:
            # WHMCS's own rules (a pattern Python could not read, stock sold meanwhile...),
            # beside the option or field they are about.
            form.add_whmcs_error(refused.message)
        else:
            for level, text in added.messages:
                messages.add_message(request, getattr(messages, level.upper()), text)
            return redirect(added.next_url)
    # The summary keeps showing what the customer chose, as far as it can be priced.
    summary = _summary(request, offer, form)
    context = pages.configure_page(
        offer, form, once_token=once_token, summary=summary, editing=editing
    )
    return render(request, "catalog/configure.html", context, status=422)


def _configure_from_link(request: HttpRequest, offer: ProductOffer) -> HttpResponse:
    visitor = request.visitor
    currencies = [c.code for c in visitor.catalog.currencies() if c.code]
    link = read_link(request.GET, offer, currencies)
    if link.currency:
        switch = services.switch_currency(visitor, link.currency)
        link.notes.extend(text for _level, text in switch.notes)
        if switch.switched:
            offer = product_offer(visitor.catalog, offer.product.id)
    form = ConfigureForm(offer=offer, initial=link.initial, cycle=link.initial.get("billing_cycle"))
    pricing_form = ConfigureForm(_as_data(form), offer=offer)
    promo = link.promo
    # The first view asks WHMCS nothing: WHMCS's prices from the cached catalog. A campaign's
    # promo code is the exception: WHMCS says whether it applies before it is promised.
    first = None if promo else services.first_summary(offer, pricing_form)
    priced, problem = (None, "") if first else services.price(visitor, offer, pricing_form)
    if promo:
        with_promo, note, keep = services.check_link_promotion(visitor, promo, priced)
        priced = with_promo or priced
        link.notes.append(note)
        promo = promo if keep else None
    if promo or link.domain:
        visitor.remember_link(offer.product.id, promo=promo, domain=link.domain)
    if link.domain:
        link.notes.append(f"{offer.product.name} will be set up for {link.domain}.")
    for note in link.notes:
        messages.info(request, note)
    summary = pages.summary(offer, priced, problem, estimate=first)
    context = pages.configure_page(
        offer,
        form,
        once_token=new_one_time_token(),
        summary=summary,
        editing=replaced_item(request.GET),
    )
    return render(request, "catalog/configure.html", context)


def _as_data(form: ConfigureForm) -> dict:
    """An unbound form's initial values as POST-like data (to price the defaults)."""
    data: dict = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else value
    return data
