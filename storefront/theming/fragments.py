"""The `{% partialdef %}` fragments of a template's source, to edit one on its own."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.base import DebugLexer, TokenType


@dataclass(frozen=True)
class Fragment:
    name: str
    start: int  # where the fragment's body starts in the source (after its partialdef tag)
    end: int  # where its body ends (at its endpartialdef tag)


def fragments_of(source: str) -> list[Fragment]:
    """Every fragment of the source, in order; an unfinished one is left out."""
    found, open_tags = [], []
    for token in DebugLexer(source).tokenize():
        if token.token_type != TokenType.BLOCK:
            continue
        bits = token.split_contents()
        if bits[0] == "partialdef" and len(bits) >= 2:
            open_tags.append((bits[1], token.position[1]))
        elif bits[0] == "endpartialdef" and open_tags:
            name, start = open_tags.pop()
            found.append(Fragment(name, start, token.position[0]))
    return sorted(found, key=lambda fragment: fragment.start)


def fragment_names(source: str) -> list[str]:
    return [fragment.name for fragment in fragments_of(source)]


def fragment_source(source: str, name: str) -> str | None:
    fragment = _find(source, name)
    return None if fragment is None else source[fragment.start : fragment.end]


def with_fragment(source: str, name: str, body: str) -> str:
    """The whole template with one fragment's body replaced."""
    fragment = _find(source, name)
    if fragment is None:
        raise KeyError(name)
    return source[: fragment.start] + body + source[fragment.end :]


def _find(source: str, name: str) -> Fragment | None:
    return next((f for f in fragments_of(source) if f.name == name), None)
