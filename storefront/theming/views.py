"""The marketers' editor and pattern library. Every view needs `theming.publish_template`."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from storefront.web.urls import safe_next

from . import patterns, services
from .forms import EditForm
from .fragments import fragment_names, fragment_source
from .models import TemplateRevision
from .rendering import draft_engine, preview_page, render_state, shop_engine

PERMISSION = "theming.publish_template"
PREVIEW_NOTICE = "Preview of your unpublished edit, with sample data. Only you see this page."
PATTERN_NOTICE = "Pattern library: the published templates with sample data."


def marketer_required(view):
    """Anonymous visitors are sent to log in; users without the permission are refused."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("theming:login"))
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied("Editing templates needs the template publishing permission.")
        return view(request, *args, **kwargs)

    return never_cache(guarded)


def _template_or_404(name: str) -> str:
    if name not in services.template_files():
        raise Http404("No such template")
    return name


# -- templates ------------------------------------------------------------------------------


@require_GET
@marketer_required
def template_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "theming/template_list.html", {"templates": services.editable_templates()}
    )


@require_http_methods(["GET", "POST"])
@marketer_required
def edit(request: HttpRequest, name: str) -> HttpResponse:
    name = _template_or_404(name)
    fragment = request.GET.get("fragment", "")
    base_source = services.current_source(name)
    form_args = {"name": name, "fragment": fragment, "base_source": base_source, "request": request}
    if request.method == "GET":
        body = fragment_source(base_source, fragment) if fragment else base_source
        if body is None:
            raise Http404("No such fragment")
        form = EditForm(initial={"source": body}, **form_args)
        return _render_editor(request, form)
    form = EditForm(request.POST, **form_args)
    if not form.is_valid():
        return _render_editor(request, form, status=422)
    action = request.POST.get("action")
    if action == "preview":
        return _preview(request, form)
    if action == "publish":
        whole = form.cleaned_data["whole_source"]
        revision = services.publish(name, whole, request.user, form.cleaned_data["note"])
        messages.success(request, f"Published version {revision.pk} of {name}.")
        return redirect(_edit_url(name, fragment))
    return _render_editor(request, form, checked=True)


def _preview(request: HttpRequest, form: EditForm) -> HttpResponse:
    state = patterns.by_slug(form.cleaned_data["state"]) or patterns.states_of(form.name)[0]
    engine = draft_engine(form.name, form.cleaned_data["whole_source"])
    html = render_state(engine, state, request)
    return _page_response(request, html, state, notice=PREVIEW_NOTICE)


def _render_editor(request, form: EditForm, *, status: int = 200, checked: bool = False):
    context = {
        "form": form,
        "name": form.name,
        "fragment": form.fragment,
        "fragments": fragment_names(form.base_source),
        "current": services.current_revision(form.name),
        "checked": checked,
    }
    return render(request, "theming/edit.html", context, status=status)


def _edit_url(name: str, fragment: str = "") -> str:
    url = reverse("theming:edit", args=[name])
    return f"{url}?fragment={fragment}" if fragment else url


@require_GET
@marketer_required
def history(request: HttpRequest, name: str) -> HttpResponse:
    name = _template_or_404(name)
    context = {"name": name, "revisions": services.history(name)}
    return render(request, "theming/history.html", context)


@require_GET
@marketer_required
def compare(request: HttpRequest, name: str) -> HttpResponse:
    name = _template_or_404(name)
    older = request.GET.get("older", services.DEFAULT)
    newer = request.GET.get("newer", services.DEFAULT)
    valid = {services.DEFAULT} | {str(r.pk) for r in services.history(name)}
    if older not in valid or newer not in valid:
        raise Http404("No such version")
    context = {"name": name, "table": services.compare(name, older, newer)}
    return render(request, "theming/compare.html", context)


@require_POST
@marketer_required
def roll_back(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = get_object_or_404(TemplateRevision, pk=revision_id)
    new = services.roll_back(revision, request.user)
    messages.success(request, f"Version {revision.pk} of {revision.name} is live again.")
    return redirect(reverse("theming:history", args=[new.name]))


@require_POST
@marketer_required
def restore_default(request: HttpRequest, name: str) -> HttpResponse:
    name = _template_or_404(name)
    services.restore_default(name, request.user)
    messages.success(request, f"{name} is back to its default.")
    return redirect(reverse("theming:history", args=[name]))


# -- pattern library ------------------------------------------------------------------------


@require_GET
@marketer_required
def pattern_list(request: HttpRequest) -> HttpResponse:
    return render(request, "theming/pattern_list.html", {"states": patterns.STATES})


@require_GET
@marketer_required
def pattern(request: HttpRequest, slug: str) -> HttpResponse:
    state = patterns.by_slug(slug)
    if state is None:
        raise Http404("No such pattern")
    html = render_state(shop_engine(), state, request)
    return _page_response(request, html, state, notice=PATTERN_NOTICE)


def _page_response(
    request: HttpRequest, html: str, state: patterns.State, *, notice: str
) -> HttpResponse:
    """A full page as rendered, with a notice; a fragment inside the shop's layout."""
    banner = format_html('<p class="notice notice-warning" role="status">{}</p>', notice)
    if "<html" in html[:500].lower():
        return HttpResponse(preview_page(html, banner))
    # The fragment's HTML comes from the (autoescaping) template engine.
    context = {"state": state, "html": mark_safe(html), "notice": notice}  # noqa: S308  # nosec B308 B703
    return render(request, "theming/fragment_page.html", context)


class MarketerLoginView(auth_views.LoginView):
    """Django's login for marketers; `next=` goes through the shop's one check of it."""

    template_name = "theming/login.html"

    def get_success_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next")
        return safe_next(self.request, target, default=reverse("theming:templates"))
