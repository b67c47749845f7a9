"""The reads behind browsing by day (the calendar's marks, On this day, pinned and recent entries) and the reminder's
clock arithmetic, against a real journal file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journal import queries, stats
from journal.dates import next_time_of_day
from journal.db import Journal, open_journal
from journal.entries import create_entry, trash_entry

pytestmark = pytest.mark.core
D = dt.date


@pytest.fixture
def journal(tmp_path: Path):  # type: ignore[no-untyped-def]
    j = open_journal(tmp_path / "home")
    yield j
    j.close()


def test_day_counts_mark_live_days_and_agree_with_stats(journal: Journal) -> None:
    for day in (D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 9), D(2026, 4, 2), D(2026, 2, 27)):
        create_entry(journal, "words here", day=day)
    gone = create_entry(journal, "trashed", day=D(2026, 3, 20))
    trash_entry(journal, gone.id)
    counts = queries.day_counts(journal, D(2026, 3, 1), D(2026, 3, 31))
    assert counts == {D(2026, 3, 1): 2, D(2026, 3, 9): 1}
    with journal.snapshot() as con:
        activity = stats.daily_activity(con, D(2026, 2, 1), D(2026, 4, 30))
    assert queries.day_counts(journal, D(2026, 2, 1), D(2026, 4, 30)) == {d: a.entries for d, a in activity.items()}


def test_same_day_in_earlier_years_remembers_29_february() -> None:
    assert queries.same_day_in_earlier_years(D(2026, 5, 4), 2023) == [D(2025, 5, 4), D(2024, 5, 4), D(2023, 5, 4)]
    assert queries.same_day_in_earlier_years(D(2026, 5, 4), 2026) == []
    assert queries.same_day_in_earlier_years(D(2028, 2, 29), 2019) == [D(2024, 2, 29), D(2020, 2, 29)]
    # On 28 February of a common year, the 29ths of the leap years come too.
    assert queries.same_day_in_earlier_years(D(2026, 2, 28), 2023) == [
        D(2025, 2, 28), D(2024, 2, 29), D(2024, 2, 28), D(2023, 2, 28)
    ]  # fmt: skip
    assert D(2024, 2, 29) not in queries.same_day_in_earlier_years(D(2028, 2, 28), 2024)  # 2028 has its own 29th


def test_on_this_day_lists_earlier_years_newest_first(journal: Journal) -> None:
    older = create_entry(journal, "two years ago", title="Older", day=D(2024, 6, 15))
    newer = create_entry(journal, "a year ago", title="Newer", day=D(2025, 6, 15))
    create_entry(journal, "today", title="Today", day=D(2026, 6, 15))
    create_entry(journal, "another day", title="Other", day=D(2025, 6, 16))
    gone = create_entry(journal, "trashed", title="Gone", day=D(2023, 6, 15))
    trash_entry(journal, gone.id)
    found = queries.on_this_day(journal, D(2026, 6, 15))
    assert [s.id for s in found] == [newer.id, older.id]
    assert queries.on_this_day(journal, D(2026, 6, 15), limit=1)[0].id == newer.id
    empty = open_journal(journal.paths.home.parent / "empty")
    try:
        assert queries.on_this_day(empty, D(2026, 6, 15)) == []
    finally:
        empty.close()


def test_live_summaries_keep_the_order_given_and_leave_out_what_is_gone(journal: Journal) -> None:
    a = create_entry(journal, "a", title="A")
    b = create_entry(journal, "b", title="B")
    c = create_entry(journal, "c", title="C")
    trash_entry(journal, b.id)
    found = queries.live_summaries(journal, [c.id, b.id, "no-such-id", a.id, c.id])
    assert [s.id for s in found] == [c.id, a.id]
    assert queries.live_summaries(journal, []) == []


def test_next_time_of_day_is_today_while_ahead_else_tomorrow() -> None:
    now = dt.datetime(2026, 12, 31, 20, 59, 30)
    assert next_time_of_day("21:00", now) == dt.datetime(2026, 12, 31, 21, 0)
    assert next_time_of_day("20:59", now) == dt.datetime(2027, 1, 1, 20, 59)
    assert next_time_of_day("00:00", now) == dt.datetime(2027, 1, 1, 0, 0)
    assert next_time_of_day("20:59", dt.datetime(2026, 12, 31, 20, 59)) == dt.datetime(2027, 1, 1, 20, 59)
