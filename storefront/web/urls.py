"""Redirect targets: `next=` only ever leads somewhere inside the shop."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, target: str | None, default: str = "/") -> str:
    """`target` when it is a path on this site, else `default`.

    Only an absolute path will do: `redirect()` would take a bare word ("services", "abc",
    "NaN") for a view name and fail, and browsers read `//host`, `/\\host` and paths with
    backslashes or control characters as other sites.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return default
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    return target
