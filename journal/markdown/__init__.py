"""Markdown for Trailbook: the preview's HTML, and the source transforms that publishing applies.

Pure Python (no Qt). Importing this package builds nothing: each thread's renderer is built on its first use.
"""

from __future__ import annotations

from journal.markdown.images import find_image_links, rewrite_image_links
from journal.markdown.mathml import mathml_for_publish, tex_to_mathml
from journal.markdown.private import strip_private_blocks
from journal.markdown.render import DARK_STYLE, LIGHT_STYLE, Heading, RenderResult, pygments_css, render_html
from journal.markdown.words import count_words

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
