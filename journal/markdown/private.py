"""Private blocks: fenced blocks with the info string ``private`` that are never published.

The preview shows them as a marked aside (``private="show"``); publishing removes them, both from the markdown source
(:func:`public_text`, publishing writes markdown files) and from HTML (``private="strip"``). Both use the one rule in
:func:`journal.markdown.source.private_regions` (CommonMark structure joined with a liberal scanner), which fails
closed: an unclosed block runs to the end of the text, even inside a list item or blockquote.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Literal

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from journal.markdown.source import (
    PrivateRegion,
    dedent_prefix,
    is_blank,
    line_body,
    may_hold_private,
    private_regions,
    split_lines,
)

PRIVATE_CLASS = "private-block"
LABEL_CLASS = "private-label"
LABEL_TEXT = "Private — never published"
# What stands in a list item whose first block was private, so the item, and the list, keep their shape: an empty
# HTML comment (nothing shows; Hugo writes it as "raw HTML omitted", itself a comment).
LIST_ITEM_PLACEHOLDER = "<!-- -->"
# Markers use STX/ETX, which Python-Markdown removes from the source first, so no text can forge them.
_OPEN = "\x02trailbook-private-open\x03"
_CLOSE = "\x02trailbook-private-close\x03"
_MARKER_RE = re.compile("\x02trailbook-private-(?:open|close)\x03")


@dataclass(frozen=True, slots=True)
class PublicText:
    """Markdown as it may leave the journal, and the line (1-based) of a private block that had no closing fence,
    so everything from it to the end was held back (None when every private block was closed)."""

    text: str
    unclosed_line: int | None = None


def public_text(markdown_text: str) -> PublicText:
    """The markdown source without its private fenced blocks (fences included), and whether one was unclosed.

    A removed block leaves one blank line (keeping the blockquote markers it sat in) where the text around it would
    otherwise run together; a block that was the first thing in a list item leaves the item's markers with
    :data:`LIST_ITEM_PLACEHOLDER`, so the rest of the item and of the list stay as they were. Line endings
    (``\\n``, ``\\r\\n``, ``\\r``) are kept as they were.
    """
    if not may_hold_private(markdown_text):
        return PublicText(markdown_text)
    lines = split_lines(markdown_text)
    regions = private_regions(lines)
    if not regions:
        return PublicText(markdown_text)
    unclosed = next((r.start + 1 for r in regions if not r.closed), None)
    return PublicText("".join(_without(lines, regions)), unclosed)


def strip_private_blocks(markdown_text: str) -> str:
    """The markdown source without its private fenced blocks: :func:`public_text`'s text."""
    return public_text(markdown_text).text


def _without(lines: list[str], regions: list[PrivateRegion]) -> list[str]:
    """``lines`` (with or without their endings) less the ``regions``, with what each leaves in its place."""
    out: list[str] = []
    pos = 0
    for region in regions:
        out.extend(lines[pos : region.start])
        pos = region.end
        if not region.closed or pos >= len(lines):
            continue  # nothing follows: nothing to keep apart, no list to keep going
        if region.opens_list_item:
            opener = lines[region.start]
            out.append(region.prefix + LIST_ITEM_PLACEHOLDER + opener[len(line_body(opener)) :])
        elif out and not is_blank(out[-1]) and not is_blank(lines[pos]):
            last = lines[region.end - 1]
            out.append(region.prefix.rstrip(" \t") + last[len(line_body(last)) :])
    out.extend(lines[pos:])
    return out


class PrivatePreprocessor(Preprocessor):
    """Strips private blocks, or turns them into marker blocks for :class:`PrivateBlockProcessor`.

    Runs after whitespace normalisation (30) and before fenced code (25) and HTML blocks (20). ``mode`` may be changed
    between conversions of a reused Markdown instance.
    """

    def __init__(self, md: Markdown, mode: Literal["show", "strip"]) -> None:
        super().__init__(md)
        self.mode = mode

    def run(self, lines: list[str]) -> list[str]:
        tasks = getattr(self.md, "trailbook_tasks", None)
        # With the preview's task marks in the lines (journal.markdown.tasks), the blocks found before they went in.
        regions = tasks.regions if tasks is not None and tasks.marked else private_regions(lines)
        if not regions:
            return lines
        if self.mode == "strip":
            return _without(lines, regions)
        out: list[str] = []
        pos = 0
        for region in regions:
            out.extend(lines[pos : region.start])
            inner_end = region.end - 1 if region.closed else region.end
            inner = [dedent_prefix(line, region.prefix) for line in lines[region.start + 1 : inner_end]]
            while inner and not inner[-1].strip():
                inner.pop()
            out.extend(["", _OPEN, "", *inner, "", _CLOSE, ""])
            pos = region.end
        out.extend(lines[pos:])
        return out


class PrivateBlockProcessor(BlockProcessor):
    """Renders the blocks between the markers, as markdown, inside ``<div class="private-block">``."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return block.startswith(_OPEN)

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        first = blocks.pop(0)[len(_OPEN) :].lstrip("\n")
        inner: list[str] = [first] if first.strip() else []
        while blocks:
            block = blocks.pop(0)
            if block.startswith(_CLOSE):
                rest = block[len(_CLOSE) :].lstrip("\n")
                if rest.strip():
                    blocks.insert(0, rest)
                break
            inner.append(block)
        div = etree.SubElement(parent, "div", {"class": PRIVATE_CLASS})
        label = etree.SubElement(div, "p", {"class": LABEL_CLASS})
        label.text = LABEL_TEXT
        self.parser.parseBlocks(div, inner)
        return True


class PrivateMarkerCleaner(Postprocessor):
    """Removes markers that other syntax swallowed (say, into an unclosed HTML block), so no control text shows."""

    def run(self, text: str) -> str:
        return _MARKER_RE.sub("", text) if "\x02trailbook-private" in text else text


class PrivateExtension(Extension):
    """Private fenced blocks: ``mode`` ``"show"`` renders them as a marked aside, ``"strip"`` removes them."""

    def __init__(self, **kwargs: object) -> None:
        self.config = {"mode": ["show", 'What to do with private blocks: "show" or "strip"']}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        mode = self.getConfig("mode")
        if mode not in ("show", "strip"):
            raise ValueError(f'private mode must be "show" or "strip", not {mode!r}')
        md.preprocessors.register(PrivatePreprocessor(md, mode), "trailbook-private", 29)
        md.parser.blockprocessors.register(PrivateBlockProcessor(md.parser), "trailbook-private", 105)
        md.postprocessors.register(PrivateMarkerCleaner(md), "trailbook-private", 5)
