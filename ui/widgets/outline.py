"""The outline of the open entry: its ATX headings (``#`` to ``######``), nested by level. A click jumps to the
heading; moving the cursor highlights the section it is in.

Headings are read after a pause in typing, never on the keystroke path: one regular expression finds the few lines
that could matter (fences and ``#`` lines), so a long entry is scanned at C speed. Fences are recognised by the same
code that publishing uses (``journal.markdown.source.parse_fence``); headings inside a private block count (the
preview shows them as part of the entry), headings inside code do not.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from journal.markdown.source import Fence, is_private_opener, parse_fence
from ui import strings
from ui.widgets.markdown_editor import MarkdownEditor

# A line that could be a fence (behind indentation, ``>`` or a list marker) or an ATX heading.
_CANDIDATE_RE = re.compile(r"^[ \t>*+\-.)0-9]*(?:```|~~~|#)[^\n]*", re.MULTILINE)
_ATX_RE = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_RE = re.compile(r"(?:^|[ \t]+)#+$")
_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MARKS_RE = re.compile(r"\*\*|__|`")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1-6
    title: str
    line: int  # 0-based; the editor's block number


def headings(text: str) -> list[Heading]:
    """The ATX headings of markdown ``text`` in order, outside fenced code."""
    found: list[Heading] = []
    open_fences: list[Fence] = []  # innermost last; code unless it is a private block
    line, counted = 0, 0
    for m in _CANDIDATE_RE.finditer(text):
        line += text.count("\n", counted, m.start())
        counted = m.start()
        source = m.group(0)
        fence = parse_fence(source)
        in_code = bool(open_fences) and not is_private_opener(open_fences[-1])
        if fence is not None:
            if open_fences and fence.closes(open_fences[-1]):
                open_fences.pop()
            elif not in_code:  # inside code, a fence that cannot close it is just text
                open_fences.append(fence)
            continue
        if in_code:
            continue
        heading = _ATX_RE.match(source)
        if heading is not None:
            title = _clean(heading.group(2) or "")
            if title:
                found.append(Heading(len(heading.group(1)), title, line))
    return found


def _clean(raw: str) -> str:
    """A heading's text as a reader sees it: no closing ``#``s, link targets, bold marks or backticks."""
    title = _CLOSING_RE.sub("", raw)
    title = _LINK_RE.sub(r"\1", title)
    return _MARKS_RE.sub("", title).strip()


class OutlinePanel(QWidget):
    """The headings of ``editor``'s text; follows the editor while it is shown."""

    jumped = Signal(int)  # the line jumped to

    LINE_ROLE = Qt.ItemDataRole.UserRole

    def __init__(self, editor: MarkdownEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OutlinePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(170)
        self.editor = editor
        self.headings: list[Heading] = []
        self._lines: list[int] = []
        self._items: list[QTreeWidgetItem] = []

        header = QLabel(strings.OUTLINE_TITLE, self)
        header.setObjectName("OutlineHeader")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("OutlineTree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(14)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName(strings.OUTLINE_TITLE)
        self.tree.setToolTip(strings.OUTLINE_TIP)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.empty = QLabel(strings.OUTLINE_EMPTY, self)
        self.empty.setObjectName("OutlineEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)
        self.empty.hide()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        self.tree.itemClicked.connect(self._item_chosen)
        self.tree.itemActivated.connect(self._item_chosen)
        editor.textChanged.connect(self._text_changed)
        editor.cursorPositionChanged.connect(self.follow)

    # --- reading the headings -------------------------------------------------------------------------------------
    def _text_changed(self) -> None:
        if self.isHidden():
            return
        self._timer.start(1000 if self.editor.is_long() else 250)

    def refresh(self) -> None:
        """Read the headings now (also called after a pause in typing and when the panel is shown)."""
        self._timer.stop()
        found = headings(self.editor.toPlainText())
        if found != self.headings:
            self._fill(found)
        self.follow()

    def _fill(self, found: list[Heading]) -> None:
        self.headings = found
        self._lines = [h.line for h in found]
        self.tree.clear()
        self._items = []
        parents: list[tuple[int, QTreeWidgetItem]] = []  # (level, item), shallower first
        for heading in found:
            while parents and parents[-1][0] >= heading.level:
                parents.pop()
            item = QTreeWidgetItem([heading.title])
            item.setData(0, self.LINE_ROLE, heading.line)
            item.setToolTip(0, heading.title)
            if heading.level == 1:
                font = QFont(item.font(0))
                font.setWeight(QFont.Weight.DemiBold)
                item.setFont(0, font)
            if parents:
                parents[-1][1].addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            parents.append((heading.level, item))
            self._items.append(item)
        self.tree.expandAll()
        self.tree.setVisible(bool(found))
        self.empty.setVisible(not found)

    # --- following the cursor and jumping ---------------------------------------------------------------------------
    def current_heading(self) -> Heading | None:
        """The heading of the section the cursor is in."""
        i = bisect.bisect_right(self._lines, self.editor.textCursor().blockNumber()) - 1
        return self.headings[i] if i >= 0 else None

    def follow(self) -> None:
        if self.isHidden() or not self._items:
            return
        i = bisect.bisect_right(self._lines, self.editor.textCursor().blockNumber()) - 1
        item = self._items[i] if i >= 0 else None
        if item is self.tree.currentItem() and (item is None or item.isSelected()):
            return
        self.tree.blockSignals(True)
        if item is None:
            self.tree.clearSelection()
            self.tree.setCurrentItem(None)
        else:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        self.tree.blockSignals(False)

    def _item_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.jump_to(int(item.data(0, self.LINE_ROLE)))

    def jump_to(self, line: int) -> None:
        """Put the cursor at the start of ``line`` and scroll it to the top of the editor."""
        block = self.editor.document().findBlockByNumber(line)
        if not block.isValid():
            return
        self.editor.setTextCursor(QTextCursor(block))
        bar = self.editor.verticalScrollBar()
        bar.setValue(min(bar.maximum(), block.firstLineNumber()))
        self.editor.setFocus()
        self.jumped.emit(line)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.refresh()
