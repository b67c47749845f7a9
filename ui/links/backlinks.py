"""The entries that link to the open one, in a slim bar under its text ("Linked from  Batching · Caching  +2 more"),
as Obsidian shows a note's backlinks at its foot: each is a click away, the rest in a menu. Nothing shows when no
entry links here."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from journal.links import LinkedEntry
from ui import theme
from ui.links import strings

SHOWN = 3  # sources shown as buttons; the others are in the "more" menu
TITLE_WIDTH = 240  # pixels at most for a source's title on its button


class BacklinksBar(QWidget):
    """``opened`` gives the id of the source chosen (by a click, or from the menu Ctrl+Shift+B opens)."""

    opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BacklinksBar")
        self.setAccessibleName(strings.BACKLINKS_NAME)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.found: list[LinkedEntry] = []
        self._details: QWidget | None = None
        self.wanted = False  # shown unless something hides the editor's details (focus mode)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 4, 18, 6)
        row.setSpacing(2)
        self.label = QLabel(strings.BACKLINKS_LABEL, self)
        self.label.setObjectName("BacklinksLabel")
        row.addWidget(self.label)
        self.row = row
        self.buttons: list[QToolButton] = []
        self.more = QToolButton(self)
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(self.more)
        self.more.setMenu(self.more_menu)
        self.more.setAccessibleName(strings.BACKLINKS_MORE_NAME)
        row.addWidget(self.more)
        row.addStretch(1)
        self.menu = QMenu(self)  # every source, for the keyboard (Ctrl+Shift+B)
        self.menu.setToolTipsVisible(True)
        self.restyle()
        self.hide()

    def set_backlinks(self, found: list[LinkedEntry], title: str) -> None:
        """Show the entries that link to the entry titled ``title`` (hidden when there are none)."""
        self.found = list(found)
        for button in self.buttons:
            self.row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        metrics = QFontMetrics(self.font())
        for i, source in enumerate(found[:SHOWN]):
            button = QToolButton(self)
            button.setObjectName("BacklinkButton")
            button.setAutoRaise(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setText(metrics.elidedText(source.title, Qt.TextElideMode.ElideRight, TITLE_WIDTH))
            tip = strings.BACKLINK_TIP.format(title=source.title, day=source.day.isoformat())
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(lambda _=False, entry_id=source.id: self.opened.emit(entry_id))
            self.row.insertWidget(1 + i, button)
            self.buttons.append(button)
        self.more_menu.clear()
        self.menu.clear()
        for i, source in enumerate(found):
            text = strings.BACKLINK_ITEM.format(title=source.title, day=source.day.isoformat())
            for menu in (self.menu, self.more_menu) if i >= SHOWN else (self.menu,):
                action = menu.addAction(text)
                action.triggered.connect(lambda _=False, entry_id=source.id: self.opened.emit(entry_id))
        extra = len(found) - SHOWN
        self.more.setText(strings.BACKLINKS_MORE.format(n=extra))
        self.more.setVisible(extra > 0)
        self.setToolTip(strings.BACKLINKS_TIP.format(title=title))
        self.wanted = bool(found)
        self.setVisible(self.wanted and not (self._details is not None and self._details.isHidden()))

    def popup_menu(self) -> None:
        """Every source in a menu over the bar, its first item active (keyboard: arrows, Enter)."""
        self.menu.popup(self.mapToGlobal(QPoint(18, 0)) - QPoint(0, self.menu.sizeHint().height()))
        if self.menu.actions():
            self.menu.setActiveAction(self.menu.actions()[0])

    def restyle(self) -> None:
        """Colours of the theme in use (again after the theme changes)."""
        c = theme.colours(theme.current())
        self.setStyleSheet(
            f"#BacklinksBar {{ background: {c['paper']}; border-top: 1px solid {c['border']}; }}"
            f"#BacklinksLabel {{ color: {c['muted']}; padding-right: 6px; }}"
            f"#BacklinksBar QToolButton {{ color: {c['link']}; border: 1px solid transparent; border-radius: 4px; "
            "padding: 1px 6px; }"
            f"#BacklinksBar QToolButton:hover {{ background: {c['hover']}; }}"
            f"#BacklinksBar QToolButton:focus {{ border-color: {c['accent']}; }}"
        )

    def follow(self, details: QWidget) -> None:
        """Hide while ``details`` (the editor's row of details) is hidden: focus mode shows the text alone."""
        details.installEventFilter(self)
        self._details = details

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide:
            self.setVisible(False)
        elif event.type() == QEvent.Type.Show:
            self.setVisible(self.wanted)
        return False
