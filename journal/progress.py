"""How far along a roadmap the person is: per-area progress, evidence, targets and pace, plus the writing insights,
as frozen records computed from SQL aggregates (``journal.stats``) in one read transaction.

*Progress* of an area is done milestones / all milestones (a whole percentage, rounded down so 100 means all done).
*Pace* is the milestones of that area marked done in the last ``PACE_WEEKS`` weeks (today included), per week of the
time they span (from the first of them to today, at least ``PACE_MIN_DAYS``; at most the window). It is estimated only
from enough evidence: ``PACE_MIN_DONE`` milestones done, the first of them ``PACE_MIN_DAYS`` days ago or more (one
milestone on day one said "done around 14 Jul 2027"); before that the pace is "too early", with what is still needed.
With a target date, the remaining milestones at that pace give a projected finish: on or before the target is "on
track", after it is "behind" by whole weeks (rounded up); no milestone done in the window means "no pace yet".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, overload

from journal import stats
from journal.colours import area_colour
from journal.dates import today as local_today
from journal.db import Journal
from journal.roadmap import DOING, DONE, TODO, RoadmapNotFound, ensure_roadmap, parse_source
from journal.roadmap_format import Resource, Roadmap

PACE_WEEKS = 8
PACE_MIN_DONE = 2  # milestones done in the window before a pace is estimated
PACE_MIN_DAYS = 14  # and the days since the first of them
#: Pace statuses: every milestone done / no target set / nothing done lately / projected on or before / after target /
#: some done lately, but too few or too recently to estimate from.
PACE_DONE, PACE_NO_TARGET, PACE_NONE, PACE_ON_TRACK, PACE_BEHIND = "done", "no_target", "no_pace", "on_track", "behind"
PACE_EARLY = "too_early"


@dataclass(frozen=True)
class EvidenceEntry:
    """A live entry shown as evidence: its UUID, title, day and words."""

    id: str
    title: str
    day: dt.date
    words: int


@dataclass(frozen=True)
class MilestoneStatus:
    id: str
    title: str
    done_when: str
    resources: tuple[Resource, ...]
    state: str  # "todo" | "doing" | "done"
    done_on: dt.date | None
    evidence: tuple[EvidenceEntry, ...]


@dataclass(frozen=True)
class Pace:
    """Whether the recent pace reaches an area's target; see the module docstring for the rules."""

    status: str
    per_week: float
    remaining: int
    target: dt.date | None = None
    finish: dt.date | None = None
    weeks_late: int = 0
    needs_done: int = 0  # too early: how many more milestones to mark done
    needs_days: int = 0  # too early: how many more days to wait


@dataclass(frozen=True)
class AreaStatus:
    id: str
    name: str
    colour: str
    description: str
    milestones: tuple[MilestoneStatus, ...]
    total: int
    done: int
    doing: int
    progress: int  # 0-100
    evidence_count: int
    words: int
    last_activity: dt.date | None
    target: dt.date | None
    pace: Pace


@dataclass(frozen=True)
class RoadmapStatus:
    id: str
    title: str
    description: str
    version: int | None
    active: bool
    areas: tuple[AreaStatus, ...]
    total: int
    done: int
    doing: int
    progress: int
    today: dt.date
    #: False when the areas' entries, words and last activity are the last ones read, before a change since
    #: (``roadmap_status(scan=False)``).
    words_current: bool = True

    def area(self, area_id: str) -> AreaStatus | None:
        return next((a for a in self.areas if a.id == area_id), None)


@dataclass(frozen=True)
class Insights:
    """The writing insights of a period (``start``..``end``, inclusive) next to all-time streaks."""

    start: dt.date
    end: dt.date
    streaks: stats.Streaks
    days: dict[dt.date, stats.DayActivity]
    months: tuple[str, ...]
    area_months: dict[str, dict[str, int]]
    entries: int
    words: int
    days_written: int


def progress_percent(done: int, total: int) -> int:
    """Done / total as a whole percentage, rounded down (only all milestones done shows 100)."""
    return (100 * done) // total if total else 0


