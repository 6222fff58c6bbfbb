"""Cart links: the builder and lists (staff and marketers), opening a link, saving a cart.

Staff (a WHMCS admin signed in to the console) build quotes; marketers (a Django user with
the `cartlinks.create` permission; the template permission is not enough) build campaign
links. Every change is a POST answered by a redirect (or the page again, with the errors
beside the fields), so everything works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from storefront.catalog.configure import ConfigureForm, product_offer
from storefront.visitor import clients
from whmcs_gateway.errors import NotFound, Unauthorized, WhmcsError

from . import pages, services
from .forms import (
    CampaignForm,
    ChangeForm,
    DomainForm,
    PricingForm,
    ProductChoiceForm,
    QuoteForm,
    end_of,
)
from .items import domain_record, product_record
from .models import CartLink
from .signing import token_for

PERMISSION = "cartlinks.create"
View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Maker:
    """Who builds links here: a staff member (quotes) or a marketer (campaign links)."""

    actor: str
    is_staff: bool

    @property
    def kind(self) -> str:
        return CartLink.Kind.QUOTE if self.is_staff else CartLink.Kind.CAMPAIGN

    @property
    def kinds(self) -> tuple[str, ...]:
        # Staff see every link (and may revoke any); marketers see campaign links.
        return tuple(CartLink.Kind) if self.is_staff else (CartLink.Kind.CAMPAIGN,)


def maker_of(request: HttpRequest) -> Maker | None:
    member = request.visitor.staff_member
    if member is not None:
        return Maker(actor=member.username, is_staff=True)
    user = request.user
    if user.is_authenticated and user.has_perm(PERMISSION):
        return Maker(actor=f"{user.get_username()} (marketer)", is_staff=False)
    return None


def maker_required(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        maker = maker_of(request)
        if maker is None:
            if request.user.is_authenticated:
                raise PermissionDenied("Cart links need the cartlinks.create permission.")
            return redirect(f"{reverse('staff:login')}?next={request.path}")
        try:
            return view(request, maker, *args, **kwargs)
        except Unauthorized:
            messages.warning(request, "Your WHMCS admin session has ended. Please log in again.")
            return redirect("staff:login")

    return never_cache(guarded)


# -- the builder ------------------------------------------------------------------------------


def _currencies(catalog: Any) -> list[str]:
    return [c.code for c in catalog.currencies() if c.code]


def _draft(request: HttpRequest, maker: Maker) -> services.Draft:
    catalog = clients.catalog()
    return services.draft_of(request.visitor, maker.kind, _currencies(catalog)[0])


def _builder(
    request: HttpRequest,
    maker: Maker,
    *,
    status: int = 200,
    priced: services.Priced | None = None,
    **forms: Any,
) -> HttpResponse:
    draft = _draft(request, maker)
    catalog = clients.catalog(draft.currency or None)
    if priced is None or priced.contents is None:
        priced = services.price(request.visitor, draft.items, draft.currency, draft.promo_code)
    products = [(p.id, p.name or f"Product {p.id}") for p in catalog.products()]
    chosen = forms.pop("configure_form", None)
    product_id = request.GET.get("product") or request.POST.get("product")
    if chosen is None and product_id and product_id.isdigit():
        try:
            chosen = ConfigureForm(offer=product_offer(catalog, int(product_id)))
        except NotFound:
            chosen = None
    pricing_form = forms.pop("pricing_form", None) or PricingForm(
        initial={"currency": draft.currency, "promo_code": draft.promo_code},
        currencies=_currencies(catalog),
    )
    if priced.promo_problem and not pricing_form.errors:
        pricing_form.add_error("promo_code", priced.promo_problem)
    terms_class = QuoteForm if maker.is_staff else CampaignForm
    context = {
        "maker": maker,
        "draft": draft,
        "priced": priced,
        "lines": pages.priced_lines(draft.items, priced),
        "pricing_form": pricing_form,
        "choice_form": ProductChoiceForm(initial={"product": product_id}, products=products),
        "configure_form": chosen,
        "domain_form": forms.pop("domain_form", None) or DomainForm(),
        "terms_form": forms.pop("terms_form", None) or terms_class(),
    }
    return render(request, "staff/cartlinks/new.html", context, status=status)


@require_GET
@maker_required
def new(request: HttpRequest, maker: Maker) -> HttpResponse:
    return _builder(request, maker)


@require_POST
@maker_required
def add_product(request: HttpRequest, maker: Maker) -> HttpResponse:
    draft = _draft(request, maker)
    product_id = request.POST.get("product", "")
    if not product_id.isdigit():
        messages.error(request, "Choose a product first.")
        return redirect("cartlinks:new")
    try:
        offer = product_offer(clients.catalog(draft.currency or None), int(product_id))
    except NotFound:
        messages.error(request, "That product is no longer on sale.")
        return redirect("cartlinks:new")
    form = ConfigureForm(request.POST, offer=offer)
    if form.is_valid():
        item = form.to_item()
        record = product_record(
            offer.product.id,
            offer.product.name or "",
            item.billing_cycle,
            quantity=item.quantity,
            config_options=[(o.id, o.value) for o in item.config_options],
            addons=[a.id for a in item.addons],
            custom_fields=[(f.id, f.value) for f in item.custom_fields],
        )
        priced = services.add_to_draft(request.visitor, draft, record)
        if priced.contents is not None:
            messages.success(request, f"{offer.product.name} added.")
            return redirect("cartlinks:new")
        form.add_error(None, _refusal(priced))
    return _builder(request, maker, status=422, configure_form=form)


def _refusal(priced: services.Priced) -> str:
    if priced.unavailable:
        return "WHMCS is not answering right now, so nothing was added. Please try again."
    return f"WHMCS refused it: {priced.items_problem}"


@require_POST
@maker_required
def add_domain(request: HttpRequest, maker: Maker) -> HttpResponse:
    draft = _draft(request, maker)
    form = DomainForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        record = domain_record(data["kind"], data["name"], data["period"], data["epp_code"])
        priced = services.add_to_draft(request.visitor, draft, record)
        if priced.contents is not None:
            messages.success(request, f"{data['name']} added.")
            return redirect("cartlinks:new")
        form.add_error("name", _refusal(priced))
    return _builder(request, maker, status=422, domain_form=form)


@require_POST
@maker_required
def set_pricing(request: HttpRequest, maker: Maker) -> HttpResponse:
    draft = _draft(request, maker)
    form = PricingForm(request.POST, currencies=_currencies(clients.catalog()))
    if form.is_valid():
        draft.currency = form.cleaned_data["currency"]
        draft.promo_code = form.cleaned_data["promo_code"]
        priced = services.price(request.visitor, draft.items, draft.currency, draft.promo_code)
        if not priced.promo_problem and not priced.items_problem:
            services.keep_draft(request.visitor, draft)
            messages.success(request, "Pricing updated.")
            return redirect("cartlinks:new")
        if priced.promo_problem:
            form.add_error("promo_code", f"WHMCS refused it: {priced.promo_problem}")
        else:
            form.add_error("currency", _refusal(priced))
    return _builder(request, maker, status=422, pricing_form=form)


@require_POST
@maker_required
def remove_item(request: HttpRequest, maker: Maker, index: int) -> HttpResponse:
    draft = _draft(request, maker)
    if index < len(draft.items):
        draft.items.pop(index)
        services.keep_draft(request.visitor, draft)
        messages.success(request, "Item removed.")
    return redirect("cartlinks:new")


@require_POST
@maker_required
def start_over(request: HttpRequest, maker: Maker) -> HttpResponse:
    services.forget_draft(request.visitor)
    messages.success(request, "The draft was emptied.")
    return redirect("cartlinks:new")


@require_POST
@maker_required
def create(request: HttpRequest, maker: Maker) -> HttpResponse:
    draft = _draft(request, maker)
    form, terms = _terms(request, maker)
    if not draft.items:
        form.add_error(None, "Add at least one product or domain first.")
    if form.errors or terms is None:
        return _builder(request, maker, status=422, terms_form=form)
    made = services.make_link(request.visitor, draft, terms, actor=maker.actor)
    if made.link is None:
        if made.priced.promo_problem:
            form.add_error(None, f"The promo code was refused: {made.priced.promo_problem}")
        else:
            form.add_error(None, _refusal(made.priced))
        return _builder(request, maker, status=422, terms_form=form, priced=made.priced)
    messages.success(request, "Link created. Copy it below and send it.")
    return redirect("cartlinks:detail", public_id=made.link.public_id)


def _terms(request: HttpRequest, maker: Maker) -> tuple[Any, services.LinkTerms | None]:
    if not maker.is_staff:
        form = CampaignForm(request.POST)
        if not form.is_valid():
            return form, None
        data = form.cleaned_data
        return form, services.LinkTerms(
            expires_at=end_of(data["expires_on"]),
            name=data["name"],
            note=data["note"],
            max_uses=data["max_uses"],
        )
    email = request.POST.get("customer_email", "").strip()
    found: list[services.ClientChoice] = []
    if email and "@" in email:
        try:
            found = services.clients_of(request.visitor, email)
        except Unauthorized:
            raise
        except WhmcsError:
            found = []
    form = QuoteForm(request.POST, clients=[(c.uuid, c.label) for c in found])
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    chosen: services.ClientChoice | None = None
    if data["customer_email"]:
        if not found:
            form.add_error("customer_email", "No customer has this email address in WHMCS.")
            return form, None
        if len(found) == 1:
            chosen = found[0]
        else:
            chosen = next((c for c in found if c.uuid == data["client"]), None)
            if chosen is None:
                form.add_error(
                    "client",
                    f"This customer has {len(found)} client accounts: choose the one to quote.",
                )
                return form, None
    return form, services.LinkTerms(
        expires_at=end_of(data["expires_on"]),
        note=data["note"],
        max_uses=data["max_uses"],
        client_uuid=chosen.uuid if chosen else "",
        client_label=chosen.label if chosen else "",
        client_email=data["customer_email"] if chosen else "",
    )


# -- links made -------------------------------------------------------------------------------


@require_GET
@maker_required
def link_list(request: HttpRequest, maker: Maker) -> HttpResponse:
    links = services.links_for(kinds=maker.kinds)
    context = {"maker": maker, "rows": pages.link_rows(links), "now": timezone.now()}
    return render(request, "staff/cartlinks/list.html", context)


def _link_or_404(maker: Maker, public_id: str) -> CartLink:
    link = services.link_by_id(public_id, kinds=maker.kinds)
    if link is None:
        raise Http404("No such link")
    return link


def _detail(request: HttpRequest, maker: Maker, link: CartLink, form=None, status=200):
    form = form or ChangeForm(
        initial={
            "name": link.name,
            "note": link.note,
            "expires_on": timezone.localtime(link.expires_at).date(),
            "max_uses": link.max_uses,
        }
    )
    context = {
        "maker": maker,
        "link": link,
        "lines": pages.priced_lines(link.items),
        "url": request.build_absolute_uri(services.link_path(link)),
        "form": form,
    }
    return render(request, "staff/cartlinks/detail.html", context, status=status)


@require_GET
@maker_required
def detail(request: HttpRequest, maker: Maker, public_id: str) -> HttpResponse:
    return _detail(request, maker, _link_or_404(maker, public_id))


@require_POST
@maker_required
def change(request: HttpRequest, maker: Maker, public_id: str) -> HttpResponse:
    link = _link_or_404(maker, public_id)
    form = ChangeForm(request.POST)
    if link.is_revoked:
        form.add_error(None, "A revoked link cannot be changed.")
    if not form.is_valid():
        return _detail(request, maker, link, form=form, status=422)
    data = form.cleaned_data
    changes = {
        "name": data["name"],
        "note": data["note"],
        "expires_at": end_of(data["expires_on"]),
        "max_uses": data["max_uses"],
    }
    if services.change_link(request.visitor, link, changes, actor=maker.actor):
        messages.success(request, "Link changed.")
    else:
        messages.info(request, "Nothing was changed.")
    return redirect("cartlinks:detail", public_id=link.public_id)


@require_POST
@maker_required
def revoke(request: HttpRequest, maker: Maker, public_id: str) -> HttpResponse:
    link = _link_or_404(maker, public_id)
    if services.revoke_link(request.visitor, link, actor=maker.actor):
        messages.success(request, "Link revoked: it no longer opens.")
    else:
        messages.info(request, "This link was revoked already.")
    return redirect("cartlinks:detail", public_id=link.public_id)


# -- customers: opening a link, saving a cart ------------------------------------------------


@never_cache
@require_GET
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """Recreate the link's cart and land on it; or a page saying what is wrong with the link."""
    opened = services.open_link(request.visitor, token)
    if opened.problem:
        context = pages.problem_page(
            opened.problem,
            link_path=request.path,
            retry_minutes=opened.retry_minutes,
            client_label=opened.client_label,
        )
        return render(request, "cartlinks/problem.html", context, status=context["status"])
    link = opened.link
    if link is not None and link.note:
        messages.info(request, f"A note for you: {link.note}")
    for notice in opened.notices:
        messages.warning(request, notice)
    if opened.item_count:
        count = opened.item_count
        messages.success(request, f"Your cart is ready: {count} item{'s' if count > 1 else ''}.")
    else:
        messages.error(request, "Nothing from this link could be put in your cart.")
    return redirect("cart:cart")


@never_cache
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    saved = services.save_cart(request.visitor)
    if saved.link is None:
        messages.error(request, saved.problem)
        return redirect("cart:cart")
    url = request.build_absolute_uri(
        reverse("cartlinks:open", args=[token_for(saved.link.public_id)])
    )
    context = pages.saved_page(url, saved.left_out, saved.link.expires_at, len(saved.link.items))
    return render(request, "cartlinks/saved.html", context)
