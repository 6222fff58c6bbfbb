"""The shop's templates render in a sandbox: what a marketer can edit can reach no secret.

Django's template language has no sandbox of its own: a variable follows any attribute chain
and calls any method that takes no argument, so `{{ request.session.items }}` or
`{{ page.form.request.COOKIES }}` print whatever they reach. Every template of the shop's
engine (published edits, drafts, theme-folder files and the defaults alike) is therefore
compiled by `SandboxParser`, which makes three guarantees at render time, whatever the page
data holds:

- every variable, in every tag (`{{ }}`, if, for, with, include ... with, firstof, cycle,
  blocktranslate, url, filter arguments ...), is resolved one step at a time and refused as
  soon as a step reaches an object no shop template may see (`refusal_for`);
- `|safe` and `|safeseq` do not exist (nor does `pprint`, which prints an object's insides);
- an edit's render has a budget of time and output (`Budget`): past it, the render stops.

What a shop template starts from is built by `safe_context.page_values`, not by Django's
request/auth/messages/csp context processors. Exceptions raised here are ordinary errors: the
editor's check shows them with their line, and a published edit that raises one is replaced
by the theme/default template (loader.render_or_fall_back), logged.
"""

from __future__ import annotations

import functools
import inspect
import re
import time
import types
from contextlib import contextmanager
from dataclasses import dataclass
from inspect import signature

from django.conf import settings
from django.template import TemplateSyntaxError
from django.template.base import (
    DebugLexer,
    FilterExpression,
    Lexer,
    Parser,
    Template,
    TextNode,
    Variable,
    VariableDoesNotExist,
    VariableNode,
)
from django.template.context import BaseContext
from django.template.loader_tags import BlockNode
from django.utils.functional import LazyObject, empty

# Filters no shop template may use: the first two turn escaping off for a value that comes
# from WHMCS or a visitor; pprint prints an object's whole insides (any field it holds).
REFUSED_FILTERS = {
    "safe": "|safe would turn off escaping for that value; it is not allowed.",
    "safeseq": "|safeseq would turn off escaping for those values; it is not allowed.",
    "pprint": "|pprint would print everything inside a value; it is not allowed.",
}

# Render budget of one page (or fragment), overridable in settings for a slow machine.
DEFAULT_BUDGET_SECONDS = 1.0  # a page takes a few hundredths of a second
DEFAULT_BUDGET_CHARACTERS = 2_000_000


class SandboxRefusal(Exception):
    """A template reached something shop templates may not see."""


class RenderBudgetExceeded(Exception):
    """A render took too long or produced too much output."""


# -- what a template may not reach --------------------------------------------------------

# Types whose module starts with one of these are refused wherever they are reached: the
# request and everything hanging off it, sessions, users and permissions, settings, the
# database, caches, the template engine itself, and the WHMCS gateway with its clients,
# transport, state store and credentials. `whmcs_gateway.models` (the typed data WHMCS sent:
# products, carts, prices) and `whmcs_gateway.errors` (what went wrong) are what pages show.
_REFUSED_MODULES = {
    "django.http": "the request",
    "django.core.handlers": "the request",
    "django.contrib.sessions": "the session",
    "django.contrib.auth": "user accounts",
    "django.conf": "the settings",
    "django.db": "the database",
    "django.core.cache": "the cache",
    "django.template": "the template engine",
    "django.forms.renderers": "the template engine",
    "django.contrib.messages.storage.cookie": "the request",
    "django.contrib.messages.storage.session": "the request",
    "django.contrib.messages.storage.fallback": "the request",
    "httpx": "the WHMCS connection",
    "httpcore": "the WHMCS connection",
    # The visitor, its keys, clients, throttles and middleware; its plain records
    # (storefront.visitor.records) and cart outcomes (storefront.visitor.cart) are page data.
    "storefront.visitor.visitor": "the visitor's session",
    "storefront.visitor.clients": "the WHMCS connection",
    "storefront.visitor.middleware": "the request",
    "storefront.visitor.throttle": "the login throttle",
    "storefront.visitor.addresses": "the request",
    "storefront.visitor.keys": "the visitor's session",
    "storefront.web.middleware": "the request",
}
_ALLOWED_GATEWAY_MODULES = ("whmcs_gateway.models", "whmcs_gateway.errors")


