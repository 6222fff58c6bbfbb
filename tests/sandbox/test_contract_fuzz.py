"""Property-based: every contract operation, fed random path, query and body values.

For each of the 75 operations of the yaml, hypothesis generates path parameters (real ids of
the demo data, values of the documented type, and junk), query parameters and JSON bodies
(built from the operation's request schema, mixed with arbitrary JSON, wrong types, huge and
unicode strings). Every answer must be contract-valid (the client validates it), a success or
a WHMCS-shaped error of an expected status, and the catch-all 500 must never fire.

Bounded for CI: few examples per operation, no deadline, derandomized (reproducible runs).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whmcs_gateway.sandbox import SandboxConfig, create_app
from whmcs_gateway.sandbox.app import SandboxApp

from .conftest import ADMIN, AGENCY_USER, FakeClock, SandboxClient
from .contract import spec
from .test_contract_walk import VPS_ITEM, contract_operations

# Small for CI; a deeper local run: SANDBOX_FUZZ_EXAMPLES=500 pytest tests/sandbox -k fuzz
EXAMPLES_PER_OPERATION = int(os.environ.get("SANDBOX_FUZZ_EXAMPLES", "12"))
ALLOWED_ERRORS = {400, 401, 403, 404, 412, 422, 501}
MAX_SCHEMA_DEPTH = 4

# -- values ------------------------------------------------------------------------------------

JUNK_TEXT = st.sampled_from(
    ["", " ", "0", "-1", "null", "ü", "😀" * 3, "a" * 5000, "%", "..", "\x00", "' OR 1=1"]
)
ANY_TEXT = st.text(max_size=40) | JUNK_TEXT
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | ANY_TEXT
)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(ANY_TEXT, children, max_size=3)
    ),
    max_leaves=8,
)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def from_schema(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values shaped like a JSON schema (OpenAPI 3.0 subset), with junk mixed in at each level.

    Not a full generator: enough of the contract's request schemas to reach the handlers'
    deeper validation, where random JSON alone stops at the first missing field.
    """
    schema = resolve(schema)
    if depth >= MAX_SCHEMA_DEPTH:
        return JSON_SCALARS
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            options = [from_schema(part, depth + 1) for part in schema[combinator]]
            return st.one_of(*options)
    shaped = _typed(schema, depth)
    return st.one_of(shaped, JSON_SCALARS) if depth else shaped


def _typed(schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type", "object" if "properties" in schema else None)
    if kind == "object":
        properties = {
            name: from_schema(value, depth + 1)
            for name, value in (schema.get("properties") or {}).items()
        }
        return st.fixed_dictionaries({}, optional=properties) if properties else ANY_JSON
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {}), depth + 1), max_size=3)
    if kind == "integer":
        return st.integers(min_value=-5, max_value=10_000)
    if kind == "number":
        return st.decimals(-100, 10_000, places=2).map(float)
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        return ANY_TEXT
    return ANY_JSON


# -- operations and their parameters -----------------------------------------------------------