def compute_pace(
    done_days: Sequence[dt.date],
    total: int,
    target: dt.date | None,
    today: dt.date,
    *,
    done: int | None = None,
    weeks: int = PACE_WEEKS,
) -> Pace:
    """Pace of one area from the days its milestones were marked done (see the module docstring). ``done`` counts
    done milestones when some have no recorded day (they count as done, not towards the pace)."""
    remaining = max(0, total - (len(done_days) if done is None else done))
    window_start = today - dt.timedelta(days=7 * weeks - 1)
    recent = sorted(d for d in done_days if window_start <= d <= today)
    if remaining == 0:
        return Pace(PACE_DONE, len(recent) / weeks, 0, target)
    if not recent:
        return Pace(PACE_NONE if target else PACE_NO_TARGET, 0.0, remaining, target)
    since = (today - recent[0]).days  # how long the recent milestones have been coming
    if len(recent) < PACE_MIN_DONE or since < PACE_MIN_DAYS:
        needs_done, needs_days = max(0, PACE_MIN_DONE - len(recent)), max(0, PACE_MIN_DAYS - since)
        return Pace(PACE_EARLY, 0.0, remaining, target, needs_done=needs_done, needs_days=needs_days)
    per_week = len(recent) / (min(7 * weeks, since + 1) / 7)
    finish = today + dt.timedelta(days=math.ceil(remaining / per_week * 7))
    if target is None:
        return Pace(PACE_NO_TARGET, per_week, remaining, None, finish)
    if finish <= target:
        return Pace(PACE_ON_TRACK, per_week, remaining, target, finish)
    return Pace(PACE_BEHIND, per_week, remaining, target, finish, math.ceil((finish - target).days / 7))


@overload
def roadmap_status(
    journal: Journal, roadmap_id: str | None = None, *, today: dt.date | None = None, scan: Literal[True] = True
) -> RoadmapStatus: ...
@overload
def roadmap_status(
    journal: Journal, roadmap_id: str | None = None, *, today: dt.date | None = None, scan: bool
) -> RoadmapStatus | None: ...
def roadmap_status(
    journal: Journal, roadmap_id: str | None = None, *, today: dt.date | None = None, scan: bool = True
) -> RoadmapStatus | None:
    """Every area of a roadmap (default: the active one) with its milestones, states, evidence, words and pace.

    ``scan=False`` never reads the words per area over the whole journal (a pass over the entries table, most of a
    second at 100k on a loaded machine): it takes the last ones read (``words_current`` False when the journal changed
    since), or returns None when none were read yet for this roadmap. Everything else is read as it is now."""
    today = today or local_today()
    if roadmap_id is None:
        roadmap_id = ensure_roadmap(journal).id
    with journal.snapshot() as con:
        row = con.execute("SELECT source, active FROM roadmaps WHERE id = ?", (roadmap_id,)).fetchone()
        if row is None:
            raise RoadmapNotFound(roadmap_id, [r[0] for r in con.execute("SELECT id FROM roadmaps")])
        roadmap = parse_source(row[0])
        progress = {
            mid: (state, dt.date.fromisoformat(done_on) if done_on else None)
            for mid, state, done_on in con.execute(
                "SELECT milestone_id, state, done_on FROM milestone_progress WHERE roadmap_id = ?", (roadmap.id,)
            )
        }
        targets = {
            a: dt.date.fromisoformat(d)
            for a, d in con.execute("SELECT area_id, target_day FROM area_targets WHERE roadmap_id = ?", (roadmap.id,))
        }
        evidence: dict[str, list[EvidenceEntry]] = {}
        for mid, uuid, title, day, words in con.execute(
            "SELECT me.milestone_id, e.uuid, e.title, e.day, e.word_count FROM milestone_evidence me "
            f"JOIN entries e ON e.id = me.entry_id WHERE me.roadmap_id = ? AND {stats.COUNTED_SQL} "
            "ORDER BY e.day DESC, e.created DESC",
            (roadmap.id,),
        ):
            evidence.setdefault(mid, []).append(EvidenceEntry(uuid, title, dt.date.fromisoformat(day), words))
        tags = stats.area_tags(con, roadmap)
        current = True
        if scan:
            activity = stats.area_activity_of(con, roadmap, tags, journal)
        else:
            known, current = stats.known_area_activity(con, roadmap, journal)
            if known is None:
                return None
            activity = known
    tag_colours = dict(tags.values())
    none = stats.AreaActivity("", 0, 0, None)  # an area added since the words were last read (scan=False)
    areas = tuple(
        _area_status(
            area, progress, evidence, activity.get(area.id) or none, targets.get(area.id), tag_colours, today, roadmap
        )
        for area in roadmap.areas
    )
    return _roadmap_status(roadmap, bool(row[1]), areas, today, words_current=current)


