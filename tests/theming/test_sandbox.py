"""A marketer's template is a sandbox: it reaches no secret, no staff page, no script, and no
endless render. Each test is an attack a marketer with only the template permission tried."""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.test import RequestFactory

from storefront.theming import published
from storefront.theming.models import TemplateRevision
from tests.shop import text_of

from .conftest import default_source, store_edit

pytestmark = pytest.mark.django_db

STORE_FRONT = "catalog/store_front.html"
DEFAULT_HEADLINE = "Web hosting, servers and domains"
EDIT_URL = "/staff/templates/edit/"

# What the attacker printed, and what must never reach the page as a result.
SECRETS = [
    "request.whmcs.transport.config.api_secret",
    "request.COOKIES",
    "request.session.items",
    "user.password",
    "request.META",
    "request.user.password",
    "messages.request.COOKIES",
]


def headline_edit(text: str) -> str:
    return '{% extends "catalog/store_front.html" %}{% block headline %}' + text + "{% endblock %}"


def printed(response) -> str:
    """What the edit printed between its markers."""
    found = re.search(r"\[\[(.*?)\]\]", response.content.decode(), re.S)
    return found.group(1) if found else ""


def secrets_of(client) -> list[str]:
    """Values of this visitor that a page must never show."""
    session = client.session
    return [
        getattr(django_settings, "WHMCS_API_SECRET", "") or "sandbox-secret",
        client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "_auth_user_id",
        "md5$",  # the start of every password hash of these tests
        "HTTP_COOKIE",
        "REMOTE_ADDR",
        *[str(value) for value in session.values() if len(str(value)) > 6],
    ]


@pytest.mark.parametrize("expression", SECRETS)
def test_a_published_edit_prints_no_secret_of_the_visitor(marketer_client, expression):
    store_edit(STORE_FRONT, headline_edit(f"[[{{{{ {expression} }}}}]]"))
    response = marketer_client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    for secret in secrets_of(marketer_client):
        assert secret not in page, f"{expression} printed {secret}"
    assert DEFAULT_HEADLINE in text_of(response) or printed(response) == ""


@pytest.mark.parametrize(
    "source",
    [
        "[[{% for key, value in request.session.items %}{{ key }}={{ value }};{% endfor %}]]",
        "[[{% with secret=request.COOKIES %}{{ secret }}{% endwith %}]]",
        "[[{% firstof user.password request.META %}]]",
        '[[{% include "cart/totals.html" with caption=request.COOKIES %}]]',
        "[[{% if user.password %}{{ user.password }}{% endif %}]]",
        "[[{% cycle request.COOKIES user.password %}]]",
        "[[{{ account_menu|default:request.COOKIES }}]]",
    ],
)
def test_no_tag_reaches_the_request_or_the_user(marketer_client, source):
    store_edit(STORE_FRONT, headline_edit(source))
    page = marketer_client.get("/").content.decode()
    for secret in secrets_of(marketer_client):
        assert secret not in page


def test_a_theme_folder_file_gets_the_same_safe_context(marketer_client, settings, tmp_path):
    (tmp_path / "catalog").mkdir()
    (tmp_path / STORE_FRONT).write_text(
        headline_edit("[[{{ request.COOKIES }}{{ user.password }}{{ request.META }}]]")
    )
    shop, *others = settings.TEMPLATES
    settings.TEMPLATES = [{**shop, "DIRS": [tmp_path, *shop["DIRS"]]}, *others]
    response = marketer_client.get("/")
    assert "[[]]" in response.content.decode()
    for secret in secrets_of(marketer_client):
        assert secret not in response.content.decode()


def test_the_shop_still_shows_what_the_header_needs(marketer_client):
    page = text_of(marketer_client.get("/"))
    assert "Cart 0" in page
    assert "Log in" in page  # the header's link, built from the page's path


# -- attribute chains through the page's own data -------------------------------------------


def _rendered_with(holder, source: str) -> str:
    store_edit(STORE_FRONT, headline_edit(source))
    return render_to_string(STORE_FRONT, {"groups": [], "page": holder})


