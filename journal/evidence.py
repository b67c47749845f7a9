"""What an entry counts toward on the active roadmap, and which tag names count: the reads the app makes as an entry
opens and as a skill area is typed. Plain SQL over a snapshot, never a write and never the ORM; the roadmap's YAML
(and its parser) loads only when it is needed: for an entry that has links, or for the names to offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from journal.colours import active_roadmap, area_colour
from journal.db import Journal

if TYPE_CHECKING:
    from journal.roadmap_format import Roadmap


@dataclass(frozen=True)
class Counted:
    """A milestone an entry is linked to as evidence: its id, title and state, and its area's name."""

    milestone_id: str
    title: str
    area: str
    state: str


def current_roadmap(journal: Journal) -> Roadmap:
    """The active roadmap, read without writing: on a journal with none installed yet, the built-in one (which
    ``journal.roadmap.ensure_roadmap`` installs on first use)."""
    with journal.snapshot() as con:
        roadmap = active_roadmap(con)
    if roadmap is not None:
        return roadmap
    from journal.roadmap import builtin_source, parse_source

    return parse_source(builtin_source())


def area_tags(journal: Journal) -> dict[str, str]:
    """The active roadmap's area ids, each with the colour its tag gets. An entry counts toward an area when it has a
    tag of the area's id, so these are the skill areas to offer as a person types one, also on a new journal before
    any entry has a tag."""
    roadmap = current_roadmap(journal)
    return {area.id: area_colour(area.id, roadmap) for area in roadmap.areas}


def counted_toward(journal: Journal, entry_id: str) -> list[Counted]:
    """The active roadmap's milestones the entry with this UUID is linked to, in the roadmap's order."""
    with journal.snapshot() as con:
        rows = con.execute(
            "SELECT me.milestone_id, coalesce(mp.state, 'doing') FROM milestone_evidence me "
            "JOIN entries e ON e.id = me.entry_id JOIN roadmaps r ON r.id = me.roadmap_id AND r.active = 1 "
            "LEFT JOIN milestone_progress mp ON mp.roadmap_id = me.roadmap_id AND mp.milestone_id = me.milestone_id "
            "WHERE e.uuid = ?",
            (entry_id,),
        ).fetchall()
        roadmap = active_roadmap(con) if rows else None
    if roadmap is None:
        return []
    states = dict(rows)
    return [
        Counted(m.id, m.title, area.name, states[m.id])
        for area in roadmap.areas
        for m in area.milestones
        if m.id in states
    ]
