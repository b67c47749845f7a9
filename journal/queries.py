"""Reading entries: the one place an entry row becomes a record (``summary_from_row``, ``entry_from_row``) and a
filter becomes SQL (``filter_sql``), in plain SQL over ``Journal.snapshot()``, without loading the ORM.

The list, search, the trash, statistics, publishing, export and the command line all read through here, and the
writers read back what they wrote through here too; ``tests/core/test_read_paths.py`` holds every path to the same
record. The desktop app opens on these (its start-up must stay close to a bare Qt window's). Writes go through
``journal.adding`` and the ORM services in ``journal.entries`` and ``journal.tags``.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator, Sequence

from journal.db import Journal
from journal.errors import AmbiguousId, EntryNotFound
from journal.records import (
    DAILY,
    EXCERPT_SOURCE_CHARS,
    Entry,
    EntryFilter,
    EntrySummary,
    SkillArea,
    kept_front_matter,
)

_ID_PREFIX_RE = re.compile(r"^[0-9a-fA-F-]{1,36}$")
_TAGS_OF = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id "
    "WHERE et.entry_id = e.id ORDER BY t.name))"
)
# The head of the body a summary's excerpt is cut from (a search reads more of it, for its snippets).
SUMMARY_HEAD = f"substr(e.body, 1, {EXCERPT_SOURCE_CHARS})"
ENTRY_COLUMNS = (
    f"e.id, e.uuid, e.title, e.day, e.created, e.updated, e.body, {_TAGS_OF}, e.private, e.deleted_at, "
    "e.word_count, e.summary, e.slug, e.kept_front_matter, e.version, e.kind"
)
_LIVE_TUTORIAL = "e.id NOT IN (SELECT id FROM entries WHERE kind = 'tutorial')"  # the partial ix_entries_tutorial


def summary_columns(head: str = SUMMARY_HEAD) -> str:
    """The columns of ``entries e`` that ``summary_from_row`` reads, in its order; ``head`` is the SQL of the text
    the excerpt is cut from (a prefix of the body)."""
    return (
        f"e.id, e.uuid, e.title, e.day, e.created, e.updated, {head}, {_TAGS_OF}, e.private, e.deleted_at, e.word_count"
    )


_SUMMARY_COLUMNS = summary_columns()


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _tags(value: str | None) -> tuple[str, ...]:
    return tuple(sorted(value.split("\x1f"), key=str.lower)) if value else ()


def filter_sql(flt: EntryFilter, params: list[object]) -> str:
    """The WHERE conditions on ``entries e`` for a filter, appending their parameters in order. The one place a
    filter becomes SQL: the list, search, the trash, counts, statistics and export all come through here."""
    clauses = []
    if flt.trash is not None:
        clauses.append("e.deleted_at IS NOT NULL" if flt.trash else "e.deleted_at IS NULL")
    for tags, test in ((flt.tags, "IN"), (flt.without_tags, "NOT IN")):
        for tag in dict.fromkeys(" ".join(t.split()) for t in tags):
            params.append(tag)
            clauses.append(
                f"e.id {test} (SELECT et.entry_id FROM entry_tags et JOIN tags t ON t.id = et.tag_id WHERE t.name = ?)"
            )
    if flt.since is not None:
        params.append(flt.since.isoformat())
        clauses.append("e.day >= ?")
    if flt.until is not None:
        params.append(flt.until.isoformat())
        clauses.append("e.day <= ?")
    if flt.private is not None:  # a literal, not a parameter, so the partial index on private entries applies
        clauses.append("e.private = 1" if flt.private else "e.private = 0")
    if not flt.with_tutorial:
        clauses.append(_LIVE_TUTORIAL)
    return " AND ".join(clauses) or "1"


def _order(flt: EntryFilter) -> str:
    return "e.deleted_at DESC" if flt.trash else "e.day DESC, e.created DESC"


# --- row -> record: the one place an entry row becomes a record -------------------------------------------------------


def summary_from_row(row: Sequence[object]) -> EntrySummary:
    """An ``EntrySummary`` from a row of ``summary_columns()``."""
    rid, uuid, title, day, created, updated, head, tags, private, deleted, words = row
    return EntrySummary(
        id=str(uuid),
        title=str(title),
        day=dt.date.fromisoformat(str(day)),
        created=dt.datetime.fromisoformat(str(created)),
        updated=dt.datetime.fromisoformat(str(updated)),
        head=str(head or "")[:EXCERPT_SOURCE_CHARS],
        tags=_tags(tags),  # type: ignore[arg-type]
        private=bool(private),
        deleted_at=_time(deleted),  # type: ignore[arg-type]
        word_count=int(words),  # type: ignore[call-overload]
        row_id=int(rid),  # type: ignore[call-overload]
    )


def entry_from_row(row: Sequence[object]) -> Entry:
    """An ``Entry`` from a row of ``ENTRY_COLUMNS``."""
    rid, uuid, title, day, created, updated, body, tags, private, deleted, words, summary, slug, kept, *rest = row
    version, kind = rest
    return Entry(
        id=str(uuid),
        title=str(title),
        body=str(body),
        day=dt.date.fromisoformat(str(day)),
        created=dt.datetime.fromisoformat(str(created)),
        updated=dt.datetime.fromisoformat(str(updated)),
        tags=_tags(tags),  # type: ignore[arg-type]
        private=bool(private),
        summary=str(summary or ""),
        slug=slug if slug is None else str(slug),
        deleted_at=_time(deleted),  # type: ignore[arg-type]
        word_count=int(words),  # type: ignore[call-overload]
        row_id=int(rid),  # type: ignore[call-overload]
        front_matter=kept_front_matter(kept),  # type: ignore[arg-type]
        version=int(version),  # type: ignore[call-overload]
        kind=str(kind or ""),
    )


# The live entries counted as all the rows less the trash: a count with no condition counts the cells of the smallest
# index's pages, and the trash is a range of its own small index, where counting the rows that match
# "deleted_at IS NULL" steps through each of them (2.6 ms against 10 ms at 100k entries, on the window's start path).
_LIVE_COUNT = "SELECT (SELECT count(*) FROM entries) - (SELECT count(*) FROM entries WHERE deleted_at IS NOT NULL)"


def count_entries(journal: Journal, flt: EntryFilter | None = None) -> int:
    flt = flt or EntryFilter()
    params: list[object] = []
    sql = _LIVE_COUNT if flt == EntryFilter() else f"SELECT count(*) FROM entries e WHERE {filter_sql(flt, params)}"
    with journal.snapshot() as con:
        return int(con.execute(sql, params).fetchone()[0])


def list_entry_ids(
    journal: Journal, flt: EntryFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> list[int]:
    """Row ids in list order (newest first), for views that load the details of visible rows only."""
    flt = flt or EntryFilter()
    params: list[object] = []
    where = filter_sql(flt, params)
    params += [-1 if limit is None else limit, offset]
    with journal.snapshot() as con:
        rows = con.execute(f"SELECT e.id FROM entries e WHERE {where} ORDER BY {_order(flt)} LIMIT ? OFFSET ?", params)
        return [int(r[0]) for r in rows]


def list_summaries(
    journal: Journal, flt: EntryFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> list[EntrySummary]:
    """Entries newest first (by day, then creation), filtered in SQL."""
    flt = flt or EntryFilter()
    params: list[object] = []
    where = filter_sql(flt, params)
    params += [-1 if limit is None else limit, offset]
    with journal.snapshot() as con:
        rows = con.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM entries e WHERE {where} ORDER BY {_order(flt)} LIMIT ? OFFSET ?", params
        )
        return [summary_from_row(r) for r in rows]


def iter_entry_texts(
    journal: Journal, expression: str | None, flt: EntryFilter | None = None, *, limit: int | None = None
) -> Iterator[tuple[bytes | None, str]]:
    """Each entry in list order (newest first) as ``expression`` writes it (UTF-8; ``entry_json_sql`` in
    journal.transfer.entry_form), with its UUID, a row at a time in one read transaction: output that streams a whole
    journal holds one entry at a time and leaves the writing to SQLite. The text is None where the expression is NULL,
    and for every entry when the expression is None or this SQLite does not quote as Python's json does: the caller
    then writes that entry itself. Close the iterator (``contextlib.closing``) before the journal when it may be left
    unfinished."""
    from journal.transfer.entry_form import sqlite_quotes_as_python

    flt = flt or EntryFilter()
    params: list[object] = []
    where = filter_sql(flt, params)
    params.append(-1 if limit is None else limit)
    with journal.snapshot() as con:
        text = f"CAST({expression} AS BLOB)" if expression and sqlite_quotes_as_python(con) else "NULL"
        yield from con.execute(
            f"SELECT {text}, e.uuid FROM entries e WHERE {where} ORDER BY {_order(flt)} LIMIT ?", params
        )


def summaries_by_id(con: sqlite3.Connection, row_ids: Sequence[int]) -> dict[int, EntrySummary]:
    found: dict[int, EntrySummary] = {}
    for start in range(0, len(row_ids), 500):
        chunk = list(row_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in con.execute(f"SELECT {_SUMMARY_COLUMNS} FROM entries e WHERE e.id IN ({marks})", chunk):
            summary = summary_from_row(row)
            found[summary.row_id] = summary
    return found


def get_summaries(journal: Journal, row_ids: Sequence[int]) -> dict[int, EntrySummary]:
    with journal.snapshot() as con:
        return summaries_by_id(con, row_ids)


def _find(con: sqlite3.Connection, ref: str) -> Sequence[object]:
    ref = ref.strip().lower()
    if not _ID_PREFIX_RE.match(ref):
        raise EntryNotFound(ref)
    rows = con.execute(
        f"SELECT {ENTRY_COLUMNS} FROM entries e WHERE e.uuid >= ? AND e.uuid <= ? LIMIT 2", (ref, ref + "~")
    ).fetchall()
    if not rows:
        raise EntryNotFound(ref)
    if len(rows) > 1:
        exact = [r for r in rows if r[1] == ref]
        if exact:
            return exact[0]
        total = con.execute("SELECT count(*) FROM entries WHERE uuid >= ? AND uuid <= ?", (ref, ref + "~")).fetchone()
        raise AmbiguousId(ref, int(total[0]))
    return rows[0]


def row_id_of(journal: Journal, entry_id: str) -> int | None:
    """The row id of the entry with this exact UUID (for views that hold row ids), or None."""
    with journal.snapshot() as con:
        row = con.execute("SELECT id FROM entries WHERE uuid = ?", (entry_id,)).fetchone()
        return int(row[0]) if row else None


def get_entry(journal: Journal, ref: str) -> Entry:
    """The entry named by a UUID or a unique prefix of one (trashed entries included)."""
    with journal.snapshot() as con:
        return read_entry(con, ref)


def read_entry(con: sqlite3.Connection, ref: str) -> Entry:
    """``get_entry`` on a connection already inside a transaction (a writer reading back what it wrote)."""
    return entry_from_row(_find(con, ref))


def daily_entry(journal: Journal, day: dt.date) -> Entry | None:
    """The day's daily entry (made by Today from the daily template), if it has a live one: what Today opens. Other
    entries of the day (a TIL, the Welcome tutorial, an import) are not it."""
    with journal.snapshot() as con:
        return read_daily_entry(con, day)


def read_daily_entry(con: sqlite3.Connection, day: dt.date, *, other_than: str | None = None) -> Entry | None:
    """``daily_entry`` on a connection already inside a transaction (Today's writer checking before it adds one, an
    import before it marks one); ``other_than``: leave out the entry with this UUID."""
    row = con.execute(
        # Literals, not parameters: SQLite uses a partial index only for the very terms it was made with.
        f"SELECT {ENTRY_COLUMNS} FROM entries e INDEXED BY ix_entries_daily WHERE e.kind = '{DAILY}' AND e.day = ? "
        "AND e.deleted_at IS NULL AND e.uuid IS NOT ? ORDER BY e.created LIMIT 1",
        (day.isoformat(), other_than),
    ).fetchone()
    return entry_from_row(row) if row else None


def entries_by_id(journal: Journal, entry_ids: Sequence[str]) -> dict[str, Entry]:
    """The entries with these exact UUIDs (trashed ones included), by UUID, read in one transaction; ids of entries
    that do not exist are left out."""
    wanted = list(dict.fromkeys(entry_ids))
    found: dict[str, Entry] = {}
    with journal.snapshot() as con:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in con.execute(f"SELECT {ENTRY_COLUMNS} FROM entries e WHERE e.uuid IN ({marks})", chunk):
                entry = entry_from_row(row)
                found[entry.id] = entry
    return found


def read_entries(con: sqlite3.Connection, flt: EntryFilter | None = None, *, batch: int = 1000) -> Iterator[Entry]:
    """Every entry the filter covers (default: all, trashed ones included), oldest first by creation (then id), on a
    connection inside a read transaction: what an export writes, a batch of rows at a time."""
    flt = flt or EntryFilter(trash=None)
    params: list[object] = []
    where = filter_sql(flt, params)
    cursor = con.execute(f"SELECT {ENTRY_COLUMNS} FROM entries e WHERE {where} ORDER BY e.created, e.uuid", params)
    while rows := cursor.fetchmany(batch):
        yield from map(entry_from_row, rows)


def list_tags(journal: Journal, *, counted: bool = True) -> list[SkillArea]:
    """Every skill area with the number of live (not trashed) entries tagged with it, by name (``counted=False``:
    0 for each, read from the small tags table alone; ``tag_counts`` has the numbers)."""
    with journal.snapshot() as con:
        counts = _live_links_per_tag(con) if counted else {}
        rows = con.execute("SELECT id, name, colour, description FROM tags ORDER BY lower(name)").fetchall()
    return [SkillArea(name=n, colour=c, description=d, entry_count=counts.get(i, 0)) for i, n, c, d in rows]


def tag_counts(journal: Journal) -> dict[str, int]:
    """Each skill area's name with its number of live entries (every one, 0 included)."""
    with journal.snapshot() as con:
        counts = _live_links_per_tag(con)
        return {name: counts.get(i, 0) for i, name in con.execute("SELECT id, name FROM tags")}


