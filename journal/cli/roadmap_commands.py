"""The ``roadmap``, ``milestone`` and ``stats`` commands: a thin layer over the roadmap, progress and stats services.

Services are imported inside the handlers so that building the parser stays lean (no YAML, no ORM)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.cli.output import bold, dim, print_json

if TYPE_CHECKING:
    from journal.db import Journal
    from journal.progress import AreaStatus, Pace, RoadmapStatus
    from journal.roadmap import ImportResult

BAR_WIDTH = 12
STATE_MARKS = {"todo": "[ ]", "doing": "[~]", "done": "[x]"}


def add_roadmap_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``roadmap``, ``milestone`` and ``stats`` to the ``trailbook`` parser."""

    def json_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", action="store_true", help="print JSON instead of text")

    def action(group, name: str, help_text: str, handler) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        p = group.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    road = sub.add_parser(
        "roadmap",
        parents=[common],
        help="your learning roadmaps: areas, milestones, progress",
        description="Roadmaps: skill areas with milestones. Commands act on the active roadmap.",
    )
    road.set_defaults(handler=cmd_roadmap_list)
    json_flag(road)
    r = road.add_subparsers(dest="roadmap_command", metavar="ACTION")
    json_flag(action(r, "list", "list installed roadmaps (* marks the active one)", cmd_roadmap_list))
    p = action(r, "show", "areas, milestones, states, evidence and progress of a roadmap", cmd_roadmap_show)
    p.add_argument("id", metavar="ID", nargs="?", help="a roadmap id (default: the active roadmap)")
    json_flag(p)
    p = action(r, "import", "install a roadmap YAML file, or revise the installed one with its id", cmd_roadmap_import)
    p.add_argument("path", metavar="FILE.yaml")
    json_flag(p)
    p = action(r, "export", "write an installed roadmap to a YAML file", cmd_roadmap_export)
    p.add_argument("id", metavar="ID")
    p.add_argument("path", metavar="FILE.yaml")
    p.add_argument("--force", action="store_true", help="replace FILE.yaml if it exists")
    p = action(r, "use", "make an installed roadmap the active one", cmd_roadmap_use)
    p.add_argument("id", metavar="ID")
    p = action(r, "target", "set the day you want an area done by (or --clear it)", cmd_roadmap_target)
    p.add_argument("area", metavar="AREA_ID")
    p.add_argument("date", metavar="YYYY-MM-DD", nargs="?")
    p.add_argument("--clear", action="store_true", help="remove the area's target")

    ms = sub.add_parser(
        "milestone",
        parents=[common],
        help="mark milestones done and link entries as evidence",
        description="Milestones of the active roadmap.",
    )
    m = ms.add_subparsers(dest="milestone_command", metavar="ACTION", required=True)
    p = action(m, "done", "mark a milestone done (today, or --date)", cmd_milestone_done)
    p.add_argument("milestone", metavar="MILESTONE_ID")
    p.add_argument("--date", metavar="D", help="the day it was done (YYYY-MM-DD, today, yesterday)")
    json_flag(p)
    p = action(m, "todo", "put a milestone back to todo", cmd_milestone_todo)
    p.add_argument("milestone", metavar="MILESTONE_ID")
    json_flag(p)
    for name, help_text, handler in (
        ("link", "link an entry to a milestone as evidence (todo becomes in progress)", cmd_milestone_link),
        ("unlink", "remove an entry from a milestone's evidence", cmd_milestone_unlink),
    ):
        p = action(m, name, help_text, handler)
        p.add_argument("milestone", metavar="MILESTONE_ID")
        p.add_argument("entry", metavar="ENTRY_ID", help="the entry's id or a unique prefix of it")
        json_flag(p)

    p = sub.add_parser(
        "stats",
        parents=[common],
        help="streaks, and entries and words per area and per month",
        description="Writing statistics: streaks, entries and words per area and per month.",
    )
    p.set_defaults(handler=cmd_stats)
    json_flag(p)


