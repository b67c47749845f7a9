"""Which words of markdown source a spell checker looks at, and which it leaves alone.

Never checked: fenced and indented code, inline code, math (``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``), URLs,
e-mail addresses, link and image targets, the target of a ``[[wiki link|shown text]]`` (its shown text is checked),
reference definitions, footnote marks, HTML tags, comments and entities, TeX commands, ``#hashtags``, ``:emoji:``
shortcodes, heading attributes and front matter (YAML between ``---`` lines or TOML between ``+++`` lines, on the
first line only). A private block (a fence whose info string starts with ``private``) is the writer's prose and is
checked.

Within prose, a word is a run of letters with inner apostrophes (``don't``, ``writer’s``); hyphenated words are checked
part by part. Left alone, as word processors do: single letters, words in capitals (acronyms such as ``GPU``), words
with a capital after the first letter (``PyTorch``, ``GitHub``), words glued to digits, underscores, slashes or dots
(``snake_case``, ``file.py``, ``v2``), and scripts written without spaces (Chinese, Japanese, Thai…), which a
word-by-word dictionary cannot split.

The editor checks one line (a text block) at a time, so the rule is a small state machine: :func:`scan_line` takes a
line and the :class:`LineState` left by the line before, and says whether the line is prose and what state it leaves;
:func:`word_spans` finds the words of a prose line. :meth:`LineState.pack` fits the state in the integer a Qt syntax
highlighter keeps per block. Fences follow the rule the rest of Trailbook uses (:func:`journal.markdown.source.
parse_fence`: a block closes on the same character, at least as long, with no info string). Indented code follows
Python-Markdown, which renders the preview: a line indented four columns (eight in a list item, four more per level)
where no paragraph is open — after a blank line, a heading, a rule or a closing fence, or as a quote's first line —
counted after the quote markers, in the entry and in a private block's own markdown alike (a fence in a private block
is code). A property test holds the rule to the renderer's own output.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import IntEnum

from journal.markdown.source import Fence, is_blank, is_private_opener, parse_fence, prefix_width


class Kind(IntEnum):
    """What the line being read is inside of."""

    START = 0  # nothing read yet: front matter may open on this line
    TEXT = 1
    CODE = 2  # a fenced code block
    PRIVATE = 3  # a fenced private block: prose, checked (its own markdown is followed in ``LineState.inner``)
    MATH = 4  # display math opened by $$
    MATH_BRACKETS = 5  # display math opened by \[
    YAML = 6  # front matter between --- lines
    TOML = 7  # front matter between +++ lines
    INDENTED = 8  # indented code


# The packed state (``LineState.pack``): 23 bits, so that shifted above the markdown highlighter's 8 bits it stays a
# non-negative Qt int. Longer fences count as this long (a fence of 40 backticks is closed by one of 31 or more).
_FENCE_CAP = 31
_INNER_FENCE_CAP = 4  # a fence inside a private block: 3, or 4 for any longer
_LIST_CAP = 3  # deeper lists count as this deep (a line there needs fewer columns to count as code: it is skipped)
# The kinds a private block's own markdown can be in, as the 3-bit codes its packed state holds.
_INNER_KINDS = (Kind.TEXT, Kind.CODE, Kind.INDENTED, Kind.MATH, Kind.MATH_BRACKETS)


@dataclass(frozen=True, slots=True)
class LineState:
    """What one line leaves for the next: the block it is in (and its fence); ``blank``: whether no paragraph is open
    (the line was blank, or ended a block: a heading, a rule, a closing fence), so that an indented line after it
    starts code; ``list_depth``: how deep the list the line is in is nested (0: none; in a list an indented line
    continues the item, and code needs four more columns per level, as Python-Markdown reads it); ``quoted``: whether
    the line was in a blockquote (a quote's first line is a block's first line); ``inner``: inside a private block,
    where its own markdown is (its code is not checked)."""

    kind: Kind = Kind.START
    fence_char: str = ""
    fence_length: int = 0
    blank: bool = True
    list_depth: int = 0
    quoted: bool = False
    inner: LineState | None = None

    def pack(self) -> int:
        """The state as a small non-negative integer (23 bits)."""
        packed = (
            int(self.kind)
            | (self.fence_char == "~") << 4
            | self.blank << 5
            | min(self.list_depth, _LIST_CAP) << 6
            | self.quoted << 8
            | min(self.fence_length, _FENCE_CAP) << 9
        )  # fmt: skip
        inner = self.inner or _INNER_START
        if self.kind is Kind.PRIVATE:
            fenced = inner.kind is Kind.CODE
            packed |= (
                _INNER_KINDS.index(inner.kind) << 14
                | (fenced and inner.fence_char == "~") << 17
                | inner.blank << 18
                | min(inner.list_depth, _LIST_CAP) << 19
                | (min(inner.fence_length, _INNER_FENCE_CAP) - 3 if fenced else 0) << 21
                | inner.quoted << 22
            )  # fmt: skip
        return packed

    @staticmethod
    def unpack(value: int) -> LineState:
        kind = Kind(value & 0xF) if value & 0xF in Kind._value2member_map_ else Kind.TEXT
        fenced = kind in (Kind.CODE, Kind.PRIVATE)
        inner = None
        if kind is Kind.PRIVATE:
            code = value >> 14 & 7
            inner_kind = _INNER_KINDS[code] if code < len(_INNER_KINDS) else Kind.TEXT
            inner_fenced = inner_kind is Kind.CODE
            inner = LineState(
                inner_kind,
                ("~" if value >> 17 & 1 else "`") if inner_fenced else "",
                (value >> 21 & 1) + 3 if inner_fenced else 0,
                bool(value >> 18 & 1),
                value >> 19 & _LIST_CAP,
                bool(value >> 22 & 1),
            )
        return LineState(
            kind,
            ("~" if value >> 4 & 1 else "`") if fenced else "",
            value >> 9 & _FENCE_CAP if fenced else 0,
            bool(value >> 5 & 1),
            value >> 6 & _LIST_CAP,
            bool(value >> 8 & 1),
            inner,
        )


START = LineState()
_INNER_START = LineState(Kind.TEXT)
_LIST_ITEM_RE = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
_DEFINITION_RE = re.compile(r"[ \t>]*\[[^\]\n]+\]:")  # [ref]: url "title" (and footnote definitions' marks)
_FOOTNOTE_DEF_RE = re.compile(r"[ \t>]*\[\^[^\]\n]+\]:")
_QUOTE_RE = re.compile(r"(?:[ ]{0,3}>[ ]?)+")  # blockquote markers: what follows them is read as a line of its own
_HEADING_RE = re.compile(r"[ ]{0,3}#{1,6}(?:[ \t]|$)")
_RULE_RE = re.compile(r"[ ]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")  # or === under


def scan_line(line: str, state: LineState) -> tuple[bool, LineState]:
    """Whether ``line`` (without its line ending) is prose to check, and the state it leaves for the next line."""
    kind = state.kind
    if kind is Kind.START:
        mark = line.rstrip()
        if mark == "---":
            return False, LineState(Kind.YAML, blank=False)
        if mark == "+++":
            return False, LineState(Kind.TOML, blank=False)
        state = LineState(Kind.TEXT)
    elif kind is Kind.YAML or kind is Kind.TOML:
        closing = ("---", "...") if kind is Kind.YAML else ("+++",)
        return False, (LineState(Kind.TEXT) if line.rstrip() in closing else state)
    elif kind is Kind.PRIVATE:
        fence = parse_fence(line)
        if fence is not None and fence.closes(Fence("", state.fence_char, state.fence_length, "")):
            return False, LineState(Kind.TEXT, list_depth=state.list_depth, quoted=state.quoted)
        prose, inner = _block_line(line, state.inner or _INNER_START, top=False)
        return prose, replace(state, inner=inner)
    return _block_line(line, state, top=True)


def _block_line(line: str, state: LineState, *, top: bool) -> tuple[bool, LineState]:
    """``scan_line`` for a line of body text: of the entry (``top``) or of a private block's own markdown, where a
    fence opens code whatever its info string."""
    kind = state.kind
    if kind is Kind.CODE:
        fence = parse_fence(line)
        if fence is not None and fence.closes(Fence("", state.fence_char, state.fence_length, "")):
            return False, LineState(Kind.TEXT, list_depth=state.list_depth, quoted=state.quoted)
        return False, state
    if kind is Kind.MATH or kind is Kind.MATH_BRACKETS:
        closed = ("$$" if kind is Kind.MATH else "\\]") in line
        return False, (LineState(Kind.TEXT, blank=False, quoted=state.quoted) if closed else state)

    quote = _QUOTE_RE.match(line)
    rest = line[quote.end() :] if quote else line
    quoted = quote is not None
    if quoted != state.quoted:
        if quoted:  # a quote begins: its first line is a block's first line
            state = LineState(Kind.TEXT, quoted=True)
        elif state.blank or is_blank(rest):  # the quote has ended, and the lists in it
            state = LineState(Kind.TEXT, blank=state.blank)
        else:  # a lazy line: the quote's paragraph goes on
            quoted = True
    kind = state.kind
    depth = state.list_depth
    if is_blank(rest):
        return False, LineState(Kind.INDENTED if kind is Kind.INDENTED else Kind.TEXT, list_depth=depth, quoted=quoted)
    indent = prefix_width(rest[: len(rest) - len(rest.lstrip(" \t"))])
    if indent >= 4 * (depth + 1) and (state.blank or kind is Kind.INDENTED):
        return False, LineState(Kind.INDENTED, blank=False, list_depth=depth, quoted=quoted)
    item = _LIST_ITEM_RE.match(rest)
    if item is not None:
        depth = min(indent // 4 + 1, _LIST_CAP)
    elif state.blank:  # a paragraph after a blank line belongs to the lists its indent reaches: none below 4 spaces,
        depth = min(depth, indent // 4)  # the outer item at 4 when a nested list was open (8 spaces then open code)
    fence = parse_fence(line)
    if fence is not None:
        opened = Kind.PRIVATE if top and is_private_opener(fence) else Kind.CODE
        inner = _INNER_START if opened is Kind.PRIVATE else None
        return False, LineState(opened, fence.char, fence.length, False, depth, quoted, inner)
    stripped = rest.strip()
    if stripped.startswith("$$"):
        closed = len(stripped) > 2 and "$$" in stripped[2:]
        return False, LineState(Kind.TEXT if closed else Kind.MATH, blank=False, quoted=quoted)
    if stripped.startswith("\\["):
        closed = "\\]" in stripped[2:]
        return False, LineState(Kind.TEXT if closed else Kind.MATH_BRACKETS, blank=False, quoted=quoted)
    if _RULE_RE.match(rest):  # a rule, or a heading's underline: no words, and no paragraph open after it
        return False, LineState(Kind.TEXT, list_depth=0 if indent < 4 else depth, quoted=quoted)
    if _HEADING_RE.match(rest):
        return True, LineState(Kind.TEXT, list_depth=0 if indent < 4 else depth, quoted=quoted)
    after = LineState(Kind.TEXT, blank=False, list_depth=depth, quoted=quoted)
    if _DEFINITION_RE.match(line) and not _FOOTNOTE_DEF_RE.match(line):
        return False, after
    return True, after


# Spans of a prose line that are never checked. One alternation, so a line is scanned once.
_SKIP = r"""
      (?P<code>(?<!`)(`+)(?!`).*?(?<!`)\2(?!`))            # a code span: backtick runs of equal length
    | (?<![\\$])\$\$.+?\$\$                                  # $$display math$$ inside a line
    | (?<![\\$])\$(?=\S)[^$]+?(?<=\S)\$(?!\d)                # $inline math$ ($5 and $6 is money, not math)
    | \\\(.+?\\\)                                            # \(inline math\)
    | <!--.*?(?:-->|$)                                       # an HTML comment
    | <[^<>\s]+>                                             # <https://autolinks>, <mail@example.org>
    | </?[A-Za-z][^<>]*>                                     # an HTML tag
    | (?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)\S+                # a bare URL
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                           # an e-mail address
    | \]\((?:[^()]|\([^()]*\))*\)                            # a link or image target, with its title
    | \]\[[^\]]*\]                                           # a reference link's label
    | \[\[[^\]|]*(?=\||\]\])                                 # a wiki link's target (its shown text is checked)
    | \[\^[^\]\s]*\]                                         # a footnote mark
    | &\#?\w+;                                               # an HTML entity
    | \\[A-Za-z]+                                            # a TeX command outside math
    | (?<![\w#&])\#[^\W_][\w-]*                              # a #hashtag (a heading's # has a space after it)
    | :[a-z0-9_+-]+:                                         # an :emoji: shortcode
    | \{[#.:][^}]*\}                                         # heading attributes {#id .class}
    """
# A word: letters with inner apostrophes, not glued to digits, underscores, slashes, @ or = on either side, nor to a
# dot between letters (file.py, e.g.). The lookarounds skip a word glued to a digit whole rather than shortened. No
# possessive quantifiers: Python before 3.11.5 (Debian 12 has 3.11.2) matches some of them wrongly.
_WORD = r"(?<![\w/\\@=])(?<!\w\.)[^\W\d_]+(?:['’][^\W\d_]+)*(?![\w/\\@=])(?!\.\w)"
# Scripts written without spaces: a word-by-word dictionary cannot split them (Han, kana, Hangul syllables are spaced
# and stay; Thai, Lao, Burmese, Khmer do not).
_UNSPACED = (
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u303b\u3040-\u30ff\u3100-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]"
)


@functools.cache
def _word_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The skipped spans, words and unspaced scripts, compiled on first use (~5 ms: not at the app's start-up, which
    highlights the first entry before any dictionary is loaded)."""
    return re.compile(_SKIP, re.VERBOSE), re.compile(_WORD), re.compile(_UNSPACED)


def word_spans(line: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` offsets (in code points) of the words to check in a prose line."""
    skip_re, word_re, unspaced_re = _word_patterns()
    skips = [m.span() for m in skip_re.finditer(line)] if _may_skip(line) else []
    starts = [s for s, _ in skips]
    ascii_line = line.isascii()
    found: list[tuple[int, int]] = []
    for m in word_re.finditer(line):
        word = m.group()
        rest = word[1:]
        if not rest or rest != rest.lower():  # one letter, capitals (GPU), or a capital inside (PyTorch)
            continue
        start, end = m.span()
        if skips:
            k = bisect.bisect_right(starts, start) - 1
            if k >= 0 and start < skips[k][1]:
                continue
        if not ascii_line and unspaced_re.search(word):
            continue
        found.append((start, end))
    return found


def _may_skip(line: str) -> bool:
    """Whether the line has any character that opens a skipped span (most lines of prose have none)."""
    return any(c in line for c in "`$\\<]@&#:{[") or "://" in line or "www." in line


def checkable_words(text: str) -> Iterator[tuple[int, str]]:
    """Every word to check in a whole markdown text, with its offset in ``text`` (code points)."""
    state = START
    offset = 0
    for line in text.split("\n"):
        body = line[:-1] if line.endswith("\r") else line
        prose, state = scan_line(body, state)
        if prose:
            for start, end in word_spans(body):
                yield offset + start, body[start:end]
        offset += len(line) + 1
