"""UI fixtures: one QApplication per session (pytest-qt), a fresh journal and main window per test, dialogs' exec
patched by the tests that open them, the thread pool drained in teardown."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from journal.db import Journal, open_journal


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    from ui.app import create_application, open_window
    from ui.workers import drain_pool

    opened: list[tuple[object, Journal]] = []

    def make(home: Path | None = None, *, welcome: bool = False):  # type: ignore[no-untyped-def]
        home = home or tmp_path / "home"
        journal = open_journal(home)
        if not welcome:
            from journal.settings import load_preferences, save_preferences

            prefs = load_preferences(journal.paths.settings)
            prefs.extra["welcomed"] = True
            save_preferences(journal.paths.settings, prefs)
        app = create_application([])
        window = open_window(journal, app)
        # Saves run on the writing thread; tests that read the journal right after save_now() wait for the save
        # (a bounded wait, as the window's own); tests of "Saving…" set a short one (tests/ui/test_never_frozen.py).
        window.editor.save_wait_ms = 30_000
        qtbot.addWidget(window)
        if not (home / "window-state.ini").exists():
            window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        opened.append((window, journal))
        return window

    yield make
    for window, journal in opened:
        if window.isVisible():  # type: ignore[attr-defined]
            window.close()  # type: ignore[attr-defined]
        window.editor.preview.shutdown()  # type: ignore[attr-defined]
        drain_pool()
        journal.close()


@pytest.fixture
def git_free_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests that publish: no global git configuration or identity (the blog's own must do), and a time zone
    with an offset."""
    import time

    home = tmp_path_factory.mktemp("empty-home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
