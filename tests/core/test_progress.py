"""Progress, pace, streaks and writing statistics against small journals checked by hand."""

from __future__ import annotations

import datetime as dt
import math
import sqlite3

import pytest

from journal import stats
from journal.db import Journal
from journal.entries import create_entry, trash_entry, update_entry
from journal.progress import (
    PACE_BEHIND,
    PACE_DONE,
    PACE_EARLY,
    PACE_MIN_DAYS,
    PACE_MIN_DONE,
    PACE_NO_TARGET,
    PACE_NONE,
    PACE_ON_TRACK,
    area_entries,
    compute_pace,
    insights,
    period_for,
    progress_percent,
    roadmap_status,
    years_with_entries,
)
from journal.roadmap import ensure_roadmap, link_evidence, mark_done, set_target

D = dt.date


# --- streaks --------------------------------------------------------------------------------------------------------


def days(*items: str) -> list[dt.date]:
    return [D.fromisoformat(i) for i in items]


@pytest.mark.parametrize(
    ("written", "today", "current", "longest"),
    [
        ([], "2026-03-10", 0, 0),
        (["2026-03-10"], "2026-03-10", 1, 1),
        (["2026-03-09"], "2026-03-10", 1, 1),  # ends yesterday: still alive today
        (["2026-03-08"], "2026-03-10", 0, 1),  # a whole day missed
        (["2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10"], "2026-03-10", 4, 4),
        (["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-09", "2026-03-10"], "2026-03-10", 2, 3),
        (["2026-03-10", "2026-03-10", "2026-03-09"], "2026-03-10", 2, 2),  # several entries a day count once
        (["2026-03-10", "2026-03-11", "2026-03-12"], "2026-03-10", 1, 1),  # days ahead are not written yet
        (["2024-02-28", "2024-02-29", "2024-03-01"], "2024-03-01", 3, 3),  # leap day
    ],
)
def test_streaks(written: list[str], today: str, current: int, longest: int) -> None:
    s = stats.compute_streaks(days(*written), D.fromisoformat(today))
    assert (s.current, s.longest) == (current, longest)


def test_a_streak_across_new_year() -> None:
    written = days("2025-12-29", "2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02", "2025-12-20")
    s = stats.compute_streaks(written, D(2026, 1, 3))
    assert (s.current, s.current_start) == (5, D(2025, 12, 29))
    assert (s.longest, s.longest_start, s.longest_end) == (5, D(2025, 12, 29), D(2026, 1, 2))
    assert stats.compute_streaks(written, D(2026, 1, 4)).current == 0


def test_the_most_recent_of_equal_runs_is_the_longest() -> None:
    s = stats.compute_streaks(days("2026-01-01", "2026-01-02", "2026-02-01", "2026-02-02"), D(2026, 3, 1))
    assert (s.longest, s.longest_start) == (2, D(2026, 2, 1))


def test_streaks_use_the_entry_day_not_the_utc_clock(journal: Journal) -> None:
    """An entry written at 23:30 in New York on 31 December is stored at 04:30 UTC on 1 January, but its day is the
    person's calendar day: the streak counts 31 December."""
    for day in ("2025-12-30", "2025-12-31", "2026-01-01"):
        create_entry(journal, f"entry of {day}", day=D.fromisoformat(day))
    trashed = create_entry(journal, "trashed", day=D(2026, 1, 2))
    trash_entry(journal, trashed.id)
    with journal.snapshot() as con:
        written = stats.written_days(con)
    assert written == days("2025-12-30", "2025-12-31", "2026-01-01")  # trashed entries never count
    s = stats.compute_streaks(written, D(2026, 1, 2))
    assert (s.current, s.longest) == (3, 3)


# --- pace -----------------------------------------------------------------------------------------------------------


def test_pace_rules() -> None:
    today = D(2026, 3, 1)
    # 2 done in the last 8 weeks (56 days incl. today) → 0.25 a week; 3 to go → 12 weeks → 84 days.
    recent = [today - dt.timedelta(days=3), today - dt.timedelta(days=55)]
    on_track = compute_pace(recent, 5, today + dt.timedelta(days=84), today)
    assert (on_track.status, on_track.per_week, on_track.remaining) == (PACE_ON_TRACK, 0.25, 3)
    assert on_track.finish == today + dt.timedelta(days=84)
    behind = compute_pace(recent, 5, today + dt.timedelta(days=70), today)
    assert (behind.status, behind.weeks_late) == (PACE_BEHIND, 2)  # 14 days late
    just = compute_pace(recent, 5, today + dt.timedelta(days=83), today)
    assert (just.status, just.weeks_late) == (PACE_BEHIND, 1)  # one day late rounds up to a week
    old = [today - dt.timedelta(days=56)]  # outside the window
    assert compute_pace(old, 5, today + dt.timedelta(days=30), today).status == PACE_NONE
    assert compute_pace(old, 5, None, today).status == PACE_NO_TARGET
    assert compute_pace([today] * 3, 3, today, today).status == PACE_DONE
    undated = compute_pace([], 3, today + dt.timedelta(days=9), today, done=3)
    assert undated.status == PACE_DONE
    overdue = compute_pace(recent, 5, today - dt.timedelta(days=7), today)
    assert (overdue.status, overdue.weeks_late) == (PACE_BEHIND, 13)


