"""What every import shares: validating incoming entries, and merging them into the journal in bulk.

Merging rule: the same UUID is the same entry. A new UUID adds an entry; a known one is replaced only when the incoming
``updated`` is newer (the replaced text is kept as a revision); identical content counts as unchanged. A day has at
most one live daily entry (``kind``): an incoming one that would be a second keeps its text and loses the mark. Bulk
work uses a plain sqlite3 connection in ``BEGIN IMMEDIATE`` batches: the ORM would make a 100k-entry import several
times slower. A dry run does the same work in one transaction and rolls it back, so its report is exactly what the
import would do. An entry's images come with it (``IncomingEntry.attachments``) and are stored only for entries added
or replaced.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sqlite3
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from journal.colours import active_roadmap, area_colour
from journal.dates import MIN_YEAR, parse_timestamp
from journal.db import Journal, translate_sqlite_error
from journal.entries import MAX_TITLE_LEN, count_words, title_from_body
from journal.errors import InvalidInput, require_utf8, shown
from journal.jobs import Progress
from journal.links import index_pending
from journal.models import db_timestamp
from journal.publish.post_fields import StoredPost, stored_post
from journal.queries import read_daily_entry
from journal.records import DAILY, ENTRY_KINDS
from journal.revisions import rechain, stored_text
from journal.tags import check_colour, normalize_name

if TYPE_CHECKING:
    from journal.roadmap_format import Roadmap

# Entries without an id get one derived from their content, so importing the same file twice does not duplicate them.
CONTENT_NAMESPACE = uuidlib.UUID("8f4b7f1e-5a56-4d55-9c55-7a1f0e0b7c11")
BATCH = 2000
# Trailbook's own keys in a markdown export's front matter (the rest is kept front matter); the kind is there as
# journal.transfer.entry_form.KIND_KEY, since a plain ``kind`` is the person's own.
ENTRY_KEYS = frozenset(
    {"id", "title", "body", "date", "created", "updated", "tags", "private", "summary", "slug", "deleted", "post"}
)
IMPORTED, UPDATED, UNCHANGED, SKIPPED = "imported", "updated", "unchanged", "skipped"


@dataclass
class ItemResult:
    """What happened to one file (or one entry of a document): its status, the entry it made, which rule gave its
    date, and any repair or note (an image not found, a tag left out)."""

    source: str
    status: str
    entry: str = ""
    title: str = ""
    date: str = ""
    dated_by: str = ""
    repairs: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    attachments: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "status": self.status,
            "entry": self.entry,
            "title": self.title,
            "date": self.date,
            "dated_by": self.dated_by,
            "repairs": list(self.repairs),
            "notes": list(self.notes),
            "attachments": self.attachments,
        }


@dataclass
class ImportReport:
    """What an import did, for the person to read: counts, every file or entry with its status (``items``), and every
    file or entry skipped or repaired, with why. ``tool`` names the kind of source that was read."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    tags_added: int = 0
    revisions_added: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    repaired: list[tuple[str, str]] = field(default_factory=list)
    items: list[ItemResult] = field(default_factory=list)
    attachments_added: int = 0
    tool: str = ""
    dry_run: bool = False

    def files(self) -> list[ItemResult]:
        """Every item, the skipped ones included, in the order they were met."""
        return [*self.items, *(ItemResult(source, SKIPPED, notes=(reason,)) for source, reason in self.skipped)]

    def dated_by_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            if item.dated_by:
                counts[item.dated_by] = counts.get(item.dated_by, 0) + 1
        return counts

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "tags_added": self.tags_added,
            "revisions_added": self.revisions_added,
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
            "repaired": [{"source": s, "change": c} for s, c in self.repaired],
            "tool": self.tool,
            "dry_run": self.dry_run,
            "attachments_added": self.attachments_added,
            "items": [item.as_dict() for item in self.items],
        }


