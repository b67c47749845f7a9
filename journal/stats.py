"""Writing statistics, aggregated in SQL rather than by loading entries: streaks, a calendar of days, months, and what
was written in each area of a roadmap.

Days are the entries' ``day`` column: the person's own calendar day, fixed when the entry was written, so a late-night
entry counts for the evening it was written wherever the clock's UTC date was. Only live entries count (not trashed),
and not the Welcome tutorial a journal starts with (it is not the person's writing). Which entries count is one
``EntryFilter`` (``COUNTED``), made SQL by ``journal.queries.filter_sql`` as every list is.
An area's entries are its *evidence*: entries tagged with the area's id (tag names compare without case) or linked to
one of its milestones, each counted once.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import weakref
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from journal.db import Journal
from journal.queries import filter_sql
from journal.records import EntryFilter
from journal.roadmap_format import Roadmap

ONE_DAY = dt.timedelta(days=1)
#: The entries statistics count: live ones, the tutorial left out.
COUNTED = EntryFilter(with_tutorial=False)
COUNTED_SQL = filter_sql(COUNTED, [])  # no parameters: used as it is in the queries below
#: Above this many tag links to scan, one pass over the whole entries table beats a lookup per tagged entry.
_SCAN_THRESHOLD = 20_000
#: At most this many connections read a long scan side by side.
_MAX_PARALLEL = 4


@dataclass(frozen=True)
class Streaks:
    """Runs of consecutive days with at least one live entry. ``current`` is the run ending today, or yesterday when
    today has no entry yet (the streak is still alive until the day is over); otherwise 0."""

    current: int
    longest: int
    current_start: dt.date | None = None
    longest_start: dt.date | None = None
    longest_end: dt.date | None = None


@dataclass(frozen=True)
class DayActivity:
    day: dt.date
    entries: int
    words: int


@dataclass(frozen=True)
class MonthActivity:
    month: str  # "YYYY-MM"
    entries: int
    words: int


@dataclass(frozen=True)
class AreaActivity:
    """An area's evidence entries: how many, their words, and the day of the newest one."""

    area_id: str
    entries: int = 0
    words: int = 0
    last_day: dt.date | None = None


def compute_streaks(days: Iterable[dt.date], today: dt.date) -> Streaks:
    """Current and longest streak from the days that have entries. Days after ``today`` (entries dated ahead) do not
    count: they have not been written on yet. On equal length, the most recent run is reported as the longest."""
    ordered = sorted({d for d in days if d <= today})
    if not ordered:
        return Streaks(0, 0)
    best_len, best_start, best_end = 0, ordered[0], ordered[0]
    run_start = prev = ordered[0]
    for day in [*ordered[1:], None]:
        if day is not None and day - prev == ONE_DAY:
            prev = day
            continue
        length = (prev - run_start).days + 1
        if length >= best_len:
            best_len, best_start, best_end = length, run_start, prev
        if day is not None:
            run_start = prev = day
    last_end, last_start = prev, run_start
    alive = last_end >= today - ONE_DAY
    current = (last_end - last_start).days + 1 if alive else 0
    return Streaks(current, best_len, last_start if alive else None, best_start, best_end)


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def written_days(con: sqlite3.Connection) -> list[dt.date]:
    """Every day with a live entry, oldest first (read from the live-day index alone)."""
    return [
        dt.date.fromisoformat(r[0])
        for r in con.execute(f"SELECT e.day FROM entries e WHERE {COUNTED_SQL} GROUP BY e.day")
    ]


def first_and_last_day(con: sqlite3.Connection) -> tuple[dt.date | None, dt.date | None]:
    """The days of the oldest and the newest counted entry: one step each into the live-day index. (``min(day),
    max(day)`` in one query had SQLite walk the titles' index and read every row for its day: 1 s at 100k.)"""
    found = []
    for order in ("ASC", "DESC"):
        row = con.execute(
            f"SELECT e.day FROM entries e INDEXED BY ix_entries_live_day WHERE {COUNTED_SQL} "
            f"ORDER BY e.day {order} LIMIT 1"
        ).fetchone()
        found.append(_day(row[0]) if row else None)
    return found[0], found[1]


