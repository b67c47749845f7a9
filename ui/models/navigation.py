"""The navigation column's model: Today, All entries, each skill area with its count and colour, Private, Trash.

Each row carries a place key (``today``, ``all``, ``tag:NAME``, ``private``, ``trash``; later issues add their own).
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from journal import queries
from journal.db import Journal
from journal.records import EntryFilter
from ui import strings


class NavRole(IntEnum):
    Place = Qt.ItemDataRole.UserRole + 1
    Count = Qt.ItemDataRole.UserRole + 2
    Colour = Qt.ItemDataRole.UserRole + 3
    IconName = Qt.ItemDataRole.UserRole + 4


AREAS_PLACE = "areas"


def _item(label: str, place: str, icon: str = "", count: int | None = None, colour: str | None = None) -> QStandardItem:
    item = QStandardItem(label)
    item.setEditable(False)
    item.setData(place, NavRole.Place)
    item.setData(count, NavRole.Count)
    item.setData(colour, NavRole.Colour)
    item.setData(icon, NavRole.IconName)
    item.setData(label if count is None else f"{label}, {count} entries", Qt.ItemDataRole.AccessibleTextRole)
    item.setToolTip(label if count is None else f"{label} — {count} entries")
    return item


class NavigationModel(QStandardItemModel):
    """Rebuilt from the core's counts by ``reload()`` (cheap: a handful of COUNT queries)."""

    def __init__(self, journal: Journal, parent: QObject | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self._journal = journal
        self.extra_places: list[tuple[str, str, str]] = []  # (label, place, icon) added by other features
        if load:
            self.reload()

    def reload(self) -> None:
        self.clear()
        counts = queries.place_counts(self._journal)
        root = self.invisibleRootItem()
        root.appendRow(_item(strings.NAV_TODAY, "today", "today"))
        root.appendRow(_item(strings.NAV_ALL, "all", "all", counts["all"]))
        for label, place, icon in self.extra_places:
            root.appendRow(_item(label, place, icon))
        areas = _item(strings.NAV_AREAS, AREAS_PLACE, "areas")
        areas.setSelectable(False)
        for area in queries.list_tags(self._journal):
            areas.appendRow(_item(area.name, f"tag:{area.name}", "", area.entry_count, area.colour))
        if not areas.hasChildren():
            hint = _item(strings.NAV_NO_AREAS, "", "")
            hint.setSelectable(False)
            hint.setEnabled(False)
            areas.appendRow(hint)
        root.appendRow(areas)
        root.appendRow(_item(strings.NAV_PRIVATE, "private", "private", counts["private"]))
        root.appendRow(_item(strings.NAV_TRASH, "trash", "trash", counts["trash"]))

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
        return EntryFilter(tag=place[4:])
    return None