# An image an entry refers to: its stored name (``<sha256>.<ext>``) and how to read its bytes when it is stored.
IncomingAttachment = tuple[str, Callable[[], bytes]]


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
    kind: str = ""  # journal.records.ENTRY_KINDS: the day's daily entry, the tutorial, or ""
    kept: str | None = None  # kept front matter as stored: a JSON object, or None
    post: StoredPost | None = None  # its post fields as entry_posts stores them (journal.publish.post_fields)
    post_updated: dt.datetime | None = None  # when they last changed (else: when the entry did)
    attachments: tuple[IncomingAttachment, ...] = field(default=(), compare=False)
    source: str = field(default="", compare=False)
    dated_by: str = field(default="", compare=False)
    repairs: tuple[str, ...] = field(default=(), compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)


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


MAX_KEPT_VALUES = 10_000  # values in one entry's kept front matter: far above any real note, far below a YAML bomb


def jsonable(value: Any, budget: list[int] | None = None) -> Any:
    """A front matter value as JSON can hold it: dates and times as ISO text, tuples and sets as arrays, keys as text,
    numbers JSON has no spelling for (NaN, infinity) as text. YAML aliases can make a few lines stand for billions of
    values (an alias bomb): past ``MAX_KEPT_VALUES`` this is an ``InvalidInput``, never a hang."""
    budget = budget if budget is not None else [MAX_KEPT_VALUES]
    budget[0] -= 1
    if budget[0] < 0:
        raise InvalidInput(f"the front matter holds more than {MAX_KEPT_VALUES} values (YAML aliases?)")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, budget) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v, budget) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v, budget) for v in value), key=str)
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def kept_json(kept: Mapping[str, Any] | None) -> str | None:
    """The stored form of kept front matter (key order kept, as the source had it); None when there is none. Text
    that cannot be written as UTF-8 (a lone surrogate from a ``\\ud800`` escape) is an ``InvalidInput``."""
    if not kept:
        return None
    try:
        text = json.dumps(jsonable(kept), ensure_ascii=False, separators=(",", ":"))
    except (ValueError, RecursionError):  # a number of thousands of digits, or values nested thousands deep
        raise InvalidInput("the front matter holds a value too large or too deep to keep") from None
    require_utf8(text, "the front matter")
    return text


_CANONICAL_UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normalize_uuid(value: str) -> str:
    if _CANONICAL_UUID_RE.fullmatch(value):  # already as str(UUID(...)) writes it (every export's ids)
        return value
    try:
        return str(uuidlib.UUID(value.strip()))
    except ValueError:
        raise InvalidInput(f"id must be a UUID, got {shown(value)}") from None


def entry_kind(value: object, key: str = "kind") -> tuple[str, tuple[str, ...]]:
    """An entry's kind as an import takes it (missing, ``null`` and ``""``: none), and a note when it is left out.
    A kind this Trailbook does not know (a later version's, a typo, not text) leaves the entry an ordinary one rather
    than skipping it: the mark only says what Today opens and what statistics leave out, and its text is the
    person's."""
    if value is None or value == "":
        return "", ()
    if isinstance(value, str) and value in ENTRY_KINDS:
        return value, ()
    known = ", ".join(k for k in ENTRY_KINDS if k)
    return "", (f"{key} {shown(value)} is not a kind Trailbook knows ({known}): imported as an ordinary entry",)