def writing_streaks(journal: Journal, today: dt.date) -> Streaks:
    with journal.snapshot() as con:
        return compute_streaks(written_days(con), today)


def daily_activity(con: sqlite3.Connection, start: dt.date, end: dt.date) -> dict[dt.date, DayActivity]:
    """Entries and words per day from ``start`` to ``end`` inclusive (days without entries are left out)."""
    rows = con.execute(
        f"SELECT e.day, count(*), sum(e.word_count) FROM entries e WHERE {COUNTED_SQL} AND e.day BETWEEN ? AND ? "
        "GROUP BY e.day",
        (start.isoformat(), end.isoformat()),
    )
    return {d: DayActivity(d, n, int(w or 0)) for d, n, w in ((dt.date.fromisoformat(r[0]), r[1], r[2]) for r in rows)}


def monthly_activity(con: sqlite3.Connection) -> list[MonthActivity]:
    """Entries and words per calendar month, oldest first, over the whole journal."""
    rows = con.execute(
        f"SELECT substr(e.day, 1, 7), count(*), sum(e.word_count) FROM entries e WHERE {COUNTED_SQL} "
        "GROUP BY 1 ORDER BY 1"
    )
    return [MonthActivity(m, n, int(w or 0)) for m, n, w in rows]


def totals(con: sqlite3.Connection) -> tuple[int, int]:
    """Live entries and their words."""
    n, w = con.execute(f"SELECT count(*), sum(e.word_count) FROM entries e WHERE {COUNTED_SQL}").fetchone()
    return int(n), int(w or 0)


# ---------------------------------------------------------------------------------------------------------------------
# Areas


def area_tags(con: sqlite3.Connection, roadmap: Roadmap) -> dict[int, tuple[str, str]]:
    """Tag row id → (area id, tag colour) for the tags that are areas of ``roadmap`` (same name, any case)."""
    areas = {a.id for a in roadmap.areas}
    found: dict[int, tuple[str, str]] = {}
    for tag_id, name, colour in con.execute("SELECT id, name, colour FROM tags"):
        key = name.lower()
        if key in areas:
            found[tag_id] = (key, colour)
    return found


def _linked_extra(
    con: sqlite3.Connection, roadmap: Roadmap, tags: dict[int, tuple[str, str]]
) -> list[tuple[str, int, dt.date, int]]:
    """(area, entry row id, day, words) for live entries linked to an area's milestones but not tagged with it."""
    area_of = {m.id: a.id for a in roadmap.areas for m in a.milestones}
    rows = con.execute(
        "SELECT me.milestone_id, e.id, e.day, e.word_count FROM milestone_evidence me "
        f"JOIN entries e ON e.id = me.entry_id WHERE me.roadmap_id = ? AND {COUNTED_SQL}",
        (roadmap.id,),
    ).fetchall()
    linked: dict[tuple[str, int], tuple[dt.date, int]] = {}
    for mid, entry_id, day, words in rows:
        area = area_of.get(mid)
        if area is not None:
            linked[(area, entry_id)] = (dt.date.fromisoformat(day), int(words))
    tagged = _tag_pairs(con, sorted({e for _, e in linked}), tags)
    return [(a, e, d, w) for (a, e), (d, w) in linked.items() if (a, e) not in tagged]


def _tag_pairs(
    con: sqlite3.Connection, entry_ids: Sequence[int], tags: dict[int, tuple[str, str]]
) -> set[tuple[str, int]]:
    pairs: set[tuple[str, int]] = set()
    for start in range(0, len(entry_ids), 500):
        chunk = entry_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for entry_id, tag_id in con.execute(
            f"SELECT entry_id, tag_id FROM entry_tags WHERE entry_id IN ({marks})", chunk
        ):
            if tag_id in tags:
                pairs.add((tags[tag_id][0], entry_id))
    return pairs