@pytest.mark.parametrize(
    "chain",
    [
        "page.form.request.COOKIES",
        "page.form.request.session.items",
        "page.request",
        "page.gateway.transport",
        "page.settings.SECRET_KEY",
        "page.form.renderer.engine",
        "page.module.settings",
        'page.parts|get_item:"request"',
    ],
)
def test_an_attribute_chain_through_page_data_is_refused_and_the_default_served(chain, caplog):
    import django.conf
    from django import forms

    from whmcs_gateway import conf

    request = RequestFactory().get("/")
    request.COOKIES["sessionid"] = "the-visitors-session-cookie"
    request.session = {"whmcs_visitor": "the-visitors-session-value"}
    form = forms.Form()
    form.request = request
    holder = SimpleNamespace(
        parts={"request": request},
        form=form,
        request=request,
        gateway=SimpleNamespace(transport=conf.transport()),
        settings=django.conf.settings,
        module=django.conf,
    )
    with caplog.at_level(logging.ERROR, logger="storefront.theming"):
        html = _rendered_with(holder, f"{{% load shop %}}[[{{{{ {chain} }}}}]]")
    assert "the-visitors-session" not in html
    assert django_settings.SECRET_KEY not in html
    assert "[[" not in html  # the edit was replaced by the default template
    assert DEFAULT_HEADLINE in html
    assert "shop templates cannot use" in caplog.text
    assert "shop templates cannot use" in TemplateRevision.objects.get().runtime_error


def test_the_editors_check_names_the_refused_variable_and_its_line(marketer_client):
    source = default_source(STORE_FRONT).replace(
        "{% block headline %}", "{% block headline %}{{ user.password }}{{ request.COOKIES }}"
    )
    response = marketer_client.post(
        f"{EDIT_URL}{STORE_FRONT}", {"source": source, "action": "publish"}
    )
    assert response.status_code == 422
    page = text_of(response)
    assert "Line 6: {{ user.password }}" in page
    assert "not available to shop templates" in page
    assert not TemplateRevision.objects.exists()


def test_a_preview_does_not_show_the_marketers_own_session(marketer_client):
    source = default_source(STORE_FRONT).replace(
        "{% block headline %}",
        "{% block headline %}[[{% for key, value in request.session.items %}{{ key }}={{ value }}"
        "{% endfor %}]]",
    )
    response = marketer_client.post(
        f"{EDIT_URL}{STORE_FRONT}", {"source": source, "action": "preview", "state": ""}
    )
    assert response.status_code == 422
    assert "{{ request.session.items }} is not available to shop templates" in text_of(response)
    for secret in secrets_of(marketer_client):
        assert secret not in response.content.decode()


def test_a_preview_shows_the_sample_visitor_not_the_marketer(marketer_client):
    source = default_source("base.html").replace(
        "{% block footer %}", "{% block footer %}[[{{ request }}|{{ account_menu.name }}]]"
    )
    response = marketer_client.post(
        f"{EDIT_URL}base.html",
        {"source": source, "action": "preview", "state": "layout-logged-in"},
    )
    assert response.status_code == 200, text_of(response)
    assert "Alex Agency" in printed(response)  # the sample's customer, not maria
    assert "WSGIRequest" not in printed(response)  # a stand-in, not the request
    assert "maria" not in response.content.decode()


# -- staff and editor pages: nothing a marketer can change ----------------------------------

SCRIPT = '<script nonce="{{ csp_nonce }}">steal()</script><p>EDITED-BY-MARKETING</p>'


@pytest.mark.parametrize("name", ["staff/banner.html", "base.html"])
@pytest.mark.parametrize("url", ["/staff/login", "/marketing/login/", "/staff/templates/"])
def test_an_edited_banner_or_layout_never_reaches_a_staff_or_editor_page(
    marketer_client, name, url
):
    store_edit(name, SCRIPT + default_source(name))
    page = marketer_client.get(url).content.decode()
    assert "EDITED-BY-MARKETING" not in page
    assert "steal()" not in page


def test_console_templates_extend_and_include_only_console_templates():
    from pathlib import Path

    from storefront.theming.console import SHOP_FILES
    from storefront.theming.loader import is_console_name

    folder = Path(django_settings.BASE_DIR) / "templates"
    used = {
        (path.relative_to(folder).as_posix(), target)
        for subfolder in ("staff", "theming")
        for path in (folder / subfolder).rglob("*.html")
        for target in re.findall(r"{%\s*(?:extends|include)\s+[\"']([^\"'#]+)", path.read_text())
    }
    assert ("staff/cart.html", "cart/totals.html") in used
    outside = [p for p in used if not is_console_name(p[1]) and p[1] not in SHOP_FILES]
    assert outside == []


