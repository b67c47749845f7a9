"""The reminder to write, in the real window with an injected clock: off by default, one timer to the next
occurrence, the message in the window when there is no tray (with the streak), the tray otherwise, Today on click."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QPushButton

from journal import entries as entry_service
from ui import strings
from ui.reminder import MAX_WAIT_MS, Reminder, reminder_text

pytestmark = pytest.mark.ui


class Clock:
    """A wall clock the test sets."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def _reminder(window, clock: Clock, *, tray: bool = False, at: str = "09:00") -> Reminder:  # type: ignore[no-untyped-def]
    window.prefs = replace(window.prefs, reminder_time=at)
    return Reminder(window, now=clock, tray_available=lambda: tray)


def test_off_by_default(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.prefs.reminder_time == ""
    assert not window.reminder.timer.isActive() and window.reminder.due_at is None


def test_one_timer_to_the_next_occurrence_at_most_an_hour_at_a_time(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    today = dt.date.today()
    clock = Clock(dt.datetime.combine(today, dt.time(8, 30)))
    reminder = _reminder(window, clock)
    assert reminder.due_at == dt.datetime.combine(today, dt.time(9, 0))
    assert reminder.timer.isSingleShot() and 1_799_000 <= reminder.timer.remainingTime() <= 1_800_001
    clock.at = dt.datetime.combine(today, dt.time(21, 0))  # past today's: tomorrow's, waited for an hour at a time
    reminder.arm()
    assert reminder.due_at == dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9, 0))
    assert MAX_WAIT_MS - 1000 <= reminder.timer.remainingTime() <= MAX_WAIT_MS
    # An hourly wake-up before the time reminds of nothing and waits again.
    shown: list[str] = []
    reminder.shown.connect(shown.append)
    clock.at = dt.datetime.combine(today, dt.time(22, 0))
    reminder.check()
    assert shown == [] and reminder.timer.isActive()


def test_the_timer_fires_and_shows_the_message_in_the_window_without_a_tray(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    today = dt.date.today()
    for days in (1, 2, 3):
        entry_service.create_entry(window.journal, "wrote", day=today - dt.timedelta(days=days))
    clock = Clock(dt.datetime.combine(today, dt.time(8, 59, 59, 900_000)))
    reminder = _reminder(window, clock)
    clock.at = dt.datetime.combine(today, dt.time(9, 0, 0, 50_000))  # when the 100 ms timer runs out
    with qtbot.waitSignal(reminder.shown, timeout=5000) as fired:
        pass
    assert fired.args == [strings.REMINDER_STREAK.format(n=3, next=4)]
    assert reminder.bar is not None and reminder.bar.isVisible()
    assert reminder._label is not None and "3-day streak" in reminder._label.text()
    assert reminder.due_at == dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9, 0))  # and tomorrow's
    # Clicking it opens Today.
    write = reminder.bar.findChild(QPushButton, "ReminderWrite")
    assert write.text() == strings.REMINDER_WRITE
    write.click()
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.day == today)
    assert not reminder.bar.isVisible()


def test_no_reminder_when_today_already_has_an_entry(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    today = dt.date.today()
    entry_service.create_entry(window.journal, "done for today", day=today)
    reminder = _reminder(window, Clock(dt.datetime.combine(today, dt.time(9, 0))))
    shown: list[str] = []
    reminder.shown.connect(shown.append)
    reminder.remind()
    assert shown == [] and reminder.bar is None


def test_with_a_tray_the_notification_opens_today(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    today = dt.date.today()
    reminder = _reminder(window, Clock(dt.datetime.combine(today, dt.time(9, 0))), tray=True)
    with qtbot.waitSignal(reminder.shown):
        reminder.remind()
    assert reminder.tray is not None and reminder.bar is None
    reminder.tray.messageClicked.emit()
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.day == today)


def test_preferences_set_and_clear_the_time(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTime

    from journal.settings import load_preferences
    from ui.dialogs import preferences

    window = make_window()
    chosen = {"on": True}

    def fake_exec(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.reminder.setChecked(chosen["on"])
        dialog.reminder_time.setTime(QTime(7, 45))
        return 1

    monkeypatch.setattr(preferences.PreferencesDialog, "exec", fake_exec)
    window.show_preferences()
    assert load_preferences(window.journal.paths.settings).reminder_time == "07:45"
    assert window.reminder.timer.isActive() and window.reminder.due_at is not None
    assert (window.reminder.due_at.hour, window.reminder.due_at.minute) == (7, 45)
    chosen["on"] = False
    window.show_preferences()
    assert load_preferences(window.journal.paths.settings).reminder_time == ""
    assert not window.reminder.timer.isActive()


def test_reminder_text_names_the_streak() -> None:
    assert reminder_text(0) == strings.REMINDER_NO_STREAK
    assert reminder_text(1) == strings.REMINDER_ONE_DAY
    assert "5-day streak" in reminder_text(5) and "makes it 6" in reminder_text(5)