def area_activity(
    con: sqlite3.Connection,
    roadmap: Roadmap,
    tags: dict[int, tuple[str, str]] | None = None,
    *,
    journal: Journal | None = None,
) -> dict[str, AreaActivity]:
    """Evidence entries, words and newest day per area of ``roadmap``, over the whole journal. Given the ``journal``,
    a long scan is split into rowid ranges read on parallel connections (SQLite runs outside the GIL)."""
    tags = area_tags(con, roadmap) if tags is None else tags
    totals_: dict[str, list] = {a.id: [0, 0, None] for a in roadmap.areas}  # type: ignore[type-arg]
    if tags:
        marks = ",".join("?" * len(tags))
        ids = list(tags)
        links = con.execute(f"SELECT count(*) FROM entry_tags WHERE tag_id IN ({marks})", ids).fetchone()[0]
        if links > _SCAN_THRESHOLD:
            rows = _scan_tags(con, ids, journal)
        else:
            rows = con.execute(
                "SELECT et.tag_id, count(*), sum(e.word_count), max(e.day) FROM entry_tags et JOIN entries e "
                f"ON e.id = et.entry_id WHERE {COUNTED_SQL} AND et.tag_id IN ({marks}) GROUP BY et.tag_id",
                ids,
            ).fetchall()
        for tag_id, n, words, last in rows:
            slot = totals_[tags[tag_id][0]]
            slot[0] += n
            slot[1] += int(words or 0)
            slot[2] = max(filter(None, (slot[2], _day(last))), default=None)
    for area, _entry, day, words in _linked_extra(con, roadmap, tags):
        slot = totals_[area]
        slot[0] += 1
        slot[1] += words
        slot[2] = max(filter(None, (slot[2], day)), default=None)
    return {a: AreaActivity(a, n, w, d) for a, (n, w, d) in totals_.items()}


#: The last ``area_activity`` of each open journal, with the journal clock's tick it was read at.
_ACTIVITY: weakref.WeakKeyDictionary[Journal, tuple[tuple[str, int], dict[str, AreaActivity]]] = (
    weakref.WeakKeyDictionary()
)


def area_activity_of(
    con: sqlite3.Connection, roadmap: Roadmap, tags: dict[int, tuple[str, str]], journal: Journal
) -> dict[str, AreaActivity]:
    """``area_activity`` over the whole journal, read again only once the journal changed: the journal clock (schema
    0007) ticks on every row written to entries, tags, their links, roadmaps and evidence, by any writer, so an
    unchanged tick read in the same snapshot means the same answer. Showing the Roadmap again costs no scan."""
    key, known, current = _known_activity(con, roadmap, journal)
    if known is not None and current:
        return known
    activity = area_activity(con, roadmap, tags, journal=journal)
    _ACTIVITY[journal] = (key, activity)
    return activity


def known_area_activity(
    con: sqlite3.Connection, roadmap: Roadmap, journal: Journal
) -> tuple[dict[str, AreaActivity] | None, bool]:
    """The last ``area_activity`` read for this roadmap (None if none yet) and whether it is still current, without
    scanning: the app shows it at once and has the scan run on its thread pool when it is not current."""
    _key, known, current = _known_activity(con, roadmap, journal)
    return known, current


def _known_activity(
    con: sqlite3.Connection, roadmap: Roadmap, journal: Journal
) -> tuple[tuple[str, int], dict[str, AreaActivity] | None, bool]:
    row = con.execute("SELECT tick FROM journal_clock").fetchone()
    key = (roadmap.id, int(row[0]) if row else -1)
    known = _ACTIVITY.get(journal)
    if known is None or known[0][0] != roadmap.id:
        return key, None, False
    return key, known[1], known[0] == key and row is not None


