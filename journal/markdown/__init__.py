"""Markdown for Trailbook: the preview's HTML, and the source transforms that publishing applies.

Pure Python (no Qt). Importing this package loads nothing heavy: each name is imported from its module on first use
(so ``journal.markdown.words`` does not pull in Python-Markdown and Pygments), and each thread's renderer is built on
its first conversion.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journal.markdown.images import find_image_links, rewrite_image_links
    from journal.markdown.mathml import mathml_for_publish, tex_to_mathml
    from journal.markdown.private import strip_private_blocks
    from journal.markdown.render import DARK_STYLE, LIGHT_STYLE, Heading, RenderResult, pygments_css, render_html
    from journal.markdown.words import count_words

_WHERE = {
    "DARK_STYLE": "render",
    "LIGHT_STYLE": "render",
    "Heading": "render",
    "RenderResult": "render",
    "count_words": "words",
    "find_image_links": "images",
    "mathml_for_publish": "mathml",
    "pygments_css": "render",
    "render_html": "render",
    "rewrite_image_links": "images",
    "strip_private_blocks": "private",
    "tex_to_mathml": "mathml",
}

__all__ = [
    "DARK_STYLE",
    "LIGHT_STYLE",
    "Heading",
    "RenderResult",
    "count_words",
    "find_image_links",
    "mathml_for_publish",
    "pygments_css",
    "render_html",
    "rewrite_image_links",
    "strip_private_blocks",
    "tex_to_mathml",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
