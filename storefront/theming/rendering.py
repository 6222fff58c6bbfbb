"""Render templates with an unpublished draft in place, to check and preview it.

A draft is never stored and never seen by the shop's own template engine: it is served by a
throwaway engine whose first loader holds only the draft, followed by the same loaders as the
shop (published edits, theme folder, defaults). Nobody else's pages change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import HttpRequest
from django.template import Engine, TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.context import make_context
from django.template.loaders.locmem import Loader as LocmemLoader

from . import policy
from .loader import SandboxLoading, inherit_partials
from .patterns import State, states_of
from .sandbox import render_budget

SHOP_LOADERS = [
    "storefront.theming.loader.Loader",
    "storefront.theming.loader.FilesystemLoader",
]


class DraftLoader(LocmemLoader, SandboxLoading):
    """Serves the one draft template (sandboxed like every shop template), and counts how
    often a render asked for it."""

    loads = 0

    def get_contents(self, origin):
        contents = super().get_contents(origin)
        self.loads += 1
        return contents

    def get_template(self, template_name, skip=None):
        return inherit_partials(super().get_template(template_name, skip))


def shop_engine() -> Engine:
    return engines["django"].engine


def draft_engine(name: str | None = None, source: str = "") -> Engine:
    """An engine like the shop's, with `source` served as template `name` (if given)."""
    shop = shop_engine()
    loaders = [("storefront.theming.rendering.DraftLoader", {name: source})] if name else []
    return Engine(
        dirs=shop.dirs,
        loaders=loaders + SHOP_LOADERS,
        context_processors=shop.context_processors,
        # Debug: errors carry the line they happened on, to show the marketer.
        debug=True,
        libraries=shop.libraries,
        builtins=[b for b in shop.builtins if b not in Engine.default_builtins],
        autoescape=True,
    )


def render_state(engine: Engine, state: State, request: HttpRequest) -> str:
    template = engine.get_template(state.template)
    context = make_context(state.context(), request, autoescape=True)
    with render_budget(context):  # a draft gets the budget a published edit will have
        return template.render(context)


@dataclass(frozen=True)
class Check:
    errors: list[str]
    rendered_states: list[str]  # labels of the samples the draft was rendered with


def check_draft(name: str, source: str, request: HttpRequest) -> Check:
    """Whether a draft may be published: it follows the rules, compiles, and renders with
    the sample data of every state that uses it."""
    problems = policy.problems_in(source)
    if problems:
        return Check([str(problem) for problem in problems], [])
    engine = draft_engine(name, source)
    try:
        engine.get_template(name)
    except TemplateSyntaxError as error:
        return Check([describe(error)], [])
    draft = engine.template_loaders[0]
    failures: dict[str, list[str]] = {}  # one message per error, with the samples it broke
    rendered = []
    for state in _states_to_check(name):
        draft.loads = 0
        try:
            render_state(engine, state, request)
        except Exception as error:
            if draft.loads:
                failures.setdefault(describe(error), []).append(state.label)
            continue
        if draft.loads:
            rendered.append(state.label)
    errors = [f"{message} (with: {'; '.join(labels)})" for message, labels in failures.items()]
    if not errors and not rendered:
        errors.append("No sample page uses this template, so it could not be checked.")
    return Check(errors, rendered)


def _states_to_check(name: str) -> list[State]:
    """The states of the template itself first, then every other (it may be included)."""
    own = states_of(name)
    from .patterns import STATES

    return own + [state for state in STATES if state not in own]


def describe(error: Exception) -> str:
    """An error as a marketer can act on it: what went wrong and on which line."""
    if isinstance(error, TemplateDoesNotExist) and "#" not in str(error):
        message = f"Template or fragment not found: {error}"
    else:
        message = str(error) or type(error).__name__
    debug = getattr(error, "template_debug", None)
    if debug:
        return f"Line {debug['line']} of {debug['name']}: {message}"
    return message


def preview_page(html: str, banner: str) -> str:
    """A rendered full page with a notice at the top of its body."""
    match = re.search(r"<body[^>]*>", html)
    if match is None:
        return html
    return html[: match.end()] + banner + html[match.end() :]