def test_no_pace_is_estimated_from_too_little_evidence() -> None:
    today = D(2026, 3, 1)
    target = today + dt.timedelta(days=90)
    # One milestone on day one used to say "done around" half a year on: now it says what is still needed.
    first_day = compute_pace([today], 5, target, today)
    assert (first_day.status, first_day.finish, first_day.needs_done, first_day.needs_days) == (
        PACE_EARLY, None, PACE_MIN_DONE - 1, PACE_MIN_DAYS,
    )  # fmt: skip
    two_today = compute_pace([today, today], 5, target, today)
    assert (two_today.status, two_today.needs_done, two_today.needs_days) == (PACE_EARLY, 0, PACE_MIN_DAYS)
    almost = compute_pace([today - dt.timedelta(days=13), today], 5, None, today)
    assert (almost.status, almost.needs_done, almost.needs_days, almost.finish) == (PACE_EARLY, 0, 1, None)
    one_old = compute_pace([today - dt.timedelta(days=30)], 5, target, today)
    assert (one_old.status, one_old.needs_done, one_old.needs_days) == (PACE_EARLY, 1, 0)
    # Enough: two milestones over 14 days (15 days, today included) is 2 / (15 / 7) a week.
    enough = compute_pace([today - dt.timedelta(days=14), today], 5, target, today)
    assert enough.status == PACE_ON_TRACK and enough.per_week == pytest.approx(2 / (15 / 7))
    assert enough.finish == today + dt.timedelta(days=math.ceil(3 / enough.per_week * 7))


def test_progress_is_rounded_down() -> None:
    assert [progress_percent(d, t) for d, t in ((0, 5), (1, 3), (2, 3), (199, 200), (5, 5), (0, 0))] == [
        0, 33, 66, 99, 100, 0,
    ]  # fmt: skip


# --- areas ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def small(journal: Journal) -> dict[str, str]:
    """serving: two tagged entries (one also linked), one linked-only entry, one trashed tagged entry."""
    ensure_roadmap(journal)
    e = {
        "a": create_entry(journal, "one two three", tags=["Serving"], day=D(2026, 2, 3)).id,
        "b": create_entry(journal, "four five", tags=["serving", "testing"], day=D(2026, 2, 20)).id,
        "c": create_entry(journal, "six seven eight nine", day=D(2026, 3, 1)).id,
        "t": create_entry(journal, "gone gone", tags=["serving"], day=D(2026, 3, 2)).id,
        "x": create_entry(journal, "other area", tags=["git"], day=D(2025, 12, 31)).id,
    }
    link_evidence(journal, "serving-http-service", e["a"])
    link_evidence(journal, "serving-throughput", e["c"])
    link_evidence(journal, "serving-throughput", e["t"])
    trash_entry(journal, e["t"])
    mark_done(journal, "serving-http-service", D(2026, 2, 25))
    set_target(journal, "serving", D(2026, 6, 1))
    return e


