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


# Icons drawn inline (24×24, stroked with the text colour): no icon font, no request, nothing
# the Content-Security-Policy would block. WHMCS names a group's icon the Font Awesome way
# ("fa-server"); a name with no drawing here gets the generic box, never an empty square.
ICONS = {
    "server": '<rect x="3" y="4" width="18" height="7" rx="2"/><rect x="3" y="13" width="18" '
    'height="7" rx="2"/><path d="M7 7.5h.01M7 16.5h.01M11 7.5h6M11 16.5h6"/>',
    "wordpress": '<circle cx="12" cy="12" r="9"/><path d="M5.5 8.5l4 11 2.5-7 2.5 7 4-11M4 '
    '8.5h5M15 8.5h5"/>',
    "cloud": '<path d="M7 18h10a4 4 0 0 0 .6-7.95A6 6 0 0 0 6.2 9.1 4.5 4.5 0 0 0 7 18z"/>',
    "hdd": '<rect x="3" y="6" width="18" height="12" rx="2"/><path d="M3 13h18M7 15.5h.01M11 '
    '15.5h.01"/>',
    "envelope": '<rect x="3" y="5" width="18" height="14" rx="2"/><path '
    'd="M3.5 6.5 12 13l8.5-6.5"/>',
    "users": '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0"/><path '
    'd="M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14a6.5 6.5 0 0 1 3.5 6"/>',
    "globe": '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 '
    '14 0 0 0 0 18"/>',
    "shield": '<path d="M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6z"/><path d="m8.5 12 '
    '2.5 2.5 4.5-5"/>',
    "cart": '<circle cx="9" cy="20" r="1.5"/><circle cx="18" cy="20" r="1.5"/><path d="M2 3h3l2.6 '
    '12.2a1.5 1.5 0 0 0 1.5 1.2h8.6a1.5 1.5 0 0 0 1.5-1.1L21 8H6.2"/>',
    "menu": '<path d="M4 7h16M4 12h16M4 17h16"/>',
    "user": '<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>',
    "search": '<circle cx="11" cy="11" r="7"/><path d="m20 20-4-4"/>',
    "card": '<rect x="2.5" y="5" width="19" height="14" rx="2"/><path d="M2.5 10h19M6 15h4"/>',
    "box": '<path d="M21 8 12 3 3 8v8l9 5 9-5z"/><path d="m3 8 9 5 9-5M12 13v8"/>',
}
ICON_ALIASES = {"hdd-o": "hdd", "hard-drive": "hdd", "envelope-o": "envelope", "mail": "envelope"}


@register.simple_tag
def icon(name: object, label: str = "") -> SafeString:
    """`{% icon "cart" %}` or `{% icon group.icon %}`: an inline SVG icon, decorative unless
    given a label."""
    key = str(name or "").strip().lower().removeprefix("fa-").removeprefix("fas fa-")
    key = ICON_ALIASES.get(key, key)
    drawing = ICONS.get(key, ICONS["box"])
    if label:
        return format_html(
            '<svg class="icon" viewBox="0 0 24 24" role="img" aria-label="{}">{}</svg>',
            label,
            mark_safe(drawing),  # noqa: S308  # nosec B308 B703 - fixed drawings above
        )
    return format_html(
        '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">{}</svg>',
        mark_safe(drawing),  # noqa: S308  # nosec B308 B703 - fixed drawings above
    )
