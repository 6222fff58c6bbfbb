"""Publishing, history, comparing and rolling back template edits."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from . import published
from .fragments import fragment_names
from .loader import is_editable_name
from .models import TemplateRevision
from .rendering import shop_engine

DEFAULT = "default"


@dataclass(frozen=True)
class EditableTemplate:
    name: str
    fragments: list[str]
    current: TemplateRevision | None  # the published edit, None when the file is served

    @property
    def is_edited(self) -> bool:
        return self.current is not None and not self.current.uses_default


def template_files() -> list[str]:
    """Every editable template name in the template folders (theme first, then defaults)."""
    names: set[str] = set()
    for folder in shop_engine().dirs:
        root = Path(folder)
        names.update(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    return sorted(name for name in names if is_editable_name(name))


def editable_templates() -> list[EditableTemplate]:
    current = {r.name: r for r in TemplateRevision.objects.filter(is_current=True)}
    return [
        EditableTemplate(name, fragment_names(file_source(name)), current.get(name))
        for name in template_files()
    ]


def file_source(name: str) -> str:
    """What the shop serves without an edit: the theme folder's file, else the default."""
    for folder in shop_engine().dirs:
        path = Path(folder) / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(name)


def current_revision(name: str) -> TemplateRevision | None:
    return TemplateRevision.objects.filter(name=name, is_current=True).first()


def current_source(name: str) -> str:
    revision = current_revision(name)
    if revision is None or revision.uses_default:
        return file_source(name)
    return revision.source


def history(name: str) -> list[TemplateRevision]:
    return list(TemplateRevision.objects.filter(name=name).select_related("author"))


def publish(name: str, source: str, author, note: str = "") -> TemplateRevision:
    """Make `source` the live template (the caller has checked it)."""
    return _make_current(TemplateRevision(name=name, source=source, author=author, note=note))


def roll_back(revision: TemplateRevision, author) -> TemplateRevision:
    """Publish an earlier version again, as a new version (the history is never rewritten)."""
    return _make_current(
        TemplateRevision(
            name=revision.name,
            source=revision.source,
            uses_default=revision.uses_default,
            author=author,
            note=f"Rolled back to version {revision.pk}",
        )
    )


def restore_default(name: str, author) -> TemplateRevision:
    return _make_current(
        TemplateRevision(name=name, uses_default=True, author=author, note="Back to the default")
    )


def _make_current(revision: TemplateRevision) -> TemplateRevision:
    with transaction.atomic():
        TemplateRevision.objects.select_for_update().filter(
            name=revision.name, is_current=True
        ).update(is_current=False)
        revision.is_current = True
        revision.save()
        published.publish_changed()
    return revision


def version_source(name: str, version: str) -> tuple[str, str]:
    """(label, source) of a version of a template: a revision id, or "default"."""
    if version == DEFAULT:
        return "Default (theme or file)", file_source(name)
    revision = TemplateRevision.objects.get(name=name, pk=int(version))
    if revision.uses_default:
        return f"Version {revision.pk} (back to the default)", file_source(name)
    return f"Version {revision.pk}", revision.source


def compare(name: str, older: str, newer: str) -> SafeString:
    """A side-by-side difference of two versions, as an HTML table."""
    older_label, older_source = version_source(name, older)
    newer_label, newer_source = version_source(name, newer)
    table = difflib.HtmlDiff(wrapcolumn=80).make_table(
        older_source.splitlines(),
        newer_source.splitlines(),
        fromdesc=str(format_html("{}", older_label)),
        todesc=str(format_html("{}", newer_label)),
        context=True,
        numlines=3,
    )
    # HtmlDiff escapes &, < and > of every line it shows; labels are escaped above.
    return mark_safe(table)  # noqa: S308  # nosec B308 B703
