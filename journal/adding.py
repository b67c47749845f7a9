"""Adding an entry, and finding or making the skill areas it is tagged with, in plain SQL (``Journal.writing_sql()``).

Adding is the write people make most, from the command line (``trailbook new``) and the app's New Entry alike, and
loading the ORM costs several times more than the write: so this is the one place entries are added, and the ORM
services build on it (``journal.entries.create_entry``, ``journal.tags.get_or_create_tags``). Rows are read back
through ``journal.queries``, so an added entry is the record every other read gives.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from journal import queries
from journal.colours import active_roadmap, area_colour
from journal.dates import format_timestamp, today, utcnow
from journal.db import Journal
from journal.errors import InvalidInput
from journal.records import DAILY, ENTRY_KINDS, MAX_TITLE_LEN, Entry, title_from_body

if TYPE_CHECKING:
    from journal.roadmap_format import Roadmap

MAX_TAG_LEN = 64


def clean_title(title: str) -> str:
    """A title as it is kept: runs of white space collapsed; over MAX_TITLE_LEN is refused."""
    clean = " ".join(title.split())
    if len(clean) > MAX_TITLE_LEN:
        raise InvalidInput(f"title too long ({len(clean)} characters; at most {MAX_TITLE_LEN})")
    return clean


def normalize_name(name: str) -> str:
    """The canonical spelling of a tag name; raises ``InvalidInput`` for an empty or over-long one."""
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput("a skill area needs a name")
    if len(clean) > MAX_TAG_LEN:
        raise InvalidInput(f"skill area name too long ({len(clean)} characters; at most {MAX_TAG_LEN})")
    if "," in clean:
        raise InvalidInput(f"skill area name {clean!r} cannot contain a comma")
    return clean


def find_tag_id(con: sqlite3.Connection, name: str) -> int | None:
    """The id of the tag of that name regardless of case. The column's NOCASE collation folds ASCII letters only, so
    a miss is checked again with Unicode case folding ("Économie" is "économie"); the tags table is small."""
    clean = normalize_name(name)
    row = con.execute("SELECT id FROM tags WHERE name = ? ORDER BY id LIMIT 1", (clean,)).fetchone()
    if row is not None:
        return int(row[0])
    folded = clean.casefold()
    return next(
        (int(i) for i, n in con.execute("SELECT id, name FROM tags ORDER BY id") if n.casefold() == folded), None
    )


def tag_ids(con: sqlite3.Connection, names: Iterable[str]) -> list[int]:
    """The ids of the tags named ``names`` (made as needed, with the colour ``journal.colours.area_colour`` gives a
    new area), without duplicates, in the order given. ``con`` is inside a write transaction."""
    ids: list[int] = []
    seen: set[str] = set()
    roadmap: list[Roadmap | None] = []  # the active roadmap, read when a tag is first made
    for raw in names:
        name = normalize_name(raw)
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        found = find_tag_id(con, name)
        if found is None:
            if not roadmap:
                roadmap.append(active_roadmap(con))
            cursor = con.execute(
                "INSERT INTO tags (name, colour, description) VALUES (?, ?, '')", (name, area_colour(name, roadmap[0]))
            )
            found = int(cursor.lastrowid or 0)
        if found not in ids:  # two spellings of one area
            ids.append(found)
    return ids


def near_areas(journal: Journal, names: Iterable[str]) -> dict[str, str]:
    """For each of ``names`` that is no tag yet and no skill area of the roadmap (the active one, else the one
    Trailbook ships, which the first look at the roadmap installs), the area it is likely meant to be: by the area's
    name (``data-infrastructure`` for Data infrastructure, ``data-infra``) or a near spelling (``servng``). Read
    before ``add_entry`` makes the tags; the YAML is parsed only when a name is new."""
    with journal.snapshot() as con:
        fresh = [n for n in dict.fromkeys(normalize_name(raw) for raw in names) if find_tag_id(con, n) is None]
        roadmap = active_roadmap(con) if fresh else None
    if not fresh:
        return {}
    if roadmap is None:
        from journal.roadmap_format import builtin_roadmap

        roadmap = builtin_roadmap()
    import difflib

    ids = {a.id.casefold(): a.id for a in roadmap.areas}
    by_name = {"-".join(a.name.casefold().split()): a.id for a in roadmap.areas}
    near: dict[str, str] = {}
    for name in fresh:
        key = name.casefold()
        if key in ids:
            continue
        close = difflib.get_close_matches(key, list(ids), n=1, cutoff=0.8)
        match = by_name.get("-".join(key.replace("_", " ").split())) or (ids[close[0]] if close else None)
        if match is not None:
            near[name] = match
    return near


def add_entry(
    journal: Journal,
    body: str = "",
    *,
    title: str | None = None,
    tags: Iterable[str] = (),
    day: dt.date | None = None,
    private: bool = False,
    summary: str = "",
    kind: str = "",
) -> Entry:
    """Add a new entry; a missing title comes from the body's first heading or line. ``kind``: what it is besides the
    person's writing (``journal.records.ENTRY_KINDS``; Today's ``add_daily_entry`` makes the daily ones)."""
    values = _row_values(body, title, day or today(), private, summary, kind)
    with journal.writing_sql() as con:
        return _insert(con, values, tags)


def add_daily_entry(
    journal: Journal, day: dt.date, body: str, *, title: str | None = None, tags: Iterable[str] = ()
) -> tuple[Entry, bool]:
    """The day's daily entry, made from the daily template's text unless the day has a live one already (another
    window or process may have made it meanwhile: the check and the insert are one write transaction). Returns the
    entry and whether it was made now."""
    values = _row_values(body, title, day, False, "", DAILY)
    with journal.writing_sql() as con:
        existing = queries.read_daily_entry(con, day)
        if existing is not None:
            return existing, False
        return _insert(con, values, tags), True


def _row_values(
    body: str, title: str | None, day: dt.date, private: bool, summary: str, kind: str
) -> tuple[str, str, str, str, str, str, int, str, int, str]:
    import uuid  # on first use: it loads `platform` (~4 ms of the window's start, which adds nothing)

    from journal.markdown.words import count_words  # the one word counter; its patterns compile on first use

    if kind not in ENTRY_KINDS:
        raise InvalidInput(f"unknown kind of entry {kind!r} (one of: {', '.join(k for k in ENTRY_KINDS if k)})")
    now = format_timestamp(utcnow())  # the stored form (journal.models.db_timestamp; a test keeps them equal)
    title = clean_title(title) if title and title.strip() else title_from_body(body)
    words = count_words(body)
    return (str(uuid.uuid4()), title, body, day.isoformat(), now, now, int(private), summary, words, kind)


def _insert(con: sqlite3.Connection, values: tuple[object, ...], tags: Iterable[str]) -> Entry:
    ids = tag_ids(con, tags)
    cursor = con.execute(
        "INSERT INTO entries (uuid, title, body, day, created, updated, private, summary, word_count, kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        values,
    )
    con.executemany("INSERT INTO entry_tags (entry_id, tag_id) VALUES (?, ?)", [(cursor.lastrowid, i) for i in ids])
    if "[[" in str(values[2]):  # links to other entries (journal.links), indexed in the same write
        from journal.links import index_entries

        index_entries(con, [int(cursor.lastrowid or 0)])
    return queries.read_entry(con, str(values[0]))
