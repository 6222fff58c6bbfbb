"""Marketers and other users, and a way to publish an edit without the editor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User

from storefront.theming import published
from storefront.theming.models import TemplateRevision

PASSWORD = "a-long-test-password-1"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_published_edits():
    """Each test starts from what its own database holds."""
    published.forget()
    yield
    published.forget()


@pytest.fixture
def marketer(db):
    user = User.objects.create_user("maria", "maria@example.com", PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="publish_template"))
    return user


@pytest.fixture
def marketer_client(client, marketer):
    client.force_login(marketer)
    return client


@pytest.fixture
def user_without_permission_client(client, db):
    client.force_login(User.objects.create_user("ursula", "u@example.com", PASSWORD))
    return client


def store_edit(name: str, source: str, author=None) -> TemplateRevision:
    """A published edit written straight to the database (as another process would)."""
    TemplateRevision.objects.filter(name=name, is_current=True).update(is_current=False)
    revision = TemplateRevision.objects.create(
        name=name, source=source, author=author, is_current=True
    )
    published.bump_version()
    return revision


def default_source(name: str) -> str:
    from storefront.theming.services import file_source

    return file_source(name)
