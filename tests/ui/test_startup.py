"""The window's start (ui.app.main, as a process of its own): the full integrity check, which reads the whole file
(seconds and a core's worth of work on a big journal), starts only once the window is on screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from journal.db import open_journal
from journal.entries import create_entry


def _run(script: str, home: Path) -> str:
    """``script`` in a Python process of its own (offscreen) with ``home`` as its argument; what it printed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("TRAILBOOK_QUIT_AFTER_SHOW", None)
    result = subprocess.run([sys.executable, "-c", script, str(home)], env=env, capture_output=True, encoding="utf-8",
                            timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


WATCH = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from journal.db import Journal
from ui import app
from ui.main_window import MainWindow

verify = Journal.verify_in_background

def noted(journal):
    shown = any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets())
    print("check started, window shown:", shown, flush=True)
    QTimer.singleShot(0, QApplication.instance().quit)
    return verify(journal)

Journal.verify_in_background = noted
QTimer.singleShot(30_000, lambda: QApplication.instance().quit())
sys.exit(app.main(["--home", sys.argv[1]]))
"""


def test_the_integrity_check_starts_after_the_window_shows(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "an entry to open")
    stdout = _run(WATCH, home)
    assert stdout.splitlines().count("check started, window shown: True") == 1, stdout


OPEN = """
import sys
import PySide6.QtGui as gui
import PySide6.QtWidgets as widgets
from PySide6.QtCore import QEvent, QObject, QTimer
from journal.db import open_journal
from ui.app import create_application, open_window

first_frame = []

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not first_frame:
            first_frame.append(None)  # noted the turn after the title's first paint
            QTimer.singleShot(0, lambda: first_frame.append("QStyle" in vars(widgets)))
        return False

app = create_application([])
journal = open_journal(sys.argv[1], full_check=False)
window = open_window(journal, app)
watcher = FirstPaint()
window.editor.title.installEventFilter(watcher)
window.show()
opened = [name for name in ("QMessageBox", "QIcon", "QImage") if name in vars(widgets) or name in vars(gui)]
for _ in range(5):
    app.processEvents()
print("QStyle made by the first frame:", first_frame[1:], flush=True)
print("dialogs and images made while the window opened:", opened, flush=True)
print("app icon after it:", not app.windowIcon().isNull(), flush=True)
print("title elided after it:", window.editor.title.elided(), flush=True)
window.editor.preview.shutdown()
journal.close()
"""


LONG_TITLE = "A title far wider than the title field of a window opened at its first size, " * 2  # 162


@pytest.mark.parametrize("title", ["an entry to reopen", LONG_TITLE])
def test_the_window_opens_without_making_pysides_qstyle(tmp_path: Path, title: str) -> None:
    # PySide6 builds QStyle's type, ~570 enum members (5 ms or more of the start), the first time anything touches
    # it: a restyle through widget.style(), QStyle imported by a module on the start path, option.state compared,
    # the title field asking the style whether a long title fits (it ends in "…" from the turn after the first frame).
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "Some text.", title=title, tags=["serving"])
    stdout = _run(OPEN, home)
    assert "QStyle made by the first frame: [False]" in stdout, stdout
    # Nor, while it is built and shown, the types of what the first frame does not show (~250 enum members): message
    # boxes (made when one is shown), pasted images, the app's icon (ui.window_icon, a feature installed later).
    assert "dialogs and images made while the window opened: []" in stdout, stdout
    assert "app icon after it: True" in stdout, stdout
    assert f"title elided after it: {title == LONG_TITLE}" in stdout, stdout


REOPEN = """
import sys
from PySide6.QtWidgets import QApplication
from journal import evidence
from journal.db import open_journal
from ui.app import create_application, open_window

calls = []
counted_toward = evidence.counted_toward

def noted(journal, entry_id):
    calls.append(any(w.isVisible() for w in QApplication.topLevelWidgets() if w.isWindow()))
    return counted_toward(journal, entry_id)

evidence.counted_toward = noted
app = create_application([])
journal = open_journal(sys.argv[1], full_check=False)
window = open_window(journal, app)
opened = window.editor.entry is not None
window.show()
for _ in range(10):
    app.processEvents()