def entry_from_mapping(
    data: object, *, default_id_seed: str | None = None, kind_key: str = "kind", source: str = "", dated_by: str = ""
) -> IncomingEntry:
    """Validate one entry as it appears in a JSON document or markdown front matter (its kind under ``kind_key``;
    ``source`` and ``dated_by`` as the report says them); raise ``InvalidInput``."""
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
    kept = data.get("front_matter")
    if kept is not None and not isinstance(kept, Mapping):
        raise InvalidInput(f"front_matter must be an object, got {json_kind(kept)}")
    post, post_updated = stored_post(data.get("post"))
    kind, notes = entry_kind(data.get(kind_key), kind_key)
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
        kind=kind,
        kept=kept_json(kept),
        post=post,
        post_updated=post_updated,
        source=source,
        dated_by=dated_by,
        notes=notes,
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

    def __init__(self, con: sqlite3.Connection, report: ImportReport, journal: Journal, *, write: bool = True) -> None:
        self.con = con
        self.report = report
        self.journal = journal
        self.write = write  # False in a dry run: attachments are counted, not written
        self.stored: set[str] = set()
        self.histories: set[int] = set()  # entries given whole texts as revisions: stored as deltas at the end
        self.tag_ids: dict[str, int] = {
            name.lower(): tag_id for tag_id, name in con.execute("SELECT id, name FROM tags")
        }
        self._roadmap: list[Roadmap | None] = []  # the active roadmap, read when a tag without a colour is made

    def tag_id(self, name: str, colour: str | None = None, description: str = "") -> int:
        key = name.lower()
        if key not in self.tag_ids:
            if not colour and not self._roadmap:
                self._roadmap.append(active_roadmap(self.con))
            cur = self.con.execute(
                "INSERT INTO tags(name, colour, description) VALUES (?, ?, ?)",
                (name, colour or area_colour(name, self._roadmap[0]), description),
            )
            self.tag_ids[key] = int(cur.lastrowid or 0)
            self.report.tags_added += 1
        return self.tag_ids[key]

    def entries(self, batch: Sequence[IncomingEntry], words: Sequence[int] | None = None) -> dict[str, int]:
        """Merge one batch (``words``: each entry's word count, counted already); returns uuid → row id of the entries
        added or replaced (their revisions may follow)."""
        touched: dict[str, int] = {}
        counts: Sequence[int | None] = words if words is not None else [None] * len(batch)  # else counted when written
        existing: dict[str, tuple] = {}  # type: ignore[type-arg]
        ids = [e.id for e in batch]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.con.execute(
                "SELECT e.uuid, e.id, e.updated, e.title, e.body, e.day, e.private, e.summary, e.slug, e.deleted_at, "
                "(SELECT group_concat(t.name, char(31)) FROM entry_tags et JOIN tags t ON t.id = et.tag_id "
                "WHERE et.entry_id = e.id), e.kept_front_matter, e.kind, "
                "p.updated, p.categories, p.cover, p.publish_at "
                f"FROM entries e LEFT JOIN entry_posts p ON p.entry_id = e.id WHERE e.uuid IN ({marks})",
                chunk,
            ):
                existing[row[0]] = row[1:]
        inserts: list[tuple[IncomingEntry, int | None]] = []
        links: list[tuple[int, int]] = []
        for entry, count in zip(batch, counts, strict=True):
            old = existing.get(entry.id)
            if old is None:
                inserts.append((entry, count))
                continue
            row_id, updated, title, body, day, private, summary, slug, deleted_at, tag_names, kept, kind, *rest = old
            post_at, *post = rest
            same = (
                title == entry.title
                and body == entry.body
                and day == entry.day.isoformat()
                and bool(private) == entry.private
                and summary == entry.summary
                and slug == entry.slug
                and deleted_at == _ts(entry.deleted_at)
                and sorted((tag_names or "").split("\x1f") if tag_names else [], key=str.lower) == list(entry.tags)
                and kept == entry.kept
                and entry.kind in ("", kind)  # a source without a kind says nothing about it
                and (tuple(post) if any(v is not None for v in post) else None) == entry.post
            )
            # An entry's post fields have their own time of change: the newer of the two is when the entry changed.
            if same or max(updated, post_at or "") >= db_timestamp(
                max(entry.updated, entry.post_updated or entry.updated)
            ):
                self.report.unchanged += 1
                self._item(entry, UNCHANGED)
                continue
            # A kind is given when an entry is made and never changes: a source without one keeps the journal's.
            kind, notes = self._kind(entry, entry.kind or kind)
            if title != entry.title or body != entry.body:
                self.con.execute(
                    "INSERT INTO revisions(entry_id, title, saved_at, body) VALUES (?, ?, ?, ?)",
                    (row_id, title, updated, body),
                )
                self.histories.add(row_id)
            self._store_attachments(entry)
            self.con.execute(
                "UPDATE entries SET title=?, day=?, created=?, updated=?, private=?, summary=?, slug=?, deleted_at=?, "
                "word_count=?, body=?, kept_front_matter=?, kind=? WHERE id=?",
                (
                    entry.title,
                    entry.day.isoformat(),
                    db_timestamp(entry.created),
                    db_timestamp(entry.updated),
                    int(entry.private),
                    entry.summary,
                    entry.slug,
                    _ts(entry.deleted_at),
                    count_words(entry.body) if count is None else count,
                    entry.body,
                    entry.kept,
                    kind,
                    row_id,
                ),
            )
            self.con.execute("DELETE FROM entry_tags WHERE entry_id = ?", (row_id,))
            links.extend((row_id, self.tag_id(t)) for t in entry.tags)
            if entry.post is not None or any(v is not None for v in post):
                self._post(row_id, entry)
            touched[entry.id] = row_id
            self.report.updated += 1
            self._item(entry, UPDATED, notes)
        for entry, count in inserts:
            self._store_attachments(entry)
            kind, notes = self._kind(entry, entry.kind)
            cur = self.con.execute(
                "INSERT INTO entries(uuid, title, day, created, updated, private, summary, slug, deleted_at, "
                "word_count, body, kept_front_matter, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    count_words(entry.body) if count is None else count,
                    entry.body,
                    entry.kept,
                    kind,
                ),
            )
            row_id = int(cur.lastrowid or 0)
            links.extend((row_id, self.tag_id(t)) for t in entry.tags)
            if entry.post is not None:
                self._post(row_id, entry)
            touched[entry.id] = row_id
            self.report.added += 1
            self._item(entry, IMPORTED, notes)
        self.con.executemany("INSERT OR IGNORE INTO entry_tags(entry_id, tag_id) VALUES (?, ?)", links)
        index_pending(self.con)  # the [[links]] of the texts that hold any (a trigger listed them), in this batch
        return touched

    def _post(self, row_id: int, entry: IncomingEntry) -> None:
        """The entry's post fields as they came (none: all cleared, the row kept as a cleared field keeps it)."""
        categories, cover, publish_at = entry.post or (None, None, None)
        self.con.execute(
            "INSERT INTO entry_posts(entry_id, categories, cover, publish_at, updated) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(entry_id) DO UPDATE SET categories = excluded.categories, cover = excluded.cover, "
            "publish_at = excluded.publish_at, updated = excluded.updated",
            (row_id, categories, cover, publish_at, db_timestamp(entry.post_updated or entry.updated)),
        )

    def _kind(self, entry: IncomingEntry, kind: str) -> tuple[str, tuple[str, ...]]:
        """The kind the entry is written with, and a note when it loses one. A day has one live daily entry, the one
        Today opens: when the journal (or this import, earlier) has another, that one stays it and this one becomes an
        ordinary entry, its text as it came. A trashed one keeps its mark (Today looks at live ones only), so a journal
        whose day has a trashed daily entry and a live one comes back as it was."""
        if kind != DAILY or entry.deleted_at is not None:
            return kind, ()
        other = read_daily_entry(self.con, entry.day, other_than=entry.id)
        if other is None:
            return kind, ()
        return "", (
            f"not marked as the daily entry of {entry.day.isoformat()}: the journal has one for that day already "
            f"({other.title!r}), which Today goes on opening",
        )

    def _item(self, entry: IncomingEntry, status: str, notes: tuple[str, ...] = ()) -> None:
        self.report.items.append(
            ItemResult(
                entry.source or entry.id, status, entry.id, entry.title, entry.day.isoformat(), entry.dated_by,
                entry.repairs, entry.notes + notes, len(entry.attachments),
            )
        )  # fmt: skip

    def _store_attachments(self, entry: IncomingEntry) -> None:
        """Write the images of an entry about to be added or replaced, before the row that refers to them (a failure
        after leaves only unreferenced files, which the trash's clean-up removes). Not in a dry run."""
        from journal.attachments import write_attachment

        for name, load in entry.attachments:
            if name in self.stored:
                continue
            self.stored.add(name)
            if not self.write:
                self.report.attachments_added += not (self.journal.paths.attachments / name).exists()
                continue
            try:
                if write_attachment(self.journal, name, load()):
                    self.report.attachments_added += 1
            except InvalidInput as exc:
                self.report.skipped.append((f"{entry.source}: {name}", exc.message))
            except OSError as exc:
                raise InvalidInput(f"cannot store the image {name}: {exc.strerror or exc}") from exc

    def revisions(self, revisions: Iterable[IncomingRevision], row_ids: Mapping[str, int]) -> None:
        for rev in revisions:
            row_id = row_ids.get(rev.entry_id)
            if row_id is None:
                continue
            saved = db_timestamp(rev.saved_at)
            same_time = self.con.execute(
                "SELECT id FROM revisions WHERE entry_id = ? AND saved_at = ?", (row_id, saved)
            ).fetchall()
            # Whole texts compared: most revisions are stored as deltas (journal.revisions).
            if not any(stored_text(self.con, rid) == rev.body for (rid,) in same_time):
                self.con.execute(
                    "INSERT INTO revisions(entry_id, title, saved_at, body) VALUES (?, ?, ?, ?)",
                    (row_id, rev.title, saved, rev.body),
                )
                self.histories.add(row_id)
                self.report.revisions_added += 1

    def store_histories(self) -> None:
        """The revisions added whole, kept as the history keeps them: deltas against the next newer text."""
        for row_id in sorted(self.histories):
            rechain(self.con, row_id)
        self.histories.clear()


