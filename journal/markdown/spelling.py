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
parse_fence`: a block closes on the same character, at least as long, with no info string); indented code is a line
indented four columns after a blank line, outside a list, as in :mod:`journal.markdown.source`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum

from journal.markdown.source import Fence, is_blank, is_private_opener, parse_fence, prefix_width


class Kind(IntEnum):
    """What the line being read is inside of."""

    START = 0  # nothing read yet: front matter may open on this line
    TEXT = 1
    CODE = 2  # a fenced code block
    PRIVATE = 3  # a fenced private block: prose, checked
    MATH = 4  # display math opened by $$
    MATH_BRACKETS = 5  # display math opened by \[
    YAML = 6  # front matter between --- lines
    TOML = 7  # front matter between +++ lines
    INDENTED = 8  # indented code


_FENCE_LENGTH_BITS = 8  # longer fences are counted as this long (a 256-backtick fence is never closed by a shorter)


@dataclass(frozen=True, slots=True)
class LineState:
    """What one line leaves for the next: the block it is in (and its fence), whether it was blank, and whether a
    list is open (inside one, an indented line continues the item instead of starting code)."""

    kind: Kind = Kind.START
    fence_char: str = ""
    fence_length: int = 0
    blank: bool = True
    in_list: bool = False

    def pack(self) -> int:
        """The state as a small non-negative integer (15 bits)."""
        length = min(self.fence_length, (1 << _FENCE_LENGTH_BITS) - 1)
        return (
            int(self.kind)
            | (self.fence_char == "~") << 4
            | self.blank << 5
            | self.in_list << 6
            | length << 7
        )  # fmt: skip

    @staticmethod
    def unpack(value: int) -> LineState:
        kind = Kind(value & 0xF) if value & 0xF in Kind._value2member_map_ else Kind.TEXT
        fenced = kind in (Kind.CODE, Kind.PRIVATE)
        return LineState(
            kind,
            ("~" if value >> 4 & 1 else "`") if fenced else "",
            value >> 7 & ((1 << _FENCE_LENGTH_BITS) - 1) if fenced else 0,
            bool(value >> 5 & 1),
            bool(value >> 6 & 1),
        )


START = LineState()
_TEXT_AFTER_BLOCK = LineState(Kind.TEXT, blank=False)
_LIST_ITEM_RE = re.compile(r" {0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
_DEFINITION_RE = re.compile(r"[ \t>]*\[[^\]\n]+\]:")  # [ref]: url "title" (and footnote definitions' marks)
_FOOTNOTE_DEF_RE = re.compile(r"[ \t>]*\[\^[^\]\n]+\]:")


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
        kind = Kind.TEXT
    elif kind is Kind.YAML or kind is Kind.TOML:
        closing = ("---", "...") if kind is Kind.YAML else ("+++",)
        return False, (LineState(Kind.TEXT) if line.rstrip() in closing else state)
    elif kind is Kind.CODE or kind is Kind.PRIVATE:
        fence = parse_fence(line)
        if fence is not None and fence.closes(Fence("", state.fence_char, state.fence_length, "")):
            return False, LineState(Kind.TEXT, blank=False, in_list=state.in_list)
        return kind is Kind.PRIVATE, state
    elif kind is Kind.MATH:
        return False, (_TEXT_AFTER_BLOCK if "$$" in line else state)
    elif kind is Kind.MATH_BRACKETS:
        return False, (_TEXT_AFTER_BLOCK if "\\]" in line else state)

    if is_blank(line):
        return False, LineState(Kind.INDENTED if kind is Kind.INDENTED else Kind.TEXT, in_list=state.in_list)
    indent = prefix_width(line[: len(line) - len(line.lstrip(" \t"))])
    if indent >= 4 and not state.in_list and (state.blank or kind is Kind.INDENTED):
        return False, LineState(Kind.INDENTED, blank=False)
    fence = parse_fence(line)
    if fence is not None:
        opened = Kind.PRIVATE if is_private_opener(fence) else Kind.CODE
        in_list = state.in_list or _LIST_ITEM_RE.match(line.lstrip(" \t>")) is not None
        return False, LineState(opened, fence.char, fence.length, blank=False, in_list=in_list)
    stripped = line.strip()
    if stripped.startswith("$$"):
        closed = len(stripped) > 2 and "$$" in stripped[2:]
        return False, (_TEXT_AFTER_BLOCK if closed else LineState(Kind.MATH, blank=False))
    if stripped.startswith("\\["):
        return False, (_TEXT_AFTER_BLOCK if "\\]" in stripped[2:] else LineState(Kind.MATH_BRACKETS, blank=False))
    if _LIST_ITEM_RE.match(line):
        in_list = True
    elif state.blank and indent < 4:
        in_list = False
    else:
        in_list = state.in_list
    after = LineState(Kind.TEXT, blank=False, in_list=in_list)
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
