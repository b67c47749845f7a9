"""The left column: the places of the journal (Today, All entries, skill areas, Private, Trash, …), and below them
what features add (a calendar, pinned and recent entries: see ui/browse.py)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from journal.db import Journal
from ui import strings, theme
from ui.models.navigation import AREAS_PLACE, ENTRY_PREFIX, NavCounts, NavigationModel, NavRole, is_header, read_counts
from ui.widgets.row_states import RowStates
from ui.workers import call_async

ICONS = {
    "today": "☀", "all": "☰", "areas": "◆", "private": "🔒", "trash": "🗑", "roadmap": "🧭", "blog": "✎",
    "on_this_day": "↺", "pinned": "📌", "recent": "🕘",
}  # fmt: skip


class NavDelegate(QStyledItemDelegate):
    """Draws a place's icon or colour dot, its name, and its count right-aligned."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.rows = RowStates(view)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(option.rect.width(), 30)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        c = theme.colours(theme.current())
        painter.save()
        # The rounded selection and hover backgrounds, as the entry list draws them (no QStyle primitive needed).
        selected = self.rows.selected(index)
        if selected or self.rows.hovered(index):
            path = QPainterPath()
            path.addRoundedRect(QRectF(option.rect.adjusted(6, 1, -6, -1)), 6, 6)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillPath(path, QColor(c["selection"] if selected else c["hover"]))
        self.rows.draw_focus(painter, index, option.rect.adjusted(6, 1, -6, -1), c["accent"], 6)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(10, 0, -12, 0)
        colour = index.data(NavRole.Colour)
        icon = ICONS.get(index.data(NavRole.IconName) or "", "")
        enabled = bool(index.flags() & Qt.ItemFlag.ItemIsEnabled)
        if colour:
            painter.setBrush(QColor(colour))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(rect.x() + 3, rect.center().y() - 4, 9, 9)
        elif icon:
            painter.setPen(QColor(c["muted"]))
            painter.drawText(QRect(rect.x(), rect.y(), 18, rect.height()), Qt.AlignmentFlag.AlignCenter, icon)
        font = QFont(option.font)
        if is_header(index.data(NavRole.Place)):
            font.setPointSizeF(font.pointSizeF() * 0.85)
            font.setWeight(QFont.Weight.DemiBold)
            font.setCapitalization(QFont.Capitalization.AllUppercase)
        painter.setFont(font)
        painter.setPen(QColor(c["text"] if enabled else c["muted"]))
        count = index.data(NavRole.Count)
        count_text = str(count) if count is not None else ""
        count_w = painter.fontMetrics().horizontalAdvance(count_text) + 8 if count_text else 0
        text_rect = QRect(rect.x() + 24, rect.y(), rect.width() - 24 - count_w, rect.height())
        name = painter.fontMetrics().elidedText(index.data() or "", Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
        if count_text:
            painter.setPen(QColor(c["muted"]))
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count_text)
        painter.restore()


