"""Whole-page cache for catalog pages seen by visitors who have no session yet.

A first-time visitor's store front or group page is the same for everyone but for two values
that must be new in every answer: the Content-Security-Policy nonce and the CSRF token. The
rendered page is kept with those two replaced by marks, and each answer fills in fresh ones,
still inside the whole middleware stack, so every header and cookie is exactly as usual.

The key holds the path, the query and the published-templates version: a marketer's
published edit shows on the next request. Pages live `PAGE_TTL` seconds, well inside the
catalog's own fresh window, so prices are never staler than the catalog would serve them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
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


def _templates_version() -> str:
    from storefront.theming.published import current_version

    return current_version() or "files"


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


def cached_for_first_visits(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve `view` from the page cache to visitors without a session (see above)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _is_first_visit(request):
            return view(request, *args, **kwargs)
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
