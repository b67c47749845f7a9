"""Never frozen: no write waits without limit on the GUI thread (a save waiting for the start-up integrity check says
"Saving…" and finishes by itself), the ORM never loads on the GUI thread, and pages of search results are fetched
off it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtGui import QTextCursor

from journal import entries as entry_service
from ui import strings
from ui.writer import THREAD_NAME

HERE = Path(__file__).resolve().parent


def _open(qtbot, window, entry_id: str) -> None:  # type: ignore[no-untyped-def]
    window.list.reload()
    window.list.select_entry(entry_id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry_id)


def test_a_save_during_the_start_up_check_says_saving_and_finishes_by_itself(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    first = entry_service.create_entry(window.journal, "first")
    second = entry_service.create_entry(window.journal, "second")
    _open(qtbot, window, first.id)
    window.editor.save_wait_ms = 100
    window.journal._verified.clear()  # as while the start-up quick_check reads a big journal: every write waits
    try:
        editor = window.editor.editor
        editor.moveCursor(QTextCursor.MoveOperation.End)
        editor.insertPlainText(" typed during the check")
        started = time.monotonic()
        assert not window.editor.save_now()  # not saved yet, and the window did not wait for it
        assert time.monotonic() - started < 2
        assert window.save_label.text() == strings.SAVING and window.editor.saving
        window.open_entry(second.id)  # asked for meanwhile: opens once the save is done
        assert window.editor.entry.id == first.id
        editor.insertPlainText(" and more")  # the window takes typing all along
    finally:
        window.journal._verified.set()  # the check ends
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == second.id, timeout=10_000)
    assert entry_service.get_entry(window.journal, first.id).body == "first typed during the check and more"
    assert strings.SAVED in window.save_label.text()


def test_closing_waits_for_a_save_on_its_way(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = entry_service.create_entry(window.journal, "draft")
    _open(qtbot, window, entry.id)
    window.editor.save_wait_ms = 50
    window.journal._verified.clear()
    window.editor.editor.insertPlainText("kept ")
    assert not window.editor.save_now()
    threading.Timer(0.3, window.journal._verified.set).start()
    window.close()
    assert not window.isVisible()
    assert entry_service.get_entry(window.journal, entry.id).body == "kept draft"


def test_search_pages_are_fetched_off_the_gui_thread(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import journal.search
    from ui.models import entry_list

    monkeypatch.setattr(entry_list, "PAGE", 20)
    window = make_window()
    for i in range(70):
        entry_service.create_entry(window.journal, f"wombat number {i}")
    threads: list[str] = []
    real = journal.search.search

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(journal.search, "search", recording)
    model = window.list.model
    model.show_hits("wombat", real(window.journal, "wombat", limit=20), 70)
    assert model.rowCount() == 20 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 20 and not model.canFetchMore()  # one page in flight; the view goes on meanwhile
    qtbot.waitUntil(lambda: model.rowCount() == 40)
    while model.canFetchMore() or model.rowCount() < 70:
        if model.canFetchMore():
            model.fetchMore()
        qtbot.waitUntil(lambda: model.canFetchMore() or model.rowCount() == 70)
    assert model.rowCount() == 70
    assert threads and threading.main_thread().name not in threads


def test_the_orm_never_loads_on_the_gui_thread(tmp_path: Path) -> None:
    """A whole app process: open the window, make, trash and restore an entry, type, save, switch entries; SQLAlchemy
    is first imported on the writing thread (ui.writer), never on the GUI thread."""
    home = tmp_path / "home"
    for text in ("first entry", "second entry"):
        made = subprocess.run(
            [sys.executable, "-m", "journal", "new", text, "--home", str(home)], capture_output=True, timeout=60
        )
        assert made.returncode == 0, made.stderr
    result = subprocess.run(
        [sys.executable, str(HERE / "helpers" / "orm_thread.py"), str(home)],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert lines["sqlalchemy_first_imported_on"].startswith("trailbook-writer"), lines
    assert lines["saved"] == "first entry, typed"
    assert lines["flows"] == "made, trashed, restored"


def test_new_trash_and_restore_write_on_the_writing_thread_and_never_wait(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """New Entry, Delete and Restore during the start-up check: each returns at once saying "Saving…", finishes by
    itself when the check ends, and runs its SQL on the writing thread (ui.writer), not the GUI thread."""
    import journal.entries
    import ui.entry_flows

    threads: list[str] = []

    def recording(real):  # type: ignore[no-untyped-def]
        def write(*args, **kwargs):  # type: ignore[no-untyped-def]
            threads.append(threading.current_thread().name)
            return real(*args, **kwargs)

        return write

    monkeypatch.setattr(ui.entry_flows, "add_entry", recording(ui.entry_flows.add_entry))
    for name in ("trash_entry", "restore_entry"):
        monkeypatch.setattr(journal.entries, name, recording(getattr(journal.entries, name)))
    window = make_window()
    kept = entry_service.create_entry(window.journal, "kept")
    _open(qtbot, window, kept.id)
    window.editor.save_wait_ms = 100

    def during_the_check(action, done) -> None:  # type: ignore[no-untyped-def]
        window.journal._verified.clear()
        try:
            started = time.monotonic()
            action.trigger()
            assert time.monotonic() - started < 2  # the window did not wait for the write
            assert window.save_label.text() == strings.SAVING
        finally:
            window.journal._verified.set()
        qtbot.waitUntil(done, timeout=10_000)

    during_the_check(
        window.act_new, lambda: window.editor.entry is not None and window.editor.entry.title == "Untitled"
    )
    made = window.editor.entry
    assert made.title == "Untitled"
    assert window.editor.title.hasFocus() and window.list.selected_ids() == [made.id]
    during_the_check(window.act_delete, lambda: entry_service.get_entry(window.journal, made.id).in_trash)
    qtbot.waitUntil(lambda: window.save_label.text() == strings.MOVED_TO_TRASH.format(n=1))
    assert window.editor.entry is None or window.editor.entry.id != made.id
    window.nav.select_place("trash")
    window.list.select_entry(made.id)
    qtbot.waitUntil(lambda: window.list.selected_ids() == [made.id])
    during_the_check(window.act_restore, lambda: not entry_service.get_entry(window.journal, made.id).in_trash)
    qtbot.waitUntil(lambda: window.save_label.text() == strings.RESTORED_FROM_TRASH.format(n=1))
    assert threads and all(name.startswith(THREAD_NAME) for name in threads), threads
    assert len(threads) == 3


def test_a_refused_write_says_why_and_changes_nothing(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    window = make_window()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    entry = entry_service.create_entry(window.journal, "to trash")
    _open(qtbot, window, entry.id)
    entry_service.trash_entry(window.journal, entry.id)  # trashed elsewhere meanwhile
    entry_service.empty_trash(window.journal)
    window.act_delete.trigger()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [f"no entry with id {entry.id!r}"]  # said once, from the core's message
    assert window.save_label.text() != strings.SAVING
