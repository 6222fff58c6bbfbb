"""What the shop serves: a published edit, else the theme folder's file, else the default; and
a broken edit never takes a page down."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string

from storefront.theming import published
from storefront.theming.models import TemplateRevision
from tests.shop import text_of

from .conftest import default_source, store_edit

pytestmark = pytest.mark.django_db

EXAMPLE_THEME = Path(django_settings.BASE_DIR) / "themes" / "example"
DEFAULT_HEADLINE = "Web hosting, servers and domains"
THEME_HEADLINE = "Hosting that grows with you"


@pytest.fixture
def example_theme(settings):
    """The shop started with THEME_DIR=themes/example."""
    templates, *others = settings.TEMPLATES
    settings.TEMPLATES = [
        {**templates, "DIRS": [EXAMPLE_THEME / "templates", *templates["DIRS"]]},
        *others,
    ]
    settings.STATICFILES_DIRS = [EXAMPLE_THEME / "static", *settings.STATICFILES_DIRS]


def headline_edit(text: str) -> str:
    return '{% extends "catalog/store_front.html" %}{% block headline %}' + text + "{% endblock %}"


def test_without_edits_or_theme_the_default_renders(client):
    assert DEFAULT_HEADLINE in text_of(client.get("/"))


def test_the_theme_folder_wins_over_the_defaults(client, example_theme):
    response = client.get("/")
    assert f"<h1>{THEME_HEADLINE}</h1>" in response.content.decode()
    assert f"<h1>{DEFAULT_HEADLINE}</h1>" not in response.content.decode()
    assert "Example Hosting Co." in text_of(response)  # its base.html
    assert "/static/css/example-theme.css" in client.get("/").content.decode()


def test_a_published_edit_wins_over_the_theme_and_the_default(client, example_theme):
    store_edit("catalog/store_front.html", headline_edit("Spring sale on every plan"))
    page = text_of(client.get("/"))
    assert "Spring sale on every plan" in page
    assert THEME_HEADLINE not in page
    assert "Example Hosting Co." in page  # the theme's base.html still applies


def test_an_edit_may_extend_its_own_name_to_change_only_some_blocks(client):
    store_edit("catalog/store_front.html", headline_edit("Only the headline changed"))
    page = text_of(client.get("/"))
    assert "Only the headline changed" in page
    assert "Fast hosting, honest prices" in page  # the default's tagline


def test_a_publish_reaches_every_process_on_its_next_request(client):
    """Another process publishes: it writes the row and bumps the version in the cache."""
    assert DEFAULT_HEADLINE in text_of(client.get("/"))
    # The row alone is not seen: this process keeps its copy until the version changes.
    TemplateRevision.objects.create(
        name="catalog/store_front.html", source=headline_edit("From elsewhere"), is_current=True
    )
    assert DEFAULT_HEADLINE in text_of(client.get("/"))
    published.bump_version()
    assert "From elsewhere" in text_of(client.get("/"))


def test_the_version_key_changes_when_the_transaction_commits(
    marketer_client, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    marketer_client.get("/")
    before = cache.get(published.VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        response = marketer_client.post(
            "/staff/templates/edit/catalog/store_front.html",
            {"source": headline_edit("Committed"), "action": "publish"},
        )
    assert response.status_code == 302, text_of(response)
    assert cache.get(published.VERSION_KEY) not in (None, before)


def test_an_edit_that_does_not_compile_falls_back_to_the_default(client, caplog):
    revision = store_edit("catalog/store_front.html", "{% block headline %}unclosed")
    with caplog.at_level(logging.ERROR, logger="storefront.theming"):
        response = client.get("/")
    assert response.status_code == 200
    assert DEFAULT_HEADLINE in text_of(response)
    assert "failed, serving the default" in caplog.text
    revision.refresh_from_db()
    assert "TemplateSyntaxError" in revision.runtime_error


def test_an_edit_that_fails_while_rendering_falls_back_to_the_default(client, caplog):
    revision = store_edit("catalog/store_front.html", headline_edit("{% url 'no-such-page' %}"))
    with caplog.at_level(logging.ERROR, logger="storefront.theming"):
        response = client.get("/")
    assert response.status_code == 200
    page = text_of(response)
    assert DEFAULT_HEADLINE in page
    assert page.count("Hosting shop") >= 1  # the layout rendered once, not twice
    assert "NoReverseMatch" in caplog.text
    revision.refresh_from_db()
    assert "NoReverseMatch" in revision.runtime_error


def test_a_broken_layout_falls_back_with_every_page_block_intact(client):
    broken = default_source("base.html").replace(
        "{% block footer %}", "{% url 'no-such-page' %}{% block footer %}"
    )
    store_edit("base.html", broken)
    page = text_of(client.get("/"))
    assert DEFAULT_HEADLINE in page  # the page's own blocks still fill the default layout
    assert "Products" in page


def test_a_broken_fragment_falls_back_to_the_default_fragment():
    source = default_source("web/whmcs_unavailable.html").replace(
        "<h1>Our billing", "{% url 'no-such-page' %}<h1>Our billing"
    )
    store_edit("web/whmcs_unavailable.html", source)
    html = render_to_string("web/whmcs_unavailable.html#problem", {"temporary": True})
    assert "Our billing system is not answering right now" in html


def test_a_working_fragment_edit_is_served_for_htmx_swaps():
    source = default_source("web/whmcs_unavailable.html").replace(
        "This is temporary.", "Hang on, this is temporary."
    )
    store_edit("web/whmcs_unavailable.html", source)
    html = render_to_string("web/whmcs_unavailable.html#problem", {"temporary": True})
    assert "Hang on, this is temporary." in html


def test_an_edit_stored_behind_the_editors_back_still_follows_the_rules(client):
    store_edit("catalog/store_front.html", headline_edit("{% load cache %}Sneaky"))
    page = text_of(client.get("/"))
    assert "Sneaky" not in page
    assert DEFAULT_HEADLINE in page


def test_the_editor_shows_the_live_failure(client, marketer_client):
    store_edit("catalog/store_front.html", headline_edit("{% url 'no-such-page' %}"))
    client.get("/")
    page = text_of(marketer_client.get("/staff/templates/edit/catalog/store_front.html"))
    assert "visitors saw the default instead" in page
    assert "NoReverseMatch" in page
    listing = text_of(marketer_client.get("/staff/templates/"))
    assert "failed, default shown" in listing


def test_without_its_database_the_shop_serves_the_files(client, monkeypatch):
    def unavailable():
        raise RuntimeError("database is down")

    monkeypatch.setattr(published, "_read_edits", unavailable)
    assert DEFAULT_HEADLINE in text_of(client.get("/"))