print("reopened:", opened, "milestones read while the window was visible:", calls, flush=True)
window.editor.preview.shutdown()
journal.close()
"""


def test_the_reopened_entrys_milestones_are_read_after_the_first_frame(tmp_path: Path) -> None:
    # Reading them parses the active roadmap's YAML the first time (0.1-0.3 s): never while the window is built.
    from journal.roadmap import link_evidence

    home = tmp_path / "home"
    with open_journal(home) as journal:
        entry = create_entry(journal, "shadow traffic", tags=["mlops"])
        link_evidence(journal, "mlops-shadow", entry.id)
    stdout = _run(REOPEN, home)
    assert "reopened: True milestones read while the window was visible: [True]" in stdout, stdout


def test_the_navigation_counts_of_the_first_build_are_read_off_the_gui_thread(  # type: ignore[no-untyped-def]
    qtbot, make_window, tmp_path: Path, monkeypatch
) -> None:
    # ~40 ms at 100k entries (every tag link, the live entries): the first frame shows the places without them.
    import threading

    from journal import queries
    from ui.models.navigation import NavRole

    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "tagged", tags=["serving"])
        create_entry(journal, "also tagged", tags=["serving", "mlops"])
    read_on: dict[str, list[bool]] = {}

    def noting(name: str):  # type: ignore[no-untyped-def]
        read = getattr(queries, name)

        def noted(journal):  # type: ignore[no-untyped-def]
            read_on.setdefault(name, []).append(threading.current_thread() is threading.main_thread())
            return read(journal)

        return noted

    for name in ("place_counts", "tag_counts"):
        monkeypatch.setattr(queries, name, noting(name))
    window = make_window(home)
    model = window.nav.model

    def count(place: str) -> object:
        index = model.index_of_place(place)
        return None if index is None else index.data(NavRole.Count)

    qtbot.waitUntil(lambda: count("all") == 2)
    assert read_on == {"place_counts": [False], "tag_counts": [False]}
    assert (count("tag:serving"), count("tag:mlops"), count("private"), count("trash")) == (2, 1, 0, 0)
    assert "2 entries" in model.index_of_place("all").data(Qt.ItemDataRole.AccessibleTextRole)
    window.nav.reload()  # later reloads read them at once, here
    assert count("all") == 2 and read_on["place_counts"] == [False, True]


def test_closing_the_journal_waits_for_the_first_builds_count_read(  # type: ignore[no-untyped-def]
    qtbot, make_window, monkeypatch
) -> None:
    # Closing closes every pooled connection, one perhaps mid-read on the pool's thread (the app quit at once, a
    # crash in the start-up benchmark): the close waits for that read, and a read not begun by then is not made.
    import threading

    import ui.widgets.navigation as navigation

    reading, may_finish, order = threading.Event(), threading.Event(), []
    read = navigation.read_counts

    def slow(journal):  # type: ignore[no-untyped-def]
        reading.set()
        may_finish.wait(10)
        counts = read(journal)  # fails if its connection was closed under it
        order.append("read")
        return counts

    monkeypatch.setattr(navigation, "read_counts", slow)
    window = make_window()
    assert reading.wait(10)
    closing = threading.Thread(target=lambda: (window.journal.close(), order.append("closed")))
    closing.start()
    closing.join(0.3)
    assert closing.is_alive() and order == []  # the close waits while the read runs
    may_finish.set()
    closing.join(10)
    assert order == ["read", "closed"]


FREEZE = """
import gc
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui import app

app.UNFREEZE_MS = 300
open_window = app.open_window

def report(when):
    print(when, gc.isenabled(), gc.get_freeze_count(), flush=True)

def watched(journal, qt_app):
    window = open_window(journal, qt_app)
    report("built:")
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, lambda: report("first turns:")))
    QTimer.singleShot(800, lambda: (report("later:"), QApplication.instance().quit()))
    return window

