"""Render the app's main screens, light and dark, on the demo journal into docs/screenshots/.

QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))
OUT = ROOT / "docs" / "screenshots"

from ui.offscreen import use_desktop_offscreen  # noqa: E402

use_desktop_offscreen()
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

if TYPE_CHECKING:
    from journal.db import Journal
    from journal.records import Entry
    from ui.main_window import MainWindow


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], bool], timeout_ms: int = 10_000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:
        wait(50)
        waited += 50


def save(widget: QWidget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(OUT / f"{name}.png"))
    print("wrote", OUT / f"{name}.png")


def open_demo(theme_name: str, build: Callable[[Path], Journal] | None = None) -> tuple[Journal, MainWindow]:
    """The journal ``build`` makes in a new folder (the demo journal by default), open in the app's window in the
    theme ``theme_name``."""
    from demo_journal import build as build_demo

    from journal.settings import load_preferences, save_preferences
    from ui.app import create_application, open_window

    journal = (build or build_demo)(Path(tempfile.mkdtemp()) / "demo")
    prefs = load_preferences(journal.paths.settings)
    prefs.theme = theme_name  # type: ignore[assignment]
    prefs.extra["welcomed"] = True
    save_preferences(journal.paths.settings, prefs)
    return journal, open_window(journal, create_application([]))


def open_demo_on_entry(theme_name: str, title: str, body: str) -> tuple[Journal, MainWindow, Entry]:
    """The demo journal with one more entry (``title``, ``body``, tagged serving, dated the demo's today), open in a
    1440×900 window in the theme ``theme_name`` and shown in the editor."""
    from demo_journal import TODAY, build

    from journal import entries as entry_service

    made = []

    def build_with_entry(home: Path) -> Journal:
        journal = build(home)
        made.append(entry_service.create_entry(journal, body, title=title, tags=["serving"], day=TODAY))
        return journal

    journal, window = open_demo(theme_name, build_with_entry)
    entry = made[0]
    window.resize(1440, 900)
    window.show()
    wait(200)
    window.list.select_entry(entry.id)
    window.open_entry(entry.id)
    return journal, window, entry


def shoot(theme_name: str) -> None:
    journal, window = open_demo(theme_name)
    window.resize(1440, 900)
    window.show()
    wait(200)
    window.list.view.setCurrentIndex(window.list.model.index(0))
    window.set_preview_visible(True)
    wait_for(lambda: window.editor.preview._shown_html is not None)
    wait(1500)
    save(window, f"main-{theme_name}")

    window.set_preview_visible(False)
    window.list.search.setText("latency")
    wait_for(lambda: window.list.model.query is not None)
    wait(300)
    save(window, f"search-{theme_name}")
    window.list.search.clear()
    wait(200)

    from ui.dialogs.history import HistoryDialog

    dialog = HistoryDialog(journal, window.editor.entry, window)  # type: ignore[arg-type]
    dialog.show()
    wait(200)
    save(dialog, f"history-{theme_name}")
    dialog.close()

    from ui.dialogs.preferences import PreferencesDialog

    prefs_dialog = PreferencesDialog(window.prefs, journal, window)
    prefs_dialog.show()
    wait(200)
    save(prefs_dialog, f"preferences-{theme_name}")
    prefs_dialog.close()
    window.close()
    journal.close()

    from journal.db import open_journal

    empty, w2 = open_demo(theme_name, open_journal)
    w2.resize(1200, 720)
    w2.show()
    wait(300)
    save(w2, f"empty-{theme_name}")
    w2.close()
    w2.editor.preview.shutdown()
    empty.close()
    window.editor.preview.shutdown()


def run(shoot: Callable[[str], None]) -> None:
    """``shoot`` each theme named on the command line (default: light and dark)."""
    app = QApplication.instance() or QApplication([])
    for theme_name in sys.argv[1:] or ["light", "dark"]:
        shoot(theme_name)
    app.processEvents()


def main() -> None:
    run(shoot)


if __name__ == "__main__":
    main()
