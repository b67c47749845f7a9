"""The entry list as a Qt model: ids fetched page by page (``canFetchMore``/``fetchMore``), row details loaded only
for rows that are shown and kept in a bounded cache, so a 100k-entry journal scrolls like a 100-entry one.

Two modes: a filter (navigation place, tag, dates — applied in SQL) or a search query (ranked hits with snippets).
"""

from __future__ import annotations

from collections import OrderedDict
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from journal import queries
from journal.db import Journal
from journal.records import EntryFilter, EntrySummary
from ui.damage import unless_damaged

if TYPE_CHECKING:
    from journal.search import ParsedQuery, SearchHit

PAGE = 500
DETAIL_PAGE = 40  # rows whose details load together: a tall window shows ~25; each page is ~2 ms
CACHE_LIMIT = 4000

Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    EntryId = Qt.ItemDataRole.UserRole + 1
    Summary = Qt.ItemDataRole.UserRole + 2
    Snippet = Qt.ItemDataRole.UserRole + 3
    Tags = Qt.ItemDataRole.UserRole + 4
    Day = Qt.ItemDataRole.UserRole + 5
    Private = Qt.ItemDataRole.UserRole + 6
    RowId = Qt.ItemDataRole.UserRole + 7


class EntryListModel(QAbstractListModel):
    """Rows are entries; ``Role`` gives their parts. Reload with ``set_filter`` or ``show_hits``."""

    countChanged = Signal(int)
    pageFetched = Signal()  # a page of search results arrived (fetched off the GUI thread)

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._filter = EntryFilter()  # the place: what is listed, or searched in
        self._query: str | ParsedQuery | None = None
        self._ids: list[int] = []
        self._snippets: dict[int, str] = {}
        self._cache: OrderedDict[int, EntrySummary] = OrderedDict()
        self._exhausted = False
        self.total = 0
        self._fetching: QObject | None = None  # the search page being fetched on the pool (its signal holder)

    # --- loading -------------------------------------------------------------------------------------------------
    def set_filter(self, flt: EntryFilter) -> None:
        """Show entries matching a filter, newest first."""
        self.beginResetModel()
        self._filter, self._query = flt, None
        self._fetching = None
        self._ids, self._snippets = [], {}
        self._cache.clear()
        self._exhausted = False
        self.total = unless_damaged(lambda: queries.count_entries(self._journal, flt), 0)
        self._load_ids()
        self.endResetModel()
        self.countChanged.emit(self.total)

    def show_hits(
        self, query: str | ParsedQuery, hits: list[SearchHit], total: int, place: EntryFilter | None = None
    ) -> None:
        """Show search results computed elsewhere (the search runs off the GUI thread) for ``query`` in ``place``
        (default: the live entries); the pages after them are searched with both."""
        self.beginResetModel()
        self._query, self._filter = query, place or EntryFilter()
        self._fetching = None
        self._ids = [h.entry.row_id for h in hits]
        self._snippets = {h.entry.row_id: h.snippet for h in hits}
        self._cache.clear()
        for h in hits:
            self._cache[h.entry.row_id] = h.entry
        self._exhausted = len(hits) >= total
        self.total = total
        self.endResetModel()
        self.countChanged.emit(self.total)

    def set_total(self, total: int) -> None:
        """The full number of search results, counted after the first page was shown."""
        self.total = total
        self._exhausted = len(self._ids) >= total
        self.countChanged.emit(total)

    def refresh(self) -> None:
        """Reload after a change elsewhere, keeping the mode."""
        if self._query is None:
            self.set_filter(self._filter)
        else:
            self._cache.clear()
            self.dataChanged.emit(self.index(0), self.index(max(0, len(self._ids) - 1)))

    def reload_in_place(self) -> bool:
        """Read the filter's rows again after another writer changed the journal, as deep as the person had scrolled.
        The same rows in the same order only refresh their details (the view keeps everything); otherwise the model
        resets, and the caller puts the selection and the scroll position back. True when it reset. Damage met on
        the way keeps the rows shown (the window reports it once, see ui.damage)."""
        if self._query is not None:
            raise ValueError("search results are read again by searching again")
        depth = max(len(self._ids), PAGE)

        def read() -> tuple[int, list[int]]:
            total = queries.count_entries(self._journal, self._filter)
            return total, queries.list_entry_ids(self._journal, self._filter, limit=depth)

        read_again = unless_damaged(read, None)
        if read_again is None:
            return False
        total, ids = read_again
        self._cache.clear()
        if ids == self._ids and total == self.total:
            if ids:
                self.dataChanged.emit(self.index(0), self.index(len(ids) - 1))
            return False
        self.beginResetModel()
        self._ids, self._snippets = ids, {}
        self._exhausted = len(ids) < depth
        self.total = total
        self.endResetModel()
        self.countChanged.emit(self.total)
        return True

    def refresh_entry(self, row_id: int) -> None:
        """One entry changed (autosave): refresh its row only."""
        self._cache.pop(row_id, None)
        try:
            row = self._ids.index(row_id)
        except ValueError:
            return
        self.dataChanged.emit(self.index(row), self.index(row))

    @property
    def query(self) -> str | ParsedQuery | None:
        return self._query

    @property
    def entry_filter(self) -> EntryFilter:
        return self._filter

    def _next_page(self) -> list[int]:
        """The next page of the filter's row ids (a plain indexed read; search pages come from ``_fetch_hits``)."""
        page = unless_damaged(  # damage is reported by the window; the rows read so far stay
            lambda: queries.list_entry_ids(self._journal, self._filter, limit=PAGE, offset=len(self._ids)), []
        )
        if len(page) < PAGE:
            self._exhausted = True
        return page

    def _load_ids(self) -> None:
        self._ids.extend(self._next_page())

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and self._fetching is None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._fetching is not None:
            return
        if self._query is not None:
            self._fetch_hits()
            return
        self._append(self._next_page())

    def _append(self, page: list[int]) -> None:
        if not page:
            return
        start = len(self._ids)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._ids.extend(page)
        self.endInsertRows()

    def _fetch_hits(self) -> None:
        """The next page of search results, ranked off the GUI thread (a ranked search of a big journal takes tens
        of milliseconds); the rows are added when it returns, unless the search changed meanwhile."""
        from journal.search import search
        from ui.workers import call_async

        journal, query, place, offset = self._journal, self._query, self._filter, len(self._ids)
        assert query is not None

        def arrived(hits: list[SearchHit]) -> None:
            self._fetching = None
            if query is not self._query or offset != len(self._ids):
                return  # another search (or a reload) replaced these results meanwhile
            for h in hits:
                self._snippets[h.entry.row_id] = h.snippet
                self._cache[h.entry.row_id] = h.entry
            if len(hits) < PAGE:
                self._exhausted = True
            self._append([h.entry.row_id for h in hits])
            self.pageFetched.emit()

        def failed(_message: str, _user: bool) -> None:
            self._fetching = None

        self._fetching = call_async(
            lambda: search(journal, query, place=place, limit=PAGE, offset=offset), arrived, failed, receiver=self
        )

    def _summary(self, row: int) -> EntrySummary | None:
        row_id = self._ids[row]
        found = self._cache.get(row_id)
        if found is not None:
            self._cache.move_to_end(row_id)
            return found
        start = row - row % DETAIL_PAGE
        page_ids = [i for i in self._ids[start : start + DETAIL_PAGE] if i not in self._cache]
        self._cache.update(unless_damaged(lambda: queries.get_summaries(self._journal, page_ids), {}))
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)
        return self._cache.get(row_id)

    # --- Qt model API ------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == Role.RowId:
            return self._ids[index.row()]
        summary = self._summary(index.row())
        if summary is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return summary.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{summary.title} — {summary.day.isoformat()}, {summary.word_count} words"
        if role == Role.EntryId:
            return summary.id
        if role == Role.Summary:
            return summary
        if role == Role.Snippet:
            return self._snippets.get(summary.row_id)
        if role == Role.Tags:
            return list(summary.tags)
        if role == Role.Day:
            return summary.day
        if role == Role.Private:
            return summary.private
        return None

    def roleNames(self) -> dict[int, bytes]:
        names = super().roleNames()
        names.update({int(r): r.name.lower().encode() for r in Role})
        return names

    def row_of(self, entry_id: str) -> int:
        """The row showing an entry, or -1 (only among rows already fetched)."""
        row_id = unless_damaged(lambda: queries.row_id_of(self._journal, entry_id), None)
        try:
            return self._ids.index(row_id) if row_id is not None else -1
        except ValueError:
            return -1