app.open_window = watched
sys.exit(app.main(["--home", sys.argv[1]]))
"""


def test_the_collector_is_back_after_the_first_turn_without_going_over_the_start(tmp_path: Path) -> None:
    """Off while the window is built; on at its first turn with what the start made frozen (the first collection
    would go over all of it, ~5 ms, before the first frame); those objects are collected as any others later."""
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "an entry to open")
    stdout = _run(FREEZE, home)
    seen = {line.split(":")[0]: line.split(":")[1].split() for line in stdout.splitlines() if ":" in line}
    assert seen["built"] == ["False", "0"], stdout
    enabled, frozen = seen["first turns"]
    assert enabled == "True" and int(frozen) > 10_000, stdout
    assert seen["later"] == ["True", "0"], stdout


FIRST_TURN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui import app

open_window = app.open_window
turns = []  # one, from the window's first event-loop turn
windows = []

def finish():  # on the GUI thread: what the script reports, then quit
    report(windows[0])
    QApplication.instance().quit()

def watched(journal, qt_app):
    window = open_window(journal, qt_app)
    windows.append(window)
    QTimer.singleShot(0, lambda: turns.append(1))
    QTimer.singleShot(DEADLINE_MS, finish)
    return window

app.open_window = watched
"""
RUN = """
sys.exit(app.main(["--home", sys.argv[1]]))
"""
POOL = """
import ui.widgets.navigation as navigation

read = navigation.read_counts

def noted(journal):  # (on the pool's thread: it reads no widget)
    print("counts read after the first turn:", bool(turns), flush=True)
    return read(journal)

def report(window):
    pass

DEADLINE_MS = 1500  # the counts are read a moment after the first turn
navigation.read_counts = noted
"""


def test_the_reads_the_window_starts_as_it_is_built_wait_for_its_first_turn(tmp_path: Path) -> None:
    # On 2 cores they would run beside the build and show the window later (ui.workers.hold_pool).
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "tagged", tags=["serving"])
    stdout = _run(FIRST_TURN + POOL + RUN, home)
    assert "counts read after the first turn: True" in stdout.splitlines(), stdout


PREVIEW = """
from ui.widgets.preview import PreviewPane

ensure = PreviewPane._ensure_view

def noted(pane):
    if pane._view is None:
        print("web view made, first turn:", bool(turns), flush=True)
        QTimer.singleShot(0, finish)
    ensure(pane)

def report(window):
    print("preview shown:", window.editor.preview.isVisible(), "view:", window.editor.preview._view is not None)

DEADLINE_MS = 30_000  # (it quits once the view is made)
PreviewPane._ensure_view = noted
"""


def test_a_window_reopened_with_its_preview_open_shows_before_the_web_view_is_made(tmp_path: Path) -> None:
    # The web view takes ~0.1 s to make: the window does not wait for it.
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "an entry to preview")
    (home / "window-state.ini").write_text("[General]\npreview=true\n", encoding="utf-8")
    lines = _run(FIRST_TURN + PREVIEW + RUN, home).splitlines()
    assert lines.count("web view made, first turn: True") == 1, lines
    assert "web view made, first turn: False" not in lines
    assert "preview shown: True view: True" in lines, lines


TERMINATE = """
import os
import signal
import sys
from PySide6.QtCore import QTimer
from ui import app

open_window = app.open_window

def watched(journal, qt_app):
    window = open_window(journal, qt_app)

    def type_then_end():
        window.editor.editor.setPlainText("# Last words\\nLASTWORDS typed a moment before the end")
        QTimer.singleShot(50, lambda: os.kill(os.getpid(), signal.__dict__[sys.argv[2]]))

    QTimer.singleShot(600, type_then_end)
    QTimer.singleShot(20_000, qt_app.quit)  # (a fallback: the test then fails on what was saved)
    return window

app.open_window = watched
sys.exit(app.main(["--home", sys.argv[1]]))
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_to_end_saves_the_last_words_typed_then_quits(tmp_path: Path, name: str) -> None:
    from journal.entries import get_entry

    home = tmp_path / "home"
    with open_journal(home) as journal:
        entry = create_entry(journal, "an entry to open")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("TRAILBOOK_QUIT_AFTER_SHOW", None)
    result = subprocess.run([sys.executable, "-c", TERMINATE, str(home), name], env=env, capture_output=True,
                            encoding="utf-8", timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    with open_journal(home) as journal:
        assert "LASTWORDS" in get_entry(journal, entry.id).body
    assert "last_entry=" in (home / "window-state.ini").read_text(encoding="utf-8")