def forget_area_activity() -> None:
    """Drop every kept ``area_activity`` (benchmarks: the cost of the first showing after a change)."""
    _ACTIVITY.clear()


def _scan_tags(con: sqlite3.Connection, tag_ids: list[int], journal: Journal | None) -> list[tuple]:  # type: ignore[type-arg]
    """(tag id, entries, words, newest day) rows from sequential passes over the entries table (NOT INDEXED: rowid
    order, whatever the days), probing each entry's tags by primary key: far cheaper than a random lookup per tag
    link once most entries are tagged. The unary + keeps SQLite from turning the IN list into index probes. With a
    journal and more than one core, rowid ranges are scanned side by side, each in its own read transaction."""
    marks = ",".join("?" * len(tag_ids))
    sql = (
        "SELECT et.tag_id, count(*), sum(e.word_count), max(e.day) FROM entries e NOT INDEXED "
        "CROSS JOIN entry_tags et ON et.entry_id = e.id "
        f"WHERE {COUNTED_SQL} AND e.id BETWEEN ? AND ? AND +et.tag_id IN ({marks}) GROUP BY et.tag_id"
    )
    # Two lookups of one page each (min and max in one query scan an index for the pair: 14 ms at 100k).
    low = con.execute("SELECT min(id) FROM entries").fetchone()[0]
    high = con.execute("SELECT max(id) FROM entries").fetchone()[0]
    parts = min(_MAX_PARALLEL, os.cpu_count() or 1) if journal is not None else 1
    if low is None:
        return []
    if parts <= 1:
        return con.execute(sql, [low, high, *tag_ids]).fetchall()
    step = (high - low) // parts + 1
    ranges = [(low + i * step, min(high, low + (i + 1) * step - 1)) for i in range(parts)]

    def part(bounds: tuple[int, int]) -> list[tuple]:  # type: ignore[type-arg]
        assert journal is not None
        with journal.snapshot() as own:
            return own.execute(sql, [*bounds, *tag_ids]).fetchall()

    with ThreadPoolExecutor(max_workers=parts, thread_name_prefix="trailbook-stats") as pool:
        return [row for rows in pool.map(part, ranges) for row in rows]


def area_months(
    con: sqlite3.Connection,
    roadmap: Roadmap,
    start: dt.date,
    end: dt.date,
    tags: dict[int, tuple[str, str]] | None = None,
) -> dict[str, dict[str, int]]:
    """Evidence entries per month ("YYYY-MM") per area, for entries dated ``start`` to ``end`` inclusive."""
    tags = area_tags(con, roadmap) if tags is None else tags
    found: dict[str, dict[str, int]] = {}
    if tags:
        marks = ",".join("?" * len(tags))
        # The period's entries come from the live-day index, each probed for its tags; the unary + stops SQLite
        # from walking every link of every area tag instead (slow on a long journal with a short period).
        rows = con.execute(
            "SELECT substr(e.day, 1, 7), et.tag_id, count(*) FROM entries e CROSS JOIN entry_tags et "
            "ON et.entry_id = e.id "
            f"WHERE {COUNTED_SQL} AND e.day BETWEEN ? AND ? AND +et.tag_id IN ({marks}) GROUP BY 1, 2",
            [start.isoformat(), end.isoformat(), *tags],
        )
        for month, tag_id, n in rows:
            area = tags[tag_id][0]
            found.setdefault(month, {})[area] = found.get(month, {}).get(area, 0) + n
    for area, _entry, day, _words in _linked_extra(con, roadmap, tags):
        if start <= day <= end:
            month = day.isoformat()[:7]
            found.setdefault(month, {})[area] = found.get(month, {}).get(area, 0) + 1
    return found


def month_range(start: dt.date, end: dt.date) -> list[str]:
    """Every "YYYY-MM" from ``start``'s month to ``end``'s, in order."""
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
