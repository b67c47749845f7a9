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
TUESDAY = dt.date(2025, 5, 6)
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


def test_a_daily_entry_back_from_the_trash_on_a_day_with_a_daily_entry_comes_back_ordinary(journal: Journal) -> None:
    from journal import entries

    first, _ = add_daily_entry(journal, MONDAY, "## Learned\n\n- first\n", title="Monday 2025-05-05")
    entries.trash_entry(journal, first.id)
    second, made = add_daily_entry(journal, MONDAY, "## Learned\n\n- second\n", title="Monday 2025-05-05")
    assert made  # the trashed one is not the day's daily entry: Today made another
    back = entries.restore_entry(journal, first.id)
    assert not back.in_trash and not back.is_daily and back.kind == ""
    assert (back.body, back.day, back.title) == (first.body, MONDAY, first.title)  # nothing else of it changed
    assert queries.daily_entry(journal, MONDAY).id == second.id
    assert add_daily_entry(journal, MONDAY, "x", title="t") == (queries.get_entry(journal, second.id), False)
    # With no daily entry on its day, it comes back as the day's daily entry.
    entries.trash_entry(journal, second.id)
    lone, _ = add_daily_entry(journal, TUESDAY, "## Learned\n\n- tuesday\n", title="Tuesday 2025-05-06")
    entries.trash_entry(journal, lone.id)
    assert entries.restore_entry(journal, lone.id).is_daily
    assert queries.daily_entry(journal, TUESDAY).id == lone.id
    # Restoring an entry that is not in the trash changes nothing.
    assert entries.restore_entry(journal, lone.id).is_daily


def test_a_daily_entry_moved_onto_a_day_with_a_daily_entry_becomes_ordinary(journal: Journal) -> None:
    from journal import entries

    monday, _ = add_daily_entry(journal, MONDAY, "monday", title="Monday 2025-05-05")
    tuesday, _ = add_daily_entry(journal, TUESDAY, "tuesday", title="Tuesday 2025-05-06")
    moved = entries.update_entry(journal, tuesday.id, day=MONDAY)
    assert moved.day == MONDAY and not moved.is_daily
    assert queries.daily_entry(journal, MONDAY).id == monday.id
    assert queries.daily_entry(journal, TUESDAY) is None
    # Saving the day's daily entry with its own day (every autosave does) keeps it the daily entry.
    assert entries.update_entry(journal, monday.id, body="monday, more", day=MONDAY).is_daily


def test_two_daily_entries_left_on_one_day_today_opens_the_oldest(journal: Journal) -> None:
    """A journal written before one daily entry per day was kept (or by hand): Today's choice does not depend on
    the order SQLite happens to return rows in."""
    older, _ = add_daily_entry(journal, MONDAY, "older", title="Monday 2025-05-05")
    newer = add_entry(journal, "newer", title="Monday 2025-05-05", day=MONDAY, kind=DAILY)
    with journal.writing_sql() as con:  # the newer one first in the table: the index's order, not rowid, decides
        con.execute("UPDATE entries SET created = ? WHERE uuid = ?", ("2025-05-05T09:00:00.000000+00:00", newer.id))
        con.execute("UPDATE entries SET created = ? WHERE uuid = ?", ("2025-05-05T07:00:00.000000+00:00", older.id))
    assert queries.daily_entry(journal, MONDAY).id == older.id
    with journal.writing_sql() as con:
        con.execute("UPDATE entries SET created = ? WHERE uuid = ?", ("2025-05-05T06:00:00.000000+00:00", newer.id))
    assert queries.daily_entry(journal, MONDAY).id == newer.id