@pytest.mark.parametrize("scan", [False, True], ids=["lookups", "scan"])
def test_area_progress_evidence_and_words(journal: Journal, small: dict[str, str], scan: bool, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if scan:
        monkeypatch.setattr(stats, "_SCAN_THRESHOLD", 0)
    status = roadmap_status(journal, today=D(2026, 3, 5))
    serving = status.area("serving")
    assert serving is not None
    assert (serving.total, serving.done, serving.doing, serving.progress) == (5, 1, 1, 20)
    assert serving.evidence_count == 3  # a, b (tagged), c (linked); the trashed one never counts
    assert serving.words == 3 + 2 + 4
    assert serving.last_activity == D(2026, 3, 1)
    states = {m.id: (m.state, [e.id for e in m.evidence]) for m in serving.milestones}
    assert states["serving-http-service"] == ("done", [small["a"]])
    assert states["serving-throughput"] == ("doing", [small["c"]])  # the trashed entry's link is not shown
    # 1 done, 8 days ago: too little to estimate a pace from (no "done around 15 October" from one milestone).
    assert serving.pace.finish is None
    assert (serving.pace.status, serving.pace.needs_done, serving.pace.needs_days) == (PACE_EARLY, 1, 6)
    testing = status.area("testing")
    assert testing is not None and (testing.evidence_count, testing.words, testing.progress) == (1, 2, 0)
    git = status.area("git")
    assert git is not None and git.last_activity == D(2025, 12, 31)
    assert (status.done, status.doing, status.total) == (1, 1, ensure_roadmap(journal).milestone_count)
    assert [e.id for e in area_entries(journal, "serving")] == [small["c"], small["b"], small["a"]]


@pytest.mark.parametrize("scan", [False, True], ids=["lookups", "scan"])
def test_area_words_follow_every_change_to_the_journal(
    journal: Journal, small: dict[str, str], scan: bool, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The words per area are kept between showings of the Roadmap until the journal clock ticks: a write of ours, a
    retag, a trashing, and another writer's change to the file each show at once."""
    if scan:
        monkeypatch.setattr(stats, "_SCAN_THRESHOLD", 0)
    calls = []
    real = stats.area_activity
    monkeypatch.setattr(stats, "area_activity", lambda *a, **k: calls.append(1) or real(*a, **k))

    def serving() -> tuple[int, int]:
        area = roadmap_status(journal, today=D(2026, 3, 5)).area("serving")
        assert area is not None
        return area.evidence_count, area.words

    assert serving() == (3, 9)
    assert serving() == (3, 9) and len(calls) == 1  # nothing changed: not read again
    update_entry(journal, small["a"], body="one two three four five")
    assert serving() == (3, 11)
    create_entry(journal, "ten eleven", tags=["serving"], day=D(2026, 3, 4))
    assert serving() == (4, 13)
    trash_entry(journal, small["b"])
    assert serving() == (3, 11)
    other = sqlite3.connect(journal.paths.db)  # another process's write (the command line, a sync)
    with other:
        other.execute("UPDATE entries SET word_count = 100 WHERE uuid = ?", (small["c"],))
    other.close()
    assert serving() == (3, 107)
    assert len(calls) == 5


def test_status_without_the_scan_gives_the_last_words_read_and_says_when_they_are_old(
    journal: Journal, small: dict[str, str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """``scan=False`` (the app, on its GUI thread) never reads the words per area: None before any were read, the last
    ones (``words_current`` False) after a change, everything else as it is now."""
    stats.forget_area_activity()
    calls = []
    real = stats.area_activity
    monkeypatch.setattr(stats, "area_activity", lambda *a, **k: calls.append(1) or real(*a, **k))
    today = D(2026, 3, 5)
    assert roadmap_status(journal, today=today, scan=False) is None
    full = roadmap_status(journal, today=today)
    assert full.words_current and (full.area("serving").evidence_count, full.area("serving").words) == (3, 9)  # type: ignore[union-attr]
    assert roadmap_status(journal, today=today, scan=False) == full
    create_entry(journal, "ten eleven", tags=["serving"], day=D(2026, 3, 4))
    mark_done(journal, "serving-throughput", D(2026, 3, 5))
    quick = roadmap_status(journal, today=today, scan=False)
    assert quick is not None and not quick.words_current
    serving = quick.area("serving")
    assert serving is not None and (serving.evidence_count, serving.words) == (3, 9)  # the words read before
    assert serving.done == 2  # the milestones as they are now
    assert len(calls) == 1
    assert roadmap_status(journal, today=today).area("serving").words == 11  # type: ignore[union-attr]
    again = roadmap_status(journal, today=today, scan=False)
    assert again is not None and again.words_current and len(calls) == 2


def test_insights_of_a_period(journal: Journal, small: dict[str, str]) -> None:
    found = insights(journal, today=D(2026, 3, 5), year=2026)
    assert (found.start, found.end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert sorted(found.days) == days("2026-02-03", "2026-02-20", "2026-03-01")
    assert found.days[D(2026, 2, 20)].words == 2
    assert (found.entries, found.words, found.days_written) == (3, 9, 3)
    assert found.area_months == {"2026-02": {"serving": 2, "testing": 1}, "2026-03": {"serving": 1}}
    assert found.months[0] == "2026-01" and found.months[-1] == "2026-12"
    assert found.streaks.longest == 1
    last = insights(journal, today=D(2026, 3, 5))
    assert last.start == D(2025, 3, 3) and last.start.weekday() == 0 and last.end == D(2026, 3, 5)
    assert last.area_months["2025-12"] == {"git": 1}
    assert years_with_entries(journal) == [2026, 2025]
    assert period_for(D(2026, 3, 5), 2024) == (D(2024, 1, 1), D(2024, 12, 31))


def test_months_and_totals(journal: Journal, small: dict[str, str]) -> None:
    with journal.snapshot() as con:
        months = stats.monthly_activity(con)
        assert [(m.month, m.entries, m.words) for m in months] == [
            ("2025-12", 1, 2), ("2026-02", 2, 5), ("2026-03", 1, 4),
        ]  # fmt: skip
        assert stats.totals(con) == (4, 11)
    assert stats.month_range(D(2025, 11, 30), D(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]
