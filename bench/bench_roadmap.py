"""Roadmap view and insights benchmark (issue: the roadmap).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_roadmap.py --size 100000

Times, on a generated journal (tags are the built-in roadmap's area ids, entries spread over ten years), the service
computations (``roadmap_status``: every area's progress, evidence count, words and last activity; ``insights``: streaks,
the calendar of the last 12 months and entries per area per month) and the widgets built, filled and painted offscreen
(the areas overview, one area's page, the insights page). "Today" is the journal's last day, so the 12-month period is
full. Before timing, some evidence is linked and some milestones marked done (idempotent). Medians over interleaved
rounds; the first, cold call (the YAML not yet parsed) is reported on its own. The words per area are kept until the
journal changes (its clock ticks): the "changed" cases drop them first, as any write would.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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

    def show_overview() -> None:
        view = RoadmapView(WindowStub(journal))
        view.today = lambda: last
        view.resize(1300, 860)
        view.refresh()
        view.show()
        view.grab()
        view.close()
        view.deleteLater()
        app.processEvents()

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

    def show_overview_changed() -> None:
        forget_area_activity()  # as after any write: the words per area are read again
        show_overview()

    samples = interleaved_samples(
        {
            "service: roadmap_status": lambda: roadmap_status(journal, today=last),
            "service: roadmap_status, changed": lambda: (forget_area_activity(), roadmap_status(journal, today=last)),
            "service: insights (12 months)": lambda: insights(journal, today=last),
            "view: overview built, filled, shown": show_overview,
            "view: overview, journal changed since": show_overview_changed,
            "view: one area's page": show_area,
            "view: insights page": show_insights,
        },
        rounds=args.rounds,
    )
    size_mb = (home / "journal.db").stat().st_size / 1e6
    print(f"journal: {count:,} entries ({size_mb:.0f} MB), {len(status.areas)} areas, today = {last}")
    print(f"{'step':<40} {'median ms':>10}  {'range':>15}  budget")
    print(f"{'service: roadmap_status, cold (YAML parse)':<40} {cold:>10.1f}")
    for name, values in samples.items():
        ms = statistics.median(values)
        mark = "" if not name.startswith("view") else ("ok" if ms <= BUDGET_MS else "OVER")
        span = f"{min(values):.1f}-{max(values):.1f}"
        print(f"{name:<40} {ms:>10.1f}  {span:>15}  {mark}")
    area_view.close()
    journal.close()


if __name__ == "__main__":
    main()
