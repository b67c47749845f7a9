"""Private blocks: fenced blocks with the info string ``private`` that are never published.

The preview shows them as a marked aside (``private="show"``); publishing removes them, both from the markdown source
(:func:`strip_private_blocks`, publishing writes markdown files) and from HTML (``private="strip"``). Both use the one
scanner in :mod:`journal.markdown.source`, which fails closed: an unclosed block runs to the end of the text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Literal

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from journal.markdown.source import dedent_prefix, is_blank, line_body, private_regions, split_lines

PRIVATE_CLASS = "private-block"
LABEL_CLASS = "private-label"
LABEL_TEXT = "Private — never published"
# Markers use STX/ETX, which Python-Markdown removes from the source first, so no text can forge them.
_OPEN = "\x02trailbook-private-open\x03"
_CLOSE = "\x02trailbook-private-close\x03"
_MARKER_RE = re.compile("\x02trailbook-private-(?:open|close)\x03")


def strip_private_blocks(markdown_text: str) -> str:
    """The markdown source without its private fenced blocks (fences included).

    A removed block leaves one blank line (keeping the blockquote markers it sat in), so the paragraphs around it stay
    apart; line endings (``\\n``, ``\\r\\n``, ``\\r``) are kept as they were.
    """
    lines = split_lines(markdown_text)
    regions = private_regions(lines)
    if not regions:
        return markdown_text
    out: list[str] = []
    pos = 0
    for region in regions:
        out.extend(lines[pos : region.start])
        pos = region.end
        if not region.closed or pos >= len(lines):
            continue  # nothing follows: no separator needed
        previous = out[-1] if out else None
        if previous is not None and not is_blank(previous) and not is_blank(lines[pos]):
            ending = lines[region.end - 1][len(line_body(lines[region.end - 1])) :] or "\n"
            out.append(region.prefix.rstrip(" \t") + ending)
    out.extend(lines[pos:])
    return "".join(out)


class PrivatePreprocessor(Preprocessor):
    """Strips private blocks, or turns them into marker blocks for :class:`PrivateBlockProcessor`.

    Runs after whitespace normalisation (30) and before fenced code (25) and HTML blocks (20). ``mode`` may be changed
    between conversions of a reused Markdown instance.
    """

    def __init__(self, md: Markdown, mode: Literal["show", "strip"]) -> None:
        super().__init__(md)
        self.mode = mode

    def run(self, lines: list[str]) -> list[str]:
        regions = private_regions(lines)
        if not regions:
            return lines
        out: list[str] = []
        pos = 0
        for region in regions:
            out.extend(lines[pos : region.start])
            if self.mode == "strip":
                out.append("")
            else:
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
