"""Find and replace in the open entry: a bar under the text, as in Qt Creator and ghostwriter.

Matches are found with Python's ``re`` over the editor's text (so "whole words" and case folding follow Unicode) and
kept as editor positions, which count UTF-16 code units: an emoji before a match shifts it by two, not one. Only the
matches on screen are painted (``QTextEdit.ExtraSelection``), so a word found 100,000 times in a long entry costs no
more to show than one found ten times. Edits to the text while the bar is open are re-searched after a pause, off the
keystroke path.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import islice

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QWidget,
)

from ui import strings, theme
from ui.widgets.markdown_editor import MarkdownEditor

MAX_MATCHES = 100_000  # counted and navigable; beyond it the count says "100,000+"
MAX_PAINTED = 2_000  # matches painted at once (only those on screen are)
SELECTIONS = "find"  # the editor's extra-selection group for matches
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class FindOptions:
    case_sensitive: bool = False
    whole_words: bool = False


def find_matches(
    text: str, term: str, options: FindOptions = FindOptions(), limit: int | None = MAX_MATCHES
) -> list[Span]:
    """Where ``term`` occurs in ``text`` (literally), as ``(start, end)`` editor positions (UTF-16 code units), at
    most ``limit`` of them. A whole word has no letter, digit or underscore right before or after it."""
    if not term:
        return []
    pattern = re.escape(term)
    if options.whole_words:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    found = re.finditer(pattern, text, 0 if options.case_sensitive else re.IGNORECASE)
    spans = [m.span() for m in (found if limit is None else islice(found, limit))]
    return _utf16_spans(text, spans)


def _utf16_spans(text: str, spans: list[Span]) -> list[Span]:
    """Python indexes code points; Qt's positions count a character outside the BMP (an emoji) as two."""
    if not spans or text.isascii():
        return spans
    astral = [m.start() for m in _ASTRAL_RE.finditer(text)]
    if not astral:
        return spans
    before = bisect.bisect_left
    return [(s + before(astral, s), e + before(astral, e)) for s, e in spans]