def _area_status(area, progress, evidence, activity, target, tag_colours, today, roadmap) -> AreaStatus:  # type: ignore[no-untyped-def]
    milestones = []
    for m in area.milestones:
        state, done_on = progress.get(m.id, (TODO, None))
        milestones.append(
            MilestoneStatus(m.id, m.title, m.done_when, m.resources, state, done_on if state == DONE else None,
                            tuple(evidence.get(m.id, ())))
        )  # fmt: skip
    done_days = [m.done_on for m in milestones if m.state == DONE and m.done_on is not None]
    done = sum(1 for m in milestones if m.state == DONE)
    last = max(filter(None, (activity.last_day, *done_days)), default=None)
    return AreaStatus(
        id=area.id,
        name=area.name,
        # The tag's colour, as the navigation column and the chips show it; an area with no tag yet, the one its tag
        # will get (journal.colours).
        colour=tag_colours.get(area.id) or area_colour(area.id, roadmap),
        description=area.description,
        milestones=tuple(milestones),
        total=len(milestones),
        done=done,
        doing=sum(1 for m in milestones if m.state == DOING),
        progress=progress_percent(done, len(milestones)),
        evidence_count=activity.entries,
        words=activity.words,
        last_activity=last,
        target=target,
        pace=compute_pace(done_days, len(milestones), target, today, done=done),
    )


def _roadmap_status(
    roadmap: Roadmap, active: bool, areas: tuple[AreaStatus, ...], today: dt.date, *, words_current: bool = True
) -> RoadmapStatus:
    total = sum(a.total for a in areas)
    done = sum(a.done for a in areas)
    return RoadmapStatus(
        id=roadmap.id,
        title=roadmap.title,
        description=roadmap.description,
        version=roadmap.version,
        active=active,
        areas=areas,
        total=total,
        done=done,
        doing=sum(a.doing for a in areas),
        progress=progress_percent(done, total),
        today=today,
        words_current=words_current,
    )


def area_entries(journal: Journal, area_id: str, *, limit: int = 20) -> list[EvidenceEntry]:
    """The newest evidence entries of an area of the active roadmap (tagged with it or linked to its milestones)."""
    roadmap = ensure_roadmap(journal)
    area = roadmap.area(area_id)
    if area is None:
        return []
    milestone_ids = [m.id for m in area.milestones]
    marks = ",".join("?" * len(milestone_ids))
    with journal.snapshot() as con:
        rows = con.execute(
            "SELECT e.uuid, e.title, e.day, e.word_count FROM entries e INDEXED BY ix_entries_live_day "
            f"WHERE {stats.COUNTED_SQL} AND (e.id IN (SELECT et.entry_id FROM entry_tags et JOIN tags t "
            "ON t.id = et.tag_id WHERE t.name = ?) OR e.id IN (SELECT entry_id FROM milestone_evidence "
            f"WHERE roadmap_id = ? AND milestone_id IN ({marks}))) ORDER BY e.day DESC, e.created DESC LIMIT ?",
            [area.id, roadmap.id, *milestone_ids, limit],
        ).fetchall()
    return [EvidenceEntry(u, t, dt.date.fromisoformat(d), w) for u, t, d, w in rows]


def period_for(today: dt.date, year: int | None = None) -> tuple[dt.date, dt.date]:
    """The insights' period: a calendar year, or (None) the 53 weeks ending today, starting on a Monday."""
    if year is not None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = today - dt.timedelta(days=52 * 7 + today.weekday())
    return start, today


def insights(
    journal: Journal, roadmap: Roadmap | None = None, *, today: dt.date | None = None, year: int | None = None
) -> Insights:
    """Streaks (all time), then activity per day and evidence entries per area per month over a period."""
    today = today or local_today()
    roadmap = roadmap or ensure_roadmap(journal)
    start, end = period_for(today, year)
    with journal.snapshot() as con:
        streaks = stats.compute_streaks(stats.written_days(con), today)
        days = stats.daily_activity(con, start, end)
        by_month = stats.area_months(con, roadmap, start, end)
    return Insights(
        start=start,
        end=end,
        streaks=streaks,
        days=days,
        months=tuple(stats.month_range(start, end)),
        area_months=by_month,
        entries=sum(d.entries for d in days.values()),
        words=sum(d.words for d in days.values()),
        days_written=len(days),
    )


def years_with_entries(journal: Journal) -> list[int]:
    """Calendar years that have live entries, newest first (for the insights' period picker)."""
    with journal.snapshot() as con:
        first, last = stats.first_and_last_day(con)
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def milestone_states(journal: Journal) -> dict[str, str]:
    """State of each milestone of the active roadmap that has one recorded (the rest are todo); a cheap read."""
    roadmap = ensure_roadmap(journal)
    with journal.snapshot() as con:
        rows = con.execute("SELECT milestone_id, state FROM milestone_progress WHERE roadmap_id = ?", (roadmap.id,))
        return dict(rows.fetchall())
