"""Roadmaps installed in a journal: import, export, switch, edit, and what the person did (milestone states, evidence,
area targets).

A roadmap's definition (areas, milestones) is its YAML, stored as imported in ``roadmaps.source`` and parsed with
``journal.roadmap_format``. What the person did lives in tables keyed by the stable ids, so a revised roadmap keeps the
progress of every milestone whose id survives. Progress of a dropped milestone is never deleted: it stays in its table,
unused, is reported at import, and comes back if the id does.

Reads use plain SQL over ``Journal.snapshot()`` (see ``journal.progress`` for the views); writes use ORM sessions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from journal.colours import follow_roadmap
from journal.dates import today as local_today
from journal.dates import utcnow
from journal.db import Journal
from journal.errors import InvalidInput, TrailbookError
from journal.fileio import atomic_write_text
from journal.roadmap_format import (
    BUILTIN_ROADMAP_FILE,
    MAX_ROADMAP_BYTES,
    Roadmap,
    RoadmapDiff,
    diff_roadmaps,
    dump_roadmap,
    load_roadmap,
    parse_roadmap,
)

if TYPE_CHECKING:  # SQLAlchemy and the models load in the writing functions: reads (stats, roadmap show) skip them
    from journal.models import MilestoneProgressRow

TODO, DOING, DONE = "todo", "doing", "done"
STATES = (TODO, DOING, DONE)


# ---------------------------------------------------------------------------------------------------------------------
# Errors (the messages a person sees)


class RoadmapNotFound(TrailbookError):
    def __init__(self, roadmap_id: str, installed: Iterable[str]) -> None:
        ids = ", ".join(sorted(installed)) or "none"
        super().__init__(f"no roadmap with id {roadmap_id!r} is installed (installed: {ids})")


class MilestoneNotFound(TrailbookError):
    def __init__(self, milestone_id: str, roadmap: Roadmap) -> None:
        known = [m.id for a in roadmap.areas for m in a.milestones]
        close = difflib.get_close_matches(milestone_id, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else "; list its ids with: trailbook roadmap show"
        super().__init__(f"no milestone {milestone_id!r} in the active roadmap {roadmap.id!r}{hint}")


class AreaNotFound(TrailbookError):
    def __init__(self, area_id: str, roadmap: Roadmap) -> None:
        known = [a.id for a in roadmap.areas]
        close = difflib.get_close_matches(area_id, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f" (areas: {', '.join(known)})"
        super().__init__(f"no area {area_id!r} in the roadmap {roadmap.id!r}{hint}")


class NotLinked(TrailbookError):
    def __init__(self, entry_id: str, milestone_id: str) -> None:
        super().__init__(f"entry {entry_id[:8]} is not linked to milestone {milestone_id!r}")


# ---------------------------------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class InstalledRoadmap:
    """A roadmap as ``roadmap list`` shows it."""

    id: str
    title: str
    active: bool
    installed: dt.datetime
    updated: dt.datetime
    areas: int
    milestones: int
    done: int


@dataclass(frozen=True)
class KeptProgress:
    """Progress recorded for a milestone the roadmap no longer has: kept in the journal, unused until the id returns."""

    milestone_id: str
    state: str
    done_on: dt.date | None
    evidence: int


@dataclass(frozen=True)
class ImportResult:
    """What installing did: ``created`` a roadmap, or revised one in place (``diff``) and set some progress aside."""

    roadmap: Roadmap
    created: bool
    active: bool
    diff: RoadmapDiff
    kept: tuple[KeptProgress, ...] = ()
    kept_targets: tuple[str, ...] = ()
    changed: bool = True  # False when the stored YAML was already exactly this

    @property
    def unchanged(self) -> bool:
        return not self.created and not self.changed


@dataclass(frozen=True)
class MilestoneState:
    """Where one milestone stands after a change."""

    milestone_id: str
    state: str
    done_on: dt.date | None


@dataclass(frozen=True)
class LinkResult:
    """An evidence link made or removed: the entry, the milestone's new state, and whether anything changed."""

    entry_id: str
    entry_title: str
    milestone: MilestoneState
    changed: bool


# ---------------------------------------------------------------------------------------------------------------------
# Reading definitions


