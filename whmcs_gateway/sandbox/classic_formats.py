"""The classic API's three answer formats (``responsetype``): json, xml and nvp.

JSON is the sandbox's default. XML is WHMCS's ``<whmcsapi>`` document with the action first;
its list rule is WHMCS's own: ``{"products": {"product": [a, b]}}`` becomes
``<products><product>a</product><product>b</product></products>``, and an empty array
disappears. NVP is ``name=value`` pairs joined by ``;``, only for actions whose answer is flat:
WHMCS refuses it for list actions.
"""

from __future__ import annotations

import html
import json
from decimal import Decimal
from typing import Any

from .responses import Response

FORMATS = ("json", "xml", "nvp")
# The answers WHMCS only gives as XML or JSON.
STRUCTURED_ACTIONS = frozenset(
    {"getorders", "getorderstatuses", "getproducts", "getpromotions", "orderfraudcheck"}
)
WHMCS_VERSION = "9.0.0"


class FormatRefused(ValueError):
    """A ``responsetype`` WHMCS refuses; the message is WHMCS's."""


def chosen_format(requested: Any, action: str) -> str:
    """The format to answer in; raises FormatRefused with WHMCS's message."""
    wanted = requested.lower() if isinstance(requested, str) else ""
    if not wanted:
        return "json"
    if wanted not in FORMATS:
        raise FormatRefused(
            f'Unsupported API response type format "{wanted}". '
            f"Supported formats include: {', '.join(FORMATS)}"
        )
    if wanted == "nvp" and action.lower() in STRUCTURED_ACTIONS:
        raise FormatRefused("This API action only supports the XML or JSON response type formats")
    return wanted


def render(body: dict[str, Any], response_format: str, action: str) -> Response:
    if response_format == "xml":
        return Response(
            body=xml_document({"action": action.lower(), **body}).encode(),
            content_type="application/xml; charset=utf-8",
        )
    if response_format == "nvp":
        text = ";".join(f"{key}={_scalar(value)}" for key, value in body.items())
        return Response(body=text.encode(), content_type="text/plain; charset=utf-8")
    return Response(body=body)


def xml_document(body: dict[str, Any]) -> str:
    version = "" if body.get("result") == "error" else WHMCS_VERSION
    content = "".join(_xml_items(body, "", printed=False)).strip()
    head = ['<?xml version="1.0" encoding="utf-8"?>', f'<whmcsapi version="{version}">']
    return "\n".join([*head, content, "</whmcsapi>"])


def _xml_items(values: Any, parent: str, *, printed: bool) -> list[str]:
    """WHMCS's walk: a list's items repeat the parent's tag, a map's keys are tags."""
    items = values.items() if isinstance(values, dict) else enumerate(values)
    out: list[str] = []
    for key, value in items:
        numeric = isinstance(key, int) or str(key).isdigit()
        if isinstance(value, dict | list | tuple):
            out.extend(_xml_nested(str(key), value, parent, numeric=numeric, printed=printed))
        else:
            tag = parent if numeric else str(key)
            out.append(f"<{tag}>{_xml_text(value)}</{tag}>\n")
    return out


def _xml_nested(key: str, value: Any, parent: str, *, numeric: bool, printed: bool) -> list[str]:
    if not value:
        return []
    if parent and numeric:
        if printed:
            return _xml_items(value, parent, printed=False)
        return [f"<{parent}>\n", *_xml_items(value, parent, printed=True), f"</{parent}>\n"]
    if not parent:
        return [f"<{key}>\n", *_xml_items(value, key, printed=True), f"</{key}>\n"]
    if not printed:
        return [f"<{parent}>\n", *_xml_items(value, key, printed=False), f"</{parent}>\n"]
    return _xml_items(value, key, printed=False)


def _xml_text(value: Any) -> str:
    text = _scalar(value)
    if "<![CDATA[" not in text and html.escape(text, quote=False).replace('"', "&quot;") != text:
        return f"<![CDATA[{text}]]>"
    return text


def _scalar(value: Any) -> str:
    """PHP's string conversion: true is "1", false and null are empty."""
    if value is True:
        return "1"
    if value is None or value is False:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list | tuple):
        return json.dumps(value)  # PHP would print "Array"; a nested value never reaches NVP
    return str(value)
