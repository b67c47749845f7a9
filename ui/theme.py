"""Light and dark themes: one palette per theme, applied to QPalette and to the style sheet template."""

from __future__ import annotations

from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.assets import asset

LIGHT = {
    "window": "#f6f6f4",
    "sidebar": "#eeede9",
    "list": "#fbfbfa",
    "paper": "#ffffff",
    "raised": "#ffffff",
    "input": "#ffffff",
    "text": "#1f2328",
    "muted": "#6b7280",
    "border": "#e2e2de",
    "hover": "#e6e5e0",
    "selection": "#dbe7fd",
    "accent": "#2563eb",
    "on_accent": "#ffffff",
    "scroll": "#c9c9c4",
    "warn_bg": "#fff7e6",
    "warn_text": "#7a4b00",
    "warn_border": "#f5d9a8",
    "code_bg": "#f3f4f6",
    "heading": "#111827",
    "link": "#2563eb",
    "quote": "#6b7280",
    "math": "#7c3aed",
    "match": "#fdeaa0",
    "danger": "#b42318",
}
DARK = {
    "window": "#1c1e22",
    "sidebar": "#17191c",
    "list": "#1f2226",
    "paper": "#23262b",
    "raised": "#2a2e34",
    "input": "#262a2f",
    "text": "#e4e6e9",
    "muted": "#9aa1ab",
    "border": "#33373e",
    "hover": "#2b2f35",
    "selection": "#27406a",
    "accent": "#6aa2ff",
    "on_accent": "#0d1117",
    "scroll": "#454a52",
    "warn_bg": "#3a2f16",
    "warn_text": "#f3d08a",
    "warn_border": "#5c4a1f",
    "code_bg": "#2d3137",
    "heading": "#f3f4f6",
    "link": "#7fb0ff",
    "quote": "#9aa1ab",
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
    app.setProperty("trailbook_theme", name)


def current(app: QApplication | None = None) -> str:
    app = app or QApplication.instance()  # type: ignore[assignment]
    value = app.property("trailbook_theme") if app else None
    return value if value in ("light", "dark") else "light"
