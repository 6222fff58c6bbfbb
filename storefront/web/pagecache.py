"""Whole-page cache for catalog pages seen by visitors who have no session yet.

A first-time visitor's store front or group page is the same for everyone but for two values
that must be new in every answer: the Content-Security-Policy nonce and the CSRF token. The
rendered page is kept with those two replaced by marks, and each answer fills in fresh ones,
still inside the whole middleware stack, so every header and cookie is exactly as usual.

The key holds the path, the query parameters the page uses (none, unless the view says so)
and the published-templates version: a marketer's published edit shows on the next request.
Parameters the page does not use (`utm_*`, `fbclid`, anything a crawler invents) are taken off
the request before the page is rendered, so they neither make new entries nor end up in the
page (its links and forms carry the request's path) served to everyone else. Pages live
`PAGE_TTL` seconds, well inside the catalog's own fresh window, so prices are never staler
than the catalog would serve them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token

PAGE_TTL = 30
NONCE_MARK = "@@csp-nonce@@"
CSRF_MARK = "@@csrf-token@@"
# Where Django writes CSRF tokens into our pages: hidden form fields and the htmx header.
CSRF_TOKEN_IN_PAGE = re.compile(
    r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]{32,64}(")'
)


def _is_first_visit(request: HttpRequest) -> bool:
    """No session and no pending messages: nothing on the page can be personal."""
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "htmx", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


# Which published version of the editable templates a cached page was rendered with, told by
# the template editor when it starts (web, the plumbing, imports no feature).
_published_version: Callable[[], str | None] = lambda: None  # noqa: E731


def follow_templates_version(version: Callable[[], str | None]) -> None:
    """Key cached pages by `version()`, so a published edit shows on the next request."""
    global _published_version
    _published_version = version


def _templates_version() -> str:
    return _published_version() or "files"


def _keep_only(request: HttpRequest, used: tuple[str, ...]) -> None:
    """Make the request look as if it had come with the used parameters only, in one order."""
    kept = QueryDict(mutable=True)
    for name in sorted(used):
        if name in request.GET:
            kept.setlist(name, request.GET.getlist(name))
    request.GET = kept  # type: ignore[assignment]
    request.META["QUERY_STRING"] = kept.urlencode()


def _key(request: HttpRequest) -> str:
    version = _templates_version()
    where = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"shop:page:{version}:{where}"


def _storable(request: HttpRequest, response: HttpResponse) -> str | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    html = response.content.decode(response.charset)
    nonce = get_nonce(request)
    if nonce:  # only if the page used it (shop templates get none): else it is not in the page
        html = html.replace(str(nonce), NONCE_MARK)
    return CSRF_TOKEN_IN_PAGE.sub(rf"\g<1>{CSRF_MARK}\g<2>", html)


def _answer(request: HttpRequest, stored: dict) -> HttpResponse:
    html = stored["html"]
    if NONCE_MARK in html:
        # Reading the nonce creates it, and the CSP middleware then puts it in the header.
        html = html.replace(NONCE_MARK, str(get_nonce(request)))
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, get_token(request))
    response = HttpResponse(html, content_type=stored["content_type"])
    response["X-Page-Cache"] = "hit"
    return response


def cached_for_first_visits(
    view: Callable[..., HttpResponse] | None = None, *, query: tuple[str, ...] = ()
) -> Any:
    """Serve `view` from the page cache to visitors without a session (see above).

    `@cached_for_first_visits` for a page that reads no query parameter, or
    `@cached_for_first_visits(query=("page",))` naming the ones it reads.
    """
    if view is None:
        return lambda wrapped: _cached(wrapped, query)
    return _cached(view, query)


def _cached(
    view: Callable[..., HttpResponse], used: tuple[str, ...]
) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _is_first_visit(request):
            return view(request, *args, **kwargs)
        _keep_only(request, used)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            return _answer(request, stored)
        response = view(request, *args, **kwargs)
        html = _storable(request, response)
        if html is not None:
            cache.set(
                key, {"html": html, "content_type": response["Content-Type"]}, timeout=PAGE_TTL
            )
        return response

    return wrapper
