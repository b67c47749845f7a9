"""The automatic description of a post (its ``description`` and ``summary`` when the person wrote no summary): plain
prose a search result or a link preview can show.

It is read from the Markdown's structure (markdown-it-py's CommonMark tokens, tables on), not cut from the source
text: only paragraphs count, so code blocks, fences, tables, headings, HTML and display math never do, and within a
paragraph only its text (links keep their words; images, HTML and line breaks do not). A paragraph holding inline
code or ``$…$`` math (or an item of a tight list) is passed over for one that reads as prose on its own; when there
is none, the first ones are used without them. ``$10`` is a price, not math (the delimiter rule of
``journal.markdown.mathml``).
The text it is given is already public: private blocks are gone before anything is derived.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from journal.markdown.mathml import MATH_RE

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

LIMIT = 160
_MAX_NESTING = 40
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:!?)\]])")
_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)|\[\s*\]")
_SKIPPED_INLINE = {"code_inline", "image", "html_inline"}


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING}).enable(["table", "strikethrough"])


def _has_math(source: str) -> bool:
    return any(m.group("display") is not None or m.group("inline") is not None for m in MATH_RE.finditer(source))


def _without_math(source: str) -> str:
    """The inline source less its formulas (the backslashes before one stay, as the renderer keeps them)."""
    return MATH_RE.sub(lambda m: m.group("bs"), source)


def _words(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in _SKIPPED_INLINE:
            continue
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "text":
            parts.append(child.content)
    return " ".join("".join(parts).split())


def _tidy(text: str) -> str:
    text = _EMPTY_BRACKETS_RE.sub("", text)
    return " ".join(_SPACE_BEFORE_PUNCT_RE.sub(r"\1", text).split())


def _paragraphs(text: str) -> list[tuple[str, bool]]:
    """(prose, whether it reads whole) for each paragraph, in order; ``False`` when code or math was left out, or
    for the items of a tight list."""
    md = _parser()
    tokens = md.parse(text)
    found: list[tuple[str, bool]] = []
    for i, token in enumerate(tokens):
        if token.type != "inline" or i == 0 or tokens[i - 1].type != "paragraph_open":
            continue
        children = token.children or []
        clean = not any(c.type == "code_inline" for c in children) and not _has_math(token.content)
        whole = clean and not tokens[i - 1].hidden  # a tight list's items are words, not sentences
        if clean:
            words = _words(children)
        else:
            # Formulas are found in the source (markdown-it does not know them); parsing it again without them
            # leaves the text around them, and code spans are dropped as tokens.
            children = md.parseInline(_without_math(token.content))[0].children or []
            words = _tidy(_words(children))
        if words:
            found.append((words, whole))
    return found


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def description_of(text: str, limit: int = LIMIT) -> str:
    """Plain prose from the first paragraphs of ``text`` (Markdown, already public), at most ``limit`` characters,
    cut at a word; "" when the text has no paragraph of prose at all."""
    paragraphs = _paragraphs(text)
    chosen = [words for words, whole in paragraphs if whole] or [words for words, _ in paragraphs]
    out = ""
    for words in chosen:
        out = f"{out} {words}".strip()
        if len(out) >= limit:
            break
    return _cut(out, limit)
