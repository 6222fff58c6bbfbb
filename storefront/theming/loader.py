"""The template loader that serves published edits, first in TEMPLATES' loaders.

A published edit replaces the theme/default file of the same name. It can never take the shop
down: an edit that does not compile is skipped (the next loaders serve the file), and an edit
that fails while rendering is rendered again from the file. Either failure is logged and
noted on the revision, so staff see it on the editor page.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.template import Origin, Template, TemplateDoesNotExist
from django.template.base import PartialTemplate
from django.template.loader_tags import BLOCK_CONTEXT_KEY, ExtendsNode
from django.template.loaders import cached, filesystem
from django.template.loaders.base import Loader as BaseLoader
from django.utils import timezone

from . import policy
from .published import PublishedEdit, published_edits
from .sandbox import SandboxTemplate, render_budget, without_budget

logger = logging.getLogger("storefront.theming")

# Never served from the database: the error page must render when the database is down, the
# editor's own pages must stay usable whatever is published, and the staff console's pages
# (masquerade confirmations, orders) are not the marketers' to change. The masquerade banner
# shown on shop pages is.
NEVER_EDITABLE_PREFIXES = ("theming/", "staff/")
NEVER_EDITABLE_NAMES = frozenset({"500.html"})
EDITABLE_EXCEPTIONS = frozenset({"staff/banner.html"})


def is_editable_name(name: str) -> bool:
    if name in EDITABLE_EXCEPTIONS:
        return True
    return name not in NEVER_EDITABLE_NAMES and not name.startswith(NEVER_EDITABLE_PREFIXES)


def is_console_name(name: str) -> bool:
    """A staff console or editor template: only the console engine serves it (console.py)."""
    return name.startswith(NEVER_EDITABLE_PREFIXES) and name not in EDITABLE_EXCEPTIONS


class SandboxLoading(BaseLoader):
    """Django's loading, but compiled as a sandboxed shop template (sandbox.py), and never a
    console template: a shop page cannot include or extend a staff or editor page."""

    def get_template(self, template_name, skip=None):
        if is_console_name(template_name):
            raise TemplateDoesNotExist(template_name)
        tried = []
        for origin in self.get_template_sources(template_name):
            if skip is not None and origin in skip:
                tried.append((origin, "Skipped to avoid recursion"))
                continue
            try:
                contents = self.get_contents(origin)
            except TemplateDoesNotExist:
                tried.append((origin, "Source does not exist"))
                continue
            return SandboxTemplate(contents, origin, origin.template_name, self.engine)
        raise TemplateDoesNotExist(template_name, tried=tried)


class InheritedPartials(dict):
    """A template's fragments; one it does not define comes from the template it extends.

    So a theme file or an edit that extends the default (to change a block or two) still
    serves the default's fragments to htmx ("page.html#fragment").
    """

    def __init__(self, own: dict, template: Template):
        super().__init__(own)
        self.template = template

    def __missing__(self, name: str):
        parent = _parent_of(self.template)
        if parent is None:
            raise KeyError(name)
        return parent.extra_data["partials"][name]


def _parent_of(template: Template) -> Template | None:
    extends = next(iter(template.nodelist.get_nodes_by_type(ExtendsNode)), None)
    if extends is None or extends.parent_name.var is None:
        return None
    name = extends.parent_name.var
    if not isinstance(name, str) or extends.parent_name.filters:
        return None  # a parent chosen at run time: its fragments cannot be known here
    parent, _origin = template.engine.find_template(name, skip=[template.origin])
    return parent


def inherit_partials(template: Template) -> Template:
    extra = getattr(template, "extra_data", None)
    if extra is not None and not isinstance(extra.get("partials"), InheritedPartials):
        extra["partials"] = InheritedPartials(extra.get("partials", {}), template)
    return template


class FilesystemLoader(filesystem.Loader, SandboxLoading):
    """The theme folder and default templates, with fragments inherited through extends."""

    def get_template(self, template_name, skip=None):
        return inherit_partials(super().get_template(template_name, skip))


class CachedLoader(cached.Loader, SandboxLoading):
    def get_template(self, template_name, skip=None):
        return inherit_partials(super().get_template(template_name, skip))


class Loader(BaseLoader):
    def __init__(self, engine):
        super().__init__(engine)
        # (revision id, source digest) -> compiled template, or None when it does not compile.
        self._compiled: dict[tuple[int, str], Template | None] = {}
        self._compile_lock = threading.Lock()

    def get_template_sources(self, template_name):
        edit = published_edits().get(template_name) if is_editable_name(template_name) else None
        if edit is not None:
            yield _origin_of(edit, self)

    def get_contents(self, origin):
        edit = published_edits().get(origin.template_name)
        if edit is None:
            raise TemplateDoesNotExist(origin)
        return edit.source

    def get_template(self, template_name, skip=None):
        edit = published_edits().get(template_name) if is_editable_name(template_name) else None
        if edit is None:
            raise TemplateDoesNotExist(template_name)
        origin = _origin_of(edit, self)
        if skip is not None and origin in skip:
            # An edit that extends its own name gets the theme/default file as its parent.
            raise TemplateDoesNotExist(template_name, tried=[(origin, "Skipped")])
        template = self._compile(edit, origin)
        if template is None:
            raise TemplateDoesNotExist(template_name, tried=[(origin, "Edit does not compile")])
        return template

    def reset(self):
        self._compiled.clear()

    def _compile(self, edit: PublishedEdit, origin: Origin) -> Template | None:
        key = (edit.revision_id, edit.digest)
        if key in self._compiled:
            return self._compiled[key]
        with self._compile_lock:
            try:
                problems = policy.problems_in(edit.source)
                if problems:
                    raise ValueError("; ".join(str(problem) for problem in problems))
                template = GuardedTemplate(edit.source, origin, edit.name, self.engine)
                template.revision_id, template.digest = edit.revision_id, edit.digest
                inherit_partials(template)
            except Exception as error:
                record_runtime_error(edit.revision_id, edit.digest, edit.name, error)
                template = None
            self._compiled[key] = template
        return template


def _origin_of(edit: PublishedEdit, loader: Loader) -> Origin:
    return Origin(
        name=f"published edit {edit.revision_id} of {edit.name}",
        template_name=edit.name,
        loader=loader,
    )


class GuardedTemplate(SandboxTemplate):
    """A compiled edit that renders the theme/default file instead when it fails."""

    revision_id: int = 0
    digest: str = ""

    def compile_nodelist(self):
        nodelist = super().compile_nodelist()
        partials = getattr(self, "extra_data", {}).get("partials", {})
        for name, partial in list(partials.items()):
            partials[name] = GuardedPartial(self, partial)
        return nodelist

    def _render(self, context):
        return render_or_fall_back(
            self,
            context,
            attempt=lambda: super(GuardedTemplate, self)._render(context),
            fallback=lambda default: default._render(context),
        )

    def default_template(self) -> Template:
        """The template the next loaders serve under this name (theme or default file)."""
        template, _origin = self.engine.find_template(self.origin.template_name, skip=[self.origin])
        return template


class GuardedPartial(PartialTemplate):
    """A `{% partialdef %}` of an edit, rendered from the default's fragment when it fails."""

    def __init__(self, owner: GuardedTemplate, partial: PartialTemplate):
        super().__init__(
            partial.nodelist,
            partial.origin,
            partial.name,
            partial._source_start,
            partial._source_end,
        )
        self.owner = owner

    def _render(self, context):
        def fallback(default: Template) -> str:
            return default.extra_data["partials"][self.name]._render(context)

        return render_or_fall_back(
            self.owner, context, attempt=lambda: self.nodelist.render(context), fallback=fallback
        )


