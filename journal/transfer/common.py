"""What every import shares: validating incoming entries, and merging them into the journal in bulk.

Merging rule: the same UUID is the same entry. A new UUID adds an entry; a known one is replaced only when the incoming
``updated`` is newer (the replaced text is kept as a revision); identical content counts as unchanged. Bulk work uses a
plain sqlite3 connection in ``BEGIN IMMEDIATE`` batches: the ORM would make a 100k-entry import several times slower.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import uuid as uuidlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from journal.dates import MIN_YEAR, parse_timestamp
from journal.db import Journal, translate_sqlite_error
from journal.entries import MAX_TITLE_LEN, count_words, title_from_body
from journal.errors import InvalidInput, require_utf8, shown
from journal.jobs import Progress
from journal.models import db_timestamp
from journal.records import default_colour
from journal.tags import check_colour, normalize_name

# Entries without an id get one derived from their content, so importing the same file twice does not duplicate them.
CONTENT_NAMESPACE = uuidlib.UUID("8f4b7f1e-5a56-4d55-9c55-7a1f0e0b7c11")
BATCH = 2000
ENTRY_KEYS = frozenset(
    {"id", "title", "body", "date", "created", "updated", "tags", "private", "summary", "slug", "deleted"}
)


@dataclass
class ImportReport:
    """What an import did, for the person to read: counts, and every file or entry skipped or repaired, with why."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    tags_added: int = 0
    revisions_added: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    repaired: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "tags_added": self.tags_added,
            "revisions_added": self.revisions_added,
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
            "repaired": [{"source": s, "change": c} for s, c in self.repaired],
        }


@dataclass(frozen=True)
class IncomingEntry:
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


@dataclass(frozen=True)
class IncomingRevision:
    entry_id: str
    saved_at: dt.datetime
    title: str
    body: str


@dataclass(frozen=True)
class IncomingTag:
    name: str  # already normalised (``tag_from_mapping``)
    colour: str | None = None
    description: str = ""


def display_name(path: str | os.PathLike[str]) -> str:
    """A path as reports and messages show it: a file name whose bytes are not UTF-8 (kept by Python as lone
    surrogates) shows them as ``\\xe9`` escapes, so printing or writing the report as JSON cannot fail."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


_JSON_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "true or false"),
    (type(None), "null"),
    (Mapping, "an object"),
    ((list, tuple), "an array"),
    (str, "a string"),
    ((int, float), "a number"),
)


def json_kind(value: object) -> str:
    """What a value is, in the words of JSON (and YAML front matter), for a message: "an array", not "list"."""
    return next((words for kinds, words in _JSON_KINDS if isinstance(value, kinds)), "a value")


def _string(data: Mapping[str, object], key: str, *, default: str | None = None) -> str | None:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise InvalidInput(f"{key} must be a string, got {shown(value)}")
    return require_utf8(value, key)


def _day(value: object) -> dt.date:
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(value.strip()[:10])
    if day is None:
        raise InvalidInput(f"date must be YYYY-MM-DD, got {shown(value)}")
    if day.year < MIN_YEAR:
        raise InvalidInput(f"date {shown(value)} is before the year {MIN_YEAR}")
    return day


def normalize_uuid(value: str) -> str:
    try:
        return str(uuidlib.UUID(value.strip()))
    except ValueError:
        raise InvalidInput(f"id must be a UUID, got {shown(value)}") from None


def entry_from_mapping(data: object, *, default_id_seed: str | None = None) -> IncomingEntry:
    """Validate one entry as it appears in a JSON document or markdown front matter; raise ``InvalidInput``."""
    if not isinstance(data, Mapping):
        raise InvalidInput(f"an entry must be an object, got {json_kind(data)}")
    body = _string(data, "body", default=None)
    if body is None:
        raise InvalidInput("body is missing")
    raw_title = _string(data, "title", default="") or ""
    title = " ".join(raw_title.split())[:MAX_TITLE_LEN].rstrip() or title_from_body(body)
    created = parse_timestamp(data["created"], what="created") if data.get("created") is not None else None
    updated = parse_timestamp(data["updated"], what="updated") if data.get("updated") is not None else None
    if data.get("date") is not None:
        day = _day(data["date"])
    elif created is not None:
        day = created.date()
    else:
        raise InvalidInput("date is missing (and there is no created timestamp to take it from)")
    if created is None:
        created = dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)
    if updated is None:
        updated = created
    tags = data.get("tags", [])
    if tags is None:
        tags = []
    if isinstance(tags, str):
        tags = [t for t in tags.split(",") if t.strip()]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InvalidInput(f"tags must be a list of names, got {shown(tags)}")
    clean_tags: list[str] = []
    for tag in tags:
        name = normalize_name(require_utf8(tag, "a tag"))
        if name.lower() not in {t.lower() for t in clean_tags}:
            clean_tags.append(name)
    private = data.get("private", False)
    if not isinstance(private, bool):
        raise InvalidInput(f"private must be true or false, got {shown(private)}")
    raw_id = _string(data, "id", default=None)
    if raw_id:
        entry_id = normalize_uuid(raw_id)
    else:
        seed = default_id_seed or json.dumps([title, body, day.isoformat()], ensure_ascii=False)
        entry_id = str(uuidlib.uuid5(CONTENT_NAMESPACE, seed))
    deleted = data.get("deleted")
    deleted_at = parse_timestamp(deleted, what="deleted") if deleted not in (None, False) else None
    return IncomingEntry(
        id=entry_id,
        title=title,
        body=body,
        day=day,
        created=created,
        updated=updated,
        tags=tuple(sorted(clean_tags, key=str.lower)),
        private=private,
        summary=_string(data, "summary", default="") or "",
        slug=_string(data, "slug", default=None) or None,  # an empty slug is no slug
        deleted_at=deleted_at,
    )


def tag_from_mapping(data: object) -> IncomingTag:
    """Validate one skill area of a JSON document; raise ``InvalidInput`` with the reason to skip it. A colour that
    does not look like ``#rrggbb`` is dropped (the area gets its default colour), as docs/json-format.md says."""
    if not isinstance(data, Mapping):
        raise InvalidInput(f"a tag must be an object, got {json_kind(data)}")
    name = _string(data, "name", default="") or ""
    colour = data.get("colour")
    try:
        colour = check_colour(colour) if isinstance(colour, str) else None
    except InvalidInput:
        colour = None
    description = data.get("description")
    return IncomingTag(
        normalize_name(name),
        colour,
        require_utf8(description, "description") if isinstance(description, str) else "",
    )


