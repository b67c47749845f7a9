"""The window and another writer on one journal (ui/sync.py): the other writer's changes show within about a second
without losing the person's place; the open entry reloads, merges or asks; an entry trashed elsewhere turns
read-only; a save never overwrites a newer text. The other writer is a second ``Journal`` on the same file (its own
connections, as another process has), and ``sqlite3`` writing plain SQL as a script would."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from journal import entries as entry_service
from journal.db import Journal, open_journal
from ui import strings
from ui.models.entry_list import Role
from ui.models.navigation import NavRole

DETECT_MS = 1500  # "within about a second": the poll runs every 500 ms


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Journal]:
    """Another writer on the window's journal (made by ``make_window`` in ``tmp_path / "home"``)."""
    opened: list[Journal] = []

    def make() -> Journal:
        journal = open_journal(tmp_path / "home", full_check=False)
        opened.append(journal)
        return journal

    yield make  # type: ignore[misc]
    for journal in opened:
        journal.close()


def _open(qtbot, window, entry_id: str) -> None:  # type: ignore[no-untyped-def]
    window.list.reload()
    window.list.select_entry(entry_id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry_id)


def _type(qtbot, window, text: str, *, at_end: bool = True) -> None:  # type: ignore[no-untyped-def]
    editor = window.editor.editor
    editor.setFocus()
    if at_end:
        editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText(text)
    assert window.editor.dirty


def test_entries_added_and_trashed_elsewhere_show_with_their_counts(qtbot, make_window, other) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    writer = other()
    first = entry_service.create_entry(window.journal, "mine", tags=["serving"])
    window.list.reload()
    window.nav.reload()
    started = time.monotonic()
    added = [entry_service.create_entry(writer, f"from elsewhere {i}", tags=["ml ops"]) for i in range(3)]
    qtbot.waitUntil(lambda: window.list.model.rowCount() == 4, timeout=DETECT_MS)
    assert time.monotonic() - started < DETECT_MS / 1000
    assert window.list.header.text() == strings.LIST_COUNT.format(n=4)
    assert window.nav.model.index_of_place("tag:ml ops") is not None  # the new skill area is in the column
    assert "ml ops" in window.list.delegate.tag_colours
    entry_service.trash_entry(writer, added[0].id)
    qtbot.waitUntil(lambda: window.list.model.rowCount() == 3, timeout=DETECT_MS)
    trash = window.nav.model.index_of_place("trash")
    assert trash is not None and trash.data(NavRole.Count) == 1
    assert first.id in {window.list.model.index(r).data(Role.EntryId) for r in range(3)}


def test_our_own_saves_are_not_news(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = entry_service.create_entry(window.journal, "mine")
    _open(qtbot, window, entry.id)
    seen: list[int] = []
    window.sync.watcher.changedElsewhere.connect(lambda: seen.append(1))
    _type(qtbot, window, " and more")
    assert window.editor.save_now()
    entry_service.create_entry(window.journal, "another of mine")
    window.sync.watcher.poll()
    assert seen == []


def test_selection_and_scroll_position_stay(qtbot, make_window, other) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    for i in range(60):
        entry_service.create_entry(window.journal, f"entry {i}")
    window.list.reload()
    view = window.list.view
    view.setCurrentIndex(window.list.model.index(30))
    chosen = view.currentIndex().data(Role.EntryId)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == chosen)
    view.scrollTo(window.list.model.index(30))
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > 0)
    top = view.indexAt(view.viewport().rect().topLeft()).data(Role.EntryId)
    entry_service.create_entry(other(), "a new one at the top")
    qtbot.waitUntil(lambda: window.list.model.rowCount() == 61, timeout=DETECT_MS)
    assert view.currentIndex().data(Role.EntryId) == chosen
    assert window.list.selected_ids() == [chosen]
    assert view.indexAt(view.viewport().rect().topLeft()).data(Role.EntryId) == top  # the same rows in view
    assert window.editor.entry is not None and window.editor.entry.id == chosen


def test_the_open_entry_reloads_in_place_when_it_has_no_local_edits(qtbot, make_window, other) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    body = "# Notes\n\nFirst paragraph here.\n\nSecond paragraph.\n"
    entry = entry_service.create_entry(window.journal, body)
    _open(qtbot, window, entry.id)
    editor = window.editor.editor
    cursor = editor.textCursor()
    cursor.setPosition(body.index("paragraph here") + 3)
    editor.setTextCursor(cursor)
    newer = body + "\nAdded from the command line 👋.\n"
    entry_service.update_entry(other(), entry.id, body=newer)
    qtbot.waitUntil(lambda: editor.toPlainText() == newer, timeout=DETECT_MS)
    assert editor.textCursor().position() == body.index("paragraph here") + 3  # the person's place
    assert not window.editor.dirty
    assert window.save_label.text() == strings.RELOADED_ELSEWHERE
    _type(qtbot, window, " Mine.")
    assert window.editor.save_now()  # over the version it reloaded: no refusal
    assert entry_service.get_entry(window.journal, entry.id).body == newer + " Mine."