BULK_MIN = 1000  # entries into an empty journal from which indexing once at the end is worth it


def _bulk_insert_triggers(con: sqlite3.Connection) -> list[tuple[str, str]]:
    """The per-row work a bulk import does once instead, as the schema defines it (read, never repeated): the
    triggers that index each inserted entry for search, and those that tick the journal's clock for each inserted
    entry or tag link (270,000 ticks for 100,000 entries; one says the same to the other writers)."""
    rows = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('entries', 'entry_tags') "
        "AND sql LIKE '%AFTER INSERT ON%' "
        "AND (sql LIKE '%entries_fts%' OR sql LIKE '%entries_trigram%' OR sql LIKE '%journal_clock%')"
    ).fetchall()
    return [(str(name), str(sql)) for name, sql in rows]


# Indexes a bulk import never reads while it merges: built once after the rows instead of kept row by row. The ones it
# reads stay (the UUIDs', the day's daily entry's, the tags' and links' keys).
_LATER_INDEXES = (
    "ix_entries_title_nocase", "ix_entries_live_day", "ix_entries_private_live", "ix_entries_deleted",
    "ix_entry_tags_tag",
)  # fmt: skip


def _bulk_later_indexes(con: sqlite3.Connection) -> list[tuple[str, str]]:
    """Those indexes as the schema defines them (read, never repeated)."""
    marks = ",".join("?" * len(_LATER_INDEXES))
    rows = con.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name IN ({marks})",
        _LATER_INDEXES,
    ).fetchall()
    return [(str(name), str(sql)) for name, sql in rows]


