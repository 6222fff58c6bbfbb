import pytest
from django.core.exceptions import ImproperlyConfigured

from storefront.env import Env


def test_booleans_accept_only_clear_words():
    env = Env({"DEBUG": "yes", "OTHER": "0"})
    assert env.bool("DEBUG") is True
    assert env.bool("OTHER") is False
    assert env.bool("MISSING", True) is True


@pytest.mark.parametrize(
    ("name", "value", "read"),
    [
        ("DEBUG", "flase", lambda env: env.bool("DEBUG")),
        ("WHMCS_URL", "billing.example.com", lambda env: env.url("WHMCS_URL", schemes=("https",))),
        (
            "WHMCS_URL_MODE",
            "friendly",
            lambda env: env.choice("WHMCS_URL_MODE", ("rewrite", "pathinfo", "basic"), "rewrite"),
        ),
        ("WHMCS_READ_TIMEOUT", "ten", lambda env: env.float("WHMCS_READ_TIMEOUT", 10.0)),
        ("THEME_DIR", "/no/such/theme/dir", lambda env: env.directory("THEME_DIR")),
    ],
)
def test_a_malformed_value_names_the_variable(name, value, read):
    with pytest.raises(ImproperlyConfigured, match=name):
        read(Env({name: value}))


def test_lists_and_urls_parse():
    env = Env({"ALLOWED_HOSTS": " shop.example.com, ,www.example.com ", "U": "https://b.example"})
    assert env.list("ALLOWED_HOSTS") == ["shop.example.com", "www.example.com"]
    assert env.url("U", schemes=("https",)) == "https://b.example"


def test_file_urls_need_no_host():
    env = Env({"DATABASE_URL": "sqlite:////var/lib/shop/db.sqlite3"})
    assert env.url("DATABASE_URL", schemes=("sqlite",)).endswith("db.sqlite3")
