"""The domain step of a product in the cart: register, transfer, or use one already owned."""

from __future__ import annotations

import re

import pytest

from tests.shop import once_token, text_of

pytestmark = pytest.mark.django_db


def starter_item(client) -> str:
    """The cart card of the Starter hosting item."""
    html = client.get("/cart/").content.decode()
    card = re.search(r'<li class="card cart-item".*?</li>', html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card)).strip()


def test_the_step_names_the_product_and_offers_three_choices(client, domain_step):
    page = text_of(client.get(domain_step))
    assert "Choose a domain for Starter" in page
    assert "Register a new domain" in page
    assert "Transfer a domain from another registrar" in page
    assert "Use a domain you already own" in page


def test_searching_on_the_step_offers_register_and_use(client, domain_step):
    response = client.get(domain_step, {"domain": "brandnew"})
    assert "Register and use" in text_of(response)
    assert f'action="{domain_step}register"' in response.content.decode()


def test_registering_a_new_name_attaches_it_to_the_product(client, domain_step, upstream):
    page = client.get(domain_step, {"domain": "brandnew"})
    upstream.clear()
    response = client.post(
        f"{domain_step}register", {"domain": "brandnew.com", "once": once_token(page)}
    )
    assert response["Location"] == "/cart/"
    # One call attaches the name, one adds the registration.
    assert [method for method, path in upstream if path.startswith("/cart/")] == ["POST", "POST"]
    cart = text_of(client.get("/cart/"))
    assert "brandnew.com added to your cart." in cart
    assert "for brandnew.com" in starter_item(client)
    assert "Domain registration: brandnew.com" in cart


def test_the_same_form_sent_twice_registers_once(client, domain_step):
    page = client.get(domain_step, {"domain": "brandnew"})
    form = {"domain": "brandnew.com", "once": once_token(page)}
    client.post(f"{domain_step}register", form)
    client.post(f"{domain_step}register", form)
    cart = client.get("/cart/").content.decode()
    assert cart.count('<h2 class="item-title">Domain registration: brandnew.com</h2>') == 1


def test_using_an_owned_domain_only_attaches_it(client, domain_step, upstream):
    page = client.get(domain_step)
    upstream.clear()
    response = client.post(
        f"{domain_step}existing", {"domain": "www.MyOwnSite.com", "once": once_token(page)}
    )
    assert response["Location"] == "/cart/"
    item_id = domain_step.rstrip("/").rsplit("/", 1)[1]
    cart_calls = [(method, path) for method, path in upstream if path.startswith("/cart/")]
    assert len(cart_calls) == 1
    assert cart_calls[0][0] == "POST"
    assert cart_calls[0][1].endswith(f"/items/{item_id}/domain")
    cart = text_of(client.get("/cart/"))
    assert "myownsite.com will be used for your product." in cart
    assert "for myownsite.com" in starter_item(client)
    assert "Domain registration" not in cart


def test_an_owned_domain_must_be_a_domain_name(client, domain_step):
    page = client.get(domain_step)
    refused = client.post(
        f"{domain_step}existing", {"domain": "not a domain", "once": once_token(page)}
    )
    assert refused.status_code == 422
    assert "may only contain letters, digits and hyphens" in text_of(refused)
    assert 'aria-invalid="true"' in refused.content.decode()
    assert "for not" not in starter_item(client)


def test_transferring_needs_the_epp_code_then_attaches_the_name(client, domain_step):
    page = client.get(domain_step)
    refused = client.post(
        f"{domain_step}transfer", {"domain": "brightsmile.uk", "once": once_token(page)}
    )
    assert refused.status_code == 422
    assert "Enter the EPP code to transfer brightsmile.uk." in text_of(refused)
    added = client.post(
        f"{domain_step}transfer",
        {"domain": "brightsmile.uk", "once": once_token(refused), "epp_code": "AbC-123"},
    )
    assert added["Location"] == "/cart/"
    assert "for brightsmile.uk" in starter_item(client)
    assert "Domain transfer: brightsmile.uk" in text_of(client.get("/cart/"))


def test_with_htmx_the_step_answers_with_fragments_and_sends_the_browser_to_the_cart(
    client, domain_step
):
    results = client.get(domain_step, {"domain": "brandnew"}, HTTP_HX_REQUEST="true")
    assert "<html" not in results.content.decode()
    assert "brandnew.com" in text_of(results)
    refused = client.post(
        f"{domain_step}existing",
        {"domain": "<script>x</script>", "once": once_token(results)},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 422
    assert "<html" not in refused.content.decode()
    assert "letters, digits and hyphens" in text_of(refused)
    done = client.post(
        f"{domain_step}existing",
        {"domain": "myownsite.com", "once": once_token(refused)},
        HTTP_HX_REQUEST="true",
    )
    assert done["HX-Redirect"] == "/cart/"
    assert "for myownsite.com" in starter_item(client)


def test_a_stale_link_says_the_product_is_gone_and_links_to_the_cart(client, domain_step):
    client.post("/cart/empty")
    response = client.get(domain_step)
    assert response.status_code == 404
    page = text_of(response)
    assert "That product is no longer in your cart" in page
    assert 'href="/cart/"' in response.content.decode()


def test_posting_to_a_stale_link_changes_nothing_and_says_so(client, domain_step):
    page = client.get(domain_step)
    client.post("/cart/empty")
    response = client.post(
        f"{domain_step}register", {"domain": "brandnew.com", "once": once_token(page)}
    )
    assert "That product is no longer in your cart" in text_of(response)
    assert "Domain registration" not in text_of(client.get("/cart/"))


@pytest.mark.parametrize("item_id", ["short", "toolong123", "abc$efgh", "..%2F..%2F"])
def test_only_whmcs_item_ids_reach_the_step(client, item_id):
    assert client.get(f"/domains/for-item/{item_id}/").status_code == 404