INDEX_BATCHES = 10  # batches indexed for search in one statement: FTS5 writes a segment per statement or so


def _bulk_entries(
    con: sqlite3.Connection, merger: _Merger, entries: Sequence[IncomingEntry], touched: dict[str, int]
) -> Iterator[Progress]:
    """The entries of a bulk import inside its transaction, indexed for search as they go, ``INDEX_BATCHES`` batches
    at a time: while a thread indexes one such part (one statement per index; SQLite lets go of the GIL while FTS5
    tokenises), this one counts the next part's words, so the two largest costs overlap. The rows are written here,
    one batch at a time, once the indexing before them is done (one connection, one statement at a time)."""
    from concurrent.futures import ThreadPoolExecutor

    from journal.maintenance import empty_search_indexes, index_entries_after

    total = len(entries)
    # The first part is one batch, so that little is counted before the first indexing starts.
    starts = [0, *range(BATCH, total, BATCH * INDEX_BATCHES)] if total > BATCH else [0]
    parts = list(zip(starts, [*starts[1:], total], strict=True))
    indexed = [0]  # the highest row id indexed for search so far

    def index() -> None:
        indexed[0] = index_entries_after(con, indexed[0])

    def counted(part: int) -> list[int]:
        if part >= len(parts):
            return []
        first, end = parts[part]
        return [count_words(entry.body) for entry in entries[first:end]]

    empty_search_indexes(con)
    indexer = ThreadPoolExecutor(1, thread_name_prefix="import-index")
    try:
        words = counted(0)
        for part, (first, end) in enumerate(parts):
            for start in range(first, end, BATCH):
                batch = entries[start : min(start + BATCH, end)]
                touched.update(merger.entries(batch, words[start - first : start - first + len(batch)]))
                yield Progress(start + len(batch), total, "importing entries")
            indexing = indexer.submit(index)
            try:
                words = counted(part + 1)
            finally:  # (also when counting fails: the indexing ends before the rollback)
                indexing.result()
    finally:
        indexer.shutdown()


