"""Entries: create, read, update (keeping revisions), list, and the trash.

Callers get plain frozen dataclasses, never live ORM rows. An entry is named by its UUID or any unique prefix of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from journal import links, queries
from journal.adding import add_entry
from journal.adding import clean_title as _clean_title
from journal.dates import utcnow
from journal.db import Journal
from journal.errors import AmbiguousId, EntryChanged, EntryInTrash, EntryNotFound, InvalidInput
from journal.markdown.words import count_words
from journal.models import EntryRow
from journal.records import (
    DAILY,
    EXCERPT_SOURCE_CHARS,
    MAX_TITLE_LEN,
    Entry,
    EntryFilter,
    EntrySummary,
    Revision,
    excerpt_of,
    title_from_body,
)
from journal.revisions import add_revision, entry_revisions, keep_revision
from journal.revisions import texts as revision_texts
from journal.tags import get_or_create_tags

# Callers import the records and text helpers from here too.
__all__ = [
    "EXCERPT_SOURCE_CHARS",
    "MAX_TITLE_LEN",
    "Entry",
    "EntryFilter",
    "EntrySummary",
    "Revision",
    "count_words",
    "excerpt_of",
    "title_from_body",
]
_ID_PREFIX_RE = re.compile(r"^[0-9a-fA-F-]{1,36}$")


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


def _read_back(session: Session, row: EntryRow) -> Entry:
    """The record of a row this session wrote, read as every other read path reads it (``journal.queries``), on the
    session's own connection inside its transaction."""
    session.flush()
    con = session.connection().connection.driver_connection
    return queries.read_entry(con, row.uuid)  # type: ignore[arg-type]


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


# Adding is plain SQL (journal.adding): the command line's `new` and the app's New Entry skip loading the ORM.
create_entry = add_entry


def get_entry(journal: Journal, ref: str) -> Entry:
    """The entry named by a UUID or a unique prefix of one (trashed entries included)."""
    return queries.get_entry(journal, ref)


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
    expected_version: int | None = None,
) -> Entry:
    """Change the given fields. When the title or body changes, the previous text is kept as a revision.

    ``expected_version`` is the version the caller read (``Entry.version``): when another writer has moved the entry
    on since, nothing is written and ``EntryChanged`` carries the entry as it is now, for a merge. An entry in the
    trash is never written into (``EntryInTrash``): it is read-only until restored."""
    with journal.writing() as session:
        row = find_row(session, ref)
        if row.deleted_at is not None:
            raise EntryInTrash(row.uuid, _read_back(session, row))
        if expected_version is not None and row.version != expected_version:
            raise EntryChanged(row.uuid, _read_back(session, row))
        now = utcnow()
        new_title = (
            row.title
            if isinstance(title, _Unset)
            else (_clean_title(title) or title_from_body(row.body if isinstance(body, _Unset) else body))
        )
        new_body = row.body if isinstance(body, _Unset) else body
        changed = False
        old_title, old_body = row.title, row.body
        # Renamed: the links to it are rewritten (journal.links); which ones is read before anything changes.
        renamed = new_title != row.title
        linking = links.linking_sources(links.raw_connection(session), row.id, row.title) if renamed else []
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
        moved = not isinstance(day, _Unset) and day != row.day
        for name, value in (("day", day), ("private", private), ("summary", summary), ("slug", slug)):
            if not isinstance(value, _Unset) and getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
        if moved:
            _keep_one_daily(session, row)
        if changed:
            row.updated = now
        if old_title != row.title or old_body != row.body:
            links.after_text_change(session, row, old_body, old_title if old_title != row.title else None, linking, now)
        return _read_back(session, row)


def keep_version(journal: Journal, ref: str, title: str, body: str) -> None:
    """Keep a text in the entry's History without making it current: the side not chosen when two writers changed
    one entry (and a text that could not go into an entry moved to the trash meanwhile), so nothing is lost."""
    with journal.writing() as session:
        row = find_row(session, ref)
        add_revision(session, row.id, title, body, utcnow())


def trash_entry(journal: Journal, ref: str) -> Entry:
    """Move an entry to the trash (it keeps everything and can be restored)."""
    with journal.writing() as session:
        row = find_row(session, ref)
        if row.deleted_at is None:
            row.deleted_at = utcnow()
        return _read_back(session, row)


def restore_entry(journal: Journal, ref: str) -> Entry:
    """Bring an entry back from the trash. A daily entry whose day has made another daily entry meanwhile comes back
    as an ordinary entry (see ``_keep_one_daily``)."""
    with journal.writing() as session:
        row = find_row(session, ref)
        if row.deleted_at is not None:
            row.deleted_at = None
            _keep_one_daily(session, row)
        return _read_back(session, row)


def _keep_one_daily(session: Session, row: EntryRow) -> None:
    """A day has at most one live daily entry. Today opens the day's daily entry and writes into it; after a daily
    entry was trashed, Today made a new one and the person has been writing there. Bringing the old one back (from
    the trash, or by moving an entry's day onto a day that has one) must not take Today away from that entry, and two
    daily entries on one day would leave Today to pick by a rule the person cannot see. So the one arriving stays
    what it is in every other way (text, tags, day, History) but is no longer the day's daily entry: the live one
    keeps that. (``queries.read_daily_entry`` still takes the oldest, so older journals are read deterministically.)"""
    if row.kind != DAILY or row.deleted_at is not None:
        return
    if queries.read_daily_entry(links.raw_connection(session), row.day, other_than=row.uuid) is not None:
        row.kind = ""


def empty_trash(journal: Journal) -> int:
    """Delete every trashed entry for good, with its revisions. Returns how many were deleted."""
    from journal.attachments import collect_garbage

    with journal.writing() as session:
        result = session.execute(delete(EntryRow).where(EntryRow.deleted_at.is_not(None)))
        count = int(result.rowcount or 0)
    collect_garbage(journal)
    return count


# The read side lives in journal.queries (plain SQL, no ORM); these names stay for callers of this module.
list_entries = queries.list_summaries
list_entry_ids = queries.list_entry_ids
get_summaries = queries.get_summaries
count_entries = queries.count_entries
daily_entry = queries.daily_entry


def list_revisions(journal: Journal, ref: str) -> list[Revision]:
    """An entry's earlier texts, newest first (whole: the deltas they are stored as are applied)."""
    with journal.reading() as session:
        row = find_row(session, ref)
        revs = entry_revisions(session, row.id)
        bodies = revision_texts(revs)
        revs.sort(key=lambda r: (r.saved_at, r.id), reverse=True)
        return [Revision(r.id, r.saved_at, r.title, bodies[r.id], count_words(bodies[r.id])) for r in revs]


def restore_revision(journal: Journal, ref: str, revision_id: int) -> Entry:
    """Bring back an earlier text. The text it replaces becomes a revision itself, so restoring can be undone."""
    with journal.reading() as session:
        row = find_row(session, ref)
        revs = entry_revisions(session, row.id)
        rev = next((r for r in revs if r.id == revision_id), None)
        if rev is None:
            raise InvalidInput(f"entry {row.uuid[:8]} has no revision {revision_id}")
        title, body, uuid = rev.title, revision_texts(revs)[rev.id], row.uuid
    return update_entry(journal, uuid, title=title, body=body)