def test_a_theme_folder_cannot_replace_a_staff_page(client, settings, tmp_path):
    (tmp_path / "staff").mkdir()
    (tmp_path / "staff" / "layout.html").write_text("THEMED-STAFF-LAYOUT")
    (tmp_path / "staff" / "login.html").write_text("THEMED-STAFF-LOGIN")
    (tmp_path / "base.html").write_text("THEMED-BASE")
    # As if THEME_DIR were given to both engines: the console's loader still reads only the
    # shop's own folder.
    settings.TEMPLATES = [
        {**engine, "DIRS": [tmp_path, *engine["DIRS"]]} for engine in settings.TEMPLATES
    ]
    page = client.get("/staff/login").content.decode()
    assert "THEMED" not in page
    assert "Staff console" in page


def test_a_shop_template_cannot_include_a_staff_page(marketer_client):
    store_edit(STORE_FRONT, headline_edit('[[{% include "staff/login.html" %}]]'))
    page = marketer_client.get("/").content.decode()
    assert "Staff console" not in page
    assert DEFAULT_HEADLINE in text_of(marketer_client.get("/"))


def test_an_edit_asking_for_the_nonce_is_not_served(client):
    store_edit("staff/banner.html", SCRIPT)
    page = client.get("/").content.decode()
    assert "EDITED-BY-MARKETING" not in page
    assert "steal()" not in page


def test_an_edited_banner_still_shows_on_shop_pages_but_no_nonce_is_in_the_page(client):
    store_edit("staff/banner.html", "<script>steal()</script><p>EDITED-BY-MARKETING</p>")
    response = client.get("/")
    page = response.content.decode()
    assert "EDITED-BY-MARKETING" in page  # the shop page is the marketers' to change
    # ... but nothing in it carries the page's nonce, so the browser runs no inline script.
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert nonce is None or nonce.group(1) not in page
    assert "<script>steal()</script>" in page and "nonce=" not in page


@pytest.mark.parametrize("url", ["/staff/login", "/staff/templates/", "/marketing/login/"])
def test_staff_and_editor_pages_are_never_stored(marketer_client, url):
    response = marketer_client.get(url)
    assert "no-store" in response.headers["Cache-Control"]


def test_shop_pages_keep_their_own_caching(client):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


# -- every filter in every tag --------------------------------------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        '{% include "components/field.html" with message=request.GET.q|safe %}',
        "{% firstof request.GET.q|safe %}",
        "{% cycle request.GET.q|safe 'b' %}",
        "{% with message=request.GET.q|safe %}{{ message }}{% endwith %}",
        "{% blocktranslate with q=request.GET.q|safe %}{{ q }}{% endblocktranslate %}",
        "{% if request.GET.q|safe %}x{% endif %}",
        "{% for x in request.GET.q|safeseq %}{{ x }}{% endfor %}",
        "{% filter upper|safe %}x{% endfilter %}",
        "{{ groups|pprint }}",
    ],
)
def test_a_refused_filter_is_refused_in_every_tag(marketer_client, snippet):
    source = default_source(STORE_FRONT).replace(
        "{% block headline %}", "{% block headline %}" + snippet
    )
    response = marketer_client.post(
        f"{EDIT_URL}{STORE_FRONT}", {"source": source, "action": "publish"}
    )
    assert response.status_code == 422
    assert "Line 6:" in text_of(response)
    assert "is not allowed" in text_of(response)
    assert not TemplateRevision.objects.exists()


def test_a_stored_edit_with_safe_in_an_include_is_not_served(client):
    """A row changed behind the editor's back: the visitor's HTML stays escaped."""
    store_edit(
        "404.html",
        '{% extends "base.html" %}{% block content %}'
        '{% include "cart/totals.html" with caption=request.path|safe %}{% endblock %}',
    )
    page = client.get("/no-such-page/<b>visitor-html</b>").content.decode()
    assert "<b>visitor-html</b>" not in page


