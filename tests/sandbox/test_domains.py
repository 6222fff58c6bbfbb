"""Domain lookups and pricing: every DomainStatus status, premium names, IDNs, 501, meta."""

from __future__ import annotations

import pytest

from .conftest import SandboxClient


def availability(client: SandboxClient, domain: str) -> dict:
    response = client.get("/store/domain/availability", params={"domain": domain})
    assert response.status_code == 200, response.text
    return response.json()["data"]


@pytest.mark.parametrize(
    ("domain", "status", "available"),
    [
        ("fresh-idea.com", "available for registration", True),
        ("example.com", "registered", False),
        ("mytakenname.net", "registered", False),
        ("www.fresh-idea.org", "available for registration", True),  # "www." is stripped
        ("whois.io", "reserved", False),
        ("lookupfail-test.com", "unknown", False),
        ("something.zz", "tld not supported", False),
    ],
)
def test_availability_statuses(client: SandboxClient, domain, status, available) -> None:
    data = availability(client, domain)
    assert data["domain"]["status"] == status
    assert data["is_domain_available"] is available
    assert data["is_tld_available"] is (status != "tld not supported")


def test_available_name_lists_prices_per_period(client: SandboxClient) -> None:
    domain = availability(client, "fresh-idea.com")["domain"]
    # WHMCS writes the TLD without its dot; its cart shows "." + tld.
    assert (domain["sld"], domain["tld"], domain["group"]) == ("fresh-idea", "com", "hot")
    assert [p["period"] for p in domain["pricing"]] == list(range(1, 11))
    assert domain["pricing"][1]["register"]["value"] == "25.98"
    assert domain["shortest_period"]["register"]["value"] == "12.99"
    assert domain["is_premium"] is False


def test_premium_name_has_premium_pricing(client: SandboxClient) -> None:
    domain = availability(client, "cloud.io")["domain"]
    assert domain["status"] == "available for registration"
    assert domain["is_premium"] is True
    assert domain["premium_cost_pricing"]["register"]["value"] == "2499.00"
    assert domain["premium_cost_pricing"]["renew"]["value"] == "79.00"
    assert [p["period"] for p in domain["pricing"]] == [1]


def test_availability_is_501_when_the_registrar_cannot_check(client: SandboxClient) -> None:
    response = client.get("/store/domain/availability", params={"domain": "anything.shop"})
    assert response.status_code == 501
    assert ".shop" in response.json()["message"]


def test_idn_names_are_punycoded(client: SandboxClient) -> None:
    domain = availability(client, "Bücher.com")["domain"]
    assert domain["domain_name"] == "xn--bcher-kva.com"
    assert domain["idn_domain_name"] == "bücher.com"
    assert domain["idn_sld"] == "bücher"


@pytest.mark.parametrize(
    "domain", ["", "nodot", "-bad-.com", "a" * 64 + ".com", "x" * 300, "spa ce.com", "a..com"]
)
def test_bad_domain_names_are_client_errors(client: SandboxClient, domain: str) -> None:
    response = client.get("/store/domain/availability", params={"domain": domain})
    assert response.status_code in (400, 422)
    assert response.json()["message"]


def test_spotlight_checks_spotlight_tlds_with_meta(client: SandboxClient) -> None:
    body = client.get("/store/domain/spotlight", params={"domain": "brandnew"}).json()
    names = [d["domain_name"] for d in body["data"]]
    assert names == ["brandnew.com", "brandnew.net", "brandnew.org", "brandnew.io", "brandnew.dev"]
    assert body["meta"] == {"total_items": 5, "page": 1, "total_pages": 1, "page_size": 50}
    paged = client.get(
        "/store/domain/spotlight", params={"domain": "x.com", "page_size": 2, "page": 3}
    )
    assert paged.json()["meta"] == {"total_items": 5, "page": 3, "total_pages": 3, "page_size": 2}
    assert len(paged.json()["data"]) == 1


def test_spotlight_requires_domain(client: SandboxClient) -> None:
    response = client.get("/store/domain/spotlight")
    assert response.status_code == 400
    assert "domain" in response.json()["message"]


def test_suggestion_options(client: SandboxClient) -> None:
    data = client.get("/store/domain/suggestions").json()["data"]
    assert data["lookup_provider"] == "WhmcsDomains"
    assert data["configured_suggestion_tlds"] == ["com", "net", "org", "io", "dev", "xyz"]


