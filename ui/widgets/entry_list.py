"""The middle column: search field, date filter, and the entry list (day, title, excerpt or snippet, tag chips).

Search runs as the person types, off the GUI thread, newest query wins. Keyboard only: Down moves from the search field
into the results, arrows move, Enter opens, Esc clears the search.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPainterPath
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from journal.db import Journal
from journal.jobs import CancelToken
from journal.records import EntryFilter, default_colour
from ui import strings, theme
from ui.models.entry_list import EntryListModel, Role
from ui.widgets.chips import chip_colours
from ui.widgets.row_states import RowStates
from ui.workers import call_async

if TYPE_CHECKING:
    from journal.search import ParsedQuery

SEARCH_DEBOUNCE_MS = 30
FIRST_PAGE = 100  # results fetched as you type; scrolling fetches more


_TABLE_RULE_RE = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?")
_NOISE_RE = re.compile(r"`{3,}\w*|[*#>]{1,}(?=\s)|\s*\|\s*")


# A line of a row: not clipped to its line's box, where a small font's underscore (tmp_path) sits below the descent.
LINE = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextDontClip


def tidy_snippet(snippet: str) -> str:
    """A snippet with markdown scaffolding (table rules and pipes, fences, heading marks) turned into light
    punctuation, so a match inside a table or code block still reads as text."""
    text = _TABLE_RULE_RE.sub(" ", snippet)
    text = _NOISE_RE.sub(lambda m: " · " if "|" in m.group(0) else " ", text)
    return " ".join(text.split()).strip(" ·")


class EntryDelegate(QStyledItemDelegate):
    """Paints one entry row: day · title, one line of excerpt or snippet (matches highlighted), tag chips."""

    ROW_HEIGHT = 82

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.rows = RowStates(view)
        self.tag_colours: dict[str, str] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(option.rect.width(), self.ROW_HEIGHT)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        summary = index.data(Role.Summary)
        if summary is None:
            return
        name = theme.current()
        c = theme.colours(name)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(8, 3, -8, -3)
        selected = self.rows.selected(index)
        hovered = not selected and self.rows.hovered(index)
        surface = c["selection"] if selected else c["hover"] if hovered else c["list"]  # what the chips sit on
        if selected or hovered:
            path = QPainterPath()
            path.addRoundedRect(rect, 8, 8)
            painter.fillPath(path, QColor(c["selection"] if selected else c["hover"]))
        self.rows.draw_focus(painter, index, rect, c["accent"], 8)
        x, y, w = rect.x() + 10, rect.y() + 8, rect.width() - 20
        base = QFont(option.font)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)

        painter.setFont(small)
        painter.setPen(QColor(c["muted"]))
        day_text = summary.day.strftime("%a %d %b %Y")
        if summary.private:
            day_text += "  ·  🔒 private"
        fm_small = QFontMetrics(small)
        painter.drawText(QRect(x, y, w, fm_small.height()), LINE, day_text)
        y += fm_small.height() + 2

        painter.setFont(bold)
        painter.setPen(QColor(c["text"]))
        fm_bold = QFontMetrics(bold)
        title = fm_bold.elidedText(summary.title or "Untitled", Qt.TextElideMode.ElideRight, w)
        painter.drawText(QRect(x, y, w, fm_bold.height()), LINE, title)
        y += fm_bold.height() + 2

        painter.setFont(small)
        snippet = index.data(Role.Snippet)
        self._draw_excerpt(painter, QRect(x, y, w, fm_small.height()), snippet, summary.excerpt, c, small)
        y += fm_small.height() + 5

        chip_x = x
        chip_font = QFont(small)
        chip_font.setPointSizeF(max(7.0, small.pointSizeF() * 0.92))
        painter.setFont(chip_font)
        fm_chip = QFontMetrics(chip_font)
        for tag in summary.tags:
            tw = fm_chip.horizontalAdvance(tag) + 14
            if chip_x + tw > x + w:
                painter.setPen(QColor(c["muted"]))
                painter.drawText(QRect(chip_x, y, 20, fm_chip.height() + 2), Qt.AlignmentFlag.AlignLeft, "…")
                break
            colours = chip_colours(self.tag_colours.get(tag) or default_colour(tag), name, surface)
            chip = QRect(chip_x, y, tw, fm_chip.height() + 2)
            path = QPainterPath()
            path.addRoundedRect(chip, chip.height() / 2, chip.height() / 2)
            painter.fillPath(path, colours.fill)
            painter.setPen(colours.text)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, tag)
            chip_x += tw + 5
        painter.restore()

    def _draw_excerpt(
        self, painter: QPainter, rect: QRect, snippet: str | None, excerpt: str, c: dict, font: QFont
    ) -> None:
        fm = QFontMetrics(font)
        if not snippet:
            painter.setPen(QColor(c["muted"]))
            painter.drawText(rect, LINE, fm.elidedText(excerpt, Qt.TextElideMode.ElideRight, rect.width()))
            return
        x = rect.x()
        bold = QFont(font)
        bold.setWeight(QFont.Weight.Bold)
        from journal.search import snippet_parts

        for text, hit in snippet_parts(tidy_snippet(snippet)):
            f = bold if hit else font
            metrics = QFontMetrics(f)
            room = rect.right() - x
            if room <= 8:
                break
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.setFont(f)
            painter.setPen(QColor(c["text"] if hit else c["muted"]))
            width = metrics.horizontalAdvance(shown)
            if hit:
                mark = QColor(c["accent"])
                mark.setAlpha(45)
                painter.fillRect(QRect(x - 1, rect.y(), width + 2, rect.height()), mark)
            painter.drawText(QRect(x, rect.y(), width + 2, rect.height()), LINE, shown)
            x += width
            if shown != text:
                break
        painter.setFont(font)


class _SearchField(QLineEdit):
    down = Signal()
    enter = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter.emit()
            return
        super().keyPressEvent(event)


class EntryListPanel(QWidget):
    entrySelected = Signal(str)  # entry id
    entryActivated = Signal(str)
    searchFinished = Signal(float)  # ms from the last keystroke to results shown
    # Another writer changed the journal and the list was read again (``refresh_keeping_place``): what else shows
    # the journal beside the list (the open entry's backlinks) reads again on it.
    changedElsewhere = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EntryListPanel")
        self.journal = journal
        self._base_filter = EntryFilter()
        self._place_label = ""  # said before the count when the place is not in the navigation column (a day)
        self._date_range: tuple[dt.date | None, dt.date | None] = (None, None)
        self._generation = 0
        self._searching = False
        self._search_again = False
        self._search_token: CancelToken | None = None
        self._pending_calls: list[QObject] = []
        self._typed_at = 0.0
        # The place to put back after the rows are read again for another writer's change: (current, selected, scroll).
        self._keep_place: tuple[str | None, list[str], tuple[str, int] | None] | None = None
        self._restoring = False

        self.search = _SearchField(self)
        self.search.setObjectName("SearchField")
        self.search.setPlaceholderText(strings.SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search entries")
        self.search.setToolTip("Search as you type. Esc clears; Down moves into the results.")
        self.dates = QComboBox(self)
        self.dates.setObjectName("DateFilter")
        self.dates.addItems(
            [strings.DATE_ANY, strings.DATE_WEEK, strings.DATE_MONTH, strings.DATE_YEAR, strings.DATE_CUSTOM]
        )
        self.dates.setAccessibleName("Date filter")
        self.dates.setToolTip("Show entries from this week, month, year or a custom range")
        self.header = QLabel(self)
        self.header.setObjectName("ListHeader")
        self.header.setAccessibleName("Entry count")

        self.model = EntryListModel(journal, self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.delegate = EntryDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setUniformItemSizes(True)
        self.view.setMouseTracking(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setAccessibleName("Entries")
        self.view.setToolTip("Your entries, newest first. Enter opens, Delete moves to the trash.")
        self._empty: QLabel | None = None  # the empty-state message, made the first time the list is empty

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 6, 0)
        top.addWidget(self.header, 1)
        top.addWidget(self.dates)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The field's margin is the layout's, not the style sheet's: Qt places the clear button inside the widget's
        # rectangle, so a style-sheet margin pushed the button onto the field's border.
        field_row = QHBoxLayout()
        field_row.setContentsMargins(10, 10, 10, 4)
        field_row.addWidget(self.search)
        layout.addLayout(field_row)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(self._typed)
        self.search.down.connect(self._into_list)
        self.search.enter.connect(self._open_current)
        self.dates.activated.connect(self._date_chosen)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(lambda idx: self.entryActivated.emit(idx.data(Role.EntryId)))
        self.model.countChanged.connect(self._update_header)
        self.model.modelReset.connect(self._update_empty)
        self.model.rowsInserted.connect(self._update_empty)

    # --- filters -------------------------------------------------------------------------------------------------
    def set_place_filter(self, flt: EntryFilter, label: str = "", *, keep: str | None = None) -> None:
        """List another place; ``keep`` (the entry open in the editor) stays highlighted when the place lists it."""
        self._base_filter = flt
        self._place_label = label
        self.reload()
        if keep is not None and not self.search.text().strip():  # (a search opens its best result, as typed)
            self.highlight(keep)

    def current_filter(self) -> EntryFilter:
        """The place's filter narrowed by the date filter (a place may have dates of its own: a day)."""
        since, until = self._date_range
        base = self._base_filter
        if base.since is not None:
            since = base.since if since is None else max(since, base.since)
        if base.until is not None:
            until = base.until if until is None else min(until, base.until)
        return replace(base, since=since, until=until)

    def reload(self) -> None:
        if self.search.text().strip():
            self._run_search()
        else:
            self.model.set_filter(self.current_filter())

    def _date_chosen(self, index: int) -> None:
        today = dt.date.today()
        if index == 0:
            self._date_range = (None, None)
        elif index == 1:
            self._date_range = (today - dt.timedelta(days=today.weekday()), None)
        elif index == 2:
            self._date_range = (today.replace(day=1), None)
        elif index == 3:
            self._date_range = (today.replace(month=1, day=1), None)
        else:
            from ui.dialogs.date_range import DateRangeDialog  # rarely used: loaded when chosen

            dialog = DateRangeDialog(self)
            if not dialog.exec():
                return
            self._date_range = dialog.range()
            a, b = self._date_range
            self.dates.setItemText(4, f"{a.isoformat()} – {b.isoformat()}")
        self.reload()

    # --- search --------------------------------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self._typed_at = time.perf_counter()
        self._timer.start()

    def _run_search(self) -> None:
        """Search for what is typed now. One search runs at a time; text typed meanwhile is searched when it returns
        (so a fast typist never queues a backlog of stale searches)."""
        text = self.search.text().strip()
        self._generation += 1
        if not text:
            self.model.set_filter(self.current_filter())
            return
        if self._searching:
            self._search_again = True
            if self._search_token is not None:
                self._search_token.cancel()  # the running search is stale: stop it mid-query
            return
        from journal.search import parse_query, search  # imported on the first search, not at start-up

        # What was typed is parsed once; the place (the trash, a skill area, a day, the dates chosen) goes with it as
        # the structure it is, never turned back into query text.
        query, place = parse_query(text), self.current_filter()
        if query.problems:  # a date that is not one (yet: it may be half typed): said in the list, not searched
            self.model.show_hits(query, [], 0, place)
            return
        self._searching = True
        generation = self._generation
        journal = self.journal
        token = self._search_token = CancelToken()

        def done(hits: list) -> None:
            self._searching = False
            if self._search_again or generation != self._generation:
                self._search_again = False
                self._run_search()
                return
            self.model.show_hits(query, hits, len(hits), place)
            if self._keep_place is not None:
                self._restore_place(*self._keep_place)
            elif hits:
                self.view.setCurrentIndex(self.model.index(0))
            self._keep_place = None
            self.searchFinished.emit((time.perf_counter() - self._typed_at) * 1000)
            if len(hits) >= FIRST_PAGE:
                self._count_later(query, place, generation)

        def failed(message: str, _user: bool) -> None:
            self._searching = False
            if token.cancelled or self._search_again:  # stopped for newer text: search that now
                self._search_again = False
                self._run_search()
                return
            self.header.setText(message.splitlines()[-1] if message else "")

        self._keep(
            call_async(
                lambda: search(journal, query, place=place, limit=FIRST_PAGE, cancel=token), done, failed, receiver=self
            )
        )

    def _count_later(self, query: ParsedQuery, place: EntryFilter, generation: int) -> None:
        """The total for the header ("1,234 results") is counted after the first results are on screen."""
        self.header.setText(strings.LIST_RESULTS_MANY.format(n=FIRST_PAGE, q=self.search.text().strip()))
        journal = self.journal

        def counted(total: int) -> None:
            if generation == self._generation:
                self.model.set_total(total)

        from journal.search import count_matches

        self._keep(call_async(lambda: count_matches(journal, query, place=place), counted, receiver=self))

    def _keep(self, holder: QObject) -> None:
        self._pending_calls.append(holder)
        self._pending_calls = self._pending_calls[-8:]

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _into_list(self) -> None:
        """Down from the search field: move into the results, on the first one if none is current."""
        self.view.setFocus()
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0))

    def _open_current(self) -> None:
        """Enter in the search field opens the current (best) result."""
        if self.view.currentIndex().isValid():
            self.entryActivated.emit(self.view.currentIndex().data(Role.EntryId))

    # --- selection and state -------------------------------------------------------------------------------------
    def refresh_keeping_place(self) -> None:
        """Another writer changed the journal: read the rows again, keeping the current and selected entries and the
        scroll position (the editor's entry is not re-opened, and no other entry is opened in its place)."""
        current = self.view.currentIndex()
        top = self.view.indexAt(self.view.viewport().rect().topLeft())
        # The row at the top of the view and how far it sits from the top: the same entry is put back there (at the
        # very top, the view stays at the top, so new entries show).
        anchor = None
        if top.isValid() and self.view.verticalScrollBar().value() > 0:
            anchor = (str(top.data(Role.EntryId)), self.view.visualRect(top).top())
        place = (current.data(Role.EntryId) if current.isValid() else None, self.selected_ids(), anchor)
        if self.search.text().strip():
            self._keep_place = place
            self._run_search()
        elif self.model.reload_in_place():
            self._restore_place(*place)
        self.changedElsewhere.emit()

    def _restore_place(self, current: str | None, selected: list[str], anchor: tuple[str, int] | None) -> None:
        from PySide6.QtCore import QItemSelectionModel

        flags = QItemSelectionModel.SelectionFlag
        selection = self.view.selectionModel()
        self._restoring = True
        try:
            row = self.model.row_of(current) if current else -1
            if row >= 0:
                selection.setCurrentIndex(self.model.index(row), flags.NoUpdate)
            for entry_id in selected:
                row = self.model.row_of(entry_id)
                if row >= 0:
                    selection.select(self.model.index(row), flags.Select)
        finally:
            self._restoring = False
        if anchor is None:
            return
        row = self.model.row_of(anchor[0])
        if row < 0:
            return
        self.view.doItemsLayout()  # the scroll range of the new rows, before the position is put back
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + self.view.visualRect(self.model.index(row)).top() - anchor[1])

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:
            return
        if current.isValid():
            self.entrySelected.emit(current.data(Role.EntryId))

    def highlight(self, entry_id: str) -> None:
        """Show ``entry_id`` as the current, selected row without opening it again (it is open already)."""
        if self.model.row_of(entry_id) < 0:
            return
        self._restore_place(entry_id, [entry_id], None)
        self.view.scrollTo(self.model.index(self.model.row_of(entry_id)))

    def select_entry(self, entry_id: str) -> None:
        row = self.model.row_of(entry_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))
            self.view.scrollTo(self.model.index(row))

    def selected_ids(self) -> list[str]:
        return [i.data(Role.EntryId) for i in self.view.selectionModel().selectedIndexes()]

    def _update_header(self, total: int) -> None:
        q = self.search.text().strip()
        if q:
            template = strings.LIST_RESULT_ONE if total == 1 else strings.LIST_RESULTS
            self.header.setText(template.format(n=total, q=q))
        else:
            count = strings.LIST_COUNT_ONE if total == 1 else strings.LIST_COUNT.format(n=total)
            self.header.setText(f"{self._place_label} · {count}" if self._place_label else count)

    @property
    def empty(self) -> QLabel:
        """The message over an empty list. Made on first need: the viewport's first trip into Python costs ~10 ms of
        binding set-up (PySide6 resolves every widget class to type it), which a full list at start-up never needs."""
        if self._empty is None:
            self._empty = QLabel(self.view.viewport())
            self._empty.setObjectName("EmptyState")
            self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._empty.setWordWrap(True)
            self._empty.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            overlay = QVBoxLayout(self.view.viewport())
            overlay.setContentsMargins(24, 24, 24, 24)
            overlay.addWidget(self._empty)
        return self._empty

    def _update_empty(self) -> None:
        if self.model.rowCount():
            if self._empty is not None:
                self._empty.hide()
            return
        q = self.search.text().strip()
        problems = getattr(self.model.query, "problems", None)
        if q and problems:
            text = strings.LIST_SEARCH_PROBLEM.format(problem=problems[0][:1].upper() + problems[0][1:])
        elif q:
            text = strings.LIST_EMPTY_SEARCH.format(q=q)
        elif self._base_filter.trash:
            text = strings.LIST_EMPTY_TRASH
        elif self._base_filter == EntryFilter() and self._date_range == (None, None):
            text = strings.LIST_EMPTY_ALL
        else:
            text = strings.LIST_EMPTY_FILTER
        self.empty.setText(text)
        self.empty.show()
