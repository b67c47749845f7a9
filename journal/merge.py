"""Three-way merge of an entry two writers changed from the same version: the text the editor loaded (``base``), the
person's edits (``mine``) and what another writer saved meanwhile (``theirs``).

Texts merge line by line with merge3 (Bazaar's diff3): edits to different paragraphs combine; edits to the same lines
are a conflict, and then nothing is merged (the caller keeps both texts, one current and one in History). Tags merge
as sets (each side's additions and removals apply); the day and the private flag take the side that changed them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class EntryFields:
    """The parts of an entry a writer edits."""

    title: str
    body: str
    tags: tuple[str, ...]
    day: dt.date
    private: bool


@dataclass(frozen=True)
class MergeResult:
    """The merged fields, or ``None`` when the texts conflict (``conflicts`` names the parts: "title", "text")."""

    fields: EntryFields | None
    conflicts: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        return self.fields is not None


def fields_of(entry: object) -> EntryFields:
    """The editable fields of an ``Entry`` (or anything with the same attributes)."""
    return EntryFields(
        title=entry.title,  # type: ignore[attr-defined]
        body=entry.body,  # type: ignore[attr-defined]
        tags=tuple(entry.tags),  # type: ignore[attr-defined]
        day=entry.day,  # type: ignore[attr-defined]
        private=bool(entry.private),  # type: ignore[attr-defined]
    )


def merge_text(base: str, mine: str, theirs: str) -> str | None:
    """The text with both sides' edits, or None when they touch the same lines differently."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    from merge3 import Merge3  # only when two writers really did edit one text

    merger = Merge3(base.splitlines(keepends=True), mine.splitlines(keepends=True), theirs.splitlines(keepends=True))
    if any(region[0] == "conflict" for region in merger.merge_regions()):
        return None
    return "".join(merger.merge_lines())


def _pick(base: object, mine: object, theirs: object) -> object:
    return theirs if mine == base else mine


def merge_tags(base: tuple[str, ...], mine: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
    """Each side's additions and removals applied (names compared without case, as skill areas are)."""
    b, m, t = ({x.lower() for x in side} for side in (base, mine, theirs))
    kept: list[str] = []
    seen: set[str] = set()
    for name in (*mine, *theirs, *base):
        key = name.lower()
        if key in seen:
            continue
        seen.add(key)
        if (key in m) if (key in m) != (key in b) else (key in t):
            kept.append(name)
    return tuple(kept)


def merge_entry(base: EntryFields, mine: EntryFields, theirs: EntryFields) -> MergeResult:
    """Both writers' changes in one entry when they do not overlap; otherwise which parts conflict."""
    conflicts = []
    body = merge_text(base.body, mine.body, theirs.body)
    if body is None:
        conflicts.append("text")
    title = _pick(base.title, mine.title, theirs.title)
    if mine.title not in (base.title, theirs.title) and theirs.title != base.title:
        conflicts.append("title")
    if conflicts:
        return MergeResult(None, tuple(conflicts))
    return MergeResult(
        EntryFields(
            title=str(title),
            body=str(body),
            tags=merge_tags(base.tags, mine.tags, theirs.tags),
            day=_pick(base.day, mine.day, theirs.day),  # type: ignore[arg-type]
            private=bool(_pick(base.private, mine.private, theirs.private)),
        )
    )
