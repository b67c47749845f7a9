"""Render the roadmap place (overview, one area, insights, and a new journal's empty roadmap), light and dark, on the
demo journal into docs/screenshots/roadmap-*.png.

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_roadmap_screenshots.py [light|dark]
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from ui.offscreen import use_desktop_offscreen  # noqa: E402

use_desktop_offscreen()
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from make_screenshots import run, save, wait  # noqa: E402

# Progress a person might have after a few weeks of the demo journal: (milestone, entry title, done on days ago).
LINKS = [
    ("mlops-shadow", "Shadow deployment for the ranking model", 0),
    ("serving-throughput", "Batching requests in the inference service", 20),
    ("serving-faster-inference", "Profiling the feature store lookup", None),
    ("testing-transformations", "Unit tests for the preprocessing step", 30),
    ("testing-property-based", "Unit tests for the preprocessing step", None),
    ("ml-modules-cli", "Packaged the churn model as a CLI", 5),
    ("git-clean-history", "Git: interactive rebase before review", 11),
    ("monitoring-drift-kinds", "Data drift vs concept drift", 2),
    ("cloud-infrastructure-as-code", "Terraform for the training bucket", None),
    ("communication-write-up", "Wrote my first blog post draft", None),
]
TARGETS = {"serving": 120, "testing": 30}


def add_progress(journal, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    from journal import roadmap
    from journal.queries import list_summaries

    by_title = {e.title: e.id for e in list_summaries(journal, limit=None)}
    for milestone, title, done_days_ago in LINKS:
        roadmap.link_evidence(journal, milestone, by_title[title])
        if done_days_ago is not None:
            roadmap.mark_done(journal, milestone, today - dt.timedelta(days=done_days_ago))
    roadmap.mark_done(journal, "communication-journal-habit", today - dt.timedelta(days=1))
    for area, days in TARGETS.items():
        roadmap.set_target(journal, area, today + dt.timedelta(days=days))


def open_app(home: Path, theme_name: str, build):  # type: ignore[no-untyped-def]
    from journal.settings import load_preferences, save_preferences
    from ui.app import create_application, open_window
    from ui.roadmap import install

    journal = build(home)
    prefs = load_preferences(journal.paths.settings)
    prefs.theme = theme_name
    prefs.extra["welcomed"] = True
    save_preferences(journal.paths.settings, prefs)
    app = create_application([])
    window = open_window(journal, app)
    install(window)
    return journal, window


def shoot(theme_name: str) -> None:
    from demo_journal import TODAY, build

    journal, window = open_app(Path(tempfile.mkdtemp()) / "demo", theme_name, build)
    from journal.roadmap import ensure_roadmap

    ensure_roadmap(journal)
    add_progress(journal, TODAY)
    window.resize(1440, 900)
    window.show()
    page = window.roadmap_place.ensure_view()
    page.today = lambda: TODAY
    window.nav.select_place("roadmap")
    wait(300)
    save(window, f"roadmap-overview-{theme_name}")
    page.show_area("serving")
    wait(200)
    save(window, f"roadmap-area-{theme_name}")
    window.resize(1440, 1120)  # the insights page is taller: show all three charts
    page.show_insights()
    wait(300)
    save(window, f"roadmap-insights-{theme_name}")
    window.editor.preview.shutdown()
    window.close()
    journal.close()

    from journal.db import open_journal

    empty, w2 = open_app(Path(tempfile.mkdtemp()) / "empty", theme_name, lambda home: open_journal(home))
    w2.resize(1280, 800)
    w2.show()
    w2.nav.select_place("roadmap")
    wait(300)
    save(w2, f"roadmap-empty-{theme_name}")
    w2.editor.preview.shutdown()
    w2.close()
    empty.close()


def main() -> None:
    run(shoot)


if __name__ == "__main__":
    main()