def merge_into(
    journal: Journal,
    entries: Sequence[IncomingEntry],
    report: ImportReport,
    *,
    tags: Sequence[IncomingTag] = (),
    revisions: Sequence[IncomingRevision] = (),
    dry_run: bool = False,
) -> Iterator[Progress]:
    """Merge everything into the journal in batches, yielding progress after each committed batch. ``dry_run``: the
    same work in one transaction that is rolled back, and no image written; the report says what would happen."""
    con = journal.raw()
    total = len(entries)
    touched: dict[str, int] = {}
    report.dry_run = dry_run
    # Into an empty journal, many entries are indexed for search batch by batch without the per-row triggers
    # (several times faster than row by row), all in one transaction so the indexing triggers are never missing for
    # anyone else.
    bulk = not dry_run and total >= BULK_MIN and con.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    whole = dry_run or bulk
    begin, commit = ("SAVEPOINT batch", "RELEASE batch") if whole else ("BEGIN IMMEDIATE", "COMMIT")
    index_triggers: list[tuple[str, str]] = []
    later_indexes: list[tuple[str, str]] = []
    try:
        merger = _Merger(con, report, journal, write=not dry_run)
        if whole:
            con.execute("BEGIN IMMEDIATE")
        if bulk:
            index_triggers = _bulk_insert_triggers(con)
            for name, _ in index_triggers:
                con.execute(f'DROP TRIGGER "{name}"')
            later_indexes = _bulk_later_indexes(con)
            for name, _ in later_indexes:
                con.execute(f'DROP INDEX "{name}"')
        con.execute(begin)
        for tag in tags:
            merger.tag_id(tag.name, tag.colour, tag.description)
        con.execute(commit)
        yield Progress(0, total, "importing entries")
        if bulk:
            from journal.maintenance import index_budget

            with index_budget(con):
                yield from _bulk_entries(con, merger, entries, touched)
        else:
            for start in range(0, total, BATCH):
                con.execute(begin)
                touched.update(merger.entries(entries[start : start + BATCH]))
                con.execute(commit)
                yield Progress(min(start + BATCH, total), total, "importing entries")
        if revisions:
            con.execute(begin)
            merger.revisions(revisions, touched)
            con.execute(commit)
        if merger.histories:
            con.execute(begin)
            merger.store_histories()
            con.execute(commit)
        if dry_run:
            con.rollback()
        elif bulk:
            for _, sql in [*later_indexes, *index_triggers]:
                con.execute(sql)
            if any("journal_clock" in sql for _, sql in index_triggers):
                con.execute("UPDATE journal_clock SET tick = tick + 1 WHERE id = 1")
            yield Progress(total, total, "saving")
            con.execute("COMMIT")
    except sqlite3.Error as exc:
        if con.in_transaction:
            con.rollback()
        raise translate_sqlite_error(exc) or exc from exc
    finally:
        con.close()
