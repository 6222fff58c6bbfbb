"""What a template edited in the browser may contain.

An edit is checked token by token before it is compiled, and again by the loader before a
stored edit is used (a row changed behind the editor's back gets the same treatment):

- `{% load %}` only of the libraries in ALLOWED_LIBRARIES;
- `{% include %}` and `{% extends %}` only of a quoted template name (no variables, no absolute
  or parent paths, only .html files), so an edit cannot read other files of the server;
- autoescaping stays on: no `{% autoescape off %}`, no `|safe`/`|safeseq` and no
  `{% filter safe %}`. Copy typed into a template is already HTML, so marking it safe is never
  needed; the only values a template prints come from WHMCS and visitors, and WHMCS HTML goes
  through the sanitising `|whmcs_html` filter. Allowing `|safe` would let one edit turn a
  visitor-controlled value into script;
- no `{% debug %}`, which prints the whole context, and no `|pprint`;
- every tag's arguments are checked, not only `{{ }}` (include ... with, firstof, cycle, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template.base import Lexer, TokenType

from .safe_context import ABSENT_NAMES, REQUEST_FACTS
from .sandbox import REFUSED_FILTERS

ALLOWED_LIBRARIES = frozenset({"static", "shop", "django_htmx", "i18n", "l10n", "tz"})
FORBIDDEN_TAGS = {
    "debug": "{% debug %} would print everything the page knows; it is not allowed.",
}
_REFUSED_FILTER = re.compile(r"\|\s*(" + "|".join(REFUSED_FILTERS) + r")\b")
_TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.html(#[A-Za-z0-9_-]+)?$")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


def problems_in(source: str) -> list[Problem]:
    """Every rule the source breaks, in order; an empty list when it may be compiled."""
    found = []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            message = _block_problem(bits) or _names_problem(bits)
        elif token.token_type == TokenType.VAR:
            message = _filter_problem(token.contents) or _name_problem(token.contents)
        else:
            message = None
        if message:
            found.append(Problem(token.lineno, message))
    return found


def _block_problem(bits: list[str]) -> str | None:
    if not bits:
        return None
    tag, args = bits[0], bits[1:]
    if tag in FORBIDDEN_TAGS:
        return FORBIDDEN_TAGS[tag]
    if tag == "load":
        return _load_problem(args)
    if tag == "autoescape" and args[:1] != ["on"]:
        return "Autoescaping must stay on: {% autoescape off %} is not allowed."
    if tag == "filter" and any(re.search(r"\bsafe(seq)?\b", arg) for arg in args):
        return "{% filter safe %} would turn off escaping; it is not allowed."
    if tag in ("include", "extends"):
        # `{% include "x.html" with message=request.GET.q|safe %}`: the name and then every
        # filter expression after it, as in any other tag.
        return _template_name_problem(tag, args) or _filter_problem(" ".join(args[1:]))
    return _filter_problem(" ".join(bits))


def _load_problem(args: list[str]) -> str | None:
    # `{% load a b %}` or `{% load name from library %}`.
    libraries = [args[-1]] if len(args) >= 3 and args[-2] == "from" else args
    refused = [name for name in libraries if name not in ALLOWED_LIBRARIES]
    if refused:
        allowed = ", ".join(sorted(ALLOWED_LIBRARIES))
        return f"{{% load {' '.join(refused)} %}} is not allowed; you may load: {allowed}."
    return None


def _template_name_problem(tag: str, args: list[str]) -> str | None:
    target = args[0] if args else ""
    quoted = len(target) >= 2 and target[0] == target[-1] and target[0] in "\"'"
    name = target[1:-1] if quoted else ""
    if not quoted:
        return f'{{% {tag} %}} needs a template name in quotes, like "cart/item.html".'
    if ".." in name.split("/") or not _TEMPLATE_NAME.match(name):
        return f"{{% {tag} {target} %}}: only shop templates (a relative .html name) may be used."
    return None


_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_VARIABLE = re.compile(r"(?<![\w.|])([A-Za-z_]\w*(?:\.\w+)*)")
_TAGS_WITHOUT_VARIABLES = frozenset(
    {"block", "endblock", "partialdef", "endpartialdef", "partial", "load", "templatetag"}
)


def _names_problem(bits: list[str]) -> str | None:
    if not bits or bits[0] in _TAGS_WITHOUT_VARIABLES:
        return None
    return _name_problem(" ".join(bits[1:]))


def _name_problem(expression: str) -> str | None:
    """A variable shop templates never have (safe_context.py): say so rather than print ''."""
    for name in _VARIABLE.findall(_QUOTED.sub('""', expression)):
        root, *rest = name.split(".")
        if root in ABSENT_NAMES or (root == "request" and rest and rest[0] not in REQUEST_FACTS):
            return (
                f"{{{{ {name} }}}} is not available to shop templates: they see the page's "
                "own data and the values listed in docs/templates.md, never the request, "
                "the user, the session or the settings."
            )
    return None


def _filter_problem(expression: str) -> str | None:
    """A refused filter anywhere in a tag's arguments (the sandbox's parser refuses it again
    when the template is compiled, whichever tag it is in)."""
    found = _REFUSED_FILTER.search(expression)
    return REFUSED_FILTERS[found.group(1)] if found else None
