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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.dates import MIN_YEAR, format_timestamp, parse_timestamp, utcnow
from journal.db import Journal
from journal.errors import InvalidInput, shown

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


def from_row(categories: str | None, cover: str | None, publish_at: str | None, updated: str | None) -> PostFields:
    """The fields from an ``entry_posts`` row as stored (a value that does not read back is "not set")."""
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
                found[str(uuid)] = from_row(*row)
    return found


def get_post_fields(journal: Journal, entry_uuid: str) -> PostFields:
    return post_fields_for(journal, [entry_uuid]).get(entry_uuid, NONE)


def check_cover(journal: Journal, cover: str) -> str:
    """An attachment link to an image that is in the journal's attachments."""
    link = cover.strip().removeprefix("./")
    if not _COVER_RE.match(link):
        raise InvalidInput(f"the cover must be one of the journal's images (attachments/…png), not {shown(cover)}")
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
        return from_row(row.categories, row.cover, row.publish_at, row.updated.isoformat())


# The entry's JSON form (docs/json-format.md) holds these under "post", in exports and in the command line's output;
# an import stores them back exactly as they were.
POST_KEYS = ("categories", "cover", "publish_date", "updated")
StoredPost = tuple[str | None, str | None, str | None]  # entry_posts' categories (JSON), cover, publish_at as stored


def post_form(fields: PostFields) -> dict[str, Any] | None:
    """``"post"`` of an entry's JSON form; None when the entry sets none of them (then the key is left out)."""
    if fields.empty:
        return None
    return {
        "categories": None if fields.categories is None else list(fields.categories),
        "cover": fields.cover,
        "publish_date": None if fields.publish_at is None else fields.publish_at.isoformat(),
        "updated": None if fields.updated is None else format_timestamp(fields.updated),
    }


def stored_post(value: object) -> tuple[StoredPost | None, dt.datetime | None]:
    """An incoming ``"post"`` (JSON or front matter) in its stored form, and when it last changed (``updated``, if
    given); ``InvalidInput`` names what is wrong. A publish date keeps its offset (one without is UTC, as every
    timestamp of the format); a cover must be one of the journal's images (``attachments/<sha256>.<ext>``), which
    come with the import."""
    from journal.publish.blogs import check_categories

    if value is None:
        return None, None
    if not isinstance(value, Mapping):
        raise InvalidInput(f"post must be an object with {', '.join(POST_KEYS)}")
    categories = value.get("categories")
    if categories is not None:
        if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
            raise InvalidInput("post.categories must be a list of names")
        categories = json.dumps(list(check_categories(categories)), ensure_ascii=False)
    cover = value.get("cover")
    if cover is not None:
        link = cover.strip().removeprefix("./") if isinstance(cover, str) else ""
        if not _COVER_RE.match(link):
            raise InvalidInput(f"post.cover must be one of the journal's images (attachments/…png), not {shown(cover)}")
        cover = link
    when = value.get("publish_date")
    if when is not None:
        if isinstance(when, str):
            try:
                when = dt.datetime.fromisoformat(when.strip())
            except ValueError:
                raise InvalidInput(f"post.publish_date must be a date and time, got {shown(when)}") from None
        if not isinstance(when, dt.datetime) or when.year < MIN_YEAR:
            raise InvalidInput(f"post.publish_date must be a date and time from the year {MIN_YEAR}, got {shown(when)}")
        when = (when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)).replace(microsecond=0).isoformat()
    updated = value.get("updated")
    changed = None if updated is None else parse_timestamp(updated, what="post.updated")
    stored = (categories, cover, when)
    return (None, None) if stored == (None, None, None) else (stored, changed)
