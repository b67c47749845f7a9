"""Entries: create, read, update (keeping revisions), list, and the trash.

Callers get plain frozen dataclasses, never live ORM rows. An entry is named by its UUID or any unique prefix of it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from journal.dates import today, utcnow
from journal.db import Journal
from journal.errors import AmbiguousId, EntryNotFound, InvalidInput
from journal.models import EntryRow, RevisionRow, TagRow, entry_tags
from journal.revisions import keep_revision
from journal.tags import get_or_create_tags

MAX_TITLE_LEN = 200
EXCERPT_SOURCE_CHARS = 600
_WORD_RE = re.compile(r"\w+")
_ID_PREFIX_RE = re.compile(r"^[0-9a-fA-F-]{1,36}$")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
# Links before their brackets; underscores only at word edges (tmp_path keeps its underscore).
_MARKUP_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|[*`~>#\[\]|$]+|(?<!\w)_+|_+(?!\w)")


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


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

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class EntrySummary:
    """What a list row shows: everything but the body, plus a one-line excerpt."""

    id: str
    title: str
    day: dt.date
    created: dt.datetime
    updated: dt.datetime
    excerpt: str
    tags: tuple[str, ...]
    private: bool
    deleted_at: dt.datetime | None
    word_count: int
    row_id: int = field(default=0, compare=False)


@dataclass(frozen=True)
class EntryFilter:
    """Which entries a list shows; every part is applied in SQL."""

    tag: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    private: bool | None = None
    trash: bool = False


def count_words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def title_from_body(body: str) -> str:
    """The first heading, else the first non-empty line, stripped of markdown marks; "Untitled" for an empty body."""
    for line in body.splitlines():
        if not line.strip():
            continue
        heading = _HEADING_RE.match(line)
        text = heading.group(1) if heading else line
        text = " ".join(_MARKUP_RE.sub(" ", text).split())
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
    text = " ".join(_MARKUP_RE.sub("", head).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clean_title(title: str) -> str:
    clean = " ".join(title.split())
    if len(clean) > MAX_TITLE_LEN:
        raise InvalidInput(f"title too long ({len(clean)} characters; at most {MAX_TITLE_LEN})")
    return clean


def _to_entry(row: EntryRow) -> Entry:
    return Entry(
        id=row.uuid,
        title=row.title,
        body=row.body,
        day=row.day,
        created=row.created,
        updated=row.updated,
        tags=tuple(sorted((t.name for t in row.tags), key=str.lower)),
        private=row.private,
        summary=row.summary,
        slug=row.slug,
        deleted_at=row.deleted_at,
        word_count=row.word_count,
        row_id=row.id,
    )


def find_row(session: Session, ref: str) -> EntryRow:
    """The entry named by a UUID or a unique prefix of one (trashed entries included)."""
    ref = ref.strip().lower()
    if not _ID_PREFIX_RE.match(ref):
        raise EntryNotFound(ref)
    rows = session.scalars(
        select(EntryRow)
        .where(EntryRow.uuid >= ref, EntryRow.uuid <= ref + "~")
        .options(selectinload(EntryRow.tags))
        .limit(2)
    ).all()
    if not rows:
        raise EntryNotFound(ref)
    if len(rows) > 1:
        exact = [r for r in rows if r.uuid == ref]
        if exact:
            return exact[0]
        total = session.scalar(
            select(func.count()).select_from(EntryRow).where(EntryRow.uuid >= ref, EntryRow.uuid <= ref + "~")
        )
        raise AmbiguousId(ref, int(total or 2))
    return rows[0]


def create_entry(
    journal: Journal,
    body: str = "",
    *,
    title: str | None = None,
    tags: Iterable[str] = (),
    day: dt.date | None = None,
    private: bool = False,
    summary: str = "",
) -> Entry:
    """Add a new entry; a missing title comes from the body's first heading or line."""
    now = utcnow()
    row = EntryRow(
        uuid=str(uuidlib.uuid4()),
        title=_clean_title(title) if title and title.strip() else title_from_body(body),
        body=body,
        day=day or today(),
        created=now,
        updated=now,
        private=private,
        summary=summary,
        word_count=count_words(body),
    )
    with journal.writing() as session:
        row.tags = get_or_create_tags(session, tags)
        session.add(row)
        session.flush()
        return _to_entry(row)


