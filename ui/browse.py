"""Browsing by day, and entries kept at hand, in the navigation column: a month calendar (days with entries marked;
a click lists that day's entries), "On this day" (entries from today's date in earlier years), "Pinned" and "Recent".
``install(window)`` adds them.

A day is a place like the others (``day:YYYY-MM-DD``, its filter an ``EntryFilter`` with that day as both ends), so
the list, its search and its date filter treat it as they treat a skill area. The rows under On this day, Pinned and
Recent each open one entry.

Pinned entries are kept in the journal's settings.json (``Preferences.pinned``): the list belongs to the journal, not
to the window, and it needs no schema change; an entry moved to the trash leaves the list until it is restored.
Recent entries are the last ones opened, kept in the window state beside the last entry shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QVBoxLayout, QWidget

from journal import queries
from journal.dates import next_time_of_day
from journal.records import Entry, EntrySummary
from ui import strings
from ui.keys import new_action
from ui.models.navigation import ENTRY_PREFIX, day_of_place, day_place, entry_item, section_item

if TYPE_CHECKING:
    from ui.desk import Desk
    from ui.widgets.calendar import EntryCalendar

CALENDAR_HEIGHT = 212  # six weeks of day cells big enough for a number and its dot
RECENT_STATE = "recent_entries"
RECENT_COUNT = 5
ON_THIS_DAY_COUNT = 8
# Recent is built again this long after an entry opens: not in the turns that fill its editor and preview (the
# section's rows and the column's repaint were ~5-10 ms of each open), and once for a run of entries flipped through.
RECENT_REFRESH_MS = 400


def _years_ago(years: int) -> str:
    return strings.NAV_YEAR_AGO if years == 1 else strings.NAV_YEARS_AGO.format(n=years)


class Browse(QObject):
    """The calendar and the entry sections of one window's navigation column."""

    def __init__(self, window: Desk, *, now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        super().__init__(window)
        self.window = window
        self._now = now
        self._day = self.today()
        nav = window.nav
        # The calendar is built once the window is on screen (a QCalendarWidget costs ~10 ms, a twentieth of the
        # start-up), in a holder of its final height, so nothing moves when it comes.
        self._calendar: EntryCalendar | None = None
        self._holder = QWidget(nav)
        self._holder.setFixedHeight(CALENDAR_HEIGHT)
        QVBoxLayout(self._holder).setContentsMargins(0, 0, 0, 0)
        nav.body.addWidget(self._holder)
        # The turn after the first frame (with this as the timers' context: nothing fires once the window is gone).
        QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._build_calendar))
        nav.model.sections["on_this_day"] = self._on_this_day
        nav.model.sections["pinned"] = self._pinned
        nav.model.sections["recent"] = self._recent
        nav.placeChosen.connect(self._place_chosen)
        nav.model.modelReset.connect(self._refresh_calendar)
        window.editor.saved.connect(lambda _entry: self._refresh_calendar())  # its day may have changed
        window.editor.entryLoaded.connect(self._opened)
        self._recent_later = QTimer(self)
        self._recent_later.setSingleShot(True)
        self._recent_later.timeout.connect(lambda: self.refresh_section("recent"))
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.setTimerType(Qt.TimerType.PreciseTimer)
        self._midnight.timeout.connect(self._new_day)
        self._arm_midnight()

        self.act_pin = new_action(strings.ACTION_PIN, window)
        self.act_pin.setToolTip(strings.ACTION_PIN_TIP)
        self.act_pin.setStatusTip(strings.ACTION_PIN_TIP)
        self.act_pin.triggered.connect(self.toggle_pin)
        window.list.view.addAction(self.act_pin)
        window.add_to_menu("entry", self.act_pin, before=window.act_history)
        window.editor.entryLoaded.connect(lambda _entry: self._update_pin_action())
        self._update_pin_action()

    def today(self) -> dt.date:
        return self._now().date()

    # --- the calendar -----------------------------------------------------------------------------------------------
    @property
    def calendar(self) -> EntryCalendar:
        """The calendar (built now if the window has not shown yet)."""
        return self._build_calendar()

    def _build_calendar(self) -> EntryCalendar:
        if self._calendar is None:
            from ui.widgets.calendar import EntryCalendar  # imported with it: ~5 ms, off the start path

            journal = self.window.journal
            calendar = EntryCalendar(lambda a, b: queries.day_counts(journal, a, b), self._holder, today=self.today)
            self._holder.layout().addWidget(calendar)
            calendar.dayChosen.connect(self.show_day)
            calendar.show_day(day_of_place(self.window.nav.current_place()))
            self._calendar = calendar
        return self._calendar

    def _refresh_calendar(self) -> None:
        if self._calendar is not None:
            self._calendar.refresh()

    def show_day(self, day: dt.date) -> None:
        """List ``day``'s entries (a place without a row in the column)."""
        self.window.nav.show_outside_place(day_place(day))

    def _place_chosen(self, place: str) -> None:
        if self._calendar is not None:
            self._calendar.show_day(day_of_place(place))
        if place.startswith(ENTRY_PREFIX):
            # After the click that chose the row has been handled: opening moves the column to All entries.
            entry_id = place[len(ENTRY_PREFIX) :]
            QTimer.singleShot(0, self, lambda: self.window.open_entry_anywhere(entry_id))

    def _arm_midnight(self) -> None:
        now = self._now()
        ms = int((next_time_of_day("00:00", now) - now).total_seconds() * 1000) + 1000
        self._midnight.start(min(ms, 3_600_000))  # at most an hour at a time: a suspended machine wakes up late

    def _new_day(self) -> None:
        """Past midnight: On this day and today's ring move on."""
        if self.today() != self._day:
            self._day = self.today()
            self.refresh_section("on_this_day")
            if self._calendar is not None:
                self._calendar.updateCells()
        self._arm_midnight()

    # --- the sections -----------------------------------------------------------------------------------------------
    def refresh_section(self, key: str) -> None:
        self.window.nav.model.refresh_section(key)
        self.window.nav.view.expandAll()

    def _section(self, key: str, label: str, rows: list[QStandardItem]) -> QStandardItem | None:
        if not rows:
            return None
        section = section_item(key, label)
        for row in rows:
            section.appendRow(row)
        return section

    def _row(self, summary: EntrySummary) -> QStandardItem:
        day = strings.DAY_PLACE.format(day=summary.day)
        return entry_item(summary.id, summary.title or "Untitled", "", strings.NAV_ENTRY_TIP.format(day=day))

    def _on_this_day(self) -> QStandardItem | None:
        today = self.today()
        rows = []
        for summary in queries.on_this_day(self.window.journal, today, limit=ON_THIS_DAY_COUNT):
            day = strings.DAY_PLACE.format(day=summary.day)
            tip = strings.NAV_ON_THIS_DAY_TIP.format(years=_years_ago(today.year - summary.day.year), day=day)
            rows.append(entry_item(summary.id, summary.title or "Untitled", str(summary.day.year), tip))
        return self._section("on_this_day", strings.NAV_ON_THIS_DAY, rows)

    def _pinned(self) -> QStandardItem | None:
        found = queries.live_summaries(self.window.journal, self.window.prefs.pinned)
        return self._section("pinned", strings.NAV_PINNED, [self._row(s) for s in found])

    def recent_ids(self) -> list[str]:
        value = self.window.state.value(RECENT_STATE, [])
        ids = [value] if isinstance(value, str) else list(value or [])  # INI keeps a one-item list as a string
        return [i for i in ids if isinstance(i, str) and i]

    def _recent(self) -> QStandardItem | None:
        pinned = set(self.window.prefs.pinned)
        wanted = [i for i in self.recent_ids() if i not in pinned]
        found = queries.live_summaries(self.window.journal, wanted)[:RECENT_COUNT]
        return self._section("recent", strings.NAV_RECENT, [self._row(s) for s in found])

    def _opened(self, entry: Entry) -> None:
        before = self.recent_ids()
        if before[:1] == [entry.id]:  # already the most recent (the entry reopened at start-up, say)
            return
        ids = [entry.id, *(i for i in before if i != entry.id)][: RECENT_COUNT * 4]
        self.window.state.setValue(RECENT_STATE, ids)
        self._recent_later.start(RECENT_REFRESH_MS)  # after the opening (it may come from a click in this column)

    # --- pinning ----------------------------------------------------------------------------------------------------
    def _chosen_ids(self) -> list[str]:
        w = self.window
        return w.list.selected_ids() or ([w.editor.entry.id] if w.editor.entry is not None else [])

    def _update_pin_action(self) -> None:
        """Pin or Unpin, as the entry shown is pinned or not (what ``toggle_pin`` does with a selection of several
        is decided when it runs)."""
        entry = self.window.editor.entry
        self.act_pin.setEnabled(entry is not None)
        pinned = entry is not None and entry.id in self.window.prefs.pinned
        self.act_pin.setText(strings.ACTION_UNPIN if pinned else strings.ACTION_PIN)

    def toggle_pin(self) -> None:
        """Pin the chosen entries, or unpin them when all of them are pinned already."""
        ids = self._chosen_ids()
        if not ids:
            return
        pinned = list(self.window.prefs.pinned)
        if all(i in pinned for i in ids):
            pinned = [p for p in pinned if p not in ids]
        else:
            pinned = [*ids, *(p for p in pinned if p not in ids)]
        self.set_pinned(pinned)

    def set_pinned(self, pinned: list[str]) -> None:
        from journal.settings import save_preferences

        w = self.window
        w.prefs = replace(w.prefs, pinned=pinned)
        try:
            save_preferences(w.journal.paths.settings, w.prefs)
        except OSError as exc:
            w.statusBar().showMessage(f"Preferences not saved: {exc.strerror}", 8000)
        self.refresh_section("pinned")
        self.refresh_section("recent")
        self._update_pin_action()


def install(window: Desk) -> Browse:
    """The calendar, On this day, Pinned and Recent in ``window``'s navigation column; Pin in the entry menus."""
    return Browse(window)
