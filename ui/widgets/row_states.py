"""Which rows of an item view are selected and which one the mouse is over, for delegates that paint rows themselves.

``option.state`` in ``QStyledItemDelegate.paint`` says the same, but reading it makes PySide6 build its ``QStyle`` type
with its ~550 enum members: ~5 ms of the window's start-up, when nothing else on the start path needs ``QStyle``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
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

    def hovered(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        # The viewport is asked last: until the mouse first enters a row this never reaches it, so its first (costly)
        # trip into Python is not on the start path.
        return (
            self._hovered.isValid()
            and self._hovered.row() == index.row()
            and self._hovered.parent() == index.parent()
            and self._view.viewport().underMouse()
        )
