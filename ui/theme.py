"""Light and dark themes: one palette per theme, applied to QPalette and to the style sheet template."""

from __future__ import annotations

from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from journal.markdown.page import DARK_PAGE, LIGHT_PAGE
from ui.assets import asset

LIGHT = {
    **LIGHT_PAGE,  # the page of the preview and of printing: journal.markdown.page
    "window": "#f6f6f4",
    "sidebar": "#eeede9",
    "list": "#fbfbfa",
    "raised": "#ffffff",
    "input": "#ffffff",
    "muted": "#6b7280",
    "hover": "#e6e5e0",
    "selection": "#dbe7fd",
    "accent": "#2563eb",
    "on_accent": "#ffffff",
    "scroll": "#c9c9c4",
    "math": "#7c3aed",
    "match": "#fdeaa0",
    "danger": "#b42318",
}
DARK = {
    **DARK_PAGE,
    "window": "#1c1e22",
    "sidebar": "#17191c",
    "list": "#1f2226",
    "raised": "#2a2e34",
    "input": "#262a2f",
    "muted": "#9aa1ab",
    "hover": "#2b2f35",
    "selection": "#27406a",
    "accent": "#6aa2ff",
    "on_accent": "#0d1117",
    "scroll": "#454a52",
    "math": "#c4a7ff",
    "match": "#4d4220",
    "danger": "#ff8a80",
}


# Set on an application already in the Fusion style: ``create_application`` asks for it on Qt's command line, because
# ``QApplication.setStyle`` returns the style, and that return builds PySide6's QStyle type (~550 enum members, ~5 ms of
# start-up) when nothing else on the start path needs it.
FUSION = "trailbook_fusion"


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(theme: str) -> str:
    """``light`` or ``dark`` for a preference of ``system``, ``light`` or ``dark``."""
    if theme == "system":
        return "dark" if system_prefers_dark() else "light"
    return "dark" if theme == "dark" else "light"


def colours(name: str) -> dict[str, str]:
    return DARK if name == "dark" else LIGHT


def apply(app: QApplication, name: str) -> None:
    c = colours(name)
    app.setProperty("trailbook_theme", name)  # first: widgets restyling on the palette's change ask ``current()``
    if not app.property(FUSION):
        app.setStyle("Fusion")
        app.setProperty(FUSION, True)
    pal = QPalette()
    for role, key in (
        (QPalette.ColorRole.Window, "window"),
        (QPalette.ColorRole.WindowText, "text"),
        (QPalette.ColorRole.Base, "input"),
        (QPalette.ColorRole.AlternateBase, "list"),
        (QPalette.ColorRole.Text, "text"),
        (QPalette.ColorRole.Button, "raised"),
        (QPalette.ColorRole.ButtonText, "text"),
        (QPalette.ColorRole.Highlight, "selection"),
        (QPalette.ColorRole.HighlightedText, "text"),
        (QPalette.ColorRole.ToolTipBase, "raised"),
        (QPalette.ColorRole.ToolTipText, "text"),
        (QPalette.ColorRole.PlaceholderText, "muted"),
        (QPalette.ColorRole.Link, "link"),
    ):
        pal.setColor(role, QColor(c[key]))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(c["muted"]))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(c["muted"]))
    app.setPalette(pal)
    qss = asset("styles", "app.qss").read_text(encoding="utf-8")
    app.setStyleSheet(Template(qss).safe_substitute(c))


def current(app: QApplication | None = None) -> str:
    app = app or QApplication.instance()  # type: ignore[assignment]
    value = app.property("trailbook_theme") if app else None
    return value if value in ("light", "dark") else "light"
