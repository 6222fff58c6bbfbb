"""Check outgoing httpx requests against WHMCS's OpenAPI contract with openapi-core.

openapi-core has no httpx integration, so `HttpxOpenAPIRequest` adapts an `httpx.Request` to
its request protocol (the same shape as its `RequestsOpenAPIRequest`). The contract is read
from the shared design folder next to the repository, never copied into it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import yaml
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTRACT_PATH = (REPO_ROOT / ".." / "shared" / "whmcs-api" / "whmcs-v2.0.0.yaml").resolve()
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head")


class HttpxOpenAPIRequest:
    """An `httpx.Request` as openapi-core's `Request` protocol."""

    def __init__(self, request: httpx.Request) -> None:
        self.request = request
        url = urlsplit(str(request.url))
        self._host_url = f"{url.scheme}://{url.netloc}"
        self._path = url.path
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(url.query, keep_blank_values=True)),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )

    @property
    def host_url(self) -> str:
        return self._host_url

    @property
    def path(self) -> str:
        return self._path

    @property
    def method(self) -> str:
        return self.request.method.lower()

    @property
    def body(self) -> bytes | None:
        content = self.request.content
        return content or None

    @property
    def content_type(self) -> str:
        return self.request.headers.get("Content-Type", "")


@cache
def contract_document() -> dict[str, Any]:
    return yaml.safe_load(CONTRACT_PATH.read_text())


@cache
def contract() -> OpenAPI:
    return OpenAPI.from_path(CONTRACT_PATH)


def contract_operations() -> set[tuple[str, str]]:
    """Every (METHOD, path template) of the contract, e.g. ("GET", "/cart/{cart_id}")."""
    return {
        (method.upper(), path)
        for path, item in contract_document()["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def _template_regex(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
    return re.compile(f"^{pattern}$")


def operation_of(request: httpx.Request) -> tuple[str, str]:
    """The (METHOD, path template) of the contract an outgoing request stands for.

    A literal template wins over one with parameters (`/store/domain/pricing/spotlight` is
    not `/store/domain/pricing/{tld_id}`), as OpenAPI requires.
    """
    server = contract_document()["servers"][0]["url"].rstrip("/")
    path = request.url.path
    assert path.startswith(server + "/"), f"{path} is not under {server}"
    relative = path[len(server) :]
    candidates = [
        (method, template)
        for method, template in contract_operations()
        if method == request.method and _template_regex(template).match(relative)
    ]
    assert candidates, f"no contract operation for {request.method} {relative}"
    return min(candidates, key=lambda candidate: candidate[1].count("{"))


def validate_request(request: httpx.Request) -> tuple[str, str]:
    """Raise if `request` breaks the contract (path, method, parameters, JSON body).

    Returns the operation it matched, so callers can count the operations covered.
    """
    operation = operation_of(request)
    contract().validate_request(HttpxOpenAPIRequest(request))
    return operation


class HttpxOpenAPIResponse:
    """An `httpx.Response` as openapi-core's `Response` protocol."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def content_type(self) -> str:
        return self.response.headers.get("Content-Type", "")

    @property
    def headers(self) -> Headers:
        return Headers(dict(self.response.headers))

    @property
    def data(self) -> bytes | None:
        return self.response.content or None


def validate_response(request: httpx.Request, response: httpx.Response) -> None:
    """Raise if `response` is not what the contract says `request` answers with."""
    contract().validate_response(HttpxOpenAPIRequest(request), HttpxOpenAPIResponse(response))