def render_or_fall_back(
    edit: GuardedTemplate,
    context,
    *,
    attempt: Callable[[], str],
    fallback: Callable[[Template], str],
) -> str:
    saved = _save_render_state(context)
    try:
        with render_budget(context):
            return attempt()
    except Exception as error:
        _restore_render_state(context, saved)
        try:
            with without_budget(context):
                output = fallback(edit.default_template())
        except Exception:
            # The default fails the same way: not the edit's fault; let it surface as usual.
            _restore_render_state(context, saved)
            raise error from None
        record_runtime_error(edit.revision_id, edit.digest, edit.origin.template_name, error)
        return output


def _save_render_state(context):
    """What a half-finished render may have changed: the context stack, inheritance state."""
    top = context.render_context.dicts[-1]
    blocks = top.get(BLOCK_CONTEXT_KEY)
    return (
        len(context.dicts),
        dict(top),
        {key: list(value) for key, value in top.items() if isinstance(value, list)},
        {name: list(stack) for name, stack in blocks.blocks.items()} if blocks else None,
    )


def _restore_render_state(context, saved) -> None:
    depth, top_items, lists, block_stacks = saved
    del context.dicts[depth:]
    top = context.render_context.dicts[-1]
    top.clear()
    top.update(top_items)
    for key, items in lists.items():
        top[key][:] = items
    blocks = top.get(BLOCK_CONTEXT_KEY)
    if blocks is not None and block_stacks is not None:
        blocks.blocks.clear()
        for name, stack in block_stacks.items():
            blocks.blocks[name] = list(stack)


_reported: set[tuple[int, str, str]] = set()


def record_runtime_error(revision_id: int, digest: str, name: str, error: Exception) -> None:
    """Log a stored edit's failure and note it on its revision (once per process)."""
    message = f"{type(error).__name__}: {error}"
    logger.error(
        "Published edit %s of %s failed, serving the default: %s", revision_id, name, message
    )
    if (revision_id, digest, message) in _reported:
        return
    _reported.add((revision_id, digest, message))
    try:
        from .models import TemplateRevision

        TemplateRevision.objects.filter(pk=revision_id).update(
            runtime_error=message[:2000], runtime_error_at=timezone.now()
        )
    except Exception:
        logger.exception("Could not note the failure of published edit %s", revision_id)
