"""The staff console's and the editor's own template engine, which no edit can reach.

Staff pages carry an admin's session and the editor's pages a marketer's: a template that a
marketer can change must never be part of them (an edited banner with a script would run with
the admin's cookies). So `templates/staff/` and `templates/theming/` are served by a second
engine ("console" in TEMPLATES) that reads only the shop's own template folder, never a
published edit or the theme folder, and serves nothing else: a console page includes only
console templates, and the shop's own default files of the cart's line and totals (`SHOP_FILES`:
read from the shop's folder, so no edit or theme changes what staff see). The shop's engine
refuses console names in turn.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loaders import filesystem
from django.utils.cache import add_never_cache_headers

from .loader import is_console_name

CONSOLE_PATH_PREFIXES = ("/staff/", "/marketing/")


# Shop templates the staff console shows a customer's cart with: only ever their default files.
SHOP_FILES = frozenset({"cart/item.html", "cart/totals.html"})


class ConsoleLoader(filesystem.Loader):
    def get_dirs(self):
        # The shop's own folder whatever DIRS says: a theme folder never reaches these pages.
        return [Path(settings.BASE_DIR) / "templates"]

    def get_template_sources(self, template_name):
        if is_console_name(template_name) or template_name in SHOP_FILES:
            yield from super().get_template_sources(template_name)


def console_page(request: HttpRequest) -> dict:
    """Context processor of the console engine: notes that the answer is a console page.

    Staff pages are also rendered on shop URLs (the masquerade's confirmation), so the path
    alone does not say it; NoStoreMiddleware reads the note.
    """
    request.console_page = True  # type: ignore[attr-defined]
    return {}


class NoStoreMiddleware:
    """Staff and editor pages are never stored by a browser or a proxy (shared computers,
    the back button after logging out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(CONSOLE_PATH_PREFIXES) or getattr(
            request, "console_page", False
        ):
            add_never_cache_headers(response)
        return response