def _live_links_per_tag(con: sqlite3.Connection) -> dict[int, int]:
    # Counted as all links minus the links of trashed entries: the first is read from the link table alone and the
    # second touches only the (few) trashed entries, where joining every link to its entry would read the whole table.
    links = dict(con.execute("SELECT tag_id, count(*) FROM entry_tags GROUP BY tag_id").fetchall())
    trashed = dict(
        con.execute(
            # CROSS JOIN keeps the trashed entries (a small partial index) as the outer loop.
            "SELECT et.tag_id, count(*) FROM entries e CROSS JOIN entry_tags et ON et.entry_id = e.id "
            "WHERE e.deleted_at IS NOT NULL GROUP BY et.tag_id"
        ).fetchall()
    )
    return {i: int(n - trashed.get(i, 0)) for i, n in links.items()}


def place_counts(journal: Journal) -> dict[str, int]:
    """The navigation column's counts: live entries, private ones, and the trash (each read from its own index)."""
    with journal.snapshot() as con:
        live = con.execute(_LIVE_COUNT).fetchone()[0]
        # Named: without it the planner walks the titles' index (schema 0012) and reads every row for its flag, 0.3 s
        # at 100k entries on the window's start path, instead of counting this small index's entries (1 ms).
        private = con.execute(
            "SELECT count(*) FROM entries INDEXED BY ix_entries_private_live WHERE private = 1 AND deleted_at IS NULL"
        ).fetchone()[0]
        trash = con.execute("SELECT count(*) FROM entries WHERE deleted_at IS NOT NULL").fetchone()[0]
    return {"all": int(live), "private": int(private), "trash": int(trash)}


