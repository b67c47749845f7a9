"""Roadmap view and insights benchmark (issue: the roadmap).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_roadmap.py --size 100000

Times, on a generated journal (tags are the built-in roadmap's area ids, entries spread over ten years), the service
computations (``roadmap_status``: every area's progress, evidence count, words and last activity; ``insights``: streaks,
the calendar of the last 12 months and entries per area per month) and the widgets built, filled and painted offscreen
(the areas overview, one area's page, the insights page). "Today" is the journal's last day, so the 12-month period is
full. Before timing, some evidence is linked and some milestones marked done (idempotent). Medians over interleaved
rounds; the first, cold call (the YAML not yet parsed) is reported on its own. The words per area are kept until the
journal changes (its clock ticks): the "changed" cases tick it first, as any write does. The app reads them again,
and the insights, on its thread pool: "shown" is the time the GUI thread took to show the page (with the figures read
before), "filled" the time until the pool's answers were painted too. A build that reads them on the GUI thread (run
this script in its tree) shows and fills at once: its two are the same time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import interleaved_samples
from generate import ensure_home

from journal import roadmap as service
from journal.db import open_journal
from journal.progress import insights, roadmap_status
from journal.stats import forget_area_activity

BUDGET_MS = 300.0


def prepare(journal, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Link a few entries per area to its first two milestones and mark one milestone per area done (idempotent)."""
    roadmap = service.ensure_roadmap(journal)
    with journal.snapshot() as con:
        for area in roadmap.areas:
            rows = con.execute(
                "SELECT e.uuid FROM entries e JOIN entry_tags et ON et.entry_id = e.id JOIN tags t ON t.id = et.tag_id "
                "WHERE t.name = ? AND e.deleted_at IS NULL ORDER BY e.day DESC LIMIT 6",
                (area.id,),
            ).fetchall()
            for i, (uuid,) in enumerate(rows):
                milestone = area.milestones[i % 2].id
                service.link_evidence(journal, milestone, uuid)
            service.mark_done(journal, area.milestones[0].id, today - dt.timedelta(days=10))


class WindowStub:
    """What the roadmap view needs from the main window."""

    def __init__(self, journal) -> None:  # type: ignore[no-untyped-def]
        self.journal = journal

    def open_entry_anywhere(self, entry_id: str) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    home, _ = ensure_home(args.size)
    journal = open_journal(home, create=False, full_check=False)
    with journal.snapshot() as con:
        last = dt.date.fromisoformat(con.execute("SELECT max(day) FROM entries WHERE deleted_at IS NULL").fetchone()[0])
        count = con.execute("SELECT count(*) FROM entries").fetchone()[0]
    prepare(journal, last)

    from PySide6.QtWidgets import QApplication

    from ui import theme
    from ui.roadmap.view import RoadmapView

    app = QApplication.instance() or QApplication([])
    theme.apply(app, "light")  # type: ignore[arg-type]

    service.parse_source.cache_clear()
    started = time.perf_counter()
    status = roadmap_status(journal, today=last)
    cold = (time.perf_counter() - started) * 1000

    def settle(view) -> None:  # type: ignore[no-untyped-def]
        """Wait for the thread pool's answers (a build without them has none) and paint what they filled."""
        while getattr(view, "reading", False):
            app.processEvents()
            time.sleep(0.001)
        view.grab()

    def tick() -> None:
        """As any write does: the journal clock ticks (the words per area were read before it)."""
        other = sqlite3.connect(home / "journal.db")
        with other:
            other.execute("UPDATE journal_clock SET tick = tick + 1")
        other.close()

    def show_overview(*, filled: bool = True) -> float:
        """Shows the overview; returns when it was shown (ms since the start), the time until filled being the
        caller's."""
        started = time.perf_counter()
        view = RoadmapView(WindowStub(journal))
        view.today = lambda: last
        view.resize(1300, 860)
        view.refresh()
        view.show()
        view.grab()
        shown = (time.perf_counter() - started) * 1000
        if filled:
            settle(view)
        view.close()
        view.deleteLater()
        app.processEvents()
        return shown

    shown_at: dict[str, list[float]] = {"view: overview, changed: shown": [], "view: insights, changed: shown": []}

    area_view = RoadmapView(WindowStub(journal))
    area_view.today = lambda: last
    area_view.resize(1300, 860)
    area_view.refresh()
    area_view.show()

    def show_area() -> None:
        area_view.show_area("serving")
        area_view.grab()

    def show_insights() -> None:
        area_view.show_insights()
        area_view.grab()
        settle(area_view)

    def show_overview_changed() -> None:
        """The overview after a write: shown (GUI thread), then its words (the pool) until painted."""
        tick()
        shown_at["view: overview, changed: shown"].append(show_overview())

    def show_insights_changed() -> None:
        tick()
        started = time.perf_counter()
        area_view.show_overview()
        area_view.refresh()  # as the place does when shown
        area_view.show_insights()
        area_view.grab()
        shown_at["view: insights, changed: shown"].append((time.perf_counter() - started) * 1000)
        settle(area_view)

    samples = interleaved_samples(
        {
            "service: roadmap_status": lambda: roadmap_status(journal, today=last),
            "service: roadmap_status, changed": lambda: (forget_area_activity(), roadmap_status(journal, today=last)),
            "service: insights (12 months)": lambda: insights(journal, today=last),
            "view: overview built, filled, shown": show_overview,
            "view: overview, changed: filled": show_overview_changed,
            "view: one area's page": show_area,
            "view: insights page": show_insights,
            "view: insights, changed: filled": show_insights_changed,
        },
        rounds=args.rounds,
    )
    samples.update(shown_at)
    size_mb = (home / "journal.db").stat().st_size / 1e6
    print(f"journal: {count:,} entries ({size_mb:.0f} MB), {len(status.areas)} areas, today = {last}")
    print(f"{'step':<40} {'median ms':>10}  {'range':>15}  budget")
    print(f"{'service: roadmap_status, cold (YAML parse)':<40} {cold:>10.1f}")
    for name, values in samples.items():
        ms = statistics.median(values)
        mark = "" if not name.startswith("view") or name.endswith("filled") else ("ok" if ms <= BUDGET_MS else "OVER")
        span = f"{min(values):.1f}-{max(values):.1f}"
        print(f"{name:<40} {ms:>10.1f}  {span:>15}  {mark}")
    area_view.close()
    journal.close()


if __name__ == "__main__":
    main()