@functools.lru_cache(maxsize=16)
def parse_source(source: str, name: str = "roadmap") -> Roadmap:
    """The roadmap stored as ``source`` (cached by its text: parsing and checking the YAML takes tens of ms)."""
    return parse_roadmap(source, name)


def builtin_source() -> str:
    """The YAML text of the roadmap shipped with Trailbook."""
    from importlib.resources import files

    return files("resources.roadmaps").joinpath(BUILTIN_ROADMAP_FILE).read_text(encoding="utf-8")


def _connection(session) -> sqlite3.Connection:  # type: ignore[no-untyped-def]
    """The session's own sqlite3 connection inside its transaction (journal.colours works on plain connections)."""
    session.flush()
    return session.connection().connection.driver_connection  # type: ignore[no-any-return]


def _rows(con: sqlite3.Connection) -> list[tuple[str, str, int, str, str, str]]:
    return con.execute(
        "SELECT id, title, active, installed, updated, source FROM roadmaps ORDER BY title, id"
    ).fetchall()


def ensure_roadmap(journal: Journal) -> Roadmap:
    """The active roadmap; on a journal with none installed, the built-in one is installed and made active first.
    If roadmaps are installed but none is active, the most recently changed one becomes active."""
    with journal.snapshot() as con:
        row = con.execute("SELECT source FROM roadmaps WHERE active = 1").fetchone()
    if row is not None:
        return parse_source(row[0])
    from sqlalchemy import select

    from journal.models import RoadmapRow

    with journal.writing() as session:
        active = session.scalars(select(RoadmapRow).where(RoadmapRow.active.is_(True))).first()
        if active is None:
            active = session.scalars(select(RoadmapRow).order_by(RoadmapRow.updated.desc())).first()
            if active is None:
                source = builtin_source()
                roadmap = parse_source(source)
                now = utcnow()
                active = RoadmapRow(
                    id=roadmap.id, title=roadmap.title, active=True, installed=now, updated=now, source=source
                )
                session.add(active)
            else:
                active.active = True
        roadmap = parse_source(active.source)
        follow_roadmap(_connection(session), roadmap)  # its areas' tags take its colours (journal.colours)
        return roadmap


def get_roadmap(journal: Journal, roadmap_id: str | None = None) -> Roadmap:
    """An installed roadmap's definition; None means the active one (installing the built-in one if needed)."""
    if roadmap_id is None:
        return ensure_roadmap(journal)
    with journal.snapshot() as con:
        row = con.execute("SELECT source FROM roadmaps WHERE id = ?", (roadmap_id,)).fetchone()
        if row is None:
            raise RoadmapNotFound(roadmap_id, [r[0] for r in con.execute("SELECT id FROM roadmaps")])
    return parse_source(row[0])


def list_roadmaps(journal: Journal) -> list[InstalledRoadmap]:
    """Every installed roadmap (the built-in one is installed first if there is none), by title."""
    ensure_roadmap(journal)
    with journal.snapshot() as con:
        rows = _rows(con)
        done: dict[str, set[str]] = {}
        rows_done = con.execute("SELECT roadmap_id, milestone_id FROM milestone_progress WHERE state = 'done'")
        for roadmap_id, milestone_id in rows_done:
            done.setdefault(roadmap_id, set()).add(milestone_id)
    found = []
    for rid, title, active, installed, updated, source in rows:
        roadmap = parse_source(source)
        ids = {m.id for a in roadmap.areas for m in a.milestones}
        found.append(
            InstalledRoadmap(
                id=rid,
                title=title,
                active=bool(active),
                installed=dt.datetime.fromisoformat(installed),
                updated=dt.datetime.fromisoformat(updated),
                areas=len(roadmap.areas),
                milestones=len(ids),
                done=len(ids & done.get(rid, set())),
            )
        )
    return found


# ---------------------------------------------------------------------------------------------------------------------
# Installing, revising, exporting, switching


