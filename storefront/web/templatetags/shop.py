"""Template filters marketers may use: safe WHMCS HTML and price wording."""

from __future__ import annotations

import nh3
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from whmcs_gateway.models import CYCLE_LABELS

register = template.Library()

# What WHMCS descriptions may keep: text formatting and links, no scripts, styles or handlers.
ALLOWED_TAGS = {
    "a", "b", "br", "code", "em", "i", "li", "ol", "p", "small", "span", "strong", "sub",
    "sup", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@register.filter
def whmcs_html(value: object) -> SafeString:
    """HTML from WHMCS (product and group descriptions), sanitised to a safe subset."""
    if not value:
        return SafeString("")
    text = str(value)
    if "<" not in text and "\n" in text.strip():
        # WHMCS admins often write plain lines, one feature a line: show them as a list.
        lines = ((line.strip(),) for line in text.splitlines() if line.strip())
        return format_html(
            '<ul class="plan-features">{}</ul>', format_html_join("", "<li>{}</li>", lines)
        )
    cleaned = nh3.clean(
        str(value),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    # nh3 removed every tag, attribute and URL scheme outside the allow-lists above.
    return mark_safe(cleaned)  # noqa: S308  # nosec B308 B703


@register.filter
def get_item(mapping: object, key: object) -> object:
    """`{{ errors|get_item:item.item_id }}`: a dict lookup by a variable key."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def cycle_label(cycle: object) -> str:
    return CYCLE_LABELS.get(str(cycle or ""), str(cycle or "").title())


@register.filter
def chosen_option(option: object) -> str:
    """How a cart item's config option choice reads: Yes/No, "2 × IPv4 address", or its name."""
    chosen = getattr(option, "option", None)
    value = getattr(chosen, "value", None)
    name = getattr(chosen, "name", None) or ""
    kind = getattr(option, "type", "")
    if kind == "yesno":
        return "Yes" if value else "No"
    if kind == "quantity":
        return f"{value} × {name}" if name else str(value)
    return name or ("" if value is None else str(value))


@register.filter
def is_chosen(choice_value: object, bound_field: object) -> bool:
    """Whether a choice is the field's current value (or one of them), compared as text."""
    current = bound_field.value()  # type: ignore[attr-defined]
    if isinstance(current, list | tuple):
        return str(choice_value) in {str(value) for value in current}
    return current is not None and str(choice_value) == str(current)


@register.filter
def described_by(bound_field: object) -> str:
    """The ids that describe a field's input: its help text and its errors."""
    ids = []
    if bound_field.help_text:  # type: ignore[attr-defined]
        ids.append(f"{bound_field.auto_id}_helptext")  # type: ignore[attr-defined]
    if bound_field.errors:  # type: ignore[attr-defined]
        ids.append(f"{bound_field.auto_id}_error")  # type: ignore[attr-defined]
    return " ".join(ids)
