"""The staff console's pages: a form, one service call, a page. All state changes are POSTs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from storefront.web.urls import safe_next
from whmcs_gateway.errors import Unauthorized

from . import services
from .forms import (
    AuditFilterForm,
    LoginForm,
    MasqueradeForm,
    OrderFilterForm,
    PageForm,
    SearchForm,
    SecondFactorForm,
)

View = Callable[..., HttpResponse]

SESSION_ENDED = "Your WHMCS admin session has ended. Please log in again."


def staff_required(view: View) -> View:
    """Only a staff login gets in; anyone else (guest or customer) is sent to the staff login."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.visitor.staff_member is None:
            return redirect(f"{reverse('staff:login')}?next={request.path}")
        try:
            return view(request, *args, **kwargs)
        except Unauthorized:
            # WHMCS forgot the admin (expired, or logged out in WHMCS itself).
            services.forget_expired_admin_session(request.visitor)
            messages.warning(request, SESSION_ENDED)
            return redirect("staff:login")

    return guarded


def _next_page(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = safe_next(request, target, default="")
    return safe if safe.startswith("/staff/") else reverse("staff:home")


# -- login and logout -------------------------------------------------------------------------


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.visitor.staff_member:
        return redirect("staff:home")
    form = LoginForm(request.POST or None)
    if form.is_valid():
        outcome = services.log_in(
            request.visitor, form.cleaned_data["username"], form.cleaned_data["password"]
        )
        if outcome.done:
            return redirect(_next_page(request))
        if outcome.needs_second_factor:
            return redirect(f"{reverse('staff:verify')}?{urlencode({'next': _next_page(request)})}")
        form.add_error(None, outcome.problem)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "next": _next_page(request)}
    return render(request, "staff/login.html", context, status=status)


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if services.pending_login(request.visitor) is None:
        return redirect("staff:login")
    form = SecondFactorForm(request.POST or None)
    if form.is_valid():
        outcome = services.verify_second_factor(request.visitor, form.cleaned_data["code"])
        if outcome.done:
            return redirect(_next_page(request))
        if not outcome.needs_second_factor:
            messages.error(request, outcome.problem)
            return redirect("staff:login")
        form.add_error("code", outcome.problem)
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "next": _next_page(request),
        "username": services.pending_login(request.visitor),
    }
    return render(request, "staff/verify.html", context, status=status)


@require_POST
@staff_required
def logout(request: HttpRequest) -> HttpResponse:
    services.log_out(request.visitor)
    messages.success(request, "You are logged out of the staff console.")
    return redirect("staff:login")


# -- the console ------------------------------------------------------------------------------


@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/home.html", {"search_form": SearchForm()})


@require_GET
@staff_required
def search(request: HttpRequest, kind: str) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = services.search(
            request.visitor, kind, form.cleaned_data["query"], form.cleaned_data["page"]
        )
    context = {"form": form, "kind": kind, "results": results}
    return render(request, "staff/search.html", context)


@require_POST
@staff_required
def masquerade_start(request: HttpRequest) -> HttpResponse:
    form = MasqueradeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a user or client from the search results.")
        return redirect("staff:home")
    outcome = services.start_masquerade(
        request.visitor, form.cleaned_data["kind"], form.cleaned_data["target_id"]
    )
    if outcome.masquerade is None:
        messages.error(request, outcome.problem)
        return redirect("staff:home")
    messages.info(request, f"You are now seeing the shop as {outcome.masquerade.customer}.")
    return redirect("catalog:store_front")


@require_POST
@staff_required
def masquerade_stop(request: HttpRequest) -> HttpResponse:
    stopped = services.stop_masquerade(request.visitor)
    if stopped:
        messages.success(request, f"You stopped masquerading as {stopped.customer}.")
    return redirect("staff:home")


# -- the customer's carts ---------------------------------------------------------------------


@require_GET
@staff_required
def carts(request: HttpRequest) -> HttpResponse:
    masquerade = request.visitor.masquerade
    form = PageForm(request.GET)
    page = form.cleaned_data["page"] if form.is_valid() else 1
    found = services.customers_carts(request.visitor, page) if masquerade else None
    return render(request, "staff/carts.html", {"carts": found, "masquerade": masquerade})


@require_GET
@staff_required
def cart_detail(request: HttpRequest, cart_id: str) -> HttpResponse:
    if request.visitor.masquerade is None:
        messages.warning(request, "Masquerade as the customer to open their carts.")
        return redirect("staff:carts")
    inspection = services.inspect_cart(request.visitor, cart_id)
    status = 404 if inspection.contents is None else 200
    return render(request, "staff/cart.html", {"inspection": inspection}, status=status)


# -- orders, promotions, products -------------------------------------------------------------


@require_GET
@staff_required
def orders(request: HttpRequest) -> HttpResponse:
    form = OrderFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "staff/orders.html", {"form": form, "orders": None}, status=400)
    found = services.list_orders(form.cleaned_data["status"], form.cleaned_data["page"])
    return render(request, "staff/orders.html", {"form": form, "orders": found})


def _order_or_404(order_id: int) -> dict:
    order = services.find_order(order_id)
    if order is None:
        raise Http404("No such order")
    return order


@require_GET
@staff_required
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    context = {"order": _order_or_404(order_id), "actions": services.ORDER_ACTIONS.values()}
    return render(request, "staff/order.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def order_action(request: HttpRequest, order_id: int, action: str) -> HttpResponse:
    """GET asks for confirmation; POST (from that page) does it."""
    chosen = services.ORDER_ACTIONS.get(action)
    if chosen is None:
        raise Http404("No such order action")
    if request.method == "GET":
        context = {"order": _order_or_404(order_id), "action": chosen}
        return render(request, "staff/order_confirm.html", context)
    outcome = services.run_order_action(request.visitor, order_id, chosen)
    (messages.success if outcome.succeeded else messages.error)(request, outcome.message)
    if outcome.succeeded and chosen.slug == "delete":
        return redirect("staff:orders")
    return redirect("staff:order", order_id=order_id)


@require_GET
@staff_required
def promotions(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/promotions.html", {"promotions": services.promotions()})


@require_GET
@staff_required
def products(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/products.html", {"products": services.products()})


# -- the audit log ----------------------------------------------------------------------------


@require_GET
@staff_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "staff/audit.html", {"form": form, "entries": None}, status=400)
    entries = services.audit_entries(**form.cleaned_data)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "entries": entries, "filter_query": query.urlencode()}
    return render(request, "staff/audit.html", context)
