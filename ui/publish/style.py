"""Colours of the publishing UI, from the app's light and dark palettes (``ui.theme``)."""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from ui import theme

EXTRA = {
    "light": {
        "good": "#15803d",
        "good_bg": "#dcfce7",
        "bad": "#b42318",
        "bad_bg": "#fef3f2",
        "bad_border": "#fecdca",
        "new": "#1d4ed8",
        "new_bg": "#eef4ff",
        "add": "#15803d",
        "del": "#b42318",
        "hunk": "#6d28d9",
    },
    "dark": {
        "good": "#6ee7a0",
        "good_bg": "#173a26",
        "bad": "#fda29b",
        "bad_bg": "#3b1816",
        "bad_border": "#7a271a",
        "new": "#9cc2ff",
        "new_bg": "#1e2c45",
        "add": "#6ee7a0",
        "del": "#fda29b",
        "hunk": "#c4a7ff",
    },
}

STYLE = Template("""
#PublishDialog, #BlogsPage { background: $paper; }
#BlogsPage QScrollArea, #BlogsPage #BlogsBody { background: $paper; border: none; }
#PageTitle { font-size: 17pt; font-weight: 600; color: $heading; }
#DialogTitle { font-size: 14pt; font-weight: 600; color: $heading; }
#SectionTitle { font-size: 11pt; font-weight: 600; color: $heading; padding-top: 8px; }
#Muted, #StepLabel { color: $muted; }
#PublishError { background: $bad_bg; color: $bad; border: 1px solid $bad_border; border-radius: 8px;
                padding: 8px 10px; }
#PublishWarning { background: $warn_bg; color: $warn_text; border: 1px solid $warn_border; border-radius: 8px;
                  padding: 8px 10px; }
#PublishDone { background: $good_bg; color: $good; border-radius: 8px; padding: 8px 10px; }
#EntryPlanList, #BlogList, #PublishedTable { background: $raised; border: 1px solid $border; border-radius: 8px;
                                             outline: 0; }
#EntryPlanList::item, #BlogList::item { padding: 6px 8px; border-radius: 6px; margin: 2px; }
#EntryPlanList::item:selected, #BlogList::item:selected { background: $selection; color: $text; }
#PublishedTable::item:selected { background: $selection; color: $text; }
#EntryPlanList:focus, #BlogList:focus, #PublishedTable:focus { border: 1px solid $accent; }
#EntryPlanList::item:focus, #BlogList::item:focus, #PublishedTable::item:focus { border: 1px solid $accent; }
#DiffView { background: $code_bg; border: 1px solid $border; border-radius: 8px; }
#EmptyBlogs { background: $new_bg; border: 1px solid $border; border-radius: 10px; padding: 12px; color: $text; }
QProgressBar { border: 1px solid $border; border-radius: 5px; background: $input; height: 8px; text-align: center; }
QProgressBar::chunk { background: $accent; border-radius: 4px; }
""")


def colours() -> dict[str, str]:
    name = theme.current()
    return {**theme.colours(name), **EXTRA[name]}


def apply(widget: QWidget) -> None:
    widget.setStyleSheet(STYLE.safe_substitute(colours()))


def status_colour(status: str) -> QColor:
    c = colours()
    key = {"new": "new", "updated": "accent", "unchanged": "muted", "refused": "bad", "remove": "del"}.get(status)
    return QColor(c.get(key or "text", c["text"]))
