"""Validate response bodies against the WHMCS REST v2 contract (the shared OpenAPI yaml).

    from tests.sandbox.contract import assert_matches_contract
    assert_matches_contract("GET", "/store/products/{product_id}", 200, response.json())

or, with an httpx response of a sandbox/WHMCS call, ``assert_response_matches_contract(resp)``,
which finds the operation from the request URL (any prefix and URL mode).

The spec is parsed once per process; one validator per (path, method, status) is cached.
OpenAPI 3.0 specifics (nullable, formats) are handled by openapi-schema-validator's OAS30
validator, which openapi-core uses too.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml
from openapi_schema_validator import OAS30Validator

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTRACT_PATH = REPO_ROOT.parent / "shared" / "whmcs-api" / "whmcs-v2.0.0.yaml"
API_ROOT = "/api/v2"


class ContractError(AssertionError):
    pass


@cache
def spec() -> dict[str, Any]:
    with CONTRACT_PATH.open(encoding="utf-8") as handle:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return _string_keys(yaml.load(handle, Loader=loader))  # noqa: S506 - a safe loader


def _string_keys(node: Any) -> Any:
    """YAML reads `200:` as an int; JSON pointers and the lookups below need strings."""
    if isinstance(node, dict):
        return {str(key): _string_keys(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_string_keys(item) for item in node]
    return node


@cache
def _path_patterns() -> list[tuple[re.Pattern[str], str]]:
    """Concrete paths -> templates; literal segments beat parameters (groups vs {id})."""
    patterns = []
    for template in spec()["paths"]:
        regex = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        literal_weight = -template.count("{")
        patterns.append((literal_weight, re.compile(regex + "$"), template))
    patterns.sort(key=lambda item: item[0], reverse=True)
    return [(regex, template) for _, regex, template in patterns]


def operation_path(concrete_path: str) -> str:
    """'/store/products/3' -> '/store/products/{product_id}'."""
    for regex, template in _path_patterns():
        if regex.match(concrete_path):
            return template
    raise ContractError(f"{concrete_path} is not an operation of the contract")


def _escape_pointer(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


@cache
def _validator(template: str, method: str, status: int) -> OAS30Validator | None:
    """None when the contract documents this response without a body schema."""
    operation = spec()["paths"][template].get(method.lower())
    if operation is None:
        raise ContractError(f"{method} {template} is not in the contract")
    responses = operation["responses"]
    key = str(status)
    if key not in responses:
        # `default` stands for the error answers the contract does not list one by one; a
        # success status that is not documented is a contract break, whatever the body.
        if status < 400 or "default" not in responses:
            raise ContractError(f"{method} {template}: status {status} is not documented")
        key = "default"
    response = responses[key]
    pointer = ["paths", template, method.lower(), "responses", str(key)]
    if "$ref" in response:
        pointer = response["$ref"].removeprefix("#/").split("/")
        response = spec()["components"]["responses"][pointer[-1]]
        pointer = ["components", "responses", pointer[-1]]
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return None
    pointer += ["content", "application/json", "schema"]
    root = dict(spec())
    # Draft 4 semantics: a $ref replaces its siblings, so the root validates just that schema
    # while "#/components/..." references still resolve inside the whole document.
    root["$ref"] = "#/" + "/".join(_escape_pointer(str(part)) for part in pointer)
    return OAS30Validator(root, format_checker=OAS30Validator.FORMAT_CHECKER)


def is_documented(method: str, template: str, status: int) -> bool:
    """True when the operation lists this exact status (not just through `default`)."""
    return str(status) in spec()["paths"][template][method.lower()]["responses"]


def assert_general_error(method: str, template: str, status: int, body: Any) -> None:
    """An undocumented error status may only carry WHMCS's bare ``{"message": "..."}``.

    The contract's GeneralError schema has no `required` and allows extra keys, so it alone
    would accept ``{}`` or any object; WHMCS itself always sends exactly one message.
    """
    if not (isinstance(body, dict) and set(body) == {"message"}):
        raise ContractError(
            f'{method} {template} -> {status} is undocumented and not a {{"message"}} error: '
            f"{str(body)[:300]}"
        )
    if not isinstance(body["message"], str) or not body["message"].strip():
        raise ContractError(f"{method} {template} -> {status}: the message is not a text")


def assert_matches_contract(method: str, template: str, status: int, body: Any) -> None:
    validator = _validator(template, method.upper(), status)
    if status >= 400 and not is_documented(method, template, status):
        assert_general_error(method, template, status, body)
    if validator is None:
        return
    errors = sorted(validator.iter_errors(body), key=lambda error: list(error.absolute_path))
    if errors:
        details = "\n".join(
            f"  at {'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:300]}"
            for e in errors[:10]
        )
        raise ContractError(f"{method} {template} -> {status} breaks the contract:\n{details}")


def api_path_of(url: str) -> str:
    """The path after /api/v2 in any WHMCS URL mode (rewrite, pathinfo, basic ?rp=)."""
    parts = urlsplit(url)
    path = parts.path
    if path.endswith("/index.php"):
        path = parse_qs(parts.query).get("rp", [""])[0]
    if API_ROOT not in path:
        raise ContractError(f"{url} is not a REST v2 URL")
    return path[path.index(API_ROOT) + len(API_ROOT) :] or "/"


def assert_response_matches_contract(response: Any) -> None:
    """For an httpx.Response of a REST v2 call.

    A path or method the contract does not know may only be answered with an error in the
    contract's GeneralError shape.
    """
    method = response.request.method
    try:
        template = operation_path(api_path_of(str(response.request.url)))
        known = method.lower() in spec()["paths"][template]
    except ContractError:
        known = False
    if known:
        assert_matches_contract(method, template, response.status_code, response.json())
        return
    if response.status_code < 400:
        raise ContractError(f"{method} {response.request.url} succeeded but is not in the contract")
    assert_general_error(method, str(response.request.url), response.status_code, response.json())
