"""The entry's meta bar under its title: the day, the skill areas, and the buttons features add (Counts toward…,
Public/Private, Post details). When the editor is too narrow for all of them on one line (a 1024-pixel window), the
skill areas move to a line of their own below, rather than every control being cut short ("Count…ward…")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

TAGS_ROOM = 300  # the least width the skill areas keep on the shared line (a chip or two and the field)


class MetaBar(QWidget):
    """``row`` is the line features add their controls to; ``tags`` sits in it after the day, or on the line below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MetaBar")
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        self.below = QHBoxLayout()
        self.below.setContentsMargins(0, 0, 0, 0)
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 0, 18, 6)
        column.setSpacing(4)
        column.addLayout(self.row)
        column.addLayout(self.below)
        self.tags: QWidget | None = None
        self._gap = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._least = 0  # the widest the row's controls have needed (see minimumSizeHint)

    def set_tags(self, tags: QWidget) -> None:
        """The skill areas' editor: after the first control of the row (the day), taking the room left."""
        self.tags = tags
        self.row.insertWidget(1, tags, 1)
        tags.installEventFilter(self)  # chips added or removed change the room it wants

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tags and event.type() == QEvent.Type.LayoutRequest:
            self.place_tags()
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):  # a control's size changed (its text)
            self.place_tags()
        return super().event(event)

    @property
    def tags_below(self) -> bool:
        return self.tags is not None and self.below.indexOf(self.tags) >= 0

    def _others_width(self) -> int:
        """What the row's other controls need side by side at their natural widths."""
        shown = [
            w
            for i in range(self.row.count())
            if (w := self.row.itemAt(i).widget()) is not None and w is not self.tags and not w.isHidden()
        ]
        return sum(w.sizeHint().width() for w in shown) + self.row.spacing() * len(shown)

    def place_tags(self) -> None:
        """Keep the skill areas on the row while it has room for them, else give them the line below."""
        if self.tags is None:
            return
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right() - self._others_width()
        wanted = min(TAGS_ROOM, self.tags.sizeHint().width())
        if room >= wanted and self.tags_below:
            self.below.removeWidget(self.tags)
            self.row.removeItem(self._gap)
            self.row.insertWidget(1, self.tags, 1)
        elif room < wanted and not self.tags_below:
            self.row.removeWidget(self.tags)
            self.row.insertSpacerItem(1, self._gap)  # the day on the left, the buttons on the right
            self.below.addWidget(self.tags, 1)
            self.tags.show()

    def minimumSizeHint(self) -> QSize:
        """Room for the row's controls at their natural widths (the skill areas can always go below): narrower,
        a button's text would be cut ("Count…ward…"). It only grows: the controls' texts change from entry to entry
        (Public / 🔒 Private, Counts toward… / ✓ Counts toward 2 milestones), and a minimum that followed them made
        the splitter move the list's edge back and forth on every switch of entry in a narrow window."""
        hint = super().minimumSizeHint()
        margins = self.layout().contentsMargins()
        self._least = max(self._least, self._others_width() + margins.left() + margins.right())
        return QSize(max(hint.width(), self._least), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place_tags()
