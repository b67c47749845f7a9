"""Completing ``[[`` in the editor: a popup of the journal's titles (and aliases) under the cursor, filtered as the
person types, chosen with the arrow keys and Enter or Tab (or a click); Esc closes it.

A QCompleter over a small model this module fills (the best matches of the names read when ``[[`` is typed, at most
``MOST``): the journal may hold 100,000 titles, so ranking happens here, once per key, and the popup only shows. Keys
typed while it is open go to the editor (QCompleter forwards them), and the text before the cursor says what to
match; Enter, Tab and Esc are taken by a filter on the popup installed after QCompleter's own, so it sees them first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPainter, QStandardItem, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QPlainTextEdit,
    QStyledItemDelegate,
)

from journal.links import ALIAS, Named, NameList
from journal.markdown.wikilinks import escape_target, link_key
from ui import theme
from ui.links import strings

if TYPE_CHECKING:  # QStyle's ~550 enum members cost the window's start ~5 ms: it loads when the popup first paints
    from PySide6.QtWidgets import QStyleOptionViewItem

MOST = 50  # names shown at once
MAX_TYPED = 200  # past this many characters after [[ it is no longer a title being typed
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class Choice:
    """One name offered: what the link will say, and a detail (the day of the entry it goes to, or whose alias)."""

    name: str
    detail: str
    private: bool = False


def rank(
    names: NameList,
    typed: str,
    details: Callable[[list[int]], dict[int, Named]],
    exclude: int | None = None,
    most: int = MOST,
) -> list[Choice]:
    """The names that hold ``typed`` (ignoring case and spacing), those that start with it first, newest entries
    first; each name once, going where a link of that name goes (a title before an alias, the oldest entry), with
    that entry's day (or whose alias it is). ``details`` reads the entries shown."""
    want = link_key(typed)
    keys = names.keys
    starts, inside = [], []  # newest first within each
    for i, key in enumerate(keys):
        if want in key:
            (starts if key.startswith(want) else inside).append(i)
    hits = starts + inside
    chosen: dict[str, list[int]] = {}
    for i in hits:
        if names.row_ids[i] == exclude:
            continue
        key = keys[i]
        if key in chosen:
            chosen[key].append(i)
        elif len(chosen) < most:
            chosen[key] = [i]
    # A name's every entry is in its group (a link goes to the oldest of them), in the list's order.
    found = details([names.row_ids[i] for group in chosen.values() for i in group])
    out = []
    for group in chosen.values():
        live = [i for i in group if names.row_ids[i] in found]
        if not live:
            continue
        best = min(live, key=lambda i: (names.hows[i], found[names.row_ids[i]].created, names.row_ids[i]))
        entry = found[names.row_ids[best]]
        if names.hows[best] == ALIAS:
            detail = strings.COMPLETION_ALIAS.format(title=entry.title)
        else:
            detail = strings.COMPLETION_DAY.format(day=entry.day)
        out.append(Choice(names.names[best], detail, entry.private))
    return out


def typed_after_brackets(editor: QPlainTextEdit) -> str | None:
    """What is typed between an open ``[[`` and the cursor on its line, or None when the cursor is not in one
    (closed by ``]]``, past a ``|`` or ``#``, in a code span, or a long way on)."""
    cursor = editor.textCursor()
    if cursor.hasSelection():
        return None
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
    before = cursor.selectedText()
    start = before.rfind("[[")
    if start < 0:
        return None
    typed = before[start + 2 :]
    if len(typed) > MAX_TYPED or any(c in typed for c in "[]|#`") or before[:start].count("`") % 2:
        return None
    return typed


