"""Editing in the browser: checks before saving, preview, publish, history, compare, roll-back."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from storefront.theming.models import TemplateRevision
from tests.shop import text_of

from .conftest import default_source

pytestmark = pytest.mark.django_db

STORE_FRONT = "/staff/templates/edit/catalog/store_front.html"
DEFAULT_HEADLINE = "Web hosting, servers and domains"


def headline(text: str) -> str:
    return default_source("catalog/store_front.html").replace(
        f"<h1>{{% block headline %}}{DEFAULT_HEADLINE}", f"<h1>{{% block headline %}}{text}"
    )


def publish(client, source: str, note: str = "", url: str = STORE_FRONT):
    return client.post(url, {"source": source, "note": note, "action": "publish"})


def diff_text(response) -> str:
    """The compared lines as read: the highlighting of changed characters removed."""
    html = re.sub(r"<[^>]+>", "", response.content.decode())
    return html.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")


def errors_of(response) -> str:
    return " ".join(re.findall(r"<li>(.*?)</li>", response.content.decode(), re.S))


def test_the_editor_shows_the_live_template(marketer_client):
    page = marketer_client.get(STORE_FRONT).content.decode()
    assert "{% block headline %}Web hosting, servers and domains{% endblock %}" in page


@pytest.mark.parametrize(
    ("snippet", "reason"),
    [
        ("{% load cache %}", "is not allowed; you may load"),
        ("{% autoescape off %}x{% endautoescape %}", "Autoescaping must stay on"),
        ("{{ request.GET.q|safe }}", "|safe would turn off escaping"),
        ("{% filter safe %}x{% endfilter %}", "{% filter safe %} would turn off escaping"),
        ("{% debug %}", "{% debug %} would print everything"),
        ('{% include "/etc/passwd" %}', "only shop templates"),
        ('{% include "../settings.py" %}', "only shop templates"),
        ("{% include some_variable %}", "needs a template name in quotes"),
    ],
)
def test_edits_that_break_the_rules_are_refused(marketer_client, snippet, reason):
    response = publish(marketer_client, headline(snippet))
    assert response.status_code == 422
    assert reason in text_of(response)
    assert not TemplateRevision.objects.exists()


def test_an_edit_that_does_not_compile_is_refused_with_its_line(marketer_client):
    response = publish(marketer_client, headline("{% if %}"))
    assert response.status_code == 422
    assert "Line 6 of catalog/store_front.html" in errors_of(response)
    assert not TemplateRevision.objects.exists()


def test_an_edit_that_fails_with_sample_data_is_refused_naming_the_sample(marketer_client):
    response = publish(marketer_client, headline("{% url 'no-such-page' %}"))
    assert response.status_code == 422
    assert "no-such-page" in text_of(response)
    assert "with: Store front" in text_of(response)
    assert not TemplateRevision.objects.exists()


def test_removing_a_fragment_the_shop_swaps_in_is_refused(marketer_client):
    source = default_source("cart/cart.html")
    without = source.replace("{% partialdef cart inline %}", "").replace("{% endpartialdef %}", "")
    response = publish(marketer_client, without, url="/staff/templates/edit/cart/cart.html")
    assert response.status_code == 422
    assert "cart" in errors_of(response)


def test_check_reports_the_samples_it_rendered(marketer_client):
    response = marketer_client.post(STORE_FRONT, {"source": headline("New"), "action": "check"})
    assert response.status_code == 200
    assert "All checks passed. Rendered with: Store front" in text_of(response)
    assert not TemplateRevision.objects.exists()


def test_preview_shows_the_draft_to_its_author_only(marketer_client, client):
    response = marketer_client.post(
        STORE_FRONT, {"source": headline("Preview only"), "action": "preview", "state": ""}
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Preview only" in page
    assert "Only you see this page" in page
    assert not TemplateRevision.objects.exists()
    assert DEFAULT_HEADLINE in text_of(client.get("/"))
    assert "Preview only" not in text_of(marketer_client.get("/"))


def test_preview_of_a_fragment_state_shows_it_in_the_shop_layout(marketer_client):
    source = default_source("cart/cart.html").replace("Your cart is empty.", "Nothing here yet.")
    response = marketer_client.post(
        "/staff/templates/edit/cart/cart.html",
        {"source": source, "action": "preview", "state": "cart-empty"},
    )
    assert "Nothing here yet." in text_of(response)


def test_publishing_makes_the_edit_live_and_records_who_and_when(marketer_client, client):
    response = publish(marketer_client, headline("Spring sale"), note="Spring headline")
    assert response.status_code == 302
    assert "Spring sale" in text_of(client.get("/"))
    revision = TemplateRevision.objects.get()
    assert (revision.author.username, revision.note, revision.is_current) == (
        "maria",
        "Spring headline",
        True,
    )
    history = text_of(marketer_client.get("/staff/templates/history/catalog/store_front.html"))
    assert f"{revision.pk} (live)" in history
    assert "maria" in history and "Spring headline" in history


def test_editing_one_fragment_keeps_the_rest_of_the_template(marketer_client, client):
    url = "/staff/templates/edit/catalog/store_front.html?fragment=group-list"
    body = marketer_client.get(url).context["form"].initial["source"]
    assert "{% partialdef" not in body and 'aria-label="Product groups"' in body
    changed = body.replace("See plans", "Compare plans")
    assert publish(marketer_client, changed, url=url).status_code == 302
    live = TemplateRevision.objects.get().source
    assert live == default_source("catalog/store_front.html").replace("See plans", "Compare plans")
    assert "Compare plans" in text_of(client.get("/"))


def test_history_compare_and_roll_back(marketer_client, client):
    publish(marketer_client, headline("First <b>edit</b>"))
    publish(marketer_client, headline("Second edit"))
    first, second = TemplateRevision.objects.order_by("pk")
    compare = marketer_client.get(
        "/staff/templates/compare/catalog/store_front.html",
        {"older": first.pk, "newer": second.pk},
    )
    assert "<b>edit</b>" not in compare.content.decode()  # the template's text is escaped
    assert "First <b>edit</b>" in diff_text(compare)
    assert "Second edit" in diff_text(compare)

    response = marketer_client.post(f"/staff/templates/rollback/{first.pk}")
    assert response.status_code == 302
    assert "First edit" in text_of(client.get("/"))
    newest = TemplateRevision.objects.get(is_current=True)
    assert newest.pk not in (first.pk, second.pk)
    assert newest.note == f"Rolled back to version {first.pk}"
    assert TemplateRevision.objects.count() == 3  # the history is never rewritten


def test_going_back_to_the_default(marketer_client, client):
    publish(marketer_client, headline("Temporary"))
    marketer_client.post("/staff/templates/restore/catalog/store_front.html")
    assert f"<h1>{DEFAULT_HEADLINE}</h1>" in client.get("/").content.decode()
    assert "Back to the default" in text_of(
        marketer_client.get("/staff/templates/history/catalog/store_front.html")
    )


def test_compare_with_the_default(marketer_client):
    publish(marketer_client, headline("Changed"))
    revision = TemplateRevision.objects.get()
    response = marketer_client.get(
        "/staff/templates/compare/catalog/store_front.html",
        {"older": "default", "newer": revision.pk},
    )
    assert DEFAULT_HEADLINE in diff_text(response) and "Changed" in diff_text(response)
    unknown = marketer_client.get(
        "/staff/templates/compare/catalog/store_front.html", {"older": "999", "newer": "default"}
    )
    assert unknown.status_code == 404


def test_the_template_list_names_every_template_and_fragment(marketer_client):
    page = text_of(marketer_client.get("/staff/templates/"))
    for name in ("base.html", "catalog/store_front.html", "cart/cart.html", "cart/item.html"):
        assert name in page
    assert "summary" in page  # configure.html's fragment
    assert "theming/" not in page


def test_autoescaping_stays_on_in_published_edits(marketer_client):
    source = default_source("web/whmcs_unavailable.html")
    assert publish(marketer_client, source, url="/staff/templates/edit/web/whmcs_unavailable.html")
    html = render_to_string(
        "web/whmcs_unavailable.html#problem", {"temporary": False, "message": "<script>x</script>"}
    )
    assert "&lt;script&gt;" in html
