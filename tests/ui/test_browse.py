"""Browsing by day in the real window: the calendar's marks, a click on a day listing its entries, On this day, and
the pinned and recent entries of the navigation column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QTableView

from journal import entries as entry_service
from journal.settings import load_preferences
from ui import strings, theme
from ui.models.navigation import ENTRY_PREFIX, SECTION_PREFIX, NavRole

pytestmark = pytest.mark.ui


def _month_days(today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """Three days of today's month, none of them today (the calendar opens on today's month)."""
    days = [d for d in (today.replace(day=n) for n in (3, 9, 16, 23)) if d != today]
    return days[0], days[1], days[2]


def _section_rows(window, key: str) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    model = window.nav.model
    for row in range(model.rowCount()):
        header = model.index(row, 0)
        if header.data(NavRole.Place) == SECTION_PREFIX + key:
            return [
                (model.index(r, 0, header).data(), model.index(r, 0, header).data(NavRole.Count))
                for r in range(model.rowCount(header))
            ]
    return []


def _click_day(qtbot, calendar, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    """A real mouse click on ``day``'s cell of the calendar's grid."""
    table = calendar.findChild(QTableView)
    model = table.model()
    first_row = 1  # row 0 holds the day names
    for row in range(first_row, model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = str(model.data(index))
            in_month = not ((row <= 2 and int(text) > 20) or (row >= 5 and int(text) < 15))
            if in_month and int(text) == day.day:
                qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
                return
    raise AssertionError(f"no cell for {day}")


def _cell(calendar, day: dt.date) -> QImage:  # type: ignore[no-untyped-def]
    image = QImage(36, 30, QImage.Format.Format_ARGB32)
    image.fill(QColor(theme.colours(theme.current())["sidebar"]))
    painter = QPainter(image)
    calendar.paintCell(painter, image.rect(), QDate(day.year, day.month, day.day))
    painter.end()
    return image


def _has_colour(image: QImage, colour: str) -> bool:
    want = QColor(colour)
    return any(
        abs(image.pixelColor(x, y).red() - want.red()) < 30
        and abs(image.pixelColor(x, y).green() - want.green()) < 30
        and abs(image.pixelColor(x, y).blue() - want.blue()) < 30
        for x in range(image.width())
        for y in range(image.height())
    )


def test_the_calendar_marks_days_with_entries(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    calendar = window.browse.calendar
    a, b, empty = _month_days(window.browse.today())
    for day in (a, a, b):
        entry_service.create_entry(window.journal, "words", day=day)
    gone = entry_service.create_entry(window.journal, "trashed", day=empty)
    entry_service.trash_entry(window.journal, gone.id)
    window.nav.reload()  # as after any new entry: the marks are read again
    assert calendar.marked == {a: 2, b: 1}
    accent = theme.colours(theme.current())["accent"]
    assert _has_colour(_cell(calendar, a), accent)  # the dot under the number
    assert not _has_colour(_cell(calendar, empty), accent)
    # Another month reads its own marks.
    calendar.showNextMonth()
    assert all(d.month != a.month or d > a.replace(day=28) for d in calendar.marked)


def test_clicking_a_day_lists_its_entries(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    a, b, _ = _month_days(window.browse.today())
    first = entry_service.create_entry(window.journal, "one", title="First of the day", day=a)
    second = entry_service.create_entry(window.journal, "two", title="Second of the day", day=a)
    entry_service.create_entry(window.journal, "other", title="Another day", day=b)
    window.nav.reload()
    window.list.reload()
    assert window.list.model.rowCount() == 3
    _click_day(qtbot, window.browse.calendar, a)
    qtbot.waitUntil(lambda: window.list.model.rowCount() == 2)
    shown = {window.list.model.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(2)}
    assert window.list.model.rowCount() == 2, shown
    assert window.nav.current_place() == f"day:{a.isoformat()}"
    assert not window.nav.view.currentIndex().isValid()  # no row of the column is the place
    assert window.list.header.text().startswith(strings.DAY_PLACE.format(day=a))
    assert window.browse.calendar.shown_day == a
    window.list.select_entry(second.id)
    assert window.editor.entry.id == second.id
    # The list's own date filter narrows the day, it does not replace it.
    window.list.dates.setCurrentIndex(3)  # this year
    window.list.dates.activated.emit(3)
    assert window.list.model.rowCount() == 2
    # Choosing a place of the column again leaves the day.
    window.nav.select_place("all")
    assert window.list.model.rowCount() == 3
    assert window.browse.calendar.shown_day is None
    assert first.id != second.id


def test_on_this_day_lists_earlier_years_and_opens_them(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    today = window.browse.today()
    if (today.month, today.day) == (2, 29):
        pytest.skip("today has no date in the earlier years")
    older = entry_service.create_entry(
        window.journal, "old", title="Two years back", day=today.replace(year=today.year - 2)
    )
    newer = entry_service.create_entry(
        window.journal, "new", title="One year back", day=today.replace(year=today.year - 1)
    )
    entry_service.create_entry(window.journal, "today", title="Written today", day=today)
    entry_service.create_entry(window.journal, "x", title="Not that day", day=today - dt.timedelta(days=3))
    window.nav.reload()
    assert _section_rows(window, "on_this_day") == [
        ("One year back", str(today.year - 1)),
        ("Two years back", str(today.year - 2)),
    ]
    index = window.nav.model.index_of_place(ENTRY_PREFIX + older.id)
    window.nav.view.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == older.id)
    assert window.nav.current_place() == "all"  # shown in All entries, selected there
    assert window.list.view.currentIndex().isValid()
    assert newer.id != older.id


def test_pin_and_unpin_from_the_list_kept_in_the_journal_settings(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    note = entry_service.create_entry(window.journal, "keep me close", title="Keep at hand")
    entry_service.create_entry(window.journal, "other", title="Other")
    window.nav.reload()
    window.list.reload()
    window.list.select_entry(note.id)
    action = window.browse.act_pin
    assert action in window.list.view.actions()  # the list's context menu
    assert action in window.menu_entry.actions()
    assert action.text() == strings.ACTION_PIN
    action.trigger()
    assert _section_rows(window, "pinned") == [("Keep at hand", None)]
    assert action.text() == strings.ACTION_UNPIN
    assert load_preferences(window.journal.paths.settings).pinned == [note.id]
    window.close()

    again = make_window(tmp_path / "home")
    assert _section_rows(again, "pinned") == [("Keep at hand", None)]
    entry_service.trash_entry(again.journal, note.id)
    again.nav.reload()
    assert _section_rows(again, "pinned") == []  # gone with the entry...
    assert load_preferences(again.journal.paths.settings).pinned == [note.id]  # ...and back if it is restored
    entry_service.restore_entry(again.journal, note.id)
    again.nav.reload()
    again.list.reload()
    again.list.select_entry(note.id)
    assert again.browse.act_pin.text() == strings.ACTION_UNPIN
    again.browse.act_pin.trigger()
    assert _section_rows(again, "pinned") == []
    assert load_preferences(again.journal.paths.settings).pinned == []


def test_recent_lists_the_entries_opened_last(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    made = [entry_service.create_entry(window.journal, f"body {n}", title=f"Entry {n}") for n in range(7)]
    window.nav.reload()
    window.list.reload()
    for entry in made:
        window.list.select_entry(entry.id)
    qtbot.waitUntil(lambda: len(_section_rows(window, "recent")) == 5)
    assert [t for t, _ in _section_rows(window, "recent")] == [f"Entry {n}" for n in (6, 5, 4, 3, 2)]
    window.list.select_entry(made[3].id)
    qtbot.waitUntil(lambda: _section_rows(window, "recent")[0][0] == "Entry 3")
    window.browse.toggle_pin()  # a pinned entry is under Pinned, not twice
    assert "Entry 3" not in [t for t, _ in _section_rows(window, "recent")]
    # Clicking a recent row opens it.
    index = window.nav.model.index_of_place(ENTRY_PREFIX + made[1].id)
    window.nav.view.scrollTo(index)
    rect = window.nav.view.visualRect(index)
    qtbot.mouseClick(window.nav.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == made[1].id)


def test_the_calendar_follows_a_change_of_theme(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window = make_window()
    calendar = window.browse.calendar
    start = theme.current()
    other = "dark" if start == "light" else "light"
    theme.apply(QApplication.instance(), other)
    try:
        qtbot.waitUntil(
            lambda: calendar.headerTextFormat().foreground().color().name() == theme.colours(other)["muted"]
        )
    finally:
        theme.apply(QApplication.instance(), start)
