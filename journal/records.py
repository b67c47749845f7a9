"""The plain records the services hand to callers (never live ORM rows), and the text helpers that make them.

No SQLAlchemy here: the desktop app's start-up path and the fast read queries use these without loading the ORM.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Colours chosen to read well as chips on both light and dark backgrounds.
PALETTE = (
    "#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2",
    "#db2777", "#65a30d", "#ea580c", "#4f46e5", "#0d9488", "#9333ea",
)  # fmt: skip
MAX_TITLE_LEN = 200
EXCERPT_SOURCE_CHARS = 600
# What an entry is, besides something the person wrote (``entries.kind``, schema 0011): the day's daily entry, made
# from the daily template by Today, or the Welcome tutorial a new journal starts with. Any other entry has "".
DAILY = "daily"
TUTORIAL = "tutorial"
ENTRY_KINDS = ("", DAILY, TUTORIAL)
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
# A link to another entry shows its text: [[Title|shown]] as "shown", [[Title#Part]] as "Title" (journal.links).
_WIKILINK_RE = re.compile(r"!?\[\[([^\[\]|#\r\n]*)(?:#[^\[\]|\r\n]*)?(?:\|([^\[\]\r\n]*))?\]\]")


@dataclass(frozen=True)
class Entry:
    """A whole entry."""

    id: str
    title: str
    body: str
    day: dt.date
    created: dt.datetime
    updated: dt.datetime
    tags: tuple[str, ...] = ()
    private: bool = False
    summary: str = ""
    slug: str | None = None
    deleted_at: dt.datetime | None = None
    word_count: int = 0
    row_id: int = field(default=0, compare=False)
    # The row's version when read (schema 0007): a save names it, and is refused when another writer moved it on.
    version: int = field(default=0, compare=False)
    # Front matter keys an imported file had that Trailbook has no field for (shown read-only, written back on export
    # and publish). Left out of the hash: a mapping is not hashable.
    front_matter: Mapping[str, Any] = field(default_factory=dict, hash=False)
    kind: str = ""  # DAILY, TUTORIAL or ""

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_daily(self) -> bool:
        """Made by Today from the daily template: what Today opens on its day."""
        return self.kind == DAILY


@dataclass(frozen=True)
class EntrySummary:
    """What a list row shows: everything but the body, plus a one-line excerpt of its start."""

    id: str
    title: str
    day: dt.date
    created: dt.datetime
    updated: dt.datetime
    head: str  # the body's first EXCERPT_SOURCE_CHARS characters, which the excerpt is cut from
    tags: tuple[str, ...]
    private: bool
    deleted_at: dt.datetime | None
    word_count: int
    row_id: int = field(default=0, compare=False)

    @functools.cached_property
    def excerpt(self) -> str:
        """One line of plain-looking text from the start of the body, cut when first shown (a page of search results
        shows snippets instead, and a list draws only the rows on screen)."""
        return excerpt_of(self.head)


@dataclass(frozen=True)
class EntryFilter:
    """Which entries a list, a search, a count or an export covers, as a structure (never as query text): every part
    is turned into SQL in one place, ``journal.queries.filter_sql``."""

    tags: tuple[str, ...] = ()  # tagged with every one of these skill areas (names as typed: any case, any spacing)
    without_tags: tuple[str, ...] = ()  # and with none of these
    since: dt.date | None = None  # inclusive
    until: dt.date | None = None  # inclusive
    private: bool | None = None  # None: private and public entries alike
    trash: bool | None = False  # False: live entries; True: the trash; None: both
    with_tutorial: bool = True  # False: leave out the Welcome tutorial (statistics: it is not the person's writing)


@dataclass(frozen=True)
class Revision:
    """An earlier text of an entry."""

    id: int
    saved_at: dt.datetime
    title: str
    body: str
    word_count: int


@dataclass(frozen=True)
class SkillArea:
    """A skill-area tag as callers see it."""

    name: str
    colour: str
    description: str
    entry_count: int = 0


def kept_front_matter(stored: str | None) -> dict[str, Any]:
    """The kept front matter of an entry from its stored JSON (``None``: none). One reader for every path."""
    if not stored:
        return {}
    import json

    value = json.loads(stored)
    return value if isinstance(value, dict) else {}


@functools.cache
def _inline_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(code spans, a line's leading marks, emphasis that pairs, the marks left): compiled when first needed."""
    return (
        re.compile(r"(`+)(.+?)\1"),
        re.compile(r"^[ \t]{0,3}(?:>[ \t]?)*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?#*[ \t]*", re.MULTILINE),
        # *x*, **x**, ***x***; _x_ and __x__ only at word edges, as CommonMark (snake_case is a word, not emphasis)
        re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1|(?<![^\W_])(_{1,3})(?=\S)(.+?)(?<=\S)\3(?![^\W_])"),
        re.compile(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|[~\[\]|$`]+"),
    )


def plain_text(markdown: str, *, marks: str = "") -> str:
    """What markdown reads as without its marks: a code span's text as written (`__call__`), emphasis only where it
    pairs (``**kwargs and *args`` stays as written), a link's text, no images, a ``#`` inside a word kept (C#); a
    line's quote, list and heading marks go. The other marks left (table pipes, strike-through, math) become
    ``marks`` (a title keeps a space between a table's cells)."""
    code, leading, emphasis, rest = _inline_patterns()
    markdown = leading.sub("", markdown)
    out, last = [], 0
    for span in code.finditer(markdown):
        out.append(_unmarked(markdown[last : span.start()], emphasis, rest, marks))
        out.append(span.group(2).strip() or span.group(2))
        last = span.end()
    out.append(_unmarked(markdown[last:], emphasis, rest, marks))
    return "".join(out)


def _unmarked(text: str, emphasis: re.Pattern[str], rest: re.Pattern[str], marks: str) -> str:
    for _ in range(3):  # nested: **a *b* c**
        text, found = emphasis.subn(lambda m: m.group(2) if m.group(1) else m.group(4), text)
        if not found:
            break
    return rest.sub(marks, text)


def title_from_body(body: str) -> str:
    """The first heading, else the first non-empty line, as it reads (``plain_text``); "Untitled" for an empty
    body."""
    for line in body.splitlines():
        if not line.strip():
            continue
        heading = _HEADING_RE.match(line)
        text = heading.group(1) if heading else line
        text = " ".join(plain_text(text, marks=" ").split())
        if text:
            return text[:MAX_TITLE_LEN].rstrip()
    return "Untitled"


def excerpt_of(body: str, limit: int = 160) -> str:
    """One line of plain-looking text from the start of a body, for list rows (a leading heading is the title's
    usual source, so it is skipped)."""
    head = body[:EXCERPT_SOURCE_CHARS].lstrip()
    first, _, rest = head.partition("\n")
    if _HEADING_RE.match(first) and rest.strip():
        head = rest
    if "[[" in head:
        head = _WIKILINK_RE.sub(lambda m: m.group(2) or m.group(1), head)
    text = " ".join(plain_text(head).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def default_colour(name: str) -> str:
    """A stable colour for a new skill area, picked from the palette by its name."""
    import hashlib  # here, not at the top: the app's start-up rarely needs it

    digest = hashlib.blake2s(name.lower().encode("utf-8"), digest_size=2).digest()
    return PALETTE[int.from_bytes(digest, "big") % len(PALETTE)]
