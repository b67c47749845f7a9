"""What the window's start does not load (issue 13): modules that nothing on screen at the first frame needs are
imported when first used, or after the first frame, never while the window opens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from journal.db import open_journal
from journal.entries import create_entry

# Not on the start path: Python-Markdown and Pygments (the preview renders in a process of its own; a task box's
# click reads journal.markdown.tasks when it comes).
NOT_AT_START = ("markdown", "pygments", "journal.markdown.tasks")

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
        QApplication.instance().quit()

    QTimer.singleShot(0, first_turn)
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
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_window_opens_without_the_modules_nothing_on_screen_needs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "- [ ] a task\n- [x] done\n\nSee [[Another]].", tags=["serving"])
    seen = _loaded_at_first_turn(home)
    assert seen["shown"] is True
    assert seen["loaded"] == [], f"imported before the window's first frame: {seen['loaded']}"


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
