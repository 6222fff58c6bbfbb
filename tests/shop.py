"""Helpers for tests that look at pages the way a person does."""

from __future__ import annotations

import html as htmllib
import re


def text_of(response) -> str:
    """What a person reads on the page: scripts and tags dropped, white space folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def once_token(response) -> str:
    return re.search(r'name="once" value="([^"]+)"', response.content.decode()).group(1)
