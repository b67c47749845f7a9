"""Line-level scanning of markdown SOURCE text, shared by the source transforms.

Publishing edits markdown files, not HTML, so several functions (private stripping, math for publishing, image links)
must know where code is without running a full parser. This module finds fenced and indented code, code spans and
HTML comments ("protected" spans that transforms never touch) and the private fenced blocks.

Private blocks are the one place where a mistake publishes a secret, so they are found twice and the union is kept:
by a CommonMark parser (markdown-it-py; Hugo's Goldmark is CommonMark too), which knows where list items and
blockquotes end, and by a liberal line scanner that sees an opening fence behind any container prefix, at any depth,
even inside another code block. See :func:`private_regions`.

Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line, as in CommonMark: ``str.splitlines`` would also split on U+2028 and
friends, which markdown renderers do not, and that difference could make a private block end early.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# A fence line: container prefix (indentation, blockquote markers, list markers, task boxes), the fence, the info
# string. A list marker needs a space or tab after it, as in CommonMark; the alternatives start with different
# characters, so the match never backtracks. A task box (``- [ ] ```private``) makes the fence paragraph text in
# CommonMark, where it would show as a code span: the scanner counts it as a fence, failing closed.
_FENCE_RE = re.compile(
    r"(?P<prefix>(?:[ \t>]|(?:[*+-]|[0-9]{1,9}[.)]|\[[ xX]\])[ \t])*)(?P<fence>`{3,}|~{3,})(?P<info>[^\r\n]*)"
)
_LIST_MARKER_RE = re.compile(r"[*+-]|[0-9]")
# A cheap test for "could this text hold a private block at all": an opening fence followed by ``private``.
# (Whitespace as wide as ``str.strip``'s; each run of fence characters tried once, so a long run stays linear.)
_CANDIDATE_RE = re.compile(r"(?:(?<!`)`{3,}|(?<!~)~{3,})\s*private", re.IGNORECASE)
# Deeper than this (in markdown-it's levels: a list and its item are two), the parser stops looking; the liberal
# scanner still finds the openers there.
_MAX_NESTING = 100
_PRIVATE_INFO_RE = re.compile(r"private(?![^\W_])", re.IGNORECASE)
_LIST_ITEM_RE = re.compile(r" {0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
_BACKTICKS_RE = re.compile(r"`+")
_BLANK_LINE_IN_RE = re.compile(r"\n[ \t>]*\r?\n|\r[ \t>]*\r")


def split_lines(text: str) -> list[str]:
    """Split into lines that keep their own ending; ``"".join(result) == text``."""
    return _LINE_RE.findall(text)


def line_body(line: str) -> str:
    """A line without its ending."""
    return line.rstrip("\r\n")


def is_blank(line: str) -> bool:
    return not line.strip()


def prefix_width(prefix: str) -> int:
    """Columns taken by a container prefix; a tab advances to the next multiple of 4, as in CommonMark."""
    col = 0
    for ch in prefix:
        col = (col // 4 + 1) * 4 if ch == "\t" else col + 1
    return col


@dataclass(frozen=True, slots=True)
class Fence:
    """A fence line: its container prefix, fence character and length, and info string."""

    prefix: str
    char: str
    length: int
    info: str

    def closes(self, other: Fence) -> bool:
        """Whether this line can close a block opened by ``other`` (same character, at least as long, no info)."""
        return self.char == other.char and self.length >= other.length and not self.info


def parse_fence(line: str) -> Fence | None:
    """The fence on this line, or None. A backtick fence whose info string has a backtick is a code span instead."""
    m = _FENCE_RE.match(line_body(line))
    if m is None:
        return None
    fence, info = m.group("fence"), m.group("info").strip()
    if fence[0] == "`" and "`" in info:
        return None
    return Fence(m.group("prefix"), fence[0], len(fence), info)


def is_private_opener(fence: Fence | None) -> bool:
    """``private`` as the first word of the info string, case-insensitively (``private-notes`` counts too)."""
    return fence is not None and is_private_info(fence.info)


def is_private_info(info: str) -> bool:
    """Whether a fence's info string makes it private: ``private`` as its first word, in any case."""
    return _PRIVATE_INFO_RE.match(info.strip()) is not None


@dataclass(frozen=True, slots=True)
class PrivateRegion:
    """Lines ``start`` (the opening fence) to ``end`` (exclusive; after the closing fence, or len(lines)).

    ``prefix`` is the opening line's container prefix (indentation, ``>`` and list markers before the fence);
    ``closed`` is False when the block had no closing fence, and then ``end`` is len(lines).
    """

    start: int
    end: int
    closed: bool
    prefix: str

    @property
    def opens_list_item(self) -> bool:
        """Whether the block is the first thing in a list item (its line holds the item's marker)."""
        return _LIST_MARKER_RE.search(self.prefix) is not None


