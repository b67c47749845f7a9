"""The navigation column's model: Today, All entries, each skill area with its count and colour, Private, Trash.

Each row carries a place key (``today``, ``all``, ``tag:NAME``, ``private``, ``trash``; later issues add their own).
Features add sections below (``sections``): a header row (``section:NAME``) over rows that each open one entry
(``entry:UUID``), such as the pinned and recent entries. A day of the calendar is the place ``day:YYYY-MM-DD``, which
has no row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from journal import queries
from journal.db import Journal
from journal.records import EntryFilter
from ui import strings
from ui.damage import unless_damaged


class NavRole(IntEnum):
    Place = Qt.ItemDataRole.UserRole + 1
    Count = Qt.ItemDataRole.UserRole + 2
    Colour = Qt.ItemDataRole.UserRole + 3
    IconName = Qt.ItemDataRole.UserRole + 4


AREAS_PLACE = "areas"
SECTION_PREFIX = "section:"
ENTRY_PREFIX = "entry:"
DAY_PREFIX = "day:"


def is_header(place: str | None) -> bool:
    """Whether a row is a group's header (Skill areas, a section) rather than a place to show."""
    return bool(place) and (place == AREAS_PLACE or place.startswith(SECTION_PREFIX))  # type: ignore[union-attr]


def day_place(day: dt.date) -> str:
    return f"{DAY_PREFIX}{day.isoformat()}"


def day_of_place(place: str) -> dt.date | None:
    if not place.startswith(DAY_PREFIX):
        return None
    try:
        return dt.date.fromisoformat(place[len(DAY_PREFIX) :])
    except ValueError:
        return None


def _item(label: str, place: str, icon: str = "", count: int | None = None, colour: str | None = None) -> QStandardItem:
    item = QStandardItem(label)
    item.setEditable(False)
    item.setData(place, NavRole.Place)
    item.setData(colour, NavRole.Colour)
    item.setData(icon, NavRole.IconName)
    set_count(item, count)
    return item


def set_count(item: QStandardItem, count: int | None) -> None:
    label = item.text()
    item.setData(count, NavRole.Count)
    item.setData(label if count is None else f"{label}, {count} entries", Qt.ItemDataRole.AccessibleTextRole)
    item.setToolTip(label if count is None else f"{label} — {count} entries")


def place_label(place: str) -> str:
    """What the entry list's header says a place is, when the navigation column has no row for it (a day)."""
    day = day_of_place(place)
    return strings.DAY_PLACE.format(day=day) if day is not None else ""


def section_item(key: str, label: str) -> QStandardItem:
    """A section's header row; its children are made with ``entry_item``."""
    item = _item(label, SECTION_PREFIX + key, key)  # its icon is named after it
    item.setSelectable(False)
    return item


def entry_item(entry_id: str, title: str, detail: str, tip: str) -> QStandardItem:
    """A row that opens one entry: its title, and a short ``detail`` (a year, a day) where the counts stand."""
    item = QStandardItem(title)
    item.setEditable(False)
    item.setData(ENTRY_PREFIX + entry_id, NavRole.Place)
    item.setData(detail or None, NavRole.Count)
    item.setData(f"{title}, {tip}", Qt.ItemDataRole.AccessibleTextRole)
    item.setToolTip(f"{title} — {tip}")
    return item


# Builds a section (its header with its rows), or None when it has nothing to show.
SectionBuilder = Callable[[], QStandardItem | None]


NavCounts = tuple[dict[str, int], dict[str, int]]  # the places' counts ("all", "private", "trash"), the areas'


def read_counts(journal: Journal) -> NavCounts:
    """The navigation's counts (~40 ms at 100k entries: the window's first build reads them on another thread)."""
    return queries.place_counts(journal), queries.tag_counts(journal)


class NavigationModel(QStandardItemModel):
    """Rebuilt from the core's counts by ``reload()`` (cheap: a handful of COUNT queries)."""

    def __init__(self, journal: Journal, parent: QObject | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self._journal = journal
        self.extra_places: list[tuple[str, str, str]] = []  # (label, place, icon) added by other features
        self.sections: dict[str, SectionBuilder] = {}  # section key → builder, shown in this order below Trash
        if load:
            self.reload()

    def reload(self, *, counted: bool = True) -> None:
        """Build the rows again (``counted=False``: without their counts, which ``fill_counts`` gives them)."""
        self.clear()
        # Damage met on the way: no counts, no areas; the window says what happened (ui.damage).
        counts = unless_damaged(lambda: queries.place_counts(self._journal), {}) if counted else {}
        root = self.invisibleRootItem()
        root.appendRow(_item(strings.NAV_TODAY, "today", "today"))
        root.appendRow(_item(strings.NAV_ALL, "all", "all", counts.get("all")))
        for label, place, icon in self.extra_places:
            root.appendRow(_item(label, place, icon))
        areas = _item(strings.NAV_AREAS, AREAS_PLACE, "areas")
        areas.setSelectable(False)
        tags = unless_damaged(lambda: queries.list_tags(self._journal, counted=counted), None)
        for area in tags or ():
            count = area.entry_count if counted else None
            areas.appendRow(_item(area.name, f"tag:{area.name}", "", count, area.colour))
        if tags == []:
            hint = _item(strings.NAV_NO_AREAS, "", "")
            hint.setSelectable(False)
            hint.setEnabled(False)
            areas.appendRow(hint)
        root.appendRow(areas)
        root.appendRow(_item(strings.NAV_PRIVATE, "private", "private", counts.get("private")))
        root.appendRow(_item(strings.NAV_TRASH, "trash", "trash", counts.get("trash")))
        for build in self.sections.values():
            section = unless_damaged(build, None)
            if section is not None:
                root.appendRow(section)

    def fill_counts(self, counts: NavCounts) -> None:
        """Give the rows built by ``reload(counted=False)`` their counts (read on another thread)."""
        places, tags = counts
        for row in range(self.rowCount()):
            item = self.item(row)
            place = item.data(NavRole.Place)
            if place in places:
                set_count(item, places[place])
            elif place == AREAS_PLACE:
                for child in range(item.rowCount()):
                    area = item.child(child)
                    name = (area.data(NavRole.Place) or "").removeprefix("tag:")
                    if name in tags:
                        set_count(area, tags[name])

    def refresh_section(self, key: str) -> None:
        """Build one section again in its place (or add it, or take it away), leaving the other rows as they are."""
        section = unless_damaged(self.sections[key], None)
        order = list(self.sections)
        places = [self.index(r, 0).data(NavRole.Place) for r in range(self.rowCount())]
        place = SECTION_PREFIX + key
        if place in places:
            self.removeRow(places.index(place))
            places.remove(place)
        if section is None:
            return
        later = {SECTION_PREFIX + k for k in order[order.index(key) + 1 :]}
        at = next((r for r, p in enumerate(places) if p in later), len(places))
        self.insertRow(at, section)

    def index_of_place(self, place: str):  # type: ignore[no-untyped-def]
        matches = self.match(
            self.index(0, 0), NavRole.Place, place, 1, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
        )
        return matches[0] if matches else None


def filter_for_place(place: str) -> EntryFilter | None:
    """The list filter a place shows, or None for places that are not entry lists."""
    if place in ("all", "today"):
        return EntryFilter()
    if place == "private":
        return EntryFilter(private=True)
    if place == "trash":
        return EntryFilter(trash=True)
    if place.startswith("tag:"):
        return EntryFilter(tags=(place[4:],))
    day = day_of_place(place)
    if day is not None:
        return EntryFilter(since=day, until=day)
    return None
