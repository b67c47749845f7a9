"""The fields of an entry that only its post has: its categories (else the blog's), its cover image (an attachment;
else the first image of the text) and its publish date (else the entry's day at the time it was written; a date in
the future makes a scheduled post). The summary is the entry's own (``Entry.summary``).

Kept in ``entry_posts`` (schema 0008), one row for an entry that ever set one (a cleared field stays a row, so its
change is still dated). Changing one counts as changing the entry for publishing ("changed since published"): the
row has its own ``updated``, and the entry's own row (its text, its version) is not touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from journal.dates import utcnow
from journal.db import Journal
from journal.errors import InvalidInput

_COVER_RE = re.compile(r"^attachments/[0-9a-f]{64}\.(?:png|jpg|jpeg|gif|webp|svg|bmp)\Z")


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


@dataclass(frozen=True)
class PostFields:
    """An entry's post fields; None is "not set" (the blog's categories, the first image, the entry's day)."""

    categories: tuple[str, ...] | None = None
    cover: str | None = None
    publish_at: dt.datetime | None = None
    updated: dt.datetime | None = None

    @property
    def empty(self) -> bool:
        return self.categories is None and self.cover is None and self.publish_at is None


NONE = PostFields()


def _from_row(categories: str | None, cover: str | None, publish_at: str | None, updated: str | None) -> PostFields:
    cats = None
    if categories is not None:
        try:
            value = json.loads(categories)
            cats = tuple(str(v) for v in value) if isinstance(value, list) else None
        except ValueError:
            cats = None
    when = None
    if publish_at:
        try:
            when = dt.datetime.fromisoformat(publish_at)
        except ValueError:
            when = None
    return PostFields(cats, cover or None, when, dt.datetime.fromisoformat(updated) if updated else None)


def post_fields_for(journal: Journal, entry_uuids: Iterable[str]) -> dict[str, PostFields]:
    """The post fields of each entry that set any (plain SQL: the publish plan reads them for many entries)."""
    uuids = sorted(set(entry_uuids))
    found: dict[str, PostFields] = {}
    with journal.snapshot() as con:
        for start in range(0, len(uuids), 500):
            chunk = uuids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for uuid, *row in con.execute(
                "SELECT e.uuid, p.categories, p.cover, p.publish_at, p.updated FROM entry_posts p "
                f"JOIN entries e ON e.id = p.entry_id WHERE e.uuid IN ({marks})",
                chunk,
            ):
                found[str(uuid)] = _from_row(*row)
    return found


def get_post_fields(journal: Journal, entry_uuid: str) -> PostFields:
    return post_fields_for(journal, [entry_uuid]).get(entry_uuid, NONE)


def check_cover(journal: Journal, cover: str) -> str:
    """An attachment link to an image that is in the journal's attachments."""
    link = cover.strip().removeprefix("./")
    if not _COVER_RE.match(link):
        raise InvalidInput(f"the cover must be one of the journal's images (attachments/…png), not {cover!r}")
    if not (journal.paths.attachments / Path(link).name).is_file():
        raise InvalidInput(f"the cover image {link} is not in the journal's attachments")
    return link


def aware(when: dt.datetime) -> dt.datetime:
    """A publish date keeps the offset it was given; a naive one is taken in this machine's time zone."""
    return (when if when.tzinfo is not None else when.astimezone()).replace(microsecond=0)


def set_post_fields(
    journal: Journal,
    entry_ref: str,
    *,
    categories: Sequence[str] | _Unset | None = UNSET,
    cover: str | _Unset | None = UNSET,
    publish_at: dt.datetime | _Unset | None = UNSET,
) -> PostFields:
    """Change an entry's post fields (``None`` clears one, back to its default; UNSET leaves it)."""
    from sqlalchemy import select

    from journal.entries import find_row
    from journal.models import EntryPostRow
    from journal.publish.blogs import check_categories

    values: dict[str, str | None] = {}
    if not isinstance(categories, _Unset):
        values["categories"] = (
            None if categories is None else json.dumps(list(check_categories(categories)), ensure_ascii=False)
        )
    if not isinstance(cover, _Unset):
        values["cover"] = None if cover is None else check_cover(journal, cover)
    if not isinstance(publish_at, _Unset):
        values["publish_at"] = None if publish_at is None else aware(publish_at).isoformat()
    with journal.writing() as session:
        entry = find_row(session, entry_ref)
        row = session.scalar(select(EntryPostRow).where(EntryPostRow.entry_id == entry.id))
        if row is None:
            row = EntryPostRow(entry_id=entry.id, updated=utcnow())
            session.add(row)
        changed = False
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed = True
        if changed:
            row.updated = utcnow()
        session.flush()
        return _from_row(row.categories, row.cover, row.publish_at, row.updated.isoformat())