def private_regions(lines: Sequence[str]) -> list[PrivateRegion]:
    """The private fenced blocks of a text, failing closed: whenever in doubt, the block goes on.

    A block is private when the info string of its opening fence starts with the word ``private`` (any case,
    backticks or tildes, any fence length from 3). Where it is comes from two readings, and every line either calls
    private is private (overlapping blocks are merged):

    - CommonMark's structure (markdown-it-py): private blocks inside list items, ordered lists, blockquotes and any
      nesting of them, ending where CommonMark ends them. One exception: a block with no closing fence inside a list
      item or blockquote would end with its container; it runs to the end of the text instead.
    - A liberal line scanner that trusts no structure: an opening fence counts after any container prefix, at any
      depth (markdown-it stops at a nesting limit), even inside another code block; fence lines inside it open
      nested code blocks that must close first; and no closing fence means to the end. Treating a line as private
      when it was meant as an example only hides that example, while the reverse would publish a secret.

    ``lines`` may keep their endings (:func:`split_lines`) or not (Python-Markdown's lines).
    """
    scanned = _scanned_regions(lines)
    if not scanned:
        return []  # every CommonMark opening fence is also one the scanner sees: nothing private
    n = len(lines)
    try:
        parsed = _parsed_regions(lines)
    except RecursionError:
        parsed = [(scanned[0].start, n, False)]  # the structure is unknown: all from the first opener is private
    merged: list[tuple[int, int, bool]] = []
    for start, end, closed in sorted([(r.start, r.end, r.closed) for r in scanned] + parsed):
        if merged and start < merged[-1][1]:
            first, last, both_closed = merged[-1]
            merged[-1] = (first, max(last, end), both_closed and closed)
        else:
            merged.append((start, end, closed))
    regions = []
    for start, end, closed in merged:
        opener = parse_fence(lines[start])  # every block starts on a line the scanner reads as a fence
        regions.append(PrivateRegion(start, end, closed, opener.prefix if opener else ""))
    return regions


def may_hold_private(text: str) -> bool:
    """A quick, linear test: False means the text certainly has no private block (no fence followed by
    ``private``); True means :func:`private_regions` must look."""
    return _CANDIDATE_RE.search(text) is not None


def _scanned_regions(lines: Sequence[str]) -> list[PrivateRegion]:
    """The liberal line scanner of :func:`private_regions`.

    The closing fence needs the same character, at least the opening length and no info string. Fence lines
    indented more than 3 columns beyond the opening one are content. Inside, any other fence line opens a nested
    code block that must be closed before the private block can be, so ```` ```python ```` … ```` ``` ```` inside
    ```` ```private ```` does not end it early.
    """
    regions: list[PrivateRegion] = []
    i, n = 0, len(lines)
    while i < n:
        opener = parse_fence(lines[i])
        if not is_private_opener(opener):
            i += 1
            continue
        assert opener is not None
        max_width = prefix_width(opener.prefix) + 3
        stack: list[Fence] = []
        j = i + 1
        closed = False
        while j < n:
            fence = parse_fence(lines[j])
            j += 1
            if fence is None or prefix_width(fence.prefix) > max_width:
                continue  # indented deeper than the opening fence + 3: content, as in CommonMark
            if stack:
                if fence.closes(stack[-1]):
                    stack.pop()
                else:
                    stack.append(fence)
            elif fence.closes(opener):
                closed = True
                break
            else:
                stack.append(fence)
        regions.append(PrivateRegion(i, j, closed, opener.prefix))
        i = j
    return regions


def _parsed_regions(lines: Sequence[str]) -> list[tuple[int, int, bool]]:
    """``(start, end, closed)`` of each private fenced block in CommonMark's structure; an unclosed one ends at
    len(lines), whatever container it sits in."""
    n = len(lines)
    regions = []
    for token in _commonmark().parse("\n".join(line_body(line) for line in lines)):
        if token.type != "fence" or token.map is None or not is_private_info(token.info):
            continue
        start, end = token.map
        content = token.content
        content_lines = content.count("\n") + (1 if content and not content.endswith("\n") else 0)
        closed = end - start == content_lines + 2  # the opening fence, the content, the closing fence
        regions.append((start, end if closed else n, closed))
    return regions


