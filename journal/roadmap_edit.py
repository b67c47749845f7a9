"""Editing a roadmap's definition: pure functions from one ``Roadmap`` to the next (no database, no Qt).

The app's roadmap editor applies these to a draft and stores the result with ``journal.roadmap.save_roadmap``, which
writes the YAML through ``roadmap_format`` and checks it again. Ids never change once given; a new area or milestone
gets an id made from its name, unique in the roadmap (milestone ids start with their area's id, as in the built-in
roadmap). Deleting a milestone never deletes its progress: that stays in the journal and returns with the id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from journal.errors import InvalidInput
from journal.roadmap_format import Area, Milestone, Roadmap, is_valid_id

MAX_ID = 64
_NON_ID = re.compile(r"[^a-z0-9]+")


def slug_id(text: str, fallback: str) -> str:
    """An id-shaped slug of ``text`` ("Model serving" → "model-serving"); ``fallback`` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_ID.sub("-", ascii_text).strip("-")
    return slug if len(slug) >= 2 else fallback


def unique_id(base: str, taken: Iterable[str]) -> str:
    """``base`` cut to fit, with "-2", "-3", … added until it is not in ``taken``."""
    used = set(taken)
    candidate = _fit(base, MAX_ID)
    n = 2
    while candidate in used or not is_valid_id(candidate):
        suffix = f"-{n}"
        candidate = _fit(base, MAX_ID - len(suffix)) + suffix
        n += 1
    return candidate


def _fit(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return (cut.rsplit("-", 1)[0] if "-" in cut[limit // 2 :] else cut).strip("-")


def clean_line(text: str, what: str) -> str:
    """One-line text with runs of spaces collapsed; empty is refused."""
    clean = " ".join(text.split())
    if not clean:
        raise InvalidInput(f"{what} cannot be empty")
    return clean


def milestone_ids(roadmap: Roadmap) -> set[str]:
    return {m.id for a in roadmap.areas for m in a.milestones}


def new_roadmap(title: str, taken: Iterable[str], area_name: str, milestone_title: str) -> Roadmap:
    """A fresh roadmap with one area holding one milestone (the smallest valid roadmap), its id made from the title."""
    clean = clean_line(title, "the roadmap's title")
    roadmap = Roadmap(id=unique_id(slug_id(clean, "my-roadmap"), taken), title=clean)
    roadmap, area_id = add_area(roadmap, area_name)
    return add_milestone(roadmap, area_id, milestone_title)[0]


def _area(roadmap: Roadmap, area_id: str) -> Area:
    area = roadmap.area(area_id)
    if area is None:
        raise InvalidInput(f"no area {area_id!r} in the roadmap")
    return area


def _with_area(roadmap: Roadmap, area: Area) -> Roadmap:
    return replace(roadmap, areas=tuple(area if a.id == area.id else a for a in roadmap.areas))


def _moved(items: tuple, index: int, delta: int) -> tuple:  # type: ignore[type-arg]
    target = max(0, min(len(items) - 1, index + delta))
    rest = list(items)
    item = rest.pop(index)
    rest.insert(target, item)
    return tuple(rest)


def retitle_roadmap(roadmap: Roadmap, title: str) -> Roadmap:
    return replace(roadmap, title=clean_line(title, "the roadmap's title"))


def add_area(roadmap: Roadmap, name: str) -> tuple[Roadmap, str]:
    """Append an area (it needs a milestone before the roadmap can be saved). Returns the roadmap and the new id."""
    clean = clean_line(name, "an area's name")
    area_id = unique_id(slug_id(clean, "area"), (a.id for a in roadmap.areas))
    return replace(roadmap, areas=(*roadmap.areas, Area(id=area_id, name=clean))), area_id


def rename_area(roadmap: Roadmap, area_id: str, name: str) -> Roadmap:
    return _with_area(roadmap, replace(_area(roadmap, area_id), name=clean_line(name, "an area's name")))


def set_area_details(
    roadmap: Roadmap, area_id: str, *, colour: str | None = None, description: str | None = None
) -> Roadmap:
    """Change an area's colour ("#rrggbb", or "" to let the app pick) and/or description."""
    area = _area(roadmap, area_id)
    if colour is not None:
        if colour and not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            raise InvalidInput(f"bad colour {colour!r}: use #rrggbb, e.g. #2563eb")
        area = replace(area, colour=colour.lower() or None)
    if description is not None:
        area = replace(area, description=description.strip())
    return _with_area(roadmap, area)


def move_area(roadmap: Roadmap, area_id: str, delta: int) -> Roadmap:
    """Move an area ``delta`` places (negative: up), stopping at either end."""
    index = [a.id for a in roadmap.areas].index(_area(roadmap, area_id).id)
    return replace(roadmap, areas=_moved(roadmap.areas, index, delta))


def delete_area(roadmap: Roadmap, area_id: str) -> Roadmap:
    _area(roadmap, area_id)
    return replace(roadmap, areas=tuple(a for a in roadmap.areas if a.id != area_id))


def add_milestone(roadmap: Roadmap, area_id: str, title: str) -> tuple[Roadmap, str]:
    """Append a milestone to an area. Returns the roadmap and the new id ("<area>-<words of the title>")."""
    area = _area(roadmap, area_id)
    clean = clean_line(title, "a milestone's title")
    words = _fit(slug_id(clean, "milestone"), 40)
    milestone_id = unique_id(f"{area.id}-{words}", milestone_ids(roadmap))
    area = replace(area, milestones=(*area.milestones, Milestone(id=milestone_id, title=clean)))
    return _with_area(roadmap, area), milestone_id


def _holder(roadmap: Roadmap, milestone_id: str) -> tuple[Area, Milestone]:
    found = roadmap.milestone(milestone_id)
    if found is None:
        raise InvalidInput(f"no milestone {milestone_id!r} in the roadmap")
    return found


def _with_milestone(roadmap: Roadmap, area: Area, milestone: Milestone) -> Roadmap:
    milestones = tuple(milestone if m.id == milestone.id else m for m in area.milestones)
    return _with_area(roadmap, replace(area, milestones=milestones))


def retitle_milestone(roadmap: Roadmap, milestone_id: str, title: str) -> Roadmap:
    area, milestone = _holder(roadmap, milestone_id)
    return _with_milestone(roadmap, area, replace(milestone, title=clean_line(title, "a milestone's title")))


def set_done_when(roadmap: Roadmap, milestone_id: str, text: str) -> Roadmap:
    area, milestone = _holder(roadmap, milestone_id)
    return _with_milestone(roadmap, area, replace(milestone, done_when=text.strip()))


def move_milestone(roadmap: Roadmap, milestone_id: str, delta: int) -> Roadmap:
    """Move a milestone ``delta`` places within its area (negative: up), stopping at either end."""
    area, milestone = _holder(roadmap, milestone_id)
    index = [m.id for m in area.milestones].index(milestone.id)
    return _with_area(roadmap, replace(area, milestones=_moved(area.milestones, index, delta)))


def delete_milestone(roadmap: Roadmap, milestone_id: str) -> Roadmap:
    area, _ = _holder(roadmap, milestone_id)
    return _with_area(roadmap, replace(area, milestones=tuple(m for m in area.milestones if m.id != milestone_id)))