def parameters_of(template: str, method: str) -> list[dict[str, Any]]:
    item = spec()["paths"][template]
    declared = item.get("parameters", []) + item[method.lower()].get("parameters", [])
    by_name = {}
    for parameter in declared:
        if "$ref" in parameter:
            parameter = spec()["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[-1]]
        by_name[(parameter["name"], parameter["in"])] = parameter
    return list(by_name.values())


def path_value(parameter: dict[str, Any], known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    typed = st.integers(min_value=-1, max_value=10**12).map(str)
    if parameter.get("schema", {}).get("type") == "string":
        typed = st.text(max_size=40)
    real = known.get(parameter["name"], [])
    return st.sampled_from(real) | typed | JUNK_TEXT if real else typed | JUNK_TEXT


def query_value(parameter: dict[str, Any]) -> st.SearchStrategy[str]:
    schema = parameter.get("schema", {})
    if schema.get("type") == "integer":
        return st.integers(min_value=-3, max_value=600).map(str) | JUNK_TEXT
    examples = [str(schema["example"])] if "example" in schema else []
    return (st.sampled_from(examples) if examples else ANY_TEXT) | ANY_TEXT


def request_strategy(method: str, template: str, known: dict[str, list[str]]) -> Any:
    parameters = parameters_of(template, method)
    path_params = {p["name"]: path_value(p, known) for p in parameters if p["in"] == "path"}
    query = {p["name"]: query_value(p) for p in parameters if p["in"] == "query"}
    query["currency"] = st.sampled_from(["USD", "EUR", "GBP", "ZZZ"])
    operation = spec()["paths"][template][method.lower()]
    body_schema = (
        operation.get("requestBody", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema")
    )
    bodies = (from_schema(body_schema) | ANY_JSON) if body_schema else st.none() | ANY_JSON
    return st.fixed_dictionaries(
        {
            "path": st.fixed_dictionaries(path_params),
            "query": st.fixed_dictionaries({}, optional=query),
            "body": bodies,
        }
    )


def concrete_path(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: quote(values[m.group(1)], safe=""), template)


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_app() -> Iterator[SandboxApp]:
    clock = FakeClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    # No IP ban: random logins would otherwise lock every later example out with 403s.
    application = create_app(SandboxConfig(clock=clock, seed=99, login_ban_threshold=10**9))
    yield application
    assert application.internal_errors == 0, application.last_internal_error


@pytest.fixture(scope="module")
def fuzzer(fuzz_app: SandboxApp) -> SandboxClient:
    """One client for the whole run, so its X-Api-State is always the latest one."""
    return signed_in_client(SandboxClient(fuzz_app))


@pytest.fixture(scope="module")
def known_ids(fuzzer: SandboxClient) -> dict[str, list[str]]:
    """Real ids, so generated requests also reach the handlers past their 404s."""
    cart_id = fuzzer.post("/cart").json()["data"]["id"]
    item = fuzzer.post(f"/cart/{cart_id}/items", json={"items": [VPS_ITEM]}).json()["data"]
    return {
        "cart_id": [cart_id],
        "item_id": [item["items"][0]["item_id"]],
        "product_id": ["1", "6", "11"],
        "group_id": ["1", "2", "3"],
        "custom_field_id": ["7"],
        "config_option_id": ["1", "4"],
        "service_id": ["201", "202"],
        "service_addon_id": ["2101"],
        "service_customfield_id": ["2201"],
        "service_configoption_id": ["2214"],
        "domain_id": ["601"],
        "client_id": ["3", "4"],
        "user_id": ["1", "3"],
        "client_uuid": ["2d2f8f40-5e3c-4b90-9c73-8e4fa03b2c03"],
        "country_code": ["US", "GB"],
        "tld_id": ["com", ".dev"],
    }


def signed_in_client(client: SandboxClient) -> SandboxClient:
    """An admin who is also signed in as the agency user, so every area is reachable.

    Random requests log out, masquerade or switch clients; each operation starts signed in.
    """
    if client.get("/admin/system/status").status_code != 200:
        client.admin_login(*ADMIN)
    clients = client.get("/user/clients")
    if clients.status_code != 200 or len(clients.json()["data"]) != 2:
        client.login(*AGENCY_USER)
    return client


# -- the property ------------------------------------------------------------------------------


def fire(client: SandboxClient, method: str, template: str, generated: dict[str, Any]) -> Any:
    path = concrete_path(template, generated["path"])
    body = generated["body"]
    content = None if body is None else json.dumps(body)
    # The client validates the answer against the contract.
    return client.request(method, path, params=generated["query"], content=content)


@pytest.mark.parametrize(("method", "template"), sorted(contract_operations()))
def test_random_requests_get_contract_answers(
    fuzz_app: SandboxApp,
    fuzzer: SandboxClient,
    known_ids: dict[str, list[str]],
    method: str,
    template: str,
) -> None:
    client = signed_in_client(fuzzer)

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(generated=request_strategy(method, template, known_ids))
    def property_holds(generated: dict[str, Any]) -> None:
        response = fire(client, method, template, generated)
        assert fuzz_app.internal_errors == 0, fuzz_app.last_internal_error
        status = response.status_code
        assert status < 300 or status in ALLOWED_ERRORS, (status, response.text[:300])
        if status >= 400 and not (template.endswith("/checkout") and status == 400):
            assert response.json()["message"].strip()

    property_holds()