def day_counts(journal: Journal, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """Live entries per day from ``first`` to ``last`` inclusive, days without entries left out: the calendar's marks
    (read from the live-day index alone; ``journal.stats.daily_activity`` also sums words, a test keeps both equal)."""
    with journal.snapshot() as con:
        rows = con.execute(
            "SELECT day, count(*) FROM entries WHERE deleted_at IS NULL AND day BETWEEN ? AND ? GROUP BY day",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
    return {dt.date.fromisoformat(day): int(n) for day, n in rows}


def same_day_in_earlier_years(day: dt.date, first_year: int) -> list[dt.date]:
    """``day``'s month and day in each year from ``first_year`` up to the year before, newest first. 29 February is
    remembered on 28 February in the years that have none."""
    found = []
    for year in range(day.year - 1, first_year - 1, -1):
        try:
            found.append(day.replace(year=year))
        except ValueError:  # 29 February in a common year: nothing that day
            continue
    if (day.month, day.day) == (2, 28) and not _is_leap(day.year):
        found += [dt.date(y, 2, 29) for y in range(day.year - 1, first_year - 1, -1) if _is_leap(y)]
        found.sort(reverse=True)
    return found


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def on_this_day(journal: Journal, day: dt.date, *, limit: int = 20) -> list[EntrySummary]:
    """Live entries written on ``day``'s date in earlier years, newest first (one index lookup per year)."""
    with journal.snapshot() as con:
        oldest = con.execute("SELECT min(day) FROM entries WHERE deleted_at IS NULL").fetchone()[0]
        if oldest is None:
            return []
        days = [d.isoformat() for d in same_day_in_earlier_years(day, dt.date.fromisoformat(oldest).year)]
        if not days:
            return []
        marks = ",".join("?" * len(days))
        rows = con.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM entries e WHERE e.deleted_at IS NULL AND e.day IN ({marks}) "
            "ORDER BY e.day DESC, e.created DESC LIMIT ?",
            [*days, limit],
        )
        return [summary_from_row(r) for r in rows]


def live_summaries(journal: Journal, entry_ids: Sequence[str]) -> list[EntrySummary]:
    """The live (not trashed) entries among these UUIDs, in the order given; ids of entries gone are left out (the
    pinned and recent entries of the navigation column)."""
    wanted = list(dict.fromkeys(entry_ids))[:500]
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    with journal.snapshot() as con:
        rows = con.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM entries e WHERE e.deleted_at IS NULL AND e.uuid IN ({marks})", wanted
        )
        found = {s.id: s for s in map(summary_from_row, rows)}
    return [found[i] for i in wanted if i in found]
