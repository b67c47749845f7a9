"""Features installed after the window's first frame (issue 13: the window's start).

A feature with nothing on screen when the window first paints (Export Entry and Print, the daily reminder) need not
load its module while the window opens. In ``ui.main_window.FEATURES`` it is named ``later("ui.module")`` instead of
``module.install``: the window keeps a stand-in under the feature's name, and the module is imported and its
``install(desk)`` run

- the turn after the window's first paint (or a second after it was shown, for a window that never paints, minimised);
- at once when the person could reach one of them before then: the window becomes the active one (keys, and so
  shortcuts, go only to the active window), or a menu of the menu bar is about to show (clicked on an inactive
  window); the entry list's context menu (Export Entry, Print) is not watched — its clicks go to the list's viewport,
  which Qt makes (below) — but nothing can be clicked before the first frame, and the installs run the turn after it;
- at once when code asks the stand-in for anything or sets anything on it (``window.entry_export.act_print``): it
  hands over to the real feature, which then replaces it on the window.

The triggers are watched on the window's own objects only. An object Qt made that crosses into Python makes PySide
build the types it might be, with their enums: an application-wide event filter brought the Fusion style (QStyle's
type, ~550 enum members; tests/ui/test_startup.py), and the list's viewport 42 enum types of scroll areas (~8 ms).

The installs run in the order of FEATURES, each adding its actions at its menus' feature position (ui.desk): a
deferred feature is the last to add to the menus it uses, so the menus read as they would with every feature
installed at once (tests/ui/test_start_modules.py compares them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer

if TYPE_CHECKING:
    from ui.desk import Desk, Feature

UNPAINTED_MS = 1000  # a window shown but never painted (minimised) installs them this long after it was shown


class Deferred:
    """Stands in for a feature until it is installed; anything asked of it installs the feature and is answered by
    it."""

    def __init__(self, window: Desk, module: str) -> None:
        self._window = window
        self._module = module
        self._real: object | None = None

    def install(self) -> object:
        if self._real is None:
            self._real = real = importlib.import_module(self._module).install(self._window)
            # The window names the feature itself from now on (its attribute and its list of installed features).
            installed: dict[str, object] = getattr(self._window, "installed", {})
            for name, feature in list(installed.items()):
                if feature is self:
                    installed[name] = real
                    setattr(self._window, name, real)
        return self._real

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle, repr machinery: not a reason to install
            raise AttributeError(name)
        return getattr(self.install(), name)

    def __setattr__(self, name: str, value: object) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self.install(), name, value)

    def __repr__(self) -> str:
        return f"<{self._module}, {'installed' if self._real is not None else 'not installed yet'}>"


class LaterFeatures(QObject):
    """One window's features still to install, and what installs them."""

    def __init__(self, window: Desk) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.waiting: list[Deferred] = []
        self._scheduled = False
        self._menus = [m for m in (a.menu() for a in window.menuBar().actions()) if m is not None]
        for menu in self._menus:
            menu.aboutToShow.connect(self.install_all)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.WindowActivate:
            self.install_all()
        elif watched is self.window and not self._scheduled:
            if kind == QEvent.Type.Paint:  # the first frame is being drawn: the turn after it
                self._scheduled = True
                QTimer.singleShot(0, self, self.install_all)
            elif kind == QEvent.Type.Show:
                QTimer.singleShot(UNPAINTED_MS, self, self.install_all)
        return False

    def install_all(self) -> None:
        if not self.waiting:
            return
        self.window.removeEventFilter(self)
        for menu in self._menus:
            menu.aboutToShow.disconnect(self.install_all)
        while self.waiting:
            self.waiting.pop(0).install()


def later(module: str) -> Feature:
    """A feature whose module (with ``install(desk)``) loads after the window's first frame, or when first reached."""

    def install(window: Desk) -> Deferred:
        waiting = getattr(window, "_later_features", None)  # not findChild: it brings every child into Python
        if waiting is None:
            waiting = LaterFeatures(window)
            window._later_features = waiting  # type: ignore[attr-defined]
        feature = Deferred(window, module)
        waiting.waiting.append(feature)
        return feature

    return install
