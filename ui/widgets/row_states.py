"""Which rows of an item view are selected and which one the mouse is over, for delegates that paint rows themselves.

``option.state`` in ``QStyledItemDelegate.paint`` says the same, but reading it makes PySide6 build its ``QStyle`` type
with its ~550 enum members: ~5 ms of the window's start-up, when nothing else on the start path needs ``QStyle``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView


class RowStates(QObject):
    """Follows the view's hovered row through ``entered``/``viewportEntered`` (the view repaints the rows whose
    hover changes); selection comes from the view's selection model."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._hovered = QPersistentModelIndex()
        view.setMouseTracking(True)  # ``entered`` needs it
        view.entered.connect(self._enter)
        view.viewportEntered.connect(self._leave)

    def _enter(self, index: QModelIndex) -> None:
        self._hovered = QPersistentModelIndex(index)

    def _leave(self) -> None:
        self._hovered = QPersistentModelIndex()

    def selected(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        selection = self._view.selectionModel()
        return selection is not None and selection.isSelected(index)

    def focused(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        """The current row of a view that has the keyboard focus (where Enter, the arrows and Space act)."""
        return self._view.hasFocus() and self._view.currentIndex() == index

    def draw_focus(self, painter: QPainter, index: QModelIndex | QPersistentModelIndex, rect: QRect, colour: str,
                   radius: float) -> None:  # fmt: skip
        """An outline in ``colour`` around ``rect`` when ``index`` is the focused row (visible focus, both themes)."""
        if not self.focused(index):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(colour), 1.5))
        painter.setBrush(QColor(0, 0, 0, 0))
        painter.drawRoundedRect(QRectF(rect).adjusted(0.75, 0.75, -0.75, -0.75), radius, radius)
        painter.restore()

    def hovered(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        # The viewport is asked last: until the mouse first enters a row this never reaches it, so its first (costly)
        # trip into Python is not on the start path.
        return (
            self._hovered.isValid()
            and self._hovered.row() == index.row()
            and self._hovered.parent() == index.parent()
            and self._view.viewport().underMouse()
        )
