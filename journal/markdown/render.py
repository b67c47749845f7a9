"""Markdown to HTML for the preview and for publishing, with one reusable renderer per thread.

Constructing ``markdown.Markdown`` with extensions costs far more than a small conversion, and the preview converts
on every keystroke, so each thread builds its instance once (lazily, on first use) and ``reset()``s it between
conversions. Per-conversion settings (the image callback, the private mode) are set on our processors before each run.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import markdown
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.toc import TocExtension, slugify_unicode

from journal.markdown.images import ImageExtension
from journal.markdown.mathml import MathExtension
from journal.markdown.private import PrivateExtension, strip_private_blocks
from journal.markdown.tasks import TaskBoxes
from journal.markdown.wikilink_extension import Resolver, WikiLinkExtension
from journal.markdown.words import count_words

LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"
HIGHLIGHT_CLASS = "highlight"


@dataclass(frozen=True, slots=True)
class Heading:
    """One heading of the table of contents. Also readable as a mapping: ``h["id"]``, ``h["level"]``, ``h["title"]``."""

    id: str
    level: int
    title: str

    def __getitem__(self, key: str) -> Any:
        if key not in ("id", "level", "title"):
            raise KeyError(key)
        return getattr(self, key)


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What a conversion produced.

    ``toc``: headings in document order (flattened), ``images``: image sources before any rewriting, in rendered
    order (footnotes last), repeats kept; ``word_count``: :func:`count_words` of the rendered source (private blocks
    count only when shown).
    """

    html: str
    toc: tuple[Heading, ...] = field(default=())
    images: tuple[str, ...] = field(default=())
    word_count: int = 0


def stock_extensions() -> list[markdown.Extension | str]:
    """The Python-Markdown and pymdown-extensions set we use, without our own (the benchmark's baseline)."""
    return [
        FencedCodeExtension(),
        CodeHiliteExtension(css_class=HIGHLIGHT_CLASS, guess_lang=False, use_pygments=True),
        "tables",
        "footnotes",
        TocExtension(marker="[TOC]", slugify=slugify_unicode, permalink=False),
        "sane_lists",
        "pymdownx.tasklist",
    ]


def build_markdown() -> markdown.Markdown:
    """A new Markdown instance with every extension; prefer :func:`render_html`, which reuses one per thread."""
    return markdown.Markdown(
        extensions=[
            *stock_extensions(),
            MathExtension(),
            PrivateExtension(),
            ImageExtension(),
            WikiLinkExtension(),
            TaskBoxes(),
        ],
        extension_configs={"pymdownx.tasklist": {"custom_checkbox": False, "clickable_checkbox": False}},
        output_format="html",
    )


_local = threading.local()


def _renderer() -> markdown.Markdown:
    md: markdown.Markdown | None = getattr(_local, "md", None)
    if md is None:
        md = _local.md = build_markdown()
    return md


def _flatten(tokens: list[dict[str, Any]], out: list[Heading]) -> None:
    for token in tokens:
        out.append(Heading(token["id"], int(token["level"]), html.unescape(token["name"])))
        _flatten(token.get("children", []), out)


def render_html(
    text: str,
    *,
    image_url: Callable[[str], str] | None = None,
    private: Literal["show", "strip"] = "show",
    links: Resolver | None = None,
    clickable_tasks: bool = False,
) -> RenderResult:
    """Render a journal entry's markdown.

    ``image_url`` maps each image ``src`` (markdown images and raw ``<img>``) to the URL to use; ``private="strip"``
    removes private blocks (publishing), ``"show"`` renders them as a marked aside (preview). ``links`` says where
    each ``[[link]]`` to an entry goes (``journal.markdown.wikilink_extension``; None: shown as text).
    ``clickable_tasks`` makes each task's checkbox a link to its source line (``journal.markdown.tasks``; the preview
    of an entry that may change; only with ``private="show"``, which keeps the lines where they are). Raw HTML in the
    source is kept, as Python-Markdown does: the preview must not run scripts.
    """
    if private not in ("show", "strip"):
        raise ValueError(f'private must be "show" or "strip", not {private!r}')
    if clickable_tasks and private != "show":
        raise ValueError('clickable task boxes need private="show" (stripping moves the lines)')
    md = _renderer()
    md.reset()
    if private == "strip":
        text = strip_private_blocks(text)  # the preprocessor would strip too; stripping the source fixes word_count
    md.preprocessors["trailbook-private"].mode = private  # type: ignore[attr-defined]
    images = md.trailbook_images  # type: ignore[attr-defined]
    images.url = image_url
    wikilinks = md.trailbook_links  # type: ignore[attr-defined]
    wikilinks.resolve = links
    md.trailbook_tasks.clickable = clickable_tasks  # type: ignore[attr-defined]
    try:
        body = md.convert(text)
        found = tuple(images.images)
    except RecursionError:
        # Python-Markdown recurses once per nesting level (hundreds of nested lists or quotes exhaust the stack);
        # such text is no journal entry, but the preview must still show something.
        _local.md = None  # a failed conversion may leave parser state behind: build afresh next time
        return RenderResult(html=_too_deep_html(text), word_count=count_words(text))
    except BaseException:
        _local.md = None
        raise
    finally:
        images.url = None
        images.images = []
        wikilinks.resolve = None
        md.trailbook_tasks.clickable = False  # type: ignore[attr-defined]
    toc: list[Heading] = []
    _flatten(getattr(md, "toc_tokens", []), toc)
    return RenderResult(html=body, toc=tuple(toc), images=found, word_count=count_words(text))


def _too_deep_html(text: str) -> str:
    return (
        '<p class="render-error">This text is nested too deeply to format; it is shown as written.</p>\n'
        f"<pre>{html.escape(text, quote=False)}</pre>"
    )


def pygments_css(style: str = LIGHT_STYLE) -> str:
    """CSS for highlighted code in Pygments style ``style``, every rule scoped under ``.highlight``.

    Suggested: :data:`LIGHT_STYLE` (``default``) and :data:`DARK_STYLE` (``github-dark``). Raises ValueError for an
    unknown style.
    """
    from pygments.formatters import HtmlFormatter
    from pygments.util import ClassNotFound

    try:
        formatter = HtmlFormatter(style=style)
    except ClassNotFound as exc:
        raise ValueError(f"unknown Pygments style {style!r}") from exc
    scope = f".{HIGHLIGHT_CLASS}"
    lines = []
    for line in formatter.get_style_defs(scope).splitlines():
        lines.append(line if not line.strip() or line.startswith(scope) else f"{scope} {line}")
    return "\n".join(lines) + "\n"
