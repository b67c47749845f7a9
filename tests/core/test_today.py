"""Today is the daily entry (issue 10, schema 0011): the mark an entry made by Today carries, what older journals get
marked as when they are upgraded, and statistics that leave the Welcome tutorial out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

import journal.db
from journal import queries, stats
from journal.adding import add_daily_entry, add_entry
from journal.db import Journal, open_journal
from journal.progress import insights, years_with_entries
from journal.records import DAILY, TUTORIAL
from journal.templates import first_place_to_write

MONDAY = dt.date(2025, 5, 5)
STAMP = "2025-05-05T08:00:00.000000+00:00"


def _journal_at(db: Path, revision: str) -> None:
    """A journal file at an older schema, made by its own migrations."""
    engine = sa.create_engine(f"sqlite:///{db}")
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(journal.db.__file__).parent / "migrations"))
    with engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


def test_upgrading_marks_the_welcome_entry_and_the_days_daily_entries(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    db = home / "journal.db"
    _journal_at(db, "0010")
    rows = [  # (uuid, title, body, day, private)
        ("00000000-0000-4000-8000-000000000001", "Welcome to Trailbook", "# Welcome to Trailbook\n\nhi", MONDAY, 1),
        ("00000000-0000-4000-8000-000000000002", "Monday 2025-05-05", "## Worked on\n\n- …\n", MONDAY, 0),
        ("00000000-0000-4000-8000-000000000003", "TIL — 2025-05-05", "a thing", MONDAY, 0),
        ("00000000-0000-4000-8000-000000000004", "Tuesday 2025-05-05", "a wrong weekday", MONDAY, 0),
        ("00000000-0000-4000-8000-000000000005", "Welcome to Trailbook", "my own page, public", MONDAY, 0),
    ]
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        for uuid, title, body, day, private in rows:
            conn.exec_driver_sql(
                "INSERT INTO entries (uuid, title, body, day, created, updated, private, summary, word_count) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, '', 0)",
                (uuid, title, body, day.isoformat(), STAMP, STAMP, private),
            )
    engine.dispose()
    with open_journal(home, create=False) as upgraded:
        kinds = [queries.get_entry(upgraded, r[0]).kind for r in rows]
        assert kinds == [TUTORIAL, DAILY, "", "", ""]
        assert queries.daily_entry(upgraded, MONDAY).id == rows[1][0]  # type: ignore[union-attr]


def test_statistics_leave_the_tutorial_out(journal: Journal) -> None:
    add_entry(journal, "# Welcome to Trailbook\n\nfour words here", title="Welcome", private=True, kind=TUTORIAL,
              day=MONDAY)  # fmt: skip
    with journal.snapshot() as con:
        assert stats.totals(con) == (0, 0)
        assert stats.written_days(con) == []
        assert stats.monthly_activity(con) == []
        assert stats.daily_activity(con, MONDAY, MONDAY) == {}
    assert stats.writing_streaks(journal, MONDAY).current == 0
    assert years_with_entries(journal) == []
    seen = insights(journal, today=MONDAY)
    assert (seen.entries, seen.words, seen.days_written) == (0, 0, 0)
    daily, made = add_daily_entry(journal, MONDAY, "## Worked on\n\n- profiled\n", title="Monday 2025-05-05")
    assert made and daily.kind == DAILY
    seen = insights(journal, today=MONDAY)
    assert (seen.entries, seen.words, seen.days_written) == (1, daily.word_count, 1)
    assert queries.count_entries(journal) == 2  # the lists still show both


def test_the_first_place_to_write_is_the_first_placeholder_on_its_own_line() -> None:
    body = "## Worked on\n\nThe … in a sentence is text.\n\n- …\n\n## Next\n\n- [ ] …\n"
    start, end = first_place_to_write(body)
    assert body[:start].endswith("\n- ") and body[start:end] == "…"
    filled = body.replace("- …", "- profiled")  # that one written: on to the next (a task's)
    start, end = first_place_to_write(filled)
    assert filled[:start].endswith("- [ ] ") and filled[start:end] == "…"
    assert first_place_to_write("no prompts") == (10, 10)
    assert first_place_to_write("> 1. …") == (5, 6)
