"""One colour per skill area, everywhere: the navigation column, the chips of the list and the editor, Roadmap and
Insights, the command line.

The colour is the one stored with the area's tag (``tags.colour``); every view reads that. A new area's tag gets it
from ``area_colour``: the colour the active roadmap gives the area, else a stable one picked by the name. When a
roadmap is installed, edited or made active, ``follow_roadmap`` gives its colours to the tags of its areas that still
have the colour they were given (by name, or by the roadmap before); a colour the person chose is kept.

Plain SQL: adding an entry (which may make a tag) runs without the ORM.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from journal.records import default_colour

if TYPE_CHECKING:
    from journal.roadmap_format import Roadmap


def area_colour(name: str, roadmap: Roadmap | None) -> str:
    """The colour a skill area of this name gets when its tag is made: the roadmap's colour for it, else
    ``default_colour``. Areas match tag names without case, as everywhere."""
    key = name.casefold()
    for area in roadmap.areas if roadmap is not None else ():
        if area.id.casefold() == key and area.colour:
            return area.colour
    return default_colour(name)


def active_roadmap(con: sqlite3.Connection) -> Roadmap | None:
    """The active roadmap's definition (parsed once per text: ``journal.roadmap.parse_source``), or None."""
    row = con.execute("SELECT source FROM roadmaps WHERE active = 1").fetchone()
    if row is None:
        return None
    from journal.roadmap import parse_source  # the YAML parser loads only when a new area needs its colour

    return parse_source(row[0])


def follow_roadmap(con: sqlite3.Connection, roadmap: Roadmap, before: Roadmap | None = None) -> int:
    """Give the roadmap's area colours to the tags that still have the colour they were given: the one picked by
    their name, or the one ``before`` (the roadmap's previous text) gave them. ``con`` is inside a write transaction.
    Returns how many tags changed colour."""
    changed = 0
    for area in roadmap.areas:
        if not area.colour:
            continue
        old = before.area(area.id) if before is not None else None
        given = {c for c in (old.colour if old is not None else None,) if c}
        rows = con.execute("SELECT id, name, colour FROM tags WHERE name = ?", (area.id,)).fetchall()
        for tag_id, name, colour in rows:
            if colour != area.colour and (colour == default_colour(name) or colour in given):
                con.execute("UPDATE tags SET colour = ? WHERE id = ?", (area.colour, tag_id))
                changed += 1
    return changed
