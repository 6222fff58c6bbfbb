"""The values every shop template may use besides its page's own data: the ONE list.

The shop's template engine runs only `page_values` as context processor (plus Django's CSRF
token for `{% csrf_token %}`), never Django's request/auth/messages/csp processors: a shop
template, whoever wrote it, sees no request, user, session, cookie, setting, CSP nonce or
gateway. docs/templates.md lists the same names for marketers; change both together.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

# What the header shows, taken from the shop's context processor (which reads the visitor's
# session and the catalog): only these keys of its answer reach a shop template.
HEADER_VALUES = (
    "cart_count",
    "currencies",
    "current_currency",
    "account_menu",
    "masquerade_banner",
)


# The facts of the request stand-in (`PageRequest`); anything else of `request` is absent.
REQUEST_FACTS = ("path", "get_full_path", "htmx", "resolver_match")
# Names Django's own context processors give other templates, which shop templates lack: the
# editor's check names them, so a marketer learns why they print nothing.
ABSENT_NAMES = ("user", "perms", "csp_nonce", "settings", "debug", "sql_queries")


@dataclass(frozen=True)
class ResolverMatch:
    app_name: str


@dataclass(frozen=True)
class PageRequest:
    """Not the request: the four facts about it that templates use, as plain values.

    Named `request` in templates so the default templates and existing themes keep working
    (`request.get_full_path`, `request.path`, `request.htmx`, `request.resolver_match.app_name`);
    anything else of the request (`request.COOKIES`, `request.session`, ...) is simply absent.
    """

    path: str
    full_path: str
    htmx: bool
    resolver_match: ResolverMatch

    def get_full_path(self) -> str:
        return self.full_path

    def __str__(self) -> str:
        return self.full_path


def page_request(request: HttpRequest) -> PageRequest:
    match = getattr(request, "resolver_match", None)
    return PageRequest(
        path=request.path,
        full_path=request.get_full_path(),
        htmx=bool(getattr(request, "htmx", False)),
        resolver_match=ResolverMatch(getattr(match, "app_name", "") or ""),
    )


def header_values(request: HttpRequest) -> dict:
    from storefront.visitor.context import header

    values = header(request)
    return {key: values.get(key) for key in HEADER_VALUES}


def pending_messages(request: HttpRequest) -> list:
    """The visitor's messages as a plain list (the message store holds the request).

    Reading them marks them as shown, so only when there are any: a store marked as read
    answers with a cookie, which would keep the page out of the first-visit page cache.
    """
    storage = get_messages(request)
    return list(storage) if len(storage) else []


def page_values(request: HttpRequest) -> dict:
    """The context processor of the shop's template engine."""
    return {
        **header_values(request),
        "request": page_request(request),
        # Read only when a template shows them, as with Django's own processor.
        "messages": SimpleLazyObject(lambda: pending_messages(request)),
    }
