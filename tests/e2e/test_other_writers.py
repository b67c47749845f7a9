"""The real window open on a journal while the real ``trailbook`` command line, as separate processes, adds, edits and
trashes entries: the list and counts follow within about a second, the open entry reloads (no local edits), merges or
asks (both edited), turns read-only when trashed, and the command line's stale edit is refused (exit 1, one line)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from journal import entries as entry_service
from journal.db import open_journal
from ui import strings

TRAILBOOK = Path(sys.executable).parent / "trailbook"
DETECT_MS = 1500


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from journal.settings import load_preferences, save_preferences
    from ui.app import create_application, open_window
    from ui.workers import drain_pool

    journal = open_journal(tmp_path / "home")
    prefs = load_preferences(journal.paths.settings)
    prefs.extra["welcomed"] = True
    save_preferences(journal.paths.settings, prefs)
    win = open_window(journal, create_application([]))
    win.editor.save_wait_ms = 30_000  # the test reads the journal right after a save
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.editor.discard_pending()
    win.close()
    win.editor.preview.shutdown()
    drain_pool()
    journal.close()


def run(home: Path, *args: str, editor: str = "false") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TRAILBOOK), *args, "--home", str(home)],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "EDITOR": editor, "VISUAL": ""},
        timeout=60,
    )


def editor_script(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def rewriting_editor(tmp_path: Path, name: str, old: str, new: str) -> str:
    """An $EDITOR that replaces ``old`` with ``new`` in the file it is given (as a person would)."""
    code = (
        "import sys, pathlib; p = pathlib.Path(sys.argv[1]); "
        f"p.write_text(p.read_text('utf-8').replace({old!r}, {new!r}), 'utf-8')"
    )
    return editor_script(tmp_path, name, f'{sys.executable} -c "{code}" "$1"\n')


def within(qtbot, condition: Callable[[], bool], since: float) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(condition, timeout=DETECT_MS)
    assert time.monotonic() - since < DETECT_MS / 1000


def test_the_window_follows_the_command_line(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = window.journal.paths.home
    body = "# Plan\n\nFirst paragraph.\n\nSecond paragraph.\n"
    entry = entry_service.create_entry(window.journal, body)
    window.list.reload()
    window.list.select_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)
    editor = window.editor.editor

    # Added from the command line: in the list, with its count and its new skill area.
    result = run(home, "new", "written in a terminal", "--tag", "ml ops")
    assert result.returncode == 0, result.stderr
    within(qtbot, lambda: window.list.model.rowCount() == 2, time.monotonic())
    assert window.list.header.text() == strings.LIST_COUNT.format(n=2)
    assert window.nav.model.index_of_place("tag:ml ops") is not None
    assert window.editor.entry.id == entry.id  # the open entry stays open

    # Edited from the command line with no local edits: the editor reloads, the cursor stays.
    cursor = editor.textCursor()
    cursor.setPosition(3)
    editor.setTextCursor(cursor)
    result = run(home, "edit", entry.id[:8], editor=rewriting_editor(tmp_path, "a.sh", "Second", "Second, edited"))
    assert result.returncode == 0, result.stderr
    within(qtbot, lambda: "Second, edited" in editor.toPlainText(), time.monotonic())
    assert editor.textCursor().position() == 3 and not window.editor.dirty

    # Both edited, in different paragraphs: merged and saved.
    window.editor.autosave_delay = 60_000
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText("\nTyped in the window.\n")
    result = run(home, "edit", entry.id[:8], editor=rewriting_editor(tmp_path, "b.sh", "First", "First, edited"))
    assert result.returncode == 0, result.stderr
    merged = "# Plan\n\nFirst, edited paragraph.\n\nSecond, edited paragraph.\n\nTyped in the window.\n"
    within(qtbot, lambda: entry_service.get_entry(window.journal, entry.id).body == merged, time.monotonic())
    assert editor.toPlainText() == merged

    # Both edited, on the same line: the banner asks, nothing is overwritten.
    cursor = editor.textCursor()
    cursor.setPosition(merged.index("Typed"))
    editor.setTextCursor(cursor)
    editor.insertPlainText("Still ")
    result = run(
        home,
        "edit",
        entry.id[:8],
        editor=rewriting_editor(tmp_path, "c.sh", "Typed in", "Typed, said the terminal, in"),
    )
    assert result.returncode == 0, result.stderr
    within(qtbot, window.editor.conflict.isVisible, time.monotonic())
    assert "said the terminal" in entry_service.get_entry(window.journal, entry.id).body
    window.editor.conflict.keep_mine.click()
    assert "Still Typed in the window." in entry_service.get_entry(window.journal, entry.id).body
    assert any("said the terminal" in r.body for r in entry_service.list_revisions(window.journal, entry.id))

    # The command line's edit is stale when the window saved while its editor was open: refused, exit 1.
    ready, go = tmp_path / "ready", tmp_path / "go"
    waiting = editor_script(
        tmp_path,
        "slow.sh",
        f'touch "{ready}"\nwhile [ ! -e "{go}" ]; do sleep 0.05; done\nprintf "from the terminal\\n" > "$1"\n',
    )
    proc = subprocess.Popen(
        [str(TRAILBOOK), "edit", entry.id[:8], "--home", str(home)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "EDITOR": waiting, "VISUAL": ""},
    )
    try:
        qtbot.waitUntil(ready.exists, timeout=30_000)
        editor.insertPlainText("saved by the window meanwhile ")
        assert window.editor.save_now()
        go.touch()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, (out, err)
    (line,) = err.splitlines()
    assert "changed elsewhere while your editor was open" in line and "Traceback" not in err
    assert "saved by the window meanwhile" in entry_service.get_entry(window.journal, entry.id).body

    # Trashed from the command line: the open entry turns read-only with a banner; the list and counts follow.
    result = run(home, "delete", entry.id[:8])
    assert result.returncode == 0, result.stderr
    within(qtbot, editor.isReadOnly, time.monotonic())
    assert window.editor.banner.text() == strings.TRASHED_ELSEWHERE
    qtbot.waitUntil(lambda: window.list.model.rowCount() == 1, timeout=DETECT_MS)
    assert entry_service.get_entry(window.journal, entry.id).in_trash
