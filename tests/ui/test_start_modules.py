"""What the window's start does not load (issue 13): modules that nothing on screen at the first frame needs are
imported when first used, or after the first frame, never while the window opens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal.db import open_journal
from journal.entries import create_entry

# Not on the start path: Python-Markdown and Pygments (the preview renders in a process of its own; a task box's
# click reads journal.markdown.tasks when it comes); the features installed after the first frame (ui.deferred); an
# entry's post fields (read when the Post details panel first opens) and what it counts toward (the turn after).
NOT_AT_START = ("markdown", "pygments", "journal.markdown.tasks", "ui.entry_export", "journal.entry_export",
                "ui.reminder", "ui.links", "ui.links.completer", "journal.links", "ui.window_icon",
                "journal.publish.post_fields", "journal.evidence")  # fmt: skip

WATCH = """
import json
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui import app

open_window = app.open_window

def watched(journal, qt_app):
    window = open_window(journal, qt_app)

    def first_turn():  # the first turn of the event loop: the window is shown, its first frame not yet drawn
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("markdown", "pygments") or m in NOT)
        print(json.dumps({"shown": window.isVisible(), "loaded": loaded}), flush=True)

    def after_first_frame():
        print(json.dumps({name: type(f).__module__ for name, f in window.installed.items()}), flush=True)
        QApplication.instance().quit()

    QTimer.singleShot(0, first_turn)
    QTimer.singleShot(500, after_first_frame)
    return window

NOT = set(json.loads(sys.argv[2]))
app.open_window = watched
sys.exit(app.main(["--home", sys.argv[1]]))
"""


def _loaded_at_first_turn(home: Path) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("TRAILBOOK_QUIT_AFTER_SHOW", None)
    result = subprocess.run([sys.executable, "-c", WATCH, str(home), json.dumps(NOT_AT_START)], env=env,
                            capture_output=True, encoding="utf-8", timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return {**json.loads(result.stdout.strip().splitlines()[-2]), "later": json.loads(result.stdout.splitlines()[-1])}


def test_the_window_opens_without_the_modules_nothing_on_screen_needs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "- [ ] a task\n- [x] done\n\nSee [[Another]].", tags=["serving"])
    seen = _loaded_at_first_turn(home)
    assert seen["shown"] is True
    assert seen["loaded"] == [], f"imported before the window's first frame: {seen['loaded']}"
    # ... and after it, every feature is installed (none is left a stand-in).
    assert seen["later"]["entry_export"] == "ui.entry_export" and seen["later"]["reminder"] == "ui.reminder"
    assert seen["later"]["links"] == "ui.links" and seen["later"]["window_icon"] == "ui.window_icon"
    assert "ui.deferred" not in seen["later"].values(), seen["later"]


SCAN = """
import json
import sys

import ui  # installs the finder (ui.import_scan), before Qt as the app's start does
from journal import links  # noqa: F401  (before Qt)
import PySide6.QtCore

feature = sys.modules["shibokensupport.feature"]
scan = feature._mod_uses_pyside
scanned = []
feature._mod_uses_pyside = lambda module: scanned.append(module.__name__) or scan(module)

import difflib  # noqa: E402,F401  (after Qt: the standard library)
from ui.keys import make_action  # noqa: E402,F401  (after Qt: the app's own)
from journal.merge import merge_entry  # noqa: E402,F401

known = feature.pyside_feature_dict
names = ["ui.keys", "ui.strings", "journal.links", "journal.merge", "difflib", "re"]
print(json.dumps({"scanned": sorted(set(scanned) & set(names)), "known": {n: known.get(n) for n in names},
                  "truth": {n: 0 if scan(sys.modules[n]) else -1 for n in names}}))
