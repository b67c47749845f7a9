"""The entry's title field. A title wider than the field ends in "…" while the field is not being edited (cut off
mid-letter at the field's edge, it read as a shorter title); the whole title is its tooltip, and clicking or tabbing
into it edits the whole title as any line edit does (the text scrolls with the cursor).

The field's first frame shows a long title as a plain line edit would (cut at the edge), and the "…" comes the turn
after it: whether a title near the field's width fits is asked of the style (its contents rectangle), and the first
question makes PySide6 build QStyle's type and its ~570 enum members (5-13 ms), which the window's start leaves out
(tests/ui/test_startup.py)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLineEdit, QWidget

PLAINLY_FITS = 96  # pixels to spare beyond which a title fits whatever the style's padding (the app's: 48)

# Whether the title fits is asked again when one of these changes it.
_REFIT = (QEvent.Type.FocusIn, QEvent.Type.FocusOut, QEvent.Type.Show, QEvent.Type.Resize)


class TitleEdit(QLineEdit):
    """A line edit that ends a title too wide for it in "…" while it is not being edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tip = ""  # the tooltip it has while the whole title shows
        self._painted = False  # elided only once it has painted once (the style is not asked before the first frame)
        self.textChanged.connect(lambda _text: self._follow_width())

    def setToolTip(self, tip: str) -> None:
        self._tip = tip
        self._follow_width()

    def elided(self) -> bool:
        """Whether the title is shown cut short with "…" (not being edited, and wider than the field)."""
        if not self._painted or self.hasFocus() or not self.text() or not self.isVisible():
            return False
        advance = self.fontMetrics().horizontalAdvance(self.text())
        if advance <= self.width() - PLAINLY_FITS:
            return False  # the style's margins are not asked for a title that plainly fits
        return advance > self._contents().width()

    def _contents(self):  # type: ignore[no-untyped-def]
        # QStyle is imported here, not at start-up: building its type costs 5-13 ms (see tests/ui/test_startup.py),
        # and only a long title needs it.
        from PySide6.QtWidgets import QStyle, QStyleOptionFrame

        option = QStyleOptionFrame()
        self.initStyleOption(option)
        rect = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, self)
        margins = self.textMargins()
        return rect.adjusted(margins.left() + 2, margins.top(), -margins.right() - 2, -margins.bottom())  # Qt's 2px

    def _follow_width(self) -> None:
        super().setToolTip(self.text() if self.elided() else self._tip)
        self.update()

    def _painted_once(self) -> None:
        self._painted = True
        self._follow_width()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._painted:
            if self.text() and self.fontMetrics().horizontalAdvance(self.text()) > self.width() - PLAINLY_FITS:
                QTimer.singleShot(0, self._painted_once)  # near the edge: the "…" the turn after this frame
            else:
                self._painted = True  # the style is asked when the title grows near the field's width
            super().paintEvent(event)
            return
        if not self.elided():
            super().paintEvent(event)
            return
        from PySide6.QtWidgets import QStyle, QStyleOptionFrame

        option = QStyleOptionFrame()
        self.initStyleOption(option)
        painter = QPainter(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelLineEdit, option, painter, self)
        area = self._contents()
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in _REFIT:
            if event.type() == QEvent.Type.FocusOut:
                self.setCursorPosition(0)  # shown from its start again
            self._follow_width()
        return handled