class FindField(QLineEdit):
    """A line edit that keeps Esc and Enter for itself (window shortcuts such as leaving focus mode would take them
    first): Enter asks for the next match, Shift+Enter for the previous one, Esc closes the bar."""

    enterPressed = Signal(bool)  # backwards
    escapePressed = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and event.key() in _OWN_KEYS:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escapePressed.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enterPressed.emit(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        else:
            super().keyPressEvent(event)


_OWN_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FindBar(QWidget):
    """Find (with a match count, case and whole-word options) and replace in one ``MarkdownEditor``."""

    closed = Signal()

    def __init__(self, editor: MarkdownEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FindBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.editor = editor
        self.matches: list[Span] = []
        self._starts: list[int] = []
        self._capped = False
        self._searched: tuple[str, FindOptions] | None = None  # what ``matches`` are for; None: text changed since
        self._note = ""  # shown instead of the count until the next change (e.g. "Replaced 12")

        self.find_field = self._field(strings.FIND_PLACEHOLDER, strings.FIND_FIELD_NAME)
        self.find_field.setObjectName("FindField")
        self.replace_field = self._field(strings.REPLACE_PLACEHOLDER, strings.REPLACE_FIELD_NAME)
        self.count = QLabel("", self)
        self.count.setObjectName("FindCount")
        self.count.setAccessibleName(strings.FIND_COUNT_NAME)
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance(strings.FIND_MANY.format(n="100,000")))
        next_key = QKeySequence(QKeySequence.StandardKey.FindNext).toString(QKeySequence.SequenceFormat.NativeText)
        previous_key = QKeySequence(QKeySequence.StandardKey.FindPrevious).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.previous_button = self._button("", strings.FIND_PREVIOUS_TIP.format(key=previous_key))
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.setAccessibleName(strings.FIND_PREVIOUS_NAME)
        self.next_button = self._button("", strings.FIND_NEXT_TIP.format(key=next_key))
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.setAccessibleName(strings.FIND_NEXT_NAME)
        self.case_button = self._button(strings.FIND_CASE, strings.FIND_CASE_TIP, checkable=True)
        self.words_button = self._button(strings.FIND_WORDS, strings.FIND_WORDS_TIP, checkable=True)
        self.close_button = self._button("×", strings.FIND_CLOSE_TIP)
        self.close_button.setObjectName("FindClose")
        self.close_button.setAccessibleName(strings.FIND_CLOSE_NAME)
        self.replace_button = QPushButton(strings.FIND_REPLACE, self)
        self.replace_button.setToolTip(strings.FIND_REPLACE_TIP)
        self.replace_all_button = QPushButton(strings.FIND_REPLACE_ALL, self)
        self.replace_all_button.setToolTip(strings.FIND_REPLACE_ALL_TIP)
        for button in (self.replace_button, self.replace_all_button):
            button.setAutoDefault(False)
            button.setAccessibleName(button.text().replace("&", ""))

        grid = QGridLayout(self)
        grid.setContentsMargins(14, 8, 10, 8)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        find_row = QHBoxLayout()
        find_row.setSpacing(4)
        for widget in (self.count, self.previous_button, self.next_button, self.case_button, self.words_button):
            find_row.addWidget(widget)
        replace_row = QHBoxLayout()
        replace_row.setSpacing(6)
        replace_row.addWidget(self.replace_button)
        replace_row.addWidget(self.replace_all_button)
        grid.addWidget(self.find_field, 0, 0)
        grid.addLayout(find_row, 0, 1)
        grid.addWidget(self.close_button, 0, 3, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.replace_field, 1, 0)
        grid.addLayout(replace_row, 1, 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(2, 1)
        self.setTabOrder(self.find_field, self.replace_field)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        self._term_timer = QTimer(self)
        self._term_timer.setSingleShot(True)
        self._term_timer.setInterval(300)
        self._term_timer.timeout.connect(self._search_term)
        self.find_field.textEdited.connect(self._term_edited)
        self.find_field.enterPressed.connect(lambda back: self.find_previous() if back else self.find_next())
        self.replace_field.enterPressed.connect(lambda _back: self.replace())
        for field in (self.find_field, self.replace_field):
            field.escapePressed.connect(self.close_bar)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.case_button.toggled.connect(lambda _on: self._term_edited(self.find_field.text()))
        self.words_button.toggled.connect(lambda _on: self._term_edited(self.find_field.text()))
        self.replace_button.clicked.connect(self.replace)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        editor.textChanged.connect(self._text_changed)
        editor.cursorPositionChanged.connect(self._show_count)
        editor.verticalScrollBar().valueChanged.connect(self._paint)
        self.hide()

    def _field(self, placeholder: str, name: str) -> FindField:
        field = FindField(self)
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(name)
        field.setClearButtonEnabled(True)
        field.setMinimumWidth(180)  # the bar must not hold the editor wider than a narrow window allows
        field.setMaximumWidth(380)
        return field

    def _button(self, text: str, tip: str, *, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        button.setAutoRaise(True)
        button.setAccessibleName(text.replace("&", "") or tip)
        return button

    # --- opening and closing --------------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return not self.isHidden()

    def open(self) -> None:
        """Show the bar with the find field focused; a selection of one line in the text becomes the term."""
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected and selected != self.find_field.text():
            self.find_field.setText(selected)
        self.show()
        self.find_field.setFocus()
        self.find_field.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self._timer.stop()
        self._term_timer.stop()
        self.editor.set_extra_selections(SELECTIONS, [])
        self.editor.setFocus()
        self.closed.emit()

    def term(self) -> str:
        return self.find_field.text()

    def options(self) -> FindOptions:
        return FindOptions(self.case_button.isChecked(), self.words_button.isChecked())

    # --- searching ------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Search the text again now (also called after a pause in typing, and before moving or replacing)."""
        self._timer.stop()
        self.matches = find_matches(self.editor.toPlainText(), self.term(), self.options())
        self._starts = [s for s, _ in self.matches]
        self._capped = len(self.matches) >= MAX_MATCHES
        self._searched = (self.term(), self.options())
        read_only = self.editor.isReadOnly()
        for widget in (self.replace_field, self.replace_button, self.replace_all_button):
            widget.setEnabled(not read_only)
        self._paint()
        self._show_count()

    def _fresh(self) -> None:
        if self._term_timer.isActive():
            self._search_term()
        elif self._searched != (self.term(), self.options()):
            self.refresh()

    def _term_edited(self, _text: str) -> None:
        """Search as the term is typed (in a very long entry, once typing pauses)."""
        self._note = ""
        if self.editor.is_long():  # searched once typing pauses, not on each key
            self._term_timer.start()
        else:
            self._search_term()

    def _search_term(self) -> None:
        """Search for the term as it now is and select the first match from where the cursor was."""
        self._term_timer.stop()
        self.refresh()
        cursor = self.editor.textCursor()
        if self.matches:
            self._select(self._index_from(cursor.selectionStart()))
        elif cursor.hasSelection():  # a stale selection would look like a match
            cursor.setPosition(cursor.selectionStart())
            self.editor.setTextCursor(cursor)

    def _text_changed(self) -> None:
        if not self.active:
            return
        self._searched = None
        self._note = ""
        self._timer.start(800 if self.editor.is_long() else 200)

    def _index_from(self, position: int) -> int:
        """The first match starting at or after ``position``, wrapping to the first."""
        i = bisect.bisect_left(self._starts, position)
        return i if i < len(self.matches) else 0

    def current_index(self) -> int | None:
        """The match the editor has selected, if it has one selected."""
        cursor = self.editor.textCursor()
        i = bisect.bisect_left(self._starts, cursor.selectionStart())
        if i < len(self.matches) and self.matches[i] == (cursor.selectionStart(), cursor.selectionEnd()):
            return i
        return None

    def find_next(self) -> None:
        self._move(backwards=False)

    def find_previous(self) -> None:
        self._move(backwards=True)

    def _move(self, *, backwards: bool) -> None:
        self._fresh()
        if not self.matches:
            return
        cursor = self.editor.textCursor()
        if backwards:
            i = bisect.bisect_left(self._starts, cursor.selectionStart()) - 1  # wraps to the last
        else:
            i = self._index_from(cursor.selectionEnd() if cursor.hasSelection() else cursor.position())
            current = self.current_index()
            if current is not None:
                i = (current + 1) % len(self.matches)
        self._select(i % len(self.matches))

    def _select(self, i: int) -> None:
        start, end = self.matches[i]
        cursor = self.editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self._paint()
        self._show_count()

    # --- replacing ------------------------------------------------------------------------------------------------
    def replace(self) -> None:
        """Replace the selected match and go to the next; with no match selected, go to the next first."""
        if self.editor.isReadOnly():
            return
        self._fresh()
        if self.current_index() is None:
            self.find_next()
            return
        self.editor.textCursor().insertText(self.replace_field.text())
        self.refresh()
        if self.matches:
            self._select(self._index_from(self.editor.textCursor().position()))

    def replace_all(self) -> int:
        """Replace every match as one edit (one Ctrl+Z undoes it all); returns how many were replaced."""
        if self.editor.isReadOnly() or not self.term():
            return 0
        spans = find_matches(self.editor.toPlainText(), self.term(), self.options(), limit=None)
        if spans:
            replacement = self.replace_field.text()
            cursor = QTextCursor(self.editor.document())
            cursor.beginEditBlock()
            for start, end in reversed(spans):  # from the end, so the earlier positions stay valid
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(replacement)
            cursor.endEditBlock()
        self.refresh()
        self._note = strings.FIND_REPLACED.format(n=f"{len(spans):,}")
        self._show_count()
        return len(spans)

    # --- showing --------------------------------------------------------------------------------------------------
    def _show_count(self) -> None:
        if not self.active:
            return
        n = len(self.matches)
        if self._note:
            text = self._note
        elif not self.term():
            text = ""
        elif not n:
            text = strings.FIND_NONE
        else:
            total = strings.FIND_MANY.format(n=f"{n:,}") if self._capped else f"{n:,}"
            current = self.current_index() if self._searched is not None else None
            if current is not None:
                text = strings.FIND_COUNT.format(i=f"{current + 1:,}", n=total)
            elif self._capped:
                text = total
            else:
                text = strings.FIND_ONE_MATCH if n == 1 else strings.FIND_MATCHES.format(n=total)
        self.count.setText(text)
        empty = bool(self.term()) and not n and not self._note
        if self.count.property("empty") != empty:  # "No results" stands out (app.qss)
            self.count.setProperty("empty", empty)
            self.count.style().unpolish(self.count)
            self.count.style().polish(self.count)

    def _paint(self) -> None:
        """Paint the matches on screen; the current one is the editor's selection, drawn over it (as in Qt
        Creator)."""
        if not self.active or not self.matches:
            self.editor.set_extra_selections(SELECTIONS, [])
            return
        viewport = self.editor.viewport()
        top = self.editor.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.editor.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        first = max(0, bisect.bisect_left(self._starts, top) - 1)
        last = min(bisect.bisect_right(self._starts, bottom), first + MAX_PAINTED)
        colour = QColor(theme.colours(theme.current())["match"])
        selections = []
        for i in range(first, last):
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(colour)
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(self.matches[i][0])
            cursor.setPosition(self.matches[i][1], QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.editor.set_extra_selections(SELECTIONS, selections)

    def theme_changed(self) -> None:
        self._paint()