class ChoiceDelegate(QStyledItemDelegate):
    """A name, and its detail in the muted colour at the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(option.rect.width(), QFontMetrics(option.font).height() + 10)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        from PySide6.QtWidgets import QStyle

        c = theme.colours(theme.current())
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, QColor(c["selection"]))
        rect = option.rect.adjusted(10, 0, -10, 0)
        fm = QFontMetrics(option.font)
        detail = str(index.data(DETAIL_ROLE) or "")
        detail_width = min(fm.horizontalAdvance(detail), rect.width() // 2)
        painter.setPen(QColor(c["muted"]))
        detail_rect = QRect(rect.right() - detail_width, rect.y(), detail_width, rect.height())
        painter.drawText(detail_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         fm.elidedText(detail, Qt.TextElideMode.ElideMiddle, detail_width))  # fmt: skip
        painter.setPen(QColor(c["text"]))
        name_rect = QRect(rect.x(), rect.y(), rect.width() - detail_width - 12, rect.height())
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(name, Qt.TextElideMode.ElideRight, name_rect.width()))  # fmt: skip
        painter.restore()


class LinkCompleter(QObject):
    """Offers titles after ``[[`` in ``editor``; ``names`` reads every name a link can use (``journal.links``),
    once per ``[[``, ``details`` the entries of those shown; ``current`` is the row id of the entry being written
    (not offered: no link to itself).

    The QCompleter (and its popup, a window of its own) lives only while it is open: a popup left behind would be
    destroyed with the main window, in the middle of its destruction, and move the focus then."""

    def __init__(
        self,
        editor: QPlainTextEdit,
        names: Callable[[], NameList],
        details: Callable[[list[int]], dict[int, Named]],
        current: Callable[[], int | None],
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self._names = names
        self._details = details
        self._current = current
        self._cache: NameList | None = None
        self.model = QStandardItemModel(self)
        self.completer: QCompleter | None = None
        editor.document().contentsChange.connect(self._typed)
        editor.cursorPositionChanged.connect(self._moved)
        editor.installEventFilter(self)

    def _make(self) -> QCompleter:
        completer = QCompleter(self.model, self)
        completer.setWidget(self.editor)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(10)
        completer.activated[QModelIndex].connect(self._chosen)  # type: ignore[index]  # a click
        popup = completer.popup()
        popup.setItemDelegate(ChoiceDelegate(popup))
        popup.setAccessibleName(strings.COMPLETER_NAME)
        popup.setObjectName("LinkCompletions")
        popup.installEventFilter(self)  # after QCompleter's own filter: this one sees the keys first
        return completer

    @property
    def popup(self) -> QAbstractItemView | None:
        return self.completer.popup() if self.completer is not None else None

    def is_open(self) -> bool:
        popup = self.popup
        return popup is not None and popup.isVisible()

    def _typed(self, _position: int, removed: int, added: int) -> None:
        if (removed or added) and self.editor.hasFocus():
            self.update()

    def _moved(self) -> None:
        if self.completer is not None and typed_after_brackets(self.editor) is None:
            self.close()

    def update(self) -> None:
        """Show (or refresh, or close) the popup for the text before the cursor."""
        typed = typed_after_brackets(self.editor)
        if typed is None:
            self.close()
            return
        if self._cache is None or not self.is_open():
            self._cache = self._names()  # read afresh for each [[: titles change as the person writes
        choices = rank(self._cache, typed, self._details, self._current())
        if not choices:
            self.close()
            return
        self.model.clear()
        for choice in choices:
            item = QStandardItem(choice.name)
            detail = choice.detail + (f" · {strings.COMPLETION_PRIVATE}" if choice.private else "")
            item.setData(detail, DETAIL_ROLE)
            item.setData(f"{choice.name}, {detail}", Qt.ItemDataRole.AccessibleTextRole)
            self.model.appendRow(item)
        if self.completer is None:
            self.completer = self._make()
        popup = self.completer.popup()
        self._style(popup)
        rect = self.editor.cursorRect()
        rect.setWidth(min(520, max(320, self.editor.viewport().width() // 2)))
        self.completer.complete(rect)
        popup.setCurrentIndex(self.model.index(0, 0))

    def close(self) -> None:
        """Hide the popup and let the completer go."""
        completer, self.completer = self.completer, None
        if completer is None:
            return
        popup = completer.popup()
        popup.removeEventFilter(self)
        popup.hide()
        completer.deleteLater()

    def _style(self, popup: QAbstractItemView) -> None:
        c = theme.colours(theme.current())
        popup.setStyleSheet(
            f"QListView#LinkCompletions {{ background: {c['raised']}; color: {c['text']}; "
            f"border: 1px solid {c['border']}; outline: 0; padding: 2px; }}"
        )

    def _chosen(self, index: QModelIndex) -> None:
        name = index.data(Qt.ItemDataRole.DisplayRole)
        if name:
            self.insert(str(name))

    def insert(self, name: str) -> None:
        """Write ``name`` in place of what was typed after ``[[``, and close the link (one undo step)."""
        typed = typed_after_brackets(self.editor)
        self.close()
        if typed is None:
            return
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.setPosition(cursor.position() - _utf16(typed), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(escape_target(name))
        after = QTextCursor(cursor)
        after.setPosition(min(cursor.position() + 2, self.editor.document().characterCount() - 1),
                          QTextCursor.MoveMode.KeepAnchor)  # fmt: skip
        if after.selectedText() == "]]":
            cursor.setPosition(cursor.position() + 2)
        else:
            cursor.insertText("]]")
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor:
            if event.type() == QEvent.Type.Hide:
                self.close()  # the entry closed, or the window
            return False
        popup = self.popup
        if popup is not None and watched is popup and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
                index = popup.currentIndex()
                if index.isValid():
                    self._chosen(index)
                else:
                    self.close()
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        return False


def _utf16(text: str) -> int:
    """Qt counts cursor moves in UTF-16 units: a character outside the BMP (an emoji) is two."""
    return len(text.encode("utf-16-le")) // 2