def get_entry(journal: Journal, ref: str) -> Entry:
    with journal.reading() as session:
        return _to_entry(find_row(session, ref))


def update_entry(
    journal: Journal,
    ref: str,
    *,
    title: str | _Unset = UNSET,
    body: str | _Unset = UNSET,
    tags: Sequence[str] | _Unset = UNSET,
    day: dt.date | _Unset = UNSET,
    private: bool | _Unset = UNSET,
    summary: str | _Unset = UNSET,
    slug: str | _Unset | None = UNSET,
) -> Entry:
    """Change the given fields. When the title or body changes, the previous text is kept as a revision."""
    with journal.writing() as session:
        row = find_row(session, ref)
        now = utcnow()
        new_title = (
            row.title
            if isinstance(title, _Unset)
            else (_clean_title(title) or title_from_body(row.body if isinstance(body, _Unset) else body))
        )
        new_body = row.body if isinstance(body, _Unset) else body
        changed = False
        if new_title != row.title or new_body != row.body:
            keep_revision(session, row, now)
            row.title, row.body = new_title, new_body
            row.word_count = count_words(new_body)
            changed = True
        if not isinstance(tags, _Unset):
            new_tags = get_or_create_tags(session, tags)
            if [t.id for t in new_tags] != [t.id for t in row.tags]:
                row.tags = new_tags
                changed = True
        for name, value in (("day", day), ("private", private), ("summary", summary), ("slug", slug)):
            if not isinstance(value, _Unset) and getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
        if changed:
            row.updated = now
        session.flush()
        session.refresh(row, ["tags"])
        return _to_entry(row)


def trash_entry(journal: Journal, ref: str) -> Entry:
    """Move an entry to the trash (it keeps everything and can be restored)."""
    with journal.writing() as session:
        row = find_row(session, ref)
        if row.deleted_at is None:
            row.deleted_at = utcnow()
        return _to_entry(row)


def restore_entry(journal: Journal, ref: str) -> Entry:
    with journal.writing() as session:
        row = find_row(session, ref)
        row.deleted_at = None
        return _to_entry(row)


def empty_trash(journal: Journal) -> int:
    """Delete every trashed entry for good, with its revisions. Returns how many were deleted."""
    from journal.attachments import collect_garbage

    with journal.writing() as session:
        result = session.execute(delete(EntryRow).where(EntryRow.deleted_at.is_not(None)))
        count = int(result.rowcount or 0)
    collect_garbage(journal)
    return count


def _filtered(stmt, flt: EntryFilter):  # type: ignore[no-untyped-def]
    stmt = stmt.where(EntryRow.deleted_at.is_not(None) if flt.trash else EntryRow.deleted_at.is_(None))
    if flt.tag is not None:
        tag_ids = select(TagRow.id).where(TagRow.name == " ".join(flt.tag.split()))
        stmt = stmt.where(EntryRow.id.in_(select(entry_tags.c.entry_id).where(entry_tags.c.tag_id.in_(tag_ids))))
    if flt.since is not None:
        stmt = stmt.where(EntryRow.day >= flt.since)
    if flt.until is not None:
        stmt = stmt.where(EntryRow.day <= flt.until)
    if flt.private is not None:
        stmt = stmt.where(EntryRow.private.is_(flt.private))
    return stmt