def test_every_domain_status_writes_the_tld_without_its_dot(client: SandboxClient) -> None:
    spotlight = client.get("/store/domain/spotlight", params={"domain": "fresh-idea"}).json()
    suggested = client.post("/store/domain/suggestions", json={"term": "bakery"}).json()
    statuses = [*spotlight["data"], *suggested["data"]]
    assert statuses
    for status in statuses:
        assert status["domain_name"] == f"{status['sld']}.{status['tld']}"
    assert {s["tld"] for s in spotlight["data"]} == {"com", "net", "org", "io", "dev"}


def suggest(client: SandboxClient, **body) -> list[str]:
    response = client.post("/store/domain/suggestions", json=body)
    assert response.status_code == 200, response.text
    assert "meta" in response.json()
    return [d["domain_name"] for d in response.json()["data"]]


def test_suggestions_are_deterministic_words_and_hyphens(client: SandboxClient) -> None:
    first = suggest(client, term="Green Garden shop", tlds=["com"])
    assert first == suggest(client, term="Green Garden shop", tlds=["com"])
    assert first[:3] == ["greengardenshop.com", "green-garden-shop.com", "greengarden.com"]
    assert "getgreengardenshop.com" in first


def test_suggestions_respect_tlds_length_and_sensitive_words(client: SandboxClient) -> None:
    assert {
        n.split(".", 1)[1] for n in suggest(client, term="bakery", tlds=[".io", "xyz", "nope"])
    } == {
        "io",
        "xyz",
    }
    assert all(len(n.split(".")[0]) <= 8 for n in suggest(client, term="bakery", maximum_length=8))
    assert suggest(client, term="casino royale") == []
    assert suggest(client, term="casino royale", filter_sensitive_content=False)


def test_suggestions_skip_taken_names(client: SandboxClient) -> None:
    names = suggest(client, term="taken words")
    assert names == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"term": "ab"},
        {"term": 42},
        {"term": "x" * 256},
        {"term": "bakery", "maximum_length": 2},
        {"term": "bakery", "maximum_length": "10"},
        {"term": "bakery", "tlds": "com"},
        {"term": "bakery", "tlds": [1]},
        {"term": "bakery", "tlds": ["zz"]},
        {"term": "bakery", "filter_sensitive_content": "yes"},
        {"term": "!!! ???"},
    ],
)
def test_bad_suggestion_requests_are_422(client: SandboxClient, body) -> None:
    response = client.post("/store/domain/suggestions", json=body)
    assert response.status_code == 422
    assert response.json()["message"]


def test_tld_pricing_all_one_and_spotlight(client: SandboxClient) -> None:
    body = client.get("/store/domain/pricing").json()
    assert body["meta"]["total_items"] == 12
    com = body["data"][0]
    assert com["tld"] == "com"
    assert com["grace_period"]["days"] == 30
    assert com["redemption_period"]["price"]["value"] == "80.00"
    assert com["addons"] == {
        "dns_management": True,
        "email_forwarding": True,
        "id_protection": True,
        "epp_code_required": True,
    }
    shop = client.get("/store/domain/pricing/.shop").json()["data"]
    assert [p["register"]["value"] for p in shop["pricing"]] == ["1.99", "41.98", "81.97"]
    eur = client.get("/store/domain/pricing/de", params={"currency": "EUR"}).json()["data"]
    assert eur["pricing"][0]["register"]["display_value"] == "€7,99 EUR"
    assert eur["grace_period"]["days"] == 0
    spotlight = client.get("/store/domain/pricing/spotlight").json()
    assert [t["tld"] for t in spotlight["data"]] == ["com", "net", "org", "io", "dev"]
    assert client.get("/store/domain/pricing/zz").status_code == 404


def test_idn_languages(client: SandboxClient) -> None:
    body = client.get("/store/domain/idnlanguages").json()
    assert {"code": "ger", "language": "German"} in body["data"]
    assert body["meta"]["total_items"] == 10


def test_additional_fields_for_us_nexus(client: SandboxClient) -> None:
    fields = client.get("/store/domain/additionalfields", params={"tld": ".us"}).json()["data"]
    nexus = fields[0]
    assert nexus["name"] == "Nexus Category"
    assert nexus["default"] == "C11"
    assert nexus["options"][0] == {"value": "C11", "display_name": "C11 - United States Citizen"}
    assert fields[1]["required"] == {"Nexus Category": ["C31", "C32"]}
    assert client.get("/store/domain/additionalfields", params={"tld": "com"}).json()["data"] == []
    assert client.get("/store/domain/additionalfields", params={"tld": "zz"}).status_code == 404
    assert client.get("/store/domain/additionalfields").status_code == 400
