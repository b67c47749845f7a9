"""Damage that appears while the window is open (bit rot, a disk going bad) and is met by a read the window makes
later, not while it is built: the list's re-read after another writer's change and the daily reminder's look at
today. Each is reported once through the window's damage channel (Maintenance, told by Journal.on_damage), never as
an exception out of a slot into the generic error dialog."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from journal import entries as entry_service
from journal.db import open_journal
from tests.ui.test_app_journal_files import damage_the_first_page_of
from ui import strings
from ui.workers import drain_pool


def open_with_entries(make_window, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    with open_journal(home) as journal:
        for i in range(40):
            entry_service.create_entry(journal, f"# Entry {i}\n\nwords", tags=["serving"])
        backup = journal.backup("manual")
    criticals: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text, *a: criticals.append((title, text)))
    window = make_window(home)
    return window, home / "journal.db", backup, criticals


def damage_now(db: Path, btree: str) -> None:
    """Put what the window's connections have in the WAL into the file, then overwrite one b-tree's first page."""
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    damage_the_first_page_of(db, btree)


def another_writer_ticks(db: Path) -> None:
    """Another process's commit the window is told of (the journal clock moves): its caches are read again."""
    con = sqlite3.connect(db)
    try:
        with con:
            con.execute("UPDATE journal_clock SET tick = tick + 1")
    finally:
        con.close()


def assert_reported_once(qtbot, window, criticals, backup: Path) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.save_label.text() == strings.DAMAGED_STATUS, timeout=20_000)
    drain_pool()
    QApplication.processEvents()
    assert [title for title, _ in criticals] == [strings.JOURNAL_ERROR]
    assert str(backup) in criticals[0][1] and "Restore from Backup" in criticals[0][1]
    assert "damaged" in window.editor.banner.text()


@pytest.mark.parametrize(("place", "btree"), [("all", "ix_entries_live_day"), ("blogs", "blogs")])
def test_the_reread_after_another_writer_reports_damage_once(
    qtbot, make_window, tmp_path, monkeypatch, place: str, btree: str
) -> None:  # type: ignore[no-untyped-def]
    """The list's rows (All entries shown) and the page shown (Blogs) are read again after another writer's change."""
    window, db, backup, criticals = open_with_entries(make_window, tmp_path, monkeypatch)
    shown = window.list.model.rowCount()
    assert shown == 40
    window.nav.select_place(place)
    damage_now(db, btree)
    with qtbot.waitSignal(window.sync.watcher.changedElsewhere, timeout=5_000):
        another_writer_ticks(db)
    # The re-read met the damage: no exception left the slot (pytest-qt fails the test on one), the rows stay.
    assert window.list.model.rowCount() == shown
    assert_reported_once(qtbot, window, criticals, backup)


def test_the_reminder_meeting_damage_reports_it_once(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, db, backup, criticals = open_with_entries(make_window, tmp_path, monkeypatch)
    reminder = window.reminder
    reminder.now = lambda: dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(20, 0))
    reminder.tray_available = lambda: False
    said: list[str] = []
    reminder.shown.connect(said.append)
    damage_now(db, "ix_entries_live_day")
    another_writer_ticks(db)  # the window's connections read the file again
    reminder.remind()
    assert said == []  # whether today has an entry cannot be told: no reminder that may be wrong
    assert_reported_once(qtbot, window, criticals, backup)