"""


def test_pysides_source_scan_is_spared_with_the_answer_it_would_give() -> None:
    result = subprocess.run([sys.executable, "-c", SCAN], capture_output=True, encoding="utf-8", timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["scanned"] == []
    # The same answer as the scan's, except for an app module that does not name PySide6 (ui.strings): it is taken as
    # using PySide, which changes nothing while no module selects a __feature__.
    truth = {**seen["truth"], "ui.strings": 0}
    assert seen["known"] == truth


def _menus(window) -> dict[str, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """Every menu's items (text, shortcut), the entry list's context menu, and the window's own shortcuts."""

    def items(actions) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
        return [("—" if a.isSeparator() else a.text(), a.shortcut().toString()) for a in actions]

    seen = {name: items(menu.actions()) for name, menu in window.menus.items()}
    seen["entry list"] = items(window.list.view.actions())
    seen["window"] = sorted(items(window.actions()))
    return seen


def test_the_deferred_features_menus_read_as_if_installed_at_once(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import importlib

    from ui.app import create_application
    from ui.main_window import FEATURES, MainWindow

    later = [name for name, install in FEATURES if install.__module__ == "ui.deferred"]
    assert {"entry_export", "reminder"} <= set(later)
    at_once = tuple((name, importlib.import_module(f"ui.{name}").install if name in later else install)
                    for name, install in FEATURES)  # fmt: skip
    create_application([])
    journal = open_journal(tmp_path / "home")
    create_entry(journal, "an entry to open")
    windows = []
    try:
        deferred = MainWindow(journal)
        windows.append(deferred)
        assert all(type(deferred.installed[name]).__module__ == "ui.deferred" for name in later)
        deferred._later_features.install_all()
        assert [type(deferred.installed[name]).__module__ for name in later] == [f"ui.{name}" for name in later]
        assert all(getattr(deferred, name) is deferred.installed[name] for name in later)
        eager = MainWindow(journal, features=at_once)
        windows.append(eager)
        assert _menus(deferred) == _menus(eager)
    finally:
        for window in windows:
            window.editor.preview.shutdown()
            window.deleteLater()
        journal.close()


def _window_not_yet_shown(tmp_path: Path):  # type: ignore[no-untyped-def]
    from ui.app import create_application
    from ui.main_window import MainWindow

    create_application([])
    journal = open_journal(tmp_path / "home")
    create_entry(journal, "an entry to print")
    window = MainWindow(journal)
    assert type(window.installed["entry_export"]).__module__ == "ui.deferred"
    return window, journal


def _installed(window) -> bool:  # type: ignore[no-untyped-def]
    return type(window.installed["entry_export"]).__module__ == "ui.entry_export"


@pytest.mark.parametrize("reach", ["activate", "menu"])
def test_what_reaches_for_them_before_the_first_frame_installs_them_first(qtbot, tmp_path: Path, reach: str) -> None:  # type: ignore[no-untyped-def]
    # Keys (and so shortcuts such as Print's Ctrl+P) go only to the active window: its activation installs them.
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    window, journal = _window_not_yet_shown(tmp_path)
    try:
        if reach == "activate":
            QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
        else:
            window.menus["file"].aboutToShow.emit()
        assert _installed(window)
        export = window.installed["entry_export"]
        assert export.act_print in window.actions() and export.act_print in window.list.view.actions()
        assert "Ctrl+P" in [key.toString() for key in export.act_print.shortcuts()]
    finally:
        window.editor.preview.shutdown()
        window.deleteLater()
        journal.close()


def test_a_stand_in_hands_over_to_the_feature(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_application
    from ui.main_window import MainWindow

    create_application([])
    journal = open_journal(tmp_path / "home")
    window = MainWindow(journal)
    try:
        stand_in = window.reminder
        assert type(stand_in).__module__ == "ui.deferred"
        stand_in.tray_available = lambda: False  # set on the feature itself
        assert type(window.reminder).__module__ == "ui.reminder" and window.reminder.tray_available() is False
        assert stand_in.timer is window.reminder.timer
    finally:
        window.editor.preview.shutdown()
        window.deleteLater()
        journal.close()