class NavigationPanel(QWidget):
    placeChosen = Signal(str)

    def __init__(self, journal: Journal, parent: QWidget | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self._names_width: int | None = None  # the widest place's name and count, as minimumSizeHint wants them
        self.setObjectName("NavigationPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.model = NavigationModel(journal, self, load=load)
        self._journal = journal
        self._reloads = 0  # a count read on a thread is given only to the rows of the reload that asked for it
        self._counts_later = not load  # the first reload (the window's start) reads the counts on a thread
        # Closing the journal closes its connections, one of them perhaps mid-read on that thread (a crash): the
        # close waits for the read (~40 ms at 100k entries), and a read not begun by then is not made.
        self._reading = threading.Lock()
        journal.on_close(self._wait_for_counts)
        brand = QLabel(strings.APP_NAME, self)
        brand.setObjectName("BrandLabel")
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setIndentation(10)
        self.view.setItemDelegate(NavDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName("Places")
        self.view.setToolTip("Places in your journal")
        self.view.expandAll()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(0)
        layout.addWidget(brand)
        layout.addWidget(self.view, 1)
        self.body = layout  # features add their widgets under the places here (the calendar)
        self.outside_place: str | None = None  # a place shown that has no row (a day of the calendar)
        self.view.selectionModel().currentChanged.connect(self._changed)
        self.model.modelReset.connect(self.view.expandAll)
        for changed in (self.model.modelReset, self.model.dataChanged, self.model.rowsInserted,
                        self.model.rowsRemoved, self.model.layoutChanged):  # fmt: skip
            changed.connect(self._rows_changed)

    def _changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        place = current.data(NavRole.Place) if current.isValid() else None
        if place and not is_header(place):
            self.outside_place = None
            self.placeChosen.emit(place)

    def current_place(self) -> str:
        if self.outside_place is not None:
            return self.outside_place
        index = self.view.currentIndex()
        return (index.data(NavRole.Place) if index.isValid() else None) or "all"

    def show_outside_place(self, place: str) -> None:
        """Show a place that has no row (a day of the calendar): no row is current while it is shown."""
        blocker = self.view.selectionModel().blockSignals(True)
        self.view.selectionModel().clearCurrentIndex()
        self.view.clearSelection()
        self.view.selectionModel().blockSignals(blocker)
        self.outside_place = place
        self.placeChosen.emit(place)

    def select_place(self, place: str, *, quiet: bool = False) -> None:
        """Make ``place`` current (a place that is gone changes nothing). ``quiet``: without ``placeChosen``, for a
        caller that shows the place itself."""
        index = self.model.index_of_place(place)
        if index is None:
            return
        self.outside_place = None
        blocker = self.view.selectionModel().blockSignals(True) if quiet else None
        self.view.setCurrentIndex(index)
        if blocker is not None:
            self.view.selectionModel().blockSignals(blocker)

    def minimumSizeHint(self) -> QSize:
        """Narrow enough for the calendar, never so narrow that a place's name is cut ("All entr…"): the names of
        the journal's places and sections and their counts fit, with room for a scroll bar. (A skill area's long
        name may be cut: its tooltip has it whole.)"""
        base = super().minimumSizeHint()
        if self._names_width is None:  # asked ~50 times while the window is laid out; the rows change far less often
            self._names_width = self._widest_row() + self.view.verticalScrollBar().sizeHint().width() + 2
        return QSize(max(base.width(), self._names_width), base.height())

    def _widest_row(self) -> int:
        metrics = self.view.fontMetrics()
        header = QFont(self.view.font())
        header.setPointSizeF(header.pointSizeF() * 0.85)
        header.setWeight(QFont.Weight.DemiBold)
        header.setCapitalization(QFont.Capitalization.AllUppercase)
        header_metrics = QFontMetrics(header)
        needed = 0
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            place = index.data(NavRole.Place) or ""
            if place.startswith(ENTRY_PREFIX):
                continue
            fm = header_metrics if is_header(place) else metrics
            count = index.data(NavRole.Count)
            count_w = metrics.horizontalAdvance(str(count)) + 8 if count is not None else 0
            needed = max(needed, 10 + 24 + fm.horizontalAdvance(index.data() or "") + 2 + count_w + 12)
        return needed

    def _rows_changed(self, *_args: object) -> None:
        self._names_width = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._names_width = None
        super().changeEvent(event)

    def reload(self) -> None:
        """Refresh the counts, keeping the selected place and where the column is scrolled to (it is read again after
        every restore, trash and other writer's change: scrolled back to the top each time, the place shown went out
        of sight in a short window)."""
        place = self.current_place()
        scrolled = self.view.verticalScrollBar().value()
        blocker = self.view.selectionModel().blockSignals(True)
        self._reloads += 1
        if self._counts_later:
            # At 100k entries the counts take ~40 ms (the tags' links, the live entries): the window's first frame
            # shows the places and areas at once and their counts a moment later, read off the GUI thread.
            self._counts_later = False
            self.model.reload(counted=False)
            asked = self._reloads
            self._counting = call_async(
                self._read_counts,
                lambda counts: self._counted(asked, counts),
                lambda _message, _damaged: self._counted(asked, None),
                receiver=self,
            )
        else:
            self.model.reload()
        self.view.expandAll()
        if self.outside_place is None:
            self.select_place(place)
        self.view.selectionModel().blockSignals(blocker)
        self.view.doItemsLayout()  # the rows' heights, so the scroll bar has its range again
        self.view.verticalScrollBar().setValue(scrolled)
        self.updateGeometry()  # a count with more digits may need a little more width

    def _read_counts(self) -> NavCounts | None:  # on the thread pool
        with self._reading:
            return None if self._journal.closed else read_counts(self._journal)

    def _wait_for_counts(self) -> None:
        with self._reading:
            pass

    def _counted(self, asked: int, counts: NavCounts | None) -> None:
        if asked != self._reloads or self._journal.closed:
            return  # the rows were built again since, with their counts (or the window is closing)
        if counts is None:
            self.reload()  # read here, so damage is said as every reading says it (ui.damage)
            return
        self.model.fill_counts(counts)
        self.updateGeometry()  # room for the counts

    def tag_colours(self) -> dict[str, str]:
        found: dict[str, str] = {}
        areas = self.model.index_of_place(AREAS_PLACE)
        if areas is None:
            return found
        for row in range(self.model.rowCount(areas)):
            idx = self.model.index(row, 0, areas)
            place = idx.data(NavRole.Place) or ""
            if place.startswith("tag:"):
                found[place[4:]] = idx.data(NavRole.Colour)
        return found