def read_roadmap_file(path: Path) -> tuple[Roadmap, str]:
    """A roadmap file's definition and its text (kept as written, comments included, for a faithful export)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_ROADMAP_BYTES + 1)
        text = data.decode("utf-8-sig") if len(data) <= MAX_ROADMAP_BYTES else None
    except (OSError, UnicodeDecodeError):
        text = None
    if text is None:  # unreadable, too large or not UTF-8: roadmap_format words the precise problem
        load_roadmap(path)
        raise InvalidInput(f"cannot read the roadmap {path}")
    return parse_roadmap(text, path.name or str(path)), text


def import_roadmap(journal: Journal, path: Path) -> ImportResult:
    """Install a roadmap file, or revise the installed one with the same id (keeping progress of surviving ids).
    A file with any problem raises ``RoadmapError`` and changes nothing."""
    roadmap, text = read_roadmap_file(path)
    return install_roadmap(journal, roadmap, text)


def save_roadmap(journal: Journal, roadmap: Roadmap) -> ImportResult:
    """Store a roadmap edited in the app: written out through ``dump_roadmap`` and checked again before it is kept."""
    text = dump_roadmap(roadmap)
    return install_roadmap(journal, parse_roadmap(text, f"{roadmap.id}.yaml"), text)


def install_roadmap(journal: Journal, roadmap: Roadmap, source: str) -> ImportResult:
    """Store ``roadmap`` (whose YAML is ``source``) in one transaction. A new one becomes active only when no roadmap
    is active yet; a revision replaces the definition in place and reports what it set aside."""
    from sqlalchemy import func, select

    from journal.models import AreaTargetRow, MilestoneEvidenceRow, MilestoneProgressRow, RoadmapRow

    with journal.writing() as session:
        row = session.get(RoadmapRow, roadmap.id)
        now = utcnow()
        if row is None:
            has_active = session.scalar(select(func.count()).where(RoadmapRow.active.is_(True)))
            session.add(
                RoadmapRow(
                    id=roadmap.id,
                    title=roadmap.title,
                    active=not has_active,
                    installed=now,
                    updated=now,
                    source=source,
                )
            )
            if not has_active:
                follow_roadmap(_connection(session), roadmap)
            return ImportResult(roadmap, created=True, active=not has_active, diff=diff_roadmaps(roadmap, roadmap))
        old = parse_source(row.source)
        if row.active:  # an area's colour edited: the tags that had the old one take the new one
            follow_roadmap(_connection(session), roadmap, old)
        diff = diff_roadmaps(old, roadmap)
        changed = row.source != source
        if changed:
            row.source, row.title, row.updated = source, roadmap.title, now
        removed = set(diff.removed_milestones)
        kept: list[KeptProgress] = []
        if removed:
            evidence = dict(
                session.execute(
                    select(MilestoneEvidenceRow.milestone_id, func.count())
                    .where(MilestoneEvidenceRow.roadmap_id == roadmap.id)
                    .group_by(MilestoneEvidenceRow.milestone_id)
                ).all()
            )
            progress = {
                p.milestone_id: p
                for p in session.scalars(
                    select(MilestoneProgressRow).where(MilestoneProgressRow.roadmap_id == roadmap.id)
                )
            }
            for mid in diff.removed_milestones:
                p = progress.get(mid)
                if (p is not None and p.state != TODO) or evidence.get(mid):
                    kept.append(
                        KeptProgress(mid, p.state if p else TODO, p.done_on if p else None, evidence.get(mid, 0))
                    )
        targets = set(session.scalars(select(AreaTargetRow.area_id).where(AreaTargetRow.roadmap_id == roadmap.id)))
        kept_targets = tuple(a for a in diff.removed_areas if a in targets)
        return ImportResult(roadmap, False, bool(row.active), diff, tuple(kept), kept_targets, changed)


def export_roadmap(journal: Journal, roadmap_id: str, path: Path, *, force: bool = False) -> Path:
    """Write an installed roadmap's YAML to ``path`` (atomically), exactly as it is stored. Never onto the journal's
    own files; an existing file only with ``force`` (journal.outputs)."""
    from journal.outputs import check_output

    with journal.snapshot() as con:
        row = con.execute("SELECT source FROM roadmaps WHERE id = ?", (roadmap_id,)).fetchone()
        if row is None:
            raise RoadmapNotFound(roadmap_id, [r[0] for r in con.execute("SELECT id FROM roadmaps")])
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name such as {path / (roadmap_id + '.yaml')}")
    check_output(journal.paths, path, force=force)
    try:
        atomic_write_text(path, row[0] if row[0].endswith("\n") else row[0] + "\n")
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def use_roadmap(journal: Journal, roadmap_id: str) -> Roadmap:
    """Make an installed roadmap the active one (the one commands and the app act on)."""
    from sqlalchemy import select, update

    from journal.models import RoadmapRow

    with journal.writing() as session:
        row = session.get(RoadmapRow, roadmap_id)
        if row is None:
            raise RoadmapNotFound(roadmap_id, session.scalars(select(RoadmapRow.id)))
        if not row.active:
            session.execute(update(RoadmapRow).where(RoadmapRow.active.is_(True)).values(active=False))
            session.flush()
            row.active = True
        roadmap = parse_source(row.source)
        follow_roadmap(_connection(session), roadmap)
        return roadmap


# ---------------------------------------------------------------------------------------------------------------------
# Progress: states and evidence (always on the active roadmap)


def _milestone_of(journal: Journal, milestone_id: str) -> Roadmap:
    roadmap = ensure_roadmap(journal)
    if roadmap.milestone(milestone_id) is None:
        raise MilestoneNotFound(milestone_id, roadmap)
    return roadmap


def _progress_row(session, roadmap_id: str, milestone_id: str) -> MilestoneProgressRow:  # type: ignore[no-untyped-def]
    from journal.models import MilestoneProgressRow

    row = session.get(MilestoneProgressRow, (roadmap_id, milestone_id))
    if row is None:
        row = MilestoneProgressRow(roadmap_id=roadmap_id, milestone_id=milestone_id, state=TODO, updated=utcnow())
        session.add(row)
    return row


def mark_done(journal: Journal, milestone_id: str, day: dt.date | None = None) -> MilestoneState:
    """Mark a milestone of the active roadmap done on ``day`` (default today; a day in the future is refused)."""
    roadmap = _milestone_of(journal, milestone_id)
    today = local_today()
    day = day or today
    if day > today:
        raise InvalidInput(f"the date {day.isoformat()} is in the future; a milestone is done on or before today")
    with journal.writing() as session:
        row = _progress_row(session, roadmap.id, milestone_id)
        row.state, row.done_on, row.updated = DONE, day, utcnow()
        return MilestoneState(milestone_id, DONE, day)


def mark_todo(journal: Journal, milestone_id: str) -> MilestoneState:
    """Put a milestone of the active roadmap back to todo (its evidence stays linked)."""
    roadmap = _milestone_of(journal, milestone_id)
    with journal.writing() as session:
        row = _progress_row(session, roadmap.id, milestone_id)
        row.state, row.done_on, row.updated = TODO, None, utcnow()
        return MilestoneState(milestone_id, TODO, None)


def _link(session, roadmap_id: str, milestone_id: str, entry_row_id: int) -> tuple[bool, MilestoneProgressRow]:  # type: ignore[no-untyped-def]
    """Link one entry; todo becomes doing. Returns whether a link was added, and the progress row."""
    from journal.models import MilestoneEvidenceRow

    progress = _progress_row(session, roadmap_id, milestone_id)
    if session.get(MilestoneEvidenceRow, (roadmap_id, milestone_id, entry_row_id)) is not None:
        return False, progress
    session.add(
        MilestoneEvidenceRow(roadmap_id=roadmap_id, milestone_id=milestone_id, entry_id=entry_row_id, linked=utcnow())
    )
    if progress.state == TODO:
        progress.state, progress.updated = DOING, utcnow()
    return True, progress


def _unlink(session, roadmap_id: str, milestone_id: str, entry_row_id: int) -> tuple[bool, MilestoneProgressRow]:  # type: ignore[no-untyped-def]
    """Remove one link; a milestone in progress with no evidence left goes back to todo."""
    from sqlalchemy import delete, func, select

    from journal.models import MilestoneEvidenceRow

    progress = _progress_row(session, roadmap_id, milestone_id)
    result = session.execute(
        delete(MilestoneEvidenceRow).where(
            MilestoneEvidenceRow.roadmap_id == roadmap_id,
            MilestoneEvidenceRow.milestone_id == milestone_id,
            MilestoneEvidenceRow.entry_id == entry_row_id,
        )
    )
    if not result.rowcount:
        return False, progress
    left = session.scalar(
        select(func.count()).where(
            MilestoneEvidenceRow.roadmap_id == roadmap_id, MilestoneEvidenceRow.milestone_id == milestone_id
        )
    )
    if progress.state == DOING and not left:
        progress.state, progress.updated = TODO, utcnow()
    return True, progress


def link_evidence(journal: Journal, milestone_id: str, entry_ref: str) -> LinkResult:
    """Link an entry (UUID or unique prefix) as evidence of a milestone of the active roadmap; todo becomes doing."""
    from journal.entries import find_row

    roadmap = _milestone_of(journal, milestone_id)
    with journal.writing() as session:
        entry = find_row(session, entry_ref)
        if entry.deleted_at is not None:
            raise InvalidInput(f"entry {entry.uuid[:8]} is in the trash; restore it before linking it as evidence")
        changed, progress = _link(session, roadmap.id, milestone_id, entry.id)
        state = MilestoneState(milestone_id, progress.state, progress.done_on)
        return LinkResult(entry.uuid, entry.title, state, changed)


def unlink_evidence(journal: Journal, milestone_id: str, entry_ref: str) -> LinkResult:
    """Remove an entry from a milestone's evidence; an in-progress milestone with no evidence left becomes todo."""
    from journal.entries import find_row

    roadmap = _milestone_of(journal, milestone_id)
    with journal.writing() as session:
        entry = find_row(session, entry_ref)
        changed, progress = _unlink(session, roadmap.id, milestone_id, entry.id)
        if not changed:
            raise NotLinked(entry.uuid, milestone_id)
        state = MilestoneState(milestone_id, progress.state, progress.done_on)
        return LinkResult(entry.uuid, entry.title, state, True)