def refusal_for(value: object) -> str | None:
    """Why a shop template may not reach `value`, or None when it may."""
    if isinstance(value, BlockNode):
        return None  # `{{ block.super }}`; what it holds (its context, nodes) is refused
    if isinstance(value, types.ModuleType):
        return "a Python module"
    if isinstance(value, type):
        return "a Python class"
    if inspect.ismethod(value):
        return refusal_for(value.__self__)
    return _refusal_for_module(getattr(type(value), "__module__", "") or "")


@functools.lru_cache(maxsize=2048)
def _refusal_for_module(module: str) -> str | None:
    # By the module a value's type comes from; cached, since every variable of every page
    # asks this for each step it takes.
    if module.startswith("whmcs_gateway") and not module.startswith(_ALLOWED_GATEWAY_MODULES):
        return "the WHMCS gateway"
    for prefix, what in _REFUSED_MODULES.items():
        if module == prefix or module.startswith(prefix + "."):
            return what
    return None


def _unwrap(value: object) -> object:
    """A lazy object is judged by what it stands for (request.user and the gateway are)."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        return value._wrapped
    return value


class GuardedVariable(Variable):
    """A variable resolved like Django's own, refused the moment a step reaches a secret.

    The lookup loop mirrors `Variable._resolve_lookup` (dictionary, attribute, then list
    index; callables called without arguments unless marked), with `_check` after every
    step and before any call, so a method of a refused object is never run.
    """

    __slots__ = ()

    def _check(self, value: object, context) -> None:
        what = refusal_for(_unwrap(value))
        if what is not None:
            raise SandboxRefusal(
                f"{{{{ {self.var} }}}}: shop templates cannot use {what}. "
                "They see only the page's own data and the values listed in docs/templates.md."
            )

    def _resolve_lookup(self, context):
        current = context
        try:
            for bit in self.lookups:
                current = self._step(current, bit)
                self._check(current, context)
                if callable(current):
                    current = self._call(current, context)
                    self._check(current, context)
        except SandboxRefusal:
            raise
        except Exception as error:
            if getattr(error, "silent_variable_failure", False):
                return context.template.engine.string_if_invalid
            raise
        return current

    @staticmethod
    def _step(current, bit: str):
        try:
            if not hasattr(type(current), "__getitem__"):
                raise TypeError
            return current[bit]
        except (TypeError, AttributeError, KeyError, ValueError, IndexError):
            pass
        try:
            if isinstance(current, BaseContext) and getattr(type(current), bit):
                raise AttributeError
            return getattr(current, bit)
        except (TypeError, AttributeError):
            if not isinstance(current, BaseContext) and bit in dir(current):
                raise
        try:
            return current[int(bit)]
        except (IndexError, ValueError, KeyError, TypeError):
            raise VariableDoesNotExist(
                "Failed lookup for key [%s] in %r", (bit, type(current).__name__)
            ) from None

    @staticmethod
    def _call(current, context):
        if getattr(current, "do_not_call_in_templates", False):
            return current
        if getattr(current, "alters_data", False):
            return context.template.engine.string_if_invalid
        try:
            return current()
        except TypeError:
            try:
                signature(current).bind()
            except (TypeError, ValueError):  # arguments were required, or none can be known
                return context.template.engine.string_if_invalid
            raise


def _guarded(variable):
    if isinstance(variable, Variable) and not isinstance(variable, GuardedVariable):
        return GuardedVariable(variable.var)
    return variable


# A filter argument above this (`|ljust:1000000000`, `|stringformat:"900000000s"`) would
# build a string too big to hold before the render budget could stop it.
LARGEST_FILTER_ARGUMENT = 100_000
_NUMBER = re.compile(r"\d+")


def _too_large(argument) -> bool:
    value = argument.literal if isinstance(argument, Variable) else argument
    return any(int(digits) > LARGEST_FILTER_ARGUMENT for digits in _NUMBER.findall(str(value)))


class SandboxFilterExpression(FilterExpression):
    """A filter expression whose variable and variable arguments are guarded."""

    __slots__ = ()

    def __init__(self, token, parser):
        super().__init__(token, parser)
        if any(_too_large(arg) for _func, args in self.filters for _lookup, arg in args):
            raise TemplateSyntaxError(
                f"{token}: a filter argument above {LARGEST_FILTER_ARGUMENT} is not allowed."
            )
        self.var = _guarded(self.var)
        self.filters = [
            (func, [(lookup, _guarded(arg) if lookup else arg) for lookup, arg in args])
            for func, args in self.filters
        ]

    def resolve(self, context, ignore_failures=False):
        value = super().resolve(context, ignore_failures)
        # A filter can look things up too (`|get_item:"key"`): judge what it answered.
        what = refusal_for(_unwrap(value)) if self.filters else None
        if what is not None:
            raise SandboxRefusal(f"{{{{ {self.token} }}}}: shop templates cannot use {what}.")
        return value


class SandboxParser(Parser):
    def compile_filter(self, token):
        return SandboxFilterExpression(token, self)

    def find_filter(self, filter_name):
        if filter_name in REFUSED_FILTERS:
            raise TemplateSyntaxError(REFUSED_FILTERS[filter_name])
        return super().find_filter(filter_name)

    def extend_nodelist(self, nodelist, node, token):
        _budgeted(node)
        super().extend_nodelist(nodelist, node, token)


class SandboxTemplate(Template):
    """A template compiled by SandboxParser (the rest is Django's `compile_nodelist`)."""

    def compile_nodelist(self):
        lexer = DebugLexer(self.source) if self.engine.debug else Lexer(self.source)
        parser = SandboxParser(
            lexer.tokenize(),
            self.engine.template_libraries,
            self.engine.template_builtins,
            self.origin,
        )
        try:
            nodelist = parser.parse()
            self.extra_data = parser.extra_data
            return nodelist
        except Exception as error:
            if self.engine.debug:
                error.template_debug = self.get_exception_info(error, error.token)
            raise


# -- the render budget ---------------------------------------------------------------------


@dataclass
class Budget:
    """Processor time (not wall time: waiting for WHMCS or for a busy machine's other work
    is not the template's doing) and characters written, counted from the first node."""

    seconds: float
    characters: int
    started: float | None = None
    written: int = 0

    def spend(self, characters: int = 0) -> None:
        if self.started is None:
            self.started = time.thread_time()
        self.written += characters
        if self.written > self.characters:
            raise RenderBudgetExceeded(
                f"The page grew past {self.characters} characters; a loop or an include "
                "repeats too often."
            )
        if time.thread_time() - self.started > self.seconds:
            raise RenderBudgetExceeded(
                f"The page took longer than {self.seconds:g} seconds to render; a loop or "
                "an include repeats too often."
            )


BUDGET_ATTRIBUTE = "sandbox_budget"


@contextmanager
def render_budget(context):
    """Arm a budget for an edit's render, unless one is already running (an edit included
    by an edit shares the page's budget). Theme and default files alone run unbudgeted."""
    if getattr(context, BUDGET_ATTRIBUTE, None) is not None:
        yield
        return
    setattr(
        context,
        BUDGET_ATTRIBUTE,
        Budget(
            seconds=getattr(settings, "TEMPLATE_RENDER_BUDGET_SECONDS", DEFAULT_BUDGET_SECONDS),
            characters=getattr(
                settings, "TEMPLATE_RENDER_BUDGET_CHARACTERS", DEFAULT_BUDGET_CHARACTERS
            ),
        ),
    )
    try:
        yield
    finally:
        setattr(context, BUDGET_ATTRIBUTE, None)


@contextmanager
def without_budget(context):
    """The default template that replaces an edit over budget renders in full."""
    saved = getattr(context, BUDGET_ATTRIBUTE, None)
    setattr(context, BUDGET_ATTRIBUTE, None)
    try:
        yield
    finally:
        setattr(context, BUDGET_ATTRIBUTE, saved)


def _budgeted(node) -> None:
    """Check the budget before every node renders (loops render their body node by node),
    and count what the nodes that write output (text and variables) wrote."""
    render = node.render_annotated
    counts_output = isinstance(node, (TextNode, VariableNode))

    def render_annotated(context):
        budget = getattr(context, BUDGET_ATTRIBUTE, None)
        if budget is None:
            return render(context)
        budget.spend()
        output = render(context)
        if counts_output:
            budget.spend(len(output))
        return output

    node.render_annotated = render_annotated
