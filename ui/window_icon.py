"""The app's icon (the title bar's, the task bar's, the tray's), set after the window's first frame.

The first ``QIcon`` makes PySide6 build the type with its enums (~160 members, ThemeIcon alone 151), and on X11 the
icon is rendered at the window manager's sizes (the SVG engine's plugin loaded) as the window is mapped: neither is
needed to draw the window, so it is a feature installed after the first frame (``ui.deferred``), the first of them,
before the daily reminder asks the application for its icon."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.assets import asset

if TYPE_CHECKING:
    from ui.desk import Desk


class AppIcon:
    """Sets the application's icon, once for every window."""

    def __init__(self) -> None:
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication

        icon = asset("icons", "trailbook.svg")
        app = QApplication.instance()
        if icon.is_file() and isinstance(app, QApplication) and app.windowIcon().isNull():
            app.setWindowIcon(QIcon(str(icon)))


def install(window: Desk) -> AppIcon:
    return AppIcon()
