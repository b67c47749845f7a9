"""A layout that places its widgets in a line and wraps them onto the next line when the line is full (Qt's Flow
Layout example), so a row of chips never squeezes a chip's name to "…"."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Widgets left to right, wrapping; the last item may ``stretch`` to the end of its line (a text field)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4, *, stretch_last: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.stretch_last = stretch_last
        self.setContentsMargins(0, 0, 0, 0)

    # --- QLayout ----------------------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insert_widget(self, index: int, widget: QWidget) -> None:
        """Put ``widget`` at ``index`` (as ``QBoxLayout.insertWidget``)."""
        self.addChildWidget(widget)
        self._items.insert(max(0, min(index, len(self._items))), QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """One line holding everything."""
        m = self.contentsMargins()
        shown = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """The widest single item: narrower than that, nothing fits even alone on a line."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m: QMargins = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # --- placing ----------------------------------------------------------------------------------------------
    def _place(self, rect: QRect, *, move: bool) -> int:
        """Break the items into lines; with ``move``, give each its place, centred on its line's height."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        shown = [i for i in self._items if not i.isEmpty()]
        lines: list[list[tuple[QLayoutItem, int]]] = [[]]
        x = area.x()
        for item in shown:
            width = min(item.sizeHint().width(), max(1, area.width()))
            if lines[-1] and x + width > area.right() + 1:  # no room left on this line: start the next
                lines.append([])
                x = area.x()
            lines[-1].append((item, width))
            x += width + self._spacing
        y = area.y()
        for line in lines:
            height = max((item.sizeHint().height() for item, _w in line), default=0)
            x = area.x()
            for n, (item, width) in enumerate(line):
                if self.stretch_last and item is shown[-1] and n == len(line) - 1:
                    width = max(width, area.right() + 1 - x)
                if move:
                    h = item.sizeHint().height()
                    item.setGeometry(QRect(QPoint(x, y + (height - h) // 2), QSize(width, h)))
                x += width + self._spacing
            y += height + self._spacing
        return max(0, y - self._spacing - rect.y()) + m.bottom() if shown else m.top() + m.bottom()