def revision_from_mapping(data: object) -> IncomingRevision:
    """Validate one earlier text of an entry; raise ``InvalidInput`` with the reason to skip it."""
    if not isinstance(data, Mapping):
        raise InvalidInput(f"a revision must be an object, got {json_kind(data)}")
    return IncomingRevision(
        entry_id=normalize_uuid(_string(data, "entry", default="") or ""),
        saved_at=parse_timestamp(data.get("saved_at"), what="saved_at"),
        title=_string(data, "title", default="") or "",
        body=_string(data, "body", default="") or "",
    )


def _ts(value: dt.datetime | None) -> str | None:
    return None if value is None else db_timestamp(value)


class _Merger:
    """Applies incoming entries, tags and revisions to the journal over one raw connection."""

    def __init__(self, con: sqlite3.Connection, report: ImportReport) -> None:
        self.con = con
        self.report = report
        self.tag_ids: dict[str, int] = {
            name.lower(): tag_id for tag_id, name in con.execute("SELECT id, name FROM tags")
        }

    def tag_id(self, name: str, colour: str | None = None, description: str = "") -> int:
        key = name.lower()
        if key not in self.tag_ids:
            cur = self.con.execute(
                "INSERT INTO tags(name, colour, description) VALUES (?, ?, ?)",
                (name, colour or default_colour(name), description),
            )
            self.tag_ids[key] = int(cur.lastrowid or 0)
            self.report.tags_added += 1
        return self.tag_ids[key]

    def entries(self, batch: Sequence[IncomingEntry]) -> dict[str, int]:
        """Merge one batch; returns uuid → row id of the entries added or replaced (their revisions may follow)."""
        touched: dict[str, int] = {}
        existing: dict[str, tuple] = {}  # type: ignore[type-arg]
        ids = [e.id for e in batch]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.con.execute(
                "SELECT e.uuid, e.id, e.updated, e.title, e.body, e.day, e.private, e.summary, e.slug, e.deleted_at, "
                "(SELECT group_concat(t.name, char(31)) FROM entry_tags et JOIN tags t ON t.id = et.tag_id "
                f"WHERE et.entry_id = e.id) FROM entries e WHERE e.uuid IN ({marks})",
                chunk,
            ):
                existing[row[0]] = row[1:]
        inserts = []
        links: list[tuple[int, int]] = []
        for entry in batch:
            old = existing.get(entry.id)
            if old is None:
                inserts.append(entry)
                continue
            row_id, updated, title, body, day, private, summary, slug, deleted_at, tag_names = old
            same = (
                title == entry.title
                and body == entry.body
                and day == entry.day.isoformat()
                and bool(private) == entry.private
                and summary == entry.summary
                and slug == entry.slug
                and deleted_at == _ts(entry.deleted_at)
                and sorted((tag_names or "").split("\x1f") if tag_names else [], key=str.lower) == list(entry.tags)
            )
            if same or updated >= db_timestamp(entry.updated):
                self.report.unchanged += 1
                continue
            if title != entry.title or body != entry.body:
                self.con.execute(
                    "INSERT INTO revisions(entry_id, title, saved_at, body) VALUES (?, ?, ?, ?)",
                    (row_id, title, updated, body),
                )
            self.con.execute(
                "UPDATE entries SET title=?, day=?, created=?, updated=?, private=?, summary=?, slug=?, deleted_at=?, "
                "word_count=?, body=? WHERE id=?",
                (
                    entry.title,
                    entry.day.isoformat(),
                    db_timestamp(entry.created),
                    db_timestamp(entry.updated),
                    int(entry.private),
                    entry.summary,
                    entry.slug,
                    _ts(entry.deleted_at),
                    count_words(entry.body),
                    entry.body,
                    row_id,
                ),
            )
            self.con.execute("DELETE FROM entry_tags WHERE entry_id = ?", (row_id,))
            links.extend((row_id, self.tag_id(t)) for t in entry.tags)
            touched[entry.id] = row_id
            self.report.updated += 1
        for entry in inserts:
            cur = self.con.execute(
                "INSERT INTO entries(uuid, title, day, created, updated, private, summary, slug, deleted_at, "
                "word_count, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.id,
                    entry.title,
                    entry.day.isoformat(),
                    db_timestamp(entry.created),
                    db_timestamp(entry.updated),
                    int(entry.private),
                    entry.summary,
                    entry.slug,
                    _ts(entry.deleted_at),
                    count_words(entry.body),
                    entry.body,
                ),
            )
            row_id = int(cur.lastrowid or 0)
            links.extend((row_id, self.tag_id(t)) for t in entry.tags)
            touched[entry.id] = row_id
            self.report.added += 1
        self.con.executemany("INSERT OR IGNORE INTO entry_tags(entry_id, tag_id) VALUES (?, ?)", links)
        return touched

    def revisions(self, revisions: Iterable[IncomingRevision], row_ids: Mapping[str, int]) -> None:
        for rev in revisions:
            row_id = row_ids.get(rev.entry_id)
            if row_id is None:
                continue
            saved = db_timestamp(rev.saved_at)
            dup = self.con.execute(
                "SELECT 1 FROM revisions WHERE entry_id = ? AND saved_at = ? AND body = ?", (row_id, saved, rev.body)
            ).fetchone()
            if dup is None:
                self.con.execute(
                    "INSERT INTO revisions(entry_id, title, saved_at, body) VALUES (?, ?, ?, ?)",
                    (row_id, rev.title, saved, rev.body),
                )
                self.report.revisions_added += 1


def merge_into(
    journal: Journal,
    entries: Sequence[IncomingEntry],
    report: ImportReport,
    *,
    tags: Sequence[IncomingTag] = (),
    revisions: Sequence[IncomingRevision] = (),
) -> Iterator[Progress]:
    """Merge everything into the journal in batches, yielding progress after each committed batch."""
    con = journal.raw()
    total = len(entries)
    touched: dict[str, int] = {}
    try:
        merger = _Merger(con, report)
        con.execute("BEGIN IMMEDIATE")
        for tag in tags:
            merger.tag_id(tag.name, tag.colour, tag.description)
        con.execute("COMMIT")
        yield Progress(0, total, "importing entries")
        for start in range(0, total, BATCH):
            con.execute("BEGIN IMMEDIATE")
            touched.update(merger.entries(entries[start : start + BATCH]))
            con.execute("COMMIT")
            yield Progress(min(start + BATCH, total), total, "importing entries")
        if revisions:
            con.execute("BEGIN IMMEDIATE")
            merger.revisions(revisions, touched)
            con.execute("COMMIT")
    except sqlite3.Error as exc:
        if con.in_transaction:
            con.rollback()
        raise translate_sqlite_error(exc) or exc from exc
    finally:
        con.close()
