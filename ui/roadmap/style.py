"""Colours and the style sheet of the roadmap place, derived from the app's light and dark palettes (``ui.theme``)."""

from __future__ import annotations

import datetime as dt
from string import Template

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from ui import theme
from ui.roadmap import strings

# Extra colours for states and pace, chosen to read on both themes' surfaces.
EXTRA = {
    "light": {
        "good": "#15803d",
        "good_bg": "#dcfce7",
        "doing": "#1d4ed8",
        "doing_bg": "#eef4ff",
        "track": "#ebebe7",
        "second": "#c2410c",
    },
    "dark": {
        "good": "#6ee7a0",
        "good_bg": "#173a26",
        "doing": "#9cc2ff",
        "doing_bg": "#1e2c45",
        "track": "#343840",
        "second": "#fbbf24",
    },
}

STYLE = Template("""
#RoadmapPage, #RoadmapPage QScrollArea, #RoadmapScroll { background: $paper; border: none; }
#RoadmapPage QScrollArea, #RoadmapScroll { border: 1px solid transparent; }
#RoadmapPage QScrollArea:focus, #RoadmapScroll:focus { border: 1px solid $accent; }
#RoadmapPage QScrollArea > QWidget > QWidget { background: $paper; }
#RoadmapTitle { font-size: 17pt; font-weight: 600; color: $heading; }
#RoadmapSummary, #AreaStats, #Muted { color: $muted; }
#AreaTitle { font-size: 16pt; font-weight: 600; color: $heading; }
#AreaDescription { color: $muted; }
#SectionTitle { font-size: 11pt; font-weight: 600; color: $heading; padding: 6px 0 0 0; margin: 0; }
#Welcome { background: $doing_bg; border: 1px solid $border; border-radius: 10px; }
#Welcome QLabel { color: $text; background: transparent; }
#WelcomeTitle { font-size: 12pt; font-weight: 600; }
#MilestoneRow, #ChartCard, #Tile { background: $raised; border: 1px solid $border; border-radius: 10px; }
#MilestoneRow QLabel, #ChartCard QLabel, #Tile QLabel { background: transparent; }
#MilestoneTitle { font-weight: 600; color: $heading; font-size: 10.5pt; }
#MilestoneRow QToolButton, #MilestoneRow QPushButton {
  background: $raised; border: 1px solid $border; border-radius: 6px; padding: 4px 10px; color: $text; }
#MilestoneRow QToolButton:hover, #MilestoneRow QPushButton:hover { border-color: $accent; }
#MilestoneRow QToolButton { padding-right: 24px; }
#MilestoneRow QToolButton::menu-button { border: none; border-left: 1px solid $border; width: 20px; }
#ChartTitle { font-weight: 600; color: $heading; }
#TileValue { font-size: 16pt; font-weight: 600; color: $heading; }
#TileLabel, #TileNote { color: $muted; font-size: 9pt; }
#StateChip { border-radius: 9px; padding: 1px 8px; font-size: 9pt; font-weight: 600; }
#StateChip[state="todo"] { color: $muted; border: 1px solid $border; }
#StateChip[state="doing"] { color: $doing; background: $doing_bg; }
#StateChip[state="done"] { color: $good; background: $good_bg; }
#PaceGood { color: $good; }
#PaceBehind { color: $warn_text; }
#Segment QToolButton { padding: 4px 12px; border: 1px solid $border; border-radius: 0; background: $raised; }
#Segment QToolButton:checked { background: $selection; color: $text; }
#Segment QToolButton#SegmentFirst { border-top-left-radius: 7px; border-bottom-left-radius: 7px; }
#Segment QToolButton#SegmentLast { border-top-right-radius: 7px; border-bottom-right-radius: 7px; border-left: none; }
#LinkButton { border: none; color: $link; padding: 2px 0; background: transparent; }
#LinkButton:hover { text-decoration: underline; background: transparent; }
#MilestoneRow QToolButton:focus, #MilestoneRow QPushButton:focus { border: 1px solid $accent; }
#Segment QToolButton:focus { border: 1px solid $accent; }
#Segment QToolButton#SegmentLast:focus { border-left: 1px solid $accent; }
#LinkButton:focus { text-decoration: underline; color: $accent; }
""")


def palette() -> dict[str, str]:
    """The current theme's colours plus the roadmap place's extras."""
    name = theme.current()
    return {**theme.colours(name), **EXTRA["dark" if name == "dark" else "light"]}


def apply_style(widget: QWidget) -> None:
    widget.setStyleSheet(STYLE.substitute(palette()))


def mix(a: str | QColor, b: str | QColor, t: float) -> QColor:
    """The colour ``t`` of the way from ``a`` to ``b`` (0 gives ``a``)."""
    ca, cb = QColor(a), QColor(b)
    return QColor(
        round(ca.red() + (cb.red() - ca.red()) * t),
        round(ca.green() + (cb.green() - ca.green()) * t),
        round(ca.blue() + (cb.blue() - ca.blue()) * t),
    )


def readable_on_surface(colour: str) -> QColor:
    """An area colour adjusted to keep contrast with the surface it is drawn on (lighter in the dark theme)."""
    c = QColor(colour)
    if theme.current() == "dark" and c.lightnessF() < 0.55:
        return mix(c, "#ffffff", 0.25)
    return c


def day_text(day: dt.date, *, short: bool = False) -> str:
    """ "14 Mar 2026" (or "14 Mar"), the same on every platform and locale."""
    form = strings.SHORT_DAY_FORMAT if short else strings.DAY_FORMAT
    return form.format(day=day.day, month=strings.MONTHS[day.month - 1], year=day.year)


def relative_day(day: dt.date, today: dt.date) -> str:
    """ "today", "3 days ago", "2 weeks ago", or the date when it is more than two months back."""
    days = (today - day).days
    if days <= 0:
        return strings.TODAY
    if days == 1:
        return strings.YESTERDAY
    if days < 14:
        return strings.DAYS_AGO.format(n=days)
    if days < 61:
        return strings.WEEKS_AGO.format(n=days // 7)
    return strings.ON_DAY.format(day=day_text(day))


def count_text(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=n)