def test_both_edited_in_different_places_merge(qtbot, make_window, other) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    body = "# Plan\n\nFirst.\n\nSecond.\n\nThird.\n"
    entry = entry_service.create_entry(window.journal, body)
    _open(qtbot, window, entry.id)
    window.editor.autosave_delay = 60_000  # the person is still typing when the other change arrives
    _type(qtbot, window, "Mine at the end.\n")
    entry_service.update_entry(other(), entry.id, body=body.replace("First.", "First, theirs."))
    merged = "# Plan\n\nFirst, theirs.\n\nSecond.\n\nThird.\nMine at the end.\n"
    qtbot.waitUntil(lambda: entry_service.get_entry(window.journal, entry.id).body == merged, timeout=DETECT_MS)
    assert window.editor.editor.toPlainText() == merged
    assert window.editor.editor.textCursor().position() == len(merged)  # still after what the person typed
    assert not window.editor.conflict.isVisible()
    assert window.save_label.text().startswith(strings.MERGED_ELSEWHERE) or strings.SAVED in window.save_label.text()


def test_a_save_before_the_watcher_looked_is_refused_then_merged(qtbot, make_window, other) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.sync.watcher.timer.stop()
    window.sync.watcher.files.removePaths(window.sync.watcher.files.files())  # the save finds out first
    body = "one\n\ntwo\n"
    entry = entry_service.create_entry(window.journal, body)
    _open(qtbot, window, entry.id)
    entry_service.update_entry(other(), entry.id, body="one, theirs\n\ntwo\n")
    _type(qtbot, window, "three\n")
    assert window.editor.save_now()
    assert entry_service.get_entry(window.journal, entry.id).body == "one, theirs\n\ntwo\nthree\n"


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_a_conflict_asks_and_keeps_both_versions(qtbot, make_window, other, choice: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = entry_service.create_entry(window.journal, "# Plan\n\nThe same line.\n")
    _open(qtbot, window, entry.id)
    window.editor.autosave_delay = 60_000
    editor = window.editor.editor
    editor.setPlainText("# Plan\n\nThe same line, as I wrote it.\n")
    assert window.editor.dirty
    theirs = "# Plan\n\nThe same line, as they wrote it.\n"
    entry_service.update_entry(other(), entry.id, body=theirs)
    banner = window.editor.conflict
    qtbot.waitUntil(banner.isVisible, timeout=DETECT_MS)
    diff = banner.diff.toPlainText()
    assert "as they wrote it" in diff and "as I wrote it" in diff
    assert entry_service.get_entry(window.journal, entry.id).body == theirs  # nothing overwritten yet
    _type(qtbot, window, "Typed while deciding.\n")
    qtbot.wait(50)
    assert entry_service.get_entry(window.journal, entry.id).body == theirs  # no autosave decides for the person
    mine = editor.toPlainText()
    if choice == "mine":
        qtbot.mouseClick(banner.keep_mine, Qt.MouseButton.LeftButton)
        assert entry_service.get_entry(window.journal, entry.id).body == mine
        kept = theirs
    else:
        qtbot.mouseClick(banner.take_theirs, Qt.MouseButton.LeftButton)
        assert editor.toPlainText() == theirs and not window.editor.dirty
        assert entry_service.get_entry(window.journal, entry.id).body == theirs
        kept = mine
    assert not banner.isVisible()
    assert kept in [r.body for r in entry_service.list_revisions(window.journal, entry.id)]


def test_leaving_a_conflict_keeps_mine_and_theirs_in_history(qtbot, make_window, other) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = entry_service.create_entry(window.journal, "line\n")
    elsewhere = entry_service.create_entry(window.journal, "another entry")
    _open(qtbot, window, entry.id)
    window.editor.autosave_delay = 60_000
    window.editor.editor.setPlainText("line, mine\n")
    entry_service.update_entry(other(), entry.id, body="line, theirs\n")
    qtbot.waitUntil(window.editor.conflict.isVisible, timeout=DETECT_MS)
    window.open_entry(elsewhere.id)
    window.open_entry(elsewhere.id)  # the first attempt shows the banner; going on keeps mine
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == elsewhere.id)
    assert entry_service.get_entry(window.journal, entry.id).body == "line, mine\n"
    assert "line, theirs\n" in [r.body for r in entry_service.list_revisions(window.journal, entry.id)]


@pytest.mark.parametrize("unsaved", [False, True])
def test_an_entry_trashed_elsewhere_turns_read_only(qtbot, make_window, other, unsaved: bool) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = entry_service.create_entry(window.journal, "draft")
    _open(qtbot, window, entry.id)
    window.editor.autosave_delay = 60_000
    if unsaved:
        _type(qtbot, window, " typed before the trash")
    con = sqlite3.connect(window.journal.paths.db)  # a script, as plain SQL
    con.execute("UPDATE entries SET deleted_at = '2026-12-01T10:00:00.000000+00:00' WHERE uuid = ?", (entry.id,))
    con.commit()
    con.close()
    qtbot.waitUntil(lambda: window.editor.editor.isReadOnly(), timeout=DETECT_MS)
    banner = window.editor.banner.text()
    assert banner == (strings.TRASHED_ELSEWHERE_KEPT if unsaved else strings.TRASHED_ELSEWHERE)
    assert not window.editor.title.isEnabled()
    window.editor.editor.setReadOnly(False)  # even if a key got through: no save goes into the trashed entry
    window.editor.editor.insertPlainText("more")
    assert window.editor.save_now()
    assert entry_service.get_entry(window.journal, entry.id).body == "draft"
    revisions = [r.body for r in entry_service.list_revisions(window.journal, entry.id)]
    assert revisions == (["draft typed before the trash"] if unsaved else [])
    entry_service.restore_entry(other(), entry.id)  # restored elsewhere: editable again
    qtbot.waitUntil(lambda: window.editor.title.isEnabled(), timeout=DETECT_MS)
    assert not window.editor.banner.isVisible() and not window.editor.editor.isReadOnly()