def _open(args: argparse.Namespace, *, create: bool = False) -> Journal:
    from journal.db import open_journal

    return open_journal(getattr(args, "home", None), create=create, full_check=False)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _plural(n: int, word: str, many: str = "") -> str:
    """``n`` and the word for it: "1 entry", "2 entries" (``many``, else the word and an s)."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {many or word + 's'}"


def bar(percent: int, width: int = BAR_WIDTH) -> str:
    filled = round(percent * width / 100)
    return "█" * filled + "░" * (width - filled)


def pace_text(pace: Pace) -> str:
    """How the recent pace compares with the target, in words."""
    if pace.status == "done":
        return "all milestones done"
    if pace.status == "no_pace" or (pace.status == "no_target" and not pace.per_week):
        return "no pace yet"
    if pace.status == "too_early":
        needs = [f"{_plural(pace.needs_done, 'more milestone')} done"] if pace.needs_done else []
        needs += [_plural(pace.needs_days, "more day")] if pace.needs_days else []
        return f"too early for a pace (it needs {' and '.join(needs)})"
    if pace.status == "on_track":
        return f"on track (at {pace.per_week:.2g} a week, done by {_day(pace.finish)})"
    if pace.status == "behind":
        weeks = f"{pace.weeks_late} week{'s' if pace.weeks_late != 1 else ''}"
        return f"behind: {weeks} late at this pace (done by {_day(pace.finish)})"
    return f"at {pace.per_week:.2g} a week, done by {_day(pace.finish)}"


# --- roadmap ------------------------------------------------------------------------------------------------------


def cmd_roadmap_list(args: argparse.Namespace) -> int:
    from journal.progress import progress_percent
    from journal.roadmap import list_roadmaps

    with _open(args) as journal:
        found = list_roadmaps(journal)
    if getattr(args, "json", False):
        print_json(
            [
                {
                    "id": r.id,
                    "title": r.title,
                    "active": r.active,
                    "areas": r.areas,
                    "milestones": r.milestones,
                    "done": r.done,
                    "progress": progress_percent(r.done, r.milestones),
                    "installed": r.installed.isoformat(),
                    "updated": r.updated.isoformat(),
                }
                for r in found
            ]
        )
        return 0
    width = max(len(r.id) for r in found)
    for r in found:
        mark = "*" if r.active else " "
        counts = dim(f"{_plural(r.areas, 'area')}, {r.done}/{_plural(r.milestones, 'milestone')} done")
        print(f"{mark} {r.id.ljust(width)}  {bold(r.title)}  {counts}")
    return 0


def status_json(status: RoadmapStatus) -> dict[str, Any]:
    """The documented JSON form of ``roadmap show`` (see docs/roadmap.md)."""
    return {
        "id": status.id,
        "title": status.title,
        "description": status.description,
        "version": status.version,
        "active": status.active,
        "progress": status.progress,
        "done": status.done,
        "doing": status.doing,
        "total": status.total,
        "today": status.today.isoformat(),
        "areas": [_area_json(a) for a in status.areas],
    }


def _area_json(area: AreaStatus) -> dict[str, Any]:
    pace = area.pace
    return {
        "id": area.id,
        "name": area.name,
        "colour": area.colour,
        "progress": area.progress,
        "done": area.done,
        "doing": area.doing,
        "total": area.total,
        "evidence_count": area.evidence_count,
        "words": area.words,
        "last_activity": _day(area.last_activity),
        "target": _day(area.target),
        "pace": {
            "status": pace.status,
            "per_week": round(pace.per_week, 3),
            "remaining": pace.remaining,
            "finish": _day(pace.finish),
            "weeks_late": pace.weeks_late,
            "needs_done": pace.needs_done,
            "needs_days": pace.needs_days,
        },
        "milestones": [
            {
                "id": m.id,
                "title": m.title,
                "state": m.state,
                "done_on": _day(m.done_on),
                "evidence": [e.id for e in m.evidence],
            }
            for m in area.milestones
        ],
    }


def cmd_roadmap_show(args: argparse.Namespace) -> int:
    from journal.progress import roadmap_status

    with _open(args) as journal:
        status = roadmap_status(journal, args.id)
    if args.json:
        print_json(status_json(status))
        return 0
    active = ", active" if status.active else ""
    print(f"{bold(status.title)}  {dim(f'({status.id}{active})')}")
    print(f"{status.done} of {status.total} milestones done ({status.progress}%), {status.doing} in progress")
    for area in status.areas:
        print()
        last = f" · last {_day(area.last_activity)}" if area.last_activity else ""
        print(f"{bold(area.name)}  {dim(area.id)}")
        print(
            f"  {bar(area.progress)} {area.progress:>3}%  {area.done}/{area.total} done · "
            f"{_plural(area.evidence_count, 'entry', 'entries')} · {_plural(area.words, 'word')}{last}"
        )
        if area.target:
            print(f"  target {_day(area.target)}: {pace_text(area.pace)}")
        for m in area.milestones:
            when = f" (done {_day(m.done_on)})" if m.done_on else ""
            print(f"  {STATE_MARKS[m.state]} {m.id}{dim(when)}")
            print(f"      {m.title}")
            if m.evidence:
                print(dim(f"      evidence: {', '.join(e.id[:8] for e in m.evidence)}"))
    return 0


def import_json(result: ImportResult) -> dict[str, Any]:
    d = result.diff
    return {
        "id": result.roadmap.id,
        "title": result.roadmap.title,
        "created": result.created,
        "active": result.active,
        "unchanged": result.unchanged,
        "changes": d.describe(),
        "removed_areas": list(d.removed_areas),
        "removed_milestones": list(d.removed_milestones),
        "added_areas": list(d.added_areas),
        "added_milestones": list(d.added_milestones),
        "kept": [
            {"milestone": k.milestone_id, "state": k.state, "done_on": _day(k.done_on), "evidence": k.evidence}
            for k in result.kept
        ],
        "kept_targets": list(result.kept_targets),
    }


def cmd_roadmap_import(args: argparse.Namespace) -> int:
    from journal.roadmap import import_roadmap

    with _open(args, create=True) as journal:
        result = import_roadmap(journal, Path(args.path))
    if args.json:
        print_json(import_json(result))
        return 0
    rm = result.roadmap
    if result.created:
        areas, milestones = _plural(len(rm.areas), "area"), _plural(rm.milestone_count, "milestone")
        print(f"Installed {bold(rm.title)} ({rm.id}): {areas}, {milestones}.")
        print("It is the active roadmap." if result.active else f"Make it active with: trailbook roadmap use {rm.id}")
        return 0
    if result.unchanged:
        print(f"{bold(rm.title)} ({rm.id}) is already up to date.")
        return 0
    print(f"Revised {bold(rm.title)} ({rm.id}); progress of every milestone that kept its id is kept.")
    for line in result.diff.describe():
        print(f"  {line}")
    for k in result.kept:
        what = f"done {_day(k.done_on)}" if k.state == "done" else k.state
        print(
            f"  kept aside: progress of removed milestone {k.milestone_id!r} ({what}, {k.evidence} evidence "
            "entries); it returns if the id comes back"
        )
    for area in result.kept_targets:
        print(f"  kept aside: the target of removed area {area!r}")
    return 0


def cmd_roadmap_export(args: argparse.Namespace) -> int:
    from journal.roadmap import export_roadmap

    with _open(args) as journal:
        path = export_roadmap(journal, args.id, Path(args.path), force=args.force)
    print(f"Exported {args.id} to {path}.")
    return 0


def cmd_roadmap_use(args: argparse.Namespace) -> int:
    from journal.roadmap import ensure_roadmap, use_roadmap

    with _open(args) as journal:
        ensure_roadmap(journal)
        roadmap = use_roadmap(journal, args.id)
    print(f"Now using {bold(roadmap.title)} ({roadmap.id}).")
    return 0


def cmd_roadmap_target(args: argparse.Namespace) -> int:
    from journal.dates import parse_day
    from journal.errors import InvalidInput
    from journal.roadmap import set_target

    if args.clear == bool(args.date):
        raise InvalidInput("give either a date (YYYY-MM-DD) or --clear")
    day = parse_day(args.date) if args.date else None
    with _open(args) as journal:
        set_target(journal, args.area, day)
    print(f"Target for {args.area}: {_day(day)}." if day else f"Cleared the target of {args.area}.")
    return 0


# --- milestone ----------------------------------------------------------------------------------------------------


def _state_json(milestone_id: str, state: str, done_on: dt.date | None, **more: Any) -> dict[str, Any]:
    return {"milestone": milestone_id, "state": state, "done_on": _day(done_on), **more}


def cmd_milestone_done(args: argparse.Namespace) -> int:
    from journal.dates import parse_day
    from journal.roadmap import mark_done

    day = parse_day(args.date) if args.date else None
    with _open(args) as journal:
        state = mark_done(journal, args.milestone, day)
    if args.json:
        print_json(_state_json(state.milestone_id, state.state, state.done_on))
    else:
        print(f"Marked {state.milestone_id} done on {_day(state.done_on)}.")
    return 0


def cmd_milestone_todo(args: argparse.Namespace) -> int:
    from journal.roadmap import mark_todo

    with _open(args) as journal:
        state = mark_todo(journal, args.milestone)
    if args.json:
        print_json(_state_json(state.milestone_id, state.state, state.done_on))
    else:
        print(f"Marked {state.milestone_id} as todo.")
    return 0


def _link_command(args: argparse.Namespace, link: bool) -> int:
    from journal.roadmap import link_evidence, unlink_evidence

    with _open(args) as journal:
        result = (link_evidence if link else unlink_evidence)(journal, args.milestone, args.entry)
    m = result.milestone
    if args.json:
        print_json(_state_json(m.milestone_id, m.state, m.done_on, entry=result.entry_id, changed=result.changed))
        return 0
    label = {"todo": "todo", "doing": "in progress", "done": "done"}[m.state]
    if link and not result.changed:
        print(f"{bold(result.entry_title)} ({result.entry_id[:8]}) was already evidence of {m.milestone_id}.")
    else:
        verb = "Linked" if link else "Unlinked"
        prep = "to" if link else "from"
        print(f"{verb} {bold(result.entry_title)} ({result.entry_id[:8]}) {prep} {m.milestone_id}; it is {label}.")
    return 0


def cmd_milestone_link(args: argparse.Namespace) -> int:
    return _link_command(args, True)


def cmd_milestone_unlink(args: argparse.Namespace) -> int:
    return _link_command(args, False)


# --- stats --------------------------------------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    from journal import stats
    from journal.dates import today
    from journal.roadmap import ensure_roadmap

    day = today()
    with _open(args) as journal:
        roadmap = ensure_roadmap(journal)
        with journal.snapshot() as con:
            written = stats.written_days(con)
            streaks = stats.compute_streaks(written, day)
            entries, words = stats.totals(con)
            days_written = len(written)
            tags = stats.area_tags(con, roadmap)
            areas = stats.area_activity(con, roadmap, tags)
            months = stats.monthly_activity(con)
            by_month = stats.area_months(con, roadmap, dt.date.min, dt.date.max, tags) if months else {}
    if args.json:
        print_json(
            {
                "today": day.isoformat(),
                "current_streak": streaks.current,
                "current_streak_start": _day(streaks.current_start),
                "longest_streak": streaks.longest,
                "longest_streak_start": _day(streaks.longest_start),
                "longest_streak_end": _day(streaks.longest_end),
                "days_written": days_written,
                "entries": entries,
                "words": words,
                "roadmap": roadmap.id,
                "areas": [
                    {
                        "id": a.id,
                        "name": a.name,
                        "entries": areas[a.id].entries,
                        "words": areas[a.id].words,
                        "last_activity": _day(areas[a.id].last_day),
                    }
                    for a in roadmap.areas
                ],
                "months": [
                    {"month": m.month, "entries": m.entries, "words": m.words, "areas": by_month.get(m.month, {})}
                    for m in months
                ],
            }
        )
        return 0
    if streaks.current:
        current = f"{_plural(streaks.current, 'day')} (since {_day(streaks.current_start)})"
    else:
        current = "none — write today to start one"
    print(f"Current streak: {current}")
    if streaks.longest:
        longest = _plural(streaks.longest, "day")
        print(f"Longest streak: {longest} ({_day(streaks.longest_start)} to {_day(streaks.longest_end)})")
    written = f"{_plural(entries, 'entry', 'entries')}, {_plural(words, 'word')} on {_plural(days_written, 'day')}"
    print(f"Written: {written}")
    print()
    width = max([len(a.name) for a in roadmap.areas] + [4])
    print(bold(f"{'Area'.ljust(width)}  {'Entries':>7}  {'Words':>9}  Last"))
    for a in roadmap.areas:
        act = areas[a.id]
        print(f"{a.name.ljust(width)}  {act.entries:>7,}  {act.words:>9,}  {_day(act.last_day) or '—'}")
    if months:
        print()
        print(bold(f"{'Month':<7}  {'Entries':>7}  {'Words':>9}"))
        for m in months:
            print(f"{m.month:<7}  {m.entries:>7,}  {m.words:>9,}")
    return 0
