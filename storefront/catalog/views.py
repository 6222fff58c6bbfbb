from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from storefront.web.urls import safe_next

from . import services
from .forms import CurrencyForm


@require_GET
def store_front(request: HttpRequest) -> HttpResponse:
    catalog = services.catalog_for(request)
    return render(request, "catalog/store_front.html", {"groups": services.store_front(catalog)})


@require_GET
def group(request: HttpRequest, group_id: int, slug: str = "") -> HttpResponse:
    page = services.group_page(services.catalog_for(request), group_id)
    if slug != page.slug:
        return redirect("catalog:group", group_id=group_id, slug=page.slug, permanent=True)
    return render(request, "catalog/group.html", {"page": page})


@require_POST
def choose_currency(request: HttpRequest) -> HttpResponse:
    catalog = services.catalog_for(request)
    form = CurrencyForm(request.POST, currencies=catalog.currencies())
    back = safe_next(request, request.POST.get("next"))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("currency", ["Choose a currency."])))
        return redirect(back)
    problem = services.switch_currency(request, form.cleaned_data["currency"])
    if problem:
        messages.warning(request, problem)
    return redirect(back)
