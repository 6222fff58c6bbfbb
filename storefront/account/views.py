"""Log in (with a second step for 2FA), choose the client account, log out, services, domains
and renewals. Each view: a form, one service call, a page or a redirect (post/redirect/get)."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from storefront.visitor.cart import new_one_time_token
from storefront.web.urls import safe_next
from whmcs_gateway.errors import NotFound, Unauthorized

from . import pages, services
from .forms import ClientChoiceForm, LoginForm, RenewalForm, SecondFactorForm


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _go(request: HttpRequest, url: str) -> HttpResponse:
    # htmx would swap the target page into the current one; the whole browser must go there.
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _after_login(request: HttpRequest, next_url: str) -> HttpResponse:
    _say_what_changed_in_the_cart(request)
    if services.needs_client_choice(request.visitor):
        return _go(request, _with_next("account:choose_client", next_url))
    return _go(request, safe_next(request, next_url, default=reverse("account:services")))


def _say_what_changed_in_the_cart(request: HttpRequest) -> None:
    """Before the customer goes on: what their account changed in the cart's prices."""
    note = request.visitor.cart_repriced
    if note:
        messages.warning(request, note)
        request.visitor.cart_repriced = ""


def account_required(view):
    """Logged in (both steps), with a client account chosen; a refused state means log in again."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        back_here = request.get_full_path() if request.method == "GET" else ""
        if not request.visitor.account:
            return _go(request, _with_next("account:login", back_here))
        if services.needs_client_choice(request.visitor):
            return _go(request, _with_next("account:choose_client", back_here))
        try:
            return view(request, *args, **kwargs)
        except Unauthorized:
            services.end_expired_login(request.visitor)
            messages.warning(request, services.LOGIN_EXPIRED)
            return _go(request, _with_next("account:login", back_here))

    return wrapper


# -- logging in and out ---------------------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def log_in(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        next_url = safe_next(request, request.GET.get("next"), default="")
        if request.visitor.account:
            return _after_login(request, next_url)
        return _render_login(request, LoginForm(initial={"next": next_url}))
    form = LoginForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        outcome = services.log_in(request.visitor, data["email"], data["password"])
        if outcome.logged_in:
            return _after_login(request, data["next"])
        if outcome.status == "second_factor":
            return _go(request, _with_next("account:second_factor", data["next"]))
        form.add_error(None, outcome.message)
    return _render_login(request, form, status=422)


def _render_login(request: HttpRequest, form: LoginForm, *, status: int = 200) -> HttpResponse:
    return render(request, "account/login.html", pages.form_page(form), status=status)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    if not services.code_step_waiting(request.visitor):
        messages.info(request, services.CODE_STEP_EXPIRED)
        return _go(request, _with_next("account:login", request.GET.get("next", "")))
    if request.method == "GET":
        next_url = safe_next(request, request.GET.get("next"), default="")
        return _render_code(request, SecondFactorForm(initial={"next": next_url}))
    form = SecondFactorForm(request.POST)
    if form.is_valid():
        outcome = services.verify_second_factor(request.visitor, form.cleaned_data["code"])
        if outcome.logged_in:
            return _after_login(request, form.cleaned_data["next"])
        if outcome.status == "restart":
            messages.warning(request, outcome.message)
            return _go(request, _with_next("account:login", form.cleaned_data["next"]))
        form.add_error("code", outcome.message)
    return _render_code(request, form, status=422)


def _render_code(request: HttpRequest, form: SecondFactorForm, *, status: int = 200):
    return render(request, "account/second_factor.html", pages.form_page(form), status=status)


@require_POST
def log_out(request: HttpRequest) -> HttpResponse:
    services.log_out(request.visitor)
    messages.success(request, "You are logged out.")
    return _go(request, "/")


# -- the active client account --------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def choose_client(request: HttpRequest) -> HttpResponse:
    account = request.visitor.account
    if not account:
        return _go(request, _with_next("account:login", request.get_full_path()))
    if request.method == "GET":
        form = ClientChoiceForm(
            clients=account["clients"],
            initial={"client": account["client"], "next": request.GET.get("next", "")},
        )
        return render(request, "account/choose_client.html", pages.form_page(form))
    form = ClientChoiceForm(request.POST, clients=account["clients"])
    if form.is_valid():
        try:
            services.choose_client(request.visitor, form.cleaned_data["client"])
        except Unauthorized:
            services.end_expired_login(request.visitor)
            messages.warning(request, services.LOGIN_EXPIRED)
            return _go(request, reverse("account:login"))
        except NotFound:
            form.add_error("client", "That account is no longer available to you.")
        else:
            label = dict(form.fields["client"].choices)[form.cleaned_data["client"]]
            messages.success(request, f"You are now acting for {label}.")
            _say_what_changed_in_the_cart(request)
            next_url = safe_next(request, form.cleaned_data["next"], default="")
            return _go(request, next_url or reverse("account:services"))
    return render(request, "account/choose_client.html", pages.form_page(form), status=422)


# -- services, domains, renewals ------------------------------------------------------------


@require_GET
def account_home(request: HttpRequest) -> HttpResponse:
    return redirect("account:services")


@never_cache
@require_GET
@account_required
def services_page(request: HttpRequest) -> HttpResponse:
    found = services.services_of_active_client(request.visitor)
    context = pages.services_page(found, once_token=new_one_time_token())
    return render(request, "account/services.html", context)


@never_cache
@require_GET
@account_required
def domains_page(request: HttpRequest) -> HttpResponse:
    found = services.domains_of_active_client(request.visitor)
    context = pages.domains_page(found, once_token=new_one_time_token())
    return render(request, "account/domains.html", context)


@require_POST
@account_required
def renew(request: HttpRequest) -> HttpResponse:
    form = RenewalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That renewal could not be added. Please choose it again.")
        return _go(request, reverse("account:services"))
    data = form.cleaned_data
    outcome = services.renew(
        request.visitor, data["kind"], data["record"], data["period"], data["once"]
    )
    if not outcome.added:
        messages.error(request, outcome.message)
        back = "account:domains" if data["kind"] == "domain" else "account:services"
        return _go(request, reverse(back))
    messages.success(request, outcome.message)
    return _go(request, reverse("cart:cart"))
