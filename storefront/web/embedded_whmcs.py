"""The embedded WHMCS sandbox's pages for browsers, served by Django like any other page.

With no WHMCS_URL the shop talks to the sandbox in-process, and the browser follows WHMCS's
checkout hand-off to the sandbox's checkout page under WHMCS_SANDBOX_PREFIX. That page (and
its stylesheet) is all a browser needs, so it is all that is served: the REST API and the
classic `api.php` answer 404 here. A visitor can therefore not log in to the sandbox directly,
where the failures would count against the address it shares with the shop's own calls and
get the shop banned. The `__sandbox__/` control endpoints are passed on for test harnesses,
and the sandbox refuses any call to them without its control token.

Being a Django view, the page goes through the host check, the security headers and CSP.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from whmcs_gateway import conf

# (method, path below the prefix) a browser is sent to by the checkout hand-off.
BROWSER_PAGES = {
    ("GET", "cart.php"),
    ("POST", "cart.php"),
    ("HEAD", "cart.php"),
    ("GET", "assets/css/checkout.css"),
}
# Hop-by-hop or recomputed by Django: not copied from the sandbox's answer.
_NOT_COPIED = {"content-length", "connection", "transfer-encoding"}


# The checkout form carries the sandbox's own one-time token, as WHMCS's page does; the
# shop's CSRF cookie means nothing to it.
@csrf_exempt
def page(request: HttpRequest, rest: str) -> HttpResponse:
    app = conf.sandbox_app()
    control = rest.startswith("__sandbox__/")
    if app is None or not (control or (request.method, rest) in BROWSER_PAGES):
        raise Http404("Not a page of the embedded WHMCS.")
    body = request.body
    environ: dict[str, Any] = {
        key: value
        for key, value in request.META.items()
        if key.startswith("HTTP_") or key in ("CONTENT_TYPE", "REMOTE_ADDR", "SERVER_NAME")
    }
    environ.update(
        {
            "REQUEST_METHOD": request.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": settings.WHMCS_SANDBOX_PREFIX + rest,
            "QUERY_STRING": request.META.get("QUERY_STRING", ""),
            "CONTENT_LENGTH": str(len(body)),
            "SERVER_PORT": request.get_port(),
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": request.scheme,
        }
    )
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info=None) -> None:
        answer.update(status=int(status.split(" ", 1)[0]), headers=headers)

    content = b"".join(app(environ, start_response))
    response = HttpResponse(content, status=answer["status"])
    for name, value in answer["headers"]:
        if name.lower() not in _NOT_COPIED:
            response[name] = value
    return response