def linked_milestones(journal: Journal, entry_id: str) -> frozenset[str]:
    """Ids of the active roadmap's milestones the entry with this UUID is linked to as evidence."""
    roadmap = ensure_roadmap(journal)
    with journal.snapshot() as con:
        ids = {
            r[0]
            for r in con.execute(
                "SELECT me.milestone_id FROM milestone_evidence me JOIN entries e ON e.id = me.entry_id "
                "WHERE me.roadmap_id = ? AND e.uuid = ?",
                (roadmap.id, entry_id),
            )
        }
    return frozenset(i for i in ids if roadmap.milestone(i) is not None)


def set_entry_milestones(journal: Journal, entry_ref: str, milestone_ids: Iterable[str]) -> tuple[int, int]:
    """Make an entry the evidence of exactly these milestones of the active roadmap (what the "Counts toward…"
    picker applies), in one transaction. Returns how many links were added and removed."""
    from sqlalchemy import select

    from journal.entries import find_row
    from journal.models import MilestoneEvidenceRow

    roadmap = ensure_roadmap(journal)
    wanted = set(milestone_ids)
    for mid in sorted(wanted):
        if roadmap.milestone(mid) is None:
            raise MilestoneNotFound(mid, roadmap)
    known = {m.id for a in roadmap.areas for m in a.milestones}
    added = removed = 0
    with journal.writing() as session:
        entry = find_row(session, entry_ref)
        current = set(
            session.scalars(
                select(MilestoneEvidenceRow.milestone_id).where(
                    MilestoneEvidenceRow.roadmap_id == roadmap.id, MilestoneEvidenceRow.entry_id == entry.id
                )
            )
        )
        if entry.deleted_at is not None and wanted - current:
            raise InvalidInput(f"entry {entry.uuid[:8]} is in the trash; restore it before linking it as evidence")
        for mid in sorted(wanted - current):
            added += _link(session, roadmap.id, mid, entry.id)[0]
        for mid in sorted((current - wanted) & known):  # links to dropped milestones are left alone
            removed += _unlink(session, roadmap.id, mid, entry.id)[0]
    return added, removed


def set_target(journal: Journal, area_id: str, day: dt.date | None) -> None:
    """Set (or with None, clear) the day the person wants an area of the active roadmap done by."""
    from journal.models import AreaTargetRow

    roadmap = ensure_roadmap(journal)
    if roadmap.area(area_id) is None:
        raise AreaNotFound(area_id, roadmap)
    with journal.writing() as session:
        row = session.get(AreaTargetRow, (roadmap.id, area_id))
        if day is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(AreaTargetRow(roadmap_id=roadmap.id, area_id=area_id, target_day=day))
        else:
            row.target_day = day