@functools.cache
def _commonmark() -> MarkdownIt:
    """A block-level CommonMark parser (inline parsing is not needed to find blocks), built on first use."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING}).disable("inline")


def dedent_prefix(line: str, prefix: str) -> str:
    """Remove from ``line`` as much of a container ``prefix`` (spaces, tabs, ``>``, list markers) as it has; on the
    lines after a list item's first, the marker's columns are indentation."""
    i = j = 0
    while i < len(prefix) and j < len(line):
        p, c = prefix[i], line[j]
        if c == p or (c in " \t" and p != ">"):
            i += 1
            j += 1
        elif p != ">":
            i += 1
        else:
            break
    return line[j:]


def _code_lines(lines: Sequence[str]) -> list[bool]:
    """Which lines are fenced code (fence lines included) or indented code.

    Fences are recognised liberally (any indentation, in blockquotes, closing at any indentation): a transform that
    skips a line it did not need to skip only leaves some math or an image link as it was. Indented code is a line
    indented 4+ columns after a blank line, outside a list (inside a list such a line continues the item).
    """
    mask = [False] * len(lines)
    fence: Fence | None = None
    prev_blank = True
    in_indented = False
    in_list = False
    for k, line in enumerate(lines):
        if fence is not None:
            mask[k] = True
            f = parse_fence(line)
            if f is not None and f.closes(fence):
                fence = None
            prev_blank = False
            continue
        blank = is_blank(line)
        if blank:
            prev_blank = True
            if in_indented:
                mask[k] = True
            continue
        body = line_body(line)
        indent = prefix_width(body[: len(body) - len(body.lstrip(" \t"))])
        if indent >= 4 and not in_list and (prev_blank or in_indented):
            mask[k] = True
            in_indented = True
            prev_blank = False
            continue
        in_indented = False
        f = parse_fence(line)
        if f is not None:
            mask[k] = True
            fence = f
        elif _LIST_ITEM_RE.match(body):
            in_list = True
        elif prev_blank and indent < 4:
            in_list = False
        prev_blank = False
    return mask


def _code_spans(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the code spans of one paragraph ``text[start:end]`` (matching backtick runs of equal length).

    Runs are indexed by length first, so finding a closer is a bisection, not a scan: a paragraph full of unmatched
    backticks stays linear.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(text, start, end)]
    if len(runs) < 2:
        return
    by_length: dict[int, list[int]] = {}
    for k, (rs, re_) in enumerate(runs):
        by_length.setdefault(re_ - rs, []).append(k)
    k = 0
    while k < len(runs):
        rs, re_ = runs[k]
        opener = rs + 1 if _escaped(text, rs) else rs  # a backslash escapes one backtick (not inside a code span)
        candidates = by_length.get(re_ - opener, [])
        nxt = bisect.bisect_right(candidates, k)
        if opener == re_ or nxt == len(candidates):
            k += 1
            continue
        closer = candidates[nxt]
        out.append((opener, runs[closer][1]))
        k = closer + 1


def comment_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """HTML comments ``<!-- … -->`` in ``text[start:end]``, found in linear time (an unclosed one ends the search)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = text.find("<!--", start, end)
    while pos != -1:
        close = text.find("-->", pos + 4, end)
        if close == -1:
            break
        spans.append((pos, close + 3))
        pos = text.find("<!--", close + 3, end)
    return spans


def _escaped(text: str, index: int) -> bool:
    """Whether ``text[index]`` is preceded by an odd number of backslashes."""
    count = 0
    index -= 1
    while index >= 0 and text[index] == "\\":
        count += 1
        index -= 1
    return count % 2 == 1


is_escaped = _escaped


class Protected:
    """Spans of the source that transforms must leave alone: code blocks, code spans, HTML comments."""

    def __init__(self, text: str) -> None:
        lines = split_lines(text)
        mask = _code_lines(lines)
        spans: list[tuple[int, int]] = []
        offset = 0
        para_start: int | None = None
        for line, is_code in zip(lines, mask, strict=True):
            if is_code or is_blank(line):
                if para_start is not None:
                    self._paragraph(text, para_start, offset, spans)
                    para_start = None
                if is_code:
                    spans.append((offset, offset + len(line)))
            elif para_start is None:
                para_start = offset
            offset += len(line)
        if para_start is not None:
            self._paragraph(text, para_start, offset, spans)
        spans.sort()
        self.spans = _merge(spans)
        self._starts = [s for s, _ in self.spans]

    @staticmethod
    def _paragraph(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
        found: list[tuple[int, int]] = []
        _code_spans(text, start, end, found)
        spans.extend(found)
        code_starts = [s for s, _ in found]
        for cs, ce in comment_spans(text, start, end):
            k = bisect.bisect_right(code_starts, cs) - 1
            if k < 0 or found[k][1] <= cs:  # a comment opener inside a code span is code
                spans.append((cs, ce))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` touches a protected span."""
        k = bisect.bisect_right(self._starts, end - 1) - 1
        return k >= 0 and self.spans[k][1] > start

    def contains(self, index: int) -> bool:
        return self.overlaps(index, index + 1)

    def next_end(self, index: int) -> int:
        """The end of the protected span holding ``index`` (or ``index`` itself when none does)."""
        k = bisect.bisect_right(self._starts, index) - 1
        if k >= 0 and self.spans[k][1] > index:
            return self.spans[k][1]
        return index


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def spans_blank_line(text: str) -> bool:
    """Whether a piece of text crosses a paragraph break (a blank line, possibly inside a blockquote)."""
    return _BLANK_LINE_IN_RE.search(text) is not None


def newline_of(text: str) -> str:
    """The text's first line ending, ``\\n`` by default."""
    m = re.search(r"\r\n|\r|\n", text)
    return m.group(0) if m else "\n"
