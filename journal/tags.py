"""Skill-area tags: create, list with counts, rename, merge, delete.

Names are unique regardless of case ("Serving" and "serving" are one area); surrounding space is trimmed and inner runs
of space collapsed.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from journal import queries
from journal.adding import MAX_TAG_LEN, find_tag_id, normalize_name, tag_ids
from journal.colours import active_roadmap, area_colour
from journal.db import Journal
from journal.errors import InvalidInput, TagExists, TagNotFound
from journal.models import TagRow, entry_tags
from journal.records import PALETTE, SkillArea, default_colour

# Re-exported for callers of this module.
__all__ = ["MAX_TAG_LEN", "PALETTE", "SkillArea", "default_colour", "normalize_name"]
_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def check_colour(colour: str) -> str:
    if not _COLOUR_RE.match(colour):
        raise InvalidInput(f"bad colour {colour!r}: use #rrggbb, e.g. #2563eb")
    return colour.lower()


def _connection(session: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection, inside its transaction (journal.adding works on plain connections)."""
    session.flush()
    return session.connection().connection.driver_connection  # type: ignore[return-value]


def find_tag(session: Session, name: str) -> TagRow | None:
    """The tag of that name regardless of case (``journal.adding.find_tag_id``)."""
    found = find_tag_id(_connection(session), name)
    return None if found is None else session.get(TagRow, found)


def get_or_create_tags(session: Session, names: Iterable[str]) -> list[TagRow]:
    """The tag rows for ``names`` (created as needed), without duplicates, in the order given
    (``journal.adding.tag_ids``)."""
    return [row for i in tag_ids(_connection(session), names) if (row := session.get(TagRow, i)) is not None]


def _require(session: Session, name: str) -> TagRow:
    row = find_tag(session, name)
    if row is None:
        raise TagNotFound(name)
    return row


def _area(row: TagRow, count: int = 0) -> SkillArea:
    return SkillArea(name=row.name, colour=row.colour, description=row.description, entry_count=count)


# The read lives in journal.queries (plain SQL, no ORM; the app and the command line list areas through it).
list_tags = queries.list_tags


def add_tag(journal: Journal, name: str, *, colour: str | None = None, description: str = "") -> SkillArea:
    clean = normalize_name(name)
    with journal.writing() as session:
        if find_tag(session, clean) is not None:
            raise TagExists(clean)
        row = TagRow(
            name=clean,
            colour=check_colour(colour) if colour else area_colour(clean, active_roadmap(_connection(session))),
            description=description,
        )
        session.add(row)
        session.flush()
        return _area(row)


def edit_tag(journal: Journal, name: str, *, colour: str | None = None, description: str | None = None) -> SkillArea:
    with journal.writing() as session:
        row = _require(session, name)
        if colour is not None:
            row.colour = check_colour(colour)
        if description is not None:
            row.description = description
        return _area(row)


def rename_tag(journal: Journal, old: str, new: str) -> SkillArea:
    """Rename a skill area; a name already taken by another area is refused (merge them instead)."""
    clean = normalize_name(new)
    with journal.writing() as session:
        row = _require(session, old)
        other = find_tag(session, clean)
        if other is not None and other.id != row.id:
            raise TagExists(clean)
        row.name = clean
        return _area(row)


def merge_tags(journal: Journal, sources: Sequence[str], into: str) -> SkillArea:
    """Move every entry of ``sources`` onto ``into`` (created if needed) and delete the sources."""
    with journal.writing() as session:
        (target,) = get_or_create_tags(session, [into])
        for name in sources:
            src = _require(session, name)
            if src.id == target.id:
                continue
            session.execute(
                entry_tags.insert()
                .prefix_with("OR IGNORE")
                .from_select(
                    ["entry_id", "tag_id"],
                    select(entry_tags.c.entry_id, target.id).where(entry_tags.c.tag_id == src.id),
                )
            )
            session.execute(delete(TagRow).where(TagRow.id == src.id))
        session.flush()
        return _area(target)


def delete_tag(journal: Journal, name: str) -> int:
    """Delete a skill area; its entries stay, untagged from it. Returns how many entries carried it."""
    with journal.writing() as session:
        row = _require(session, name)
        count = session.scalar(select(func.count()).select_from(entry_tags).where(entry_tags.c.tag_id == row.id))
        session.execute(delete(TagRow).where(TagRow.id == row.id))
        return int(count or 0)
