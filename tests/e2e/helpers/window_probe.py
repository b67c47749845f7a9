"""The real ``trailbook`` launcher with a probe beside its window, for tests that run it on a real X server (Xvfb).

    window_probe.py --home HOME [Qt arguments]

Runs ``ui.launcher.main`` — the app exactly as ``trailbook --home HOME`` starts it — after wrapping
``ui.app.open_window`` so that, once the window is on screen, a probe:

- opens the entry ``PROBE_OPEN`` by clicking its row in the list, as a person would;
- writes what the window shows to ``PROBE_STATE`` (JSON, replaced atomically) every ``PROBE_MS`` milliseconds: the
  list's rows and header, the navigation column's counts and skill areas, the open entry, its text, whether it is
  read-only, the banner;
- saves a grab of the window to ``PROBE_SHOT`` (if set) when ``PROBE_STOP`` appears, then closes the window, so the
  app quits as it does when a person closes it.

Nothing in the app is changed: the probe only reads the widgets and clicks.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

PROBE_MS = 100


class Probe:
    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QTimer

        self.window = window
        self.state = Path(os.environ["PROBE_STATE"])
        self.stop = Path(os.environ["PROBE_STOP"])
        self.shot = os.environ.get("PROBE_SHOT")
        self.open_id = os.environ.get("PROBE_OPEN", "")
        self.clicked = False
        self.timer = QTimer(window)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        window = self.window
        handle = window.windowHandle()
        exposed = bool(handle is not None and handle.isExposed())
        if exposed and self.open_id and not self.clicked:
            self.click_row(self.open_id)
        self.write(exposed)
        if self.stop.exists():
            self.timer.stop()
            if self.shot:
                window.grab().save(self.shot)
            window.close()

    def click_row(self, entry_id: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        view = self.window.list.view
        row = self.window.list.model.row_of(entry_id)
        if row < 0:
            return
        rect = view.visualRect(self.window.list.model.index(row))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
        self.clicked = True

    def write(self, exposed: bool) -> None:
        from PySide6.QtGui import QGuiApplication

        from ui.models.entry_list import Role
        from ui.models.navigation import AREAS_PLACE, NavRole

        w = self.window
        model, nav = w.list.model, w.nav.model

        def count(place: str) -> int | None:
            index = nav.index_of_place(place)
            return index.data(NavRole.Count) if index is not None else None

        areas = nav.index_of_place(AREAS_PLACE)
        tags = [] if areas is None else [nav.index(r, 0, areas).data(NavRole.Place) for r in range(nav.rowCount(areas))]
        editor, entry = w.editor, w.editor.entry
        state = {
            "t": time.time(),
            "platform": QGuiApplication.platformName(),
            "exposed": exposed,
            "rows": [model.index(r).data(Role.Summary).title for r in range(min(model.rowCount(), 50))],
            "header": w.list.header.text(),
            "all": count("all"),
            "trash": count("trash"),
            "tags": [t[4:] for t in tags if t and t.startswith("tag:")],
            "open": entry.id if entry is not None else None,
            "text": editor.editor.toPlainText() if entry is not None else None,
            "read_only": editor.editor.isReadOnly(),
            "title_enabled": editor.title.isEnabled(),
            "banner": editor.banner.text() if editor.banner.isVisible() else None,
            "status": w.save_label.text(),
        }
        partial = self.state.with_name(self.state.name + ".part")
        partial.write_text(json.dumps(state), encoding="utf-8")
        os.replace(partial, self.state)


def main() -> int:
    import ui.app
    from ui.launcher import main as launcher

    real_open_window = ui.app.open_window
    probes: list[Probe] = []

    def open_and_watch(journal, app):  # type: ignore[no-untyped-def]
        window = real_open_window(journal, app)
        probes.append(Probe(window))
        return window

    ui.app.open_window = open_and_watch
    return launcher(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
