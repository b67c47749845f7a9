"""A daily reminder to write, off until a time is chosen in Preferences. ``install(window)`` sets it up.

At the chosen time, if today has no entry yet, a notification says so with the current streak: through the system
tray where there is one (``QSystemTrayIcon.isSystemTrayAvailable()``), otherwise as a bar at the top of the window.
Clicking either opens Today.

One single-shot timer runs to the next occurrence (no polling), and never for more than an hour at a time: the
monotonic clock Qt's timers run on stops while the machine sleeps, so each wake-up checks the wall clock again. The
clock is injectable so tests can drive the time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSystemTrayIcon,
    QToolBar,
    QToolButton,
    QWidget,
)

from journal import queries
from journal.dates import next_time_of_day
from journal.records import EntryFilter
from ui import strings
from ui.damage import unless_damaged

if TYPE_CHECKING:
    from ui.desk import Desk

MAX_WAIT_MS = 3_600_000  # re-check the wall clock at least this often
TRAY_MESSAGE_MS = 15_000


def reminder_text(streak: int) -> str:
    """What the reminder says, with the streak that writing today keeps going (today has no entry yet, so the
    current streak is the one that ended yesterday)."""
    if streak <= 0:
        return strings.REMINDER_NO_STREAK
    if streak == 1:
        return strings.REMINDER_ONE_DAY
    return strings.REMINDER_STREAK.format(n=streak, next=streak + 1)


class Reminder(QObject):
    """The reminder of one window."""

    shown = Signal(str)  # the text, each time the reminder is shown

    def __init__(
        self,
        window: Desk,
        *,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        tray_available: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.now = now
        self.tray_available = tray_available or QSystemTrayIcon.isSystemTrayAvailable
        self.due_at: dt.datetime | None = None
        self.tray: QSystemTrayIcon | None = None
        self.bar: QToolBar | None = None
        self._label: QLabel | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may be 5% late: 30 minutes over 10 hours
        self.timer.timeout.connect(self.check)
        self.arm()

    def arm(self) -> None:
        """Set the timer for the next occurrence of the chosen time (or stop it when there is none)."""
        chosen = self.window.prefs.reminder_time
        if not chosen:
            self.timer.stop()
            self.due_at = None
            if self.tray is not None:
                self.tray.hide()
            return
        now = self.now()
        self.due_at = next_time_of_day(chosen, now)
        wait_ms = (self.due_at - now).total_seconds() * 1000
        self.timer.start(max(0, min(int(wait_ms) + 1, MAX_WAIT_MS)))

    def apply_preferences(self) -> None:
        self.arm()

    def check(self) -> None:
        """The timer ran out: remind if the time has come (else it was an hourly look at the clock), then wait for
        the next occurrence."""
        if self.due_at is not None and self.now() >= self.due_at:
            self.remind()
        self.arm()

    def remind(self) -> None:
        """Remind now, unless the person wrote today (the Welcome tutorial is not their writing: it does not count,
        as in their streaks)."""
        today = self.now().date()
        text = unless_damaged(lambda: self._due_text(today), None)  # damage: the window says so, once (ui.damage)
        if text is None:
            return
        if self.tray_available():
            tray = self._tray()
            tray.show()
            tray.showMessage(strings.REMINDER_TITLE, text, QSystemTrayIcon.MessageIcon.Information, TRAY_MESSAGE_MS)
        else:
            self._show_bar(text)
            QApplication.alert(self.window)  # the taskbar entry asks for attention when the window is behind others
        self.shown.emit(text)

    def _due_text(self, today: dt.date) -> str | None:
        """What to say on ``today``, or None when the person wrote today."""
        journal = self.window.journal
        if queries.count_entries(journal, EntryFilter(since=today, until=today, with_tutorial=False)):
            return None
        from journal.stats import writing_streaks  # loads the roadmap format: not on the start path

        return reminder_text(writing_streaks(journal, today).current)

    def open_today(self) -> None:
        """The reminder was clicked: bring the window forward on today's entry."""
        if self.bar is not None:
            self.bar.hide()
        self.window.show_in_front()
        self.window.act_today.trigger()

    def _tray(self) -> QSystemTrayIcon:
        if self.tray is None:
            self.tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            self.tray.setToolTip(strings.APP_NAME)
            self.tray.messageClicked.connect(self.open_today)
            self.tray.activated.connect(lambda _reason: self.open_today())
        return self.tray

    def _show_bar(self, text: str) -> None:
        if self.bar is None:
            bar = QToolBar(strings.REMINDER_TITLE, self.window)
            bar.setObjectName("ReminderBar")
            bar.setMovable(False)
            bar.setFloatable(False)
            bar.toggleViewAction().setVisible(False)  # not in the toolbars' context menu: it comes and goes by itself
            self._label = QLabel(bar)
            self._label.setObjectName("ReminderText")
            self._label.setAccessibleName(strings.REMINDER_TITLE)
            write = QPushButton(strings.REMINDER_WRITE, bar)
            write.setObjectName("ReminderWrite")
            write.setToolTip(strings.ACTION_TODAY_TIP)
            write.clicked.connect(self.open_today)
            close = QToolButton(bar)
            close.setText("✕")
            close.setAccessibleName(strings.REMINDER_DISMISS)
            close.setToolTip(strings.REMINDER_DISMISS)
            close.clicked.connect(bar.hide)
            spacer = QWidget(bar)
            spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            bar.addWidget(self._label)
            bar.addWidget(write)
            bar.addWidget(spacer)
            bar.addWidget(close)
            self.window.addToolBarBreak()
            self.window.addToolBar(bar)
            self.bar = bar
        assert self._label is not None
        self._label.setText(text)
        self.bar.show()


def install(window: Desk) -> Reminder:
    """The daily reminder to write for ``window`` (idle until Preferences set a time)."""
    return Reminder(window)