def tags_for(session: Session, row_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Tag names of many entries in one query, keyed by row id."""
    found: dict[int, list[str]] = {}
    for start in range(0, len(row_ids), 500):
        chunk = row_ids[start : start + 500]
        for entry_id, name in session.execute(
            select(entry_tags.c.entry_id, TagRow.name)
            .join(TagRow, TagRow.id == entry_tags.c.tag_id)
            .where(entry_tags.c.entry_id.in_(chunk))
            .order_by(TagRow.name)
        ):
            found.setdefault(entry_id, []).append(name)
    return {k: tuple(v) for k, v in found.items()}


_SUMMARY_COLUMNS = (
    EntryRow.id,
    EntryRow.uuid,
    EntryRow.title,
    EntryRow.day,
    EntryRow.created,
    EntryRow.updated,
    func.substr(EntryRow.body, 1, EXCERPT_SOURCE_CHARS),
    EntryRow.private,
    EntryRow.deleted_at,
    EntryRow.word_count,
)


def summaries_for(session: Session, rows: Sequence[tuple]) -> list[EntrySummary]:  # type: ignore[type-arg]
    tag_map = tags_for(session, [r[0] for r in rows])
    return [
        EntrySummary(
            id=uuid,
            title=title,
            day=day,
            created=created,
            updated=updated,
            excerpt=excerpt_of(head or ""),
            tags=tag_map.get(rid, ()),
            private=private,
            deleted_at=deleted_at,
            word_count=words,
            row_id=rid,
        )
        for rid, uuid, title, day, created, updated, head, private, deleted_at, words in rows
    ]


def summaries_by_id(session: Session, row_ids: Sequence[int]) -> dict[int, EntrySummary]:
    """Summaries of the given entries, keyed by row id (for search results, which come as ids)."""
    found: dict[int, EntrySummary] = {}
    for start in range(0, len(row_ids), 500):
        rows = session.execute(select(*_SUMMARY_COLUMNS).where(EntryRow.id.in_(row_ids[start : start + 500]))).all()
        found.update((s.row_id, s) for s in summaries_for(session, rows))
    return found


def list_entries(
    journal: Journal, flt: EntryFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> list[EntrySummary]:
    """Entries newest first (by day, then creation), filtered in SQL."""
    flt = flt or EntryFilter()
    order = (EntryRow.deleted_at.desc(),) if flt.trash else (EntryRow.day.desc(), EntryRow.created.desc())
    stmt = _filtered(select(*_SUMMARY_COLUMNS), flt).order_by(*order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    with journal.reading() as session:
        return summaries_for(session, session.execute(stmt).all())


def list_entry_ids(
    journal: Journal, flt: EntryFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> list[int]:
    """Row ids in list order (newest first), for views that load the details of visible rows only."""
    flt = flt or EntryFilter()
    order = (EntryRow.deleted_at.desc(),) if flt.trash else (EntryRow.day.desc(), EntryRow.created.desc())
    stmt = _filtered(select(EntryRow.id), flt).order_by(*order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    with journal.reading() as session:
        return list(session.scalars(stmt))


def get_summaries(journal: Journal, row_ids: Sequence[int]) -> dict[int, EntrySummary]:
    with journal.reading() as session:
        return summaries_by_id(session, row_ids)


def count_entries(journal: Journal, flt: EntryFilter | None = None) -> int:
    with journal.reading() as session:
        stmt = _filtered(select(func.count()).select_from(EntryRow), flt or EntryFilter())
        return int(session.scalar(stmt) or 0)


def entry_for_day(journal: Journal, day: dt.date) -> Entry | None:
    """The first live entry of a day, if there is one (what "Today" opens)."""
    with journal.reading() as session:
        row = session.scalars(
            select(EntryRow)
            .where(EntryRow.day == day, EntryRow.deleted_at.is_(None))
            .order_by(EntryRow.created)
            .options(selectinload(EntryRow.tags))
            .limit(1)
        ).first()
        return _to_entry(row) if row else None


@dataclass(frozen=True)
class Revision:
    """An earlier text of an entry."""

    id: int
    saved_at: dt.datetime
    title: str
    body: str
    word_count: int


def list_revisions(journal: Journal, ref: str) -> list[Revision]:
    """An entry's earlier texts, newest first."""
    with journal.reading() as session:
        row = find_row(session, ref)
        revs = session.scalars(
            select(RevisionRow).where(RevisionRow.entry_id == row.id).order_by(RevisionRow.saved_at.desc())
        )
        return [Revision(r.id, r.saved_at, r.title, r.body, count_words(r.body)) for r in revs]


def restore_revision(journal: Journal, ref: str, revision_id: int) -> Entry:
    """Bring back an earlier text. The text it replaces becomes a revision itself, so restoring can be undone."""
    with journal.reading() as session:
        row = find_row(session, ref)
        rev = session.get(RevisionRow, revision_id)
        if rev is None or rev.entry_id != row.id:
            raise InvalidInput(f"entry {row.uuid[:8]} has no revision {revision_id}")
        title, body, uuid = rev.title, rev.body, row.uuid
    return update_entry(journal, uuid, title=title, body=body)
