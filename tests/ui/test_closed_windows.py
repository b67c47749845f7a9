"""A window closed and deleted while work for it is still under way: results the thread pool delivers afterwards (a
search, the next page of results) and its timers (the calendar built after the first frame, Counts toward…) are
dropped, and the application's focus changes no longer reach it. Each used to raise in whatever ran next."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from journal import entries as entry_service
from journal.db import Journal, open_journal
from journal.settings import load_preferences, save_preferences


def _window(home: Path):  # type: ignore[no-untyped-def]
    """A window of its own (not the fixture's: the test deletes it)."""
    from ui.app import create_application, open_window

    journal = open_journal(home)
    prefs = load_preferences(journal.paths.settings)
    prefs.extra["welcomed"] = True
    save_preferences(journal.paths.settings, prefs)
    for i in range(30):
        entry_service.create_entry(journal, f"wombat number {i}")
    window = open_window(journal, create_application([]))
    window.show()
    return window, journal


def _delete(window) -> None:  # type: ignore[no-untyped-def]
    window.close()
    window.editor.preview.shutdown()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(window)


@pytest.fixture
def gated_search(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """journal.search.search held until the gate opens (``started`` is set once one is waiting)."""
    import journal.search

    real = journal.search.search
    started, gate = threading.Event(), threading.Event()

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(journal.search, "search", held)
    yield real, started, gate
    gate.set()


def _deliver(journal: Journal, gate: threading.Event) -> None:
    from ui.workers import drain_pool

    gate.set()
    drain_pool()
    QApplication.processEvents()  # the results' delivery to a window that is gone: nothing may raise
    journal.close()


def test_search_results_that_arrive_after_the_window_is_deleted_are_dropped(
    qtbot, tmp_path: Path, gated_search
) -> None:  # type: ignore[no-untyped-def]
    _real, started, gate = gated_search
    window, journal = _window(tmp_path / "home")
    window.list.search.setText("wombat")
    qtbot.waitUntil(started.is_set)  # the search is on the pool, held
    _delete(window)
    _deliver(journal, gate)


def test_a_page_of_results_that_arrives_after_the_window_is_deleted_is_dropped(
    qtbot, tmp_path: Path, gated_search, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ui.models import entry_list

    real, started, gate = gated_search
    monkeypatch.setattr(entry_list, "PAGE", 10)
    window, journal = _window(tmp_path / "home")
    model = window.list.model
    model.show_hits("wombat", real(journal, "wombat", limit=10), 30)
    assert model.canFetchMore()
    model.fetchMore()  # the next page is fetched on the pool, held
    qtbot.waitUntil(started.is_set)
    _delete(window)
    _deliver(journal, gate)


def test_focus_changes_after_a_window_is_deleted_reach_only_the_windows_left(
    qtbot, tmp_path: Path, make_window
) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    signal = "2focusChanged(QWidget*,QWidget*)"
    kept = make_window(tmp_path / "kept")
    before = app.receivers(signal)
    gone, journal = _window(tmp_path / "gone")
    gone.editor.editor.setFocus()
    assert app.receivers(signal) > before
    _delete(gone)
    journal.close()
    assert app.receivers(signal) == before  # its handler went with it, not merely guarded

    kept.activateWindow()
    qtbot.waitUntil(kept.isActiveWindow)
    kept.editor.load(entry_service.create_entry(kept.journal, "some text"))
    kept.editor.editor.setFocus()
    qtbot.waitUntil(lambda: kept.focusWidget() is kept.editor.editor)
    assert kept.act_select_all.isEnabled()  # the window left follows its own focus
    kept.nav.view.setFocus()  # no text there: the Edit actions follow
    qtbot.waitUntil(lambda: not kept.act_select_all.isEnabled())
