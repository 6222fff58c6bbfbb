"""Request parameters the way PHP hands them to WHMCS's ``includes/api.php``.

WHMCS reads ``array_merge($query, $parsedBody)``: the query string and the body together, the
body winning for a name in both (PHP's ``$_REQUEST``). A body is form-encoded or
multipart/form-data. Names with brackets build PHP arrays: ``pid[0]=1&pid[]=6`` is
``{"pid": {"0": "1", "1": "6"}}`` and ``pricing[1][monthly]=4.99`` nests; keys stay strings,
in the order PHP would keep them, so arrays pair by key, not by position.
"""

from __future__ import annotations

import re
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

MAX_FIELD_LENGTH = 10_000
# Deep enough for every documented parameter (pricing[currency][cycle]); PHP stops at 64.
MAX_DEPTH = 8
_NAME = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")


class InputTooLarge(ValueError):
    """A value longer than the sandbox accepts; the message names the parameter."""


def request_params(query_string: str, body: bytes, content_type: str | None) -> dict[str, Any]:
    """``$_REQUEST``: query parameters overlaid with body parameters."""
    params = php_array(parse_qsl(query_string, keep_blank_values=True))
    params.update(php_array(body_pairs(body, content_type or "")))
    return params


def body_pairs(body: bytes, content_type: str) -> list[tuple[str, str]]:
    if not body:
        return []
    if content_type.split(";")[0].strip().lower() == "multipart/form-data":
        return multipart_pairs(body, content_type)
    return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)


def multipart_pairs(body: bytes, content_type: str) -> list[tuple[str, str]]:
    """The named parts of a multipart/form-data body (an uploaded file's content as text)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        return []
    pairs = []
    for part in message.iter_parts():
        name = _part_name(part)
        if name is not None:
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "utf-8"
            pairs.append((name, payload.decode(charset, "replace")))
    return pairs


def _part_name(part: Message) -> str | None:
    if part.get_content_disposition() != "form-data":
        return None
    name = part.get_param("name", header="content-disposition")
    return name if isinstance(name, str) and name else None


def php_array(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in pairs:
        if len(value) > MAX_FIELD_LENGTH:
            raise InputTooLarge(f"The {key} parameter is too long")
        found = _NAME.match(key)
        if found is None:
            continue
        path = _PART.findall(found[2])[:MAX_DEPTH]
        _store(params, found[1], path, value)
    return params


def _store(target: dict[str, Any], name: str, path: list[str], value: str) -> None:
    for part in path:
        child = target.get(name)
        if not isinstance(child, dict):
            child = {}
            target[name] = child
        target, name = child, part if part != "" else _next_index(child)
    target[name] = value


def _next_index(array: dict[str, Any]) -> str:
    """``name[]`` appends at the highest integer key + 1, as PHP does."""
    numbers = [int(key) for key in array if re.fullmatch(r"-?[0-9]{1,18}", key)]
    return str(max(numbers) + 1 if numbers else 0)