# -- the render budget ----------------------------------------------------------------------

NESTED_LOOP = '{% for a in "x"|ljust:1000 %}{% for b in "x"|ljust:1000 %}.{% endfor %}{% endfor %}'
SELF_INCLUDE = (
    '{% extends "catalog/store_front.html" %}{% block headline %}'
    '{% if groups %}copy {% include "catalog/store_front.html" %}{% endif %}{% endblock %}'
)


def test_an_endless_loop_falls_back_to_the_default_logged(client, settings, caplog):
    settings.TEMPLATE_RENDER_BUDGET_CHARACTERS = 50_000
    revision = store_edit(STORE_FRONT, headline_edit(NESTED_LOOP))
    with caplog.at_level(logging.ERROR, logger="storefront.theming"):
        response = client.get("/")
    assert response.status_code == 200
    assert DEFAULT_HEADLINE in text_of(response)
    assert "....." not in response.content.decode()
    assert "RenderBudgetExceeded" in caplog.text
    revision.refresh_from_db()
    assert "RenderBudgetExceeded" in revision.runtime_error


def test_a_silent_nested_loop_is_stopped_by_the_time_budget(client, settings, caplog):
    """A million turns that write nothing: only the clock can stop them."""
    settings.TEMPLATE_RENDER_BUDGET_SECONDS = 0.05
    silent = '{% for a in "x"|ljust:1000 %}{% for b in "x"|ljust:1000 %}{% endfor %}{% endfor %}'
    store_edit(STORE_FRONT, headline_edit("Looping " + silent))
    with caplog.at_level(logging.ERROR, logger="storefront.theming"):
        response = client.get("/")
    assert "Looping" not in text_of(response)
    assert DEFAULT_HEADLINE in text_of(response)
    assert "took longer than 0.05 seconds" in caplog.text


def test_a_slow_edit_falls_back_to_the_default_when_its_time_is_up(client, settings, caplog):
    settings.TEMPLATE_RENDER_BUDGET_SECONDS = 0.0  # any edit is too slow: the default serves
    store_edit(STORE_FRONT, headline_edit("A quick edit"))
    with caplog.at_level(logging.ERROR, logger="storefront.theming"):
        response = client.get("/")
    assert "A quick edit" not in text_of(response)
    assert "took longer than 0 seconds" in caplog.text


def test_a_self_include_under_a_condition_falls_back_to_the_default(client, settings, caplog):
    settings.TEMPLATE_RENDER_BUDGET_CHARACTERS = 100_000
    store_edit(STORE_FRONT, SELF_INCLUDE)
    with caplog.at_level(logging.ERROR, logger="storefront.theming"):
        response = client.get("/")
    assert response.status_code == 200
    assert "copy" not in text_of(response)
    assert DEFAULT_HEADLINE in text_of(response)
    assert "failed, serving the default" in caplog.text


@pytest.mark.parametrize(
    "snippet", ['{{ "x"|ljust:1000000000 }}', '{{ "x"|stringformat:"900000000s" }}']
)
def test_a_filter_building_a_huge_string_is_refused_before_it_runs(marketer_client, snippet):
    source = default_source(STORE_FRONT).replace(
        "{% block headline %}", "{% block headline %}" + snippet
    )
    response = marketer_client.post(
        f"{EDIT_URL}{STORE_FRONT}", {"source": source, "action": "check"}
    )
    assert response.status_code == 422
    assert "a filter argument above 100000 is not allowed" in text_of(response)


def test_the_editors_check_refuses_an_edit_over_budget(marketer_client, settings):
    settings.TEMPLATE_RENDER_BUDGET_CHARACTERS = 50_000
    source = default_source(STORE_FRONT).replace(
        "{% block headline %}", "{% block headline %}" + NESTED_LOOP
    )
    response = marketer_client.post(
        f"{EDIT_URL}{STORE_FRONT}", {"source": source, "action": "publish"}
    )
    assert response.status_code == 422
    assert "a loop or an include repeats too often" in text_of(response)
    assert not TemplateRevision.objects.exists()


@pytest.fixture(autouse=True)
def _forget_published_edits():
    published.forget()
    yield
    published.forget()
