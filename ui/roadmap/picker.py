"""Linking entries and milestones: "Counts toward…" (from an entry: a searchable, checkable list of the active
roadmap's milestones grouped by area) and "Add evidence…" (from a milestone: a searchable list of entries)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal import queries
from journal.colours import area_colour
from journal.db import Journal
from journal.errors import TrailbookError
from journal.progress import area_entries, milestone_states
from journal.records import Entry
from journal.roadmap import DONE, ensure_roadmap, linked_milestones, set_entry_milestones
from ui import theme
from ui.roadmap import strings
from ui.roadmap.style import apply_style, day_text, readable_on_surface

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def colour_icon(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(readable_on_surface(colour))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pixmap)


def visible_boxes(view: QWidget) -> None:
    """Fusion outlines an unchecked box in a shade of the window colour, nearly invisible on the dark theme's
    surfaces: give unchecked boxes a clear edge (checked ones keep the style's own check mark)."""
    c = theme.colours(theme.current())
    view.setStyleSheet(
        f"QTreeView::indicator:unchecked {{ width: 12px; height: 12px; border: 1px solid {c['muted']}; "
        f"border-radius: 3px; background: {c['input']}; }}"
    )


class MilestonePicker(QDialog):
    """Check the milestones an entry counts toward; Save applies the difference in one transaction."""

    def __init__(self, journal: Journal, entry: Entry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.entry = entry
        self.setWindowTitle(strings.PICKER_TITLE)
        apply_style(self)
        self.resize(620, 560)
        roadmap = ensure_roadmap(journal)
        self.linked = linked_milestones(journal, entry.id)
        states = milestone_states(journal)
        # Each area in its tag's colour, as the navigation column and the chips show it (journal.colours).
        colours = {a.name.casefold(): a.colour for a in queries.list_tags(journal)}
        intro = QLabel(strings.PICKER_INTRO.format(title=entry.title), self)
        intro.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(strings.PICKER_FILTER)
        self.filter.setAccessibleName(strings.PICKER_FILTER_NAME)
        self.filter.setToolTip(strings.PICKER_FILTER_NAME)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(strings.PICKER_LIST_NAME)
        self.tree.setToolTip(strings.PICKER_LIST_NAME)
        self.tree.setUniformRowHeights(True)
        visible_boxes(self.tree)
        self.items: dict[str, QTreeWidgetItem] = {}
        tagged = {t.lower() for t in entry.tags}
        areas = sorted(roadmap.areas, key=lambda a: a.id not in tagged)  # the entry's own areas first
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for area in areas:
            top = QTreeWidgetItem([area.name + (strings.PICKER_TAGGED if area.id in tagged else "")])
            top.setIcon(0, colour_icon(colours.get(area.id.casefold()) or area_colour(area.id, roadmap)))
            top.setFont(0, bold)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            top.setData(0, ID_ROLE, area.id)
            self.tree.addTopLevelItem(top)
            for m in area.milestones:
                done = strings.PICKER_STATE_DONE if states.get(m.id) == DONE else ""
                item = QTreeWidgetItem([m.title + done])
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                )
                item.setCheckState(0, Qt.CheckState.Checked if m.id in self.linked else Qt.CheckState.Unchecked)
                item.setData(0, ID_ROLE, m.id)
                item.setToolTip(0, m.done_when or m.title)
                top.addChild(item)
                self.items[m.id] = item
        self.tree.expandAll()
        self.tree.itemChanged.connect(lambda *_: self._count())
        self.tree.itemActivated.connect(self._toggle)
        self.count = QLabel(self)
        self.count.setObjectName("Muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self._count()
        self.filter.setFocus()

    def _toggle(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            checked = item.checkState(0) == Qt.CheckState.Checked
            item.setCheckState(0, Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _count(self) -> None:
        self.count.setText(strings.PICKER_COUNT.format(n=len(self.checked())))

    def checked(self) -> set[str]:
        return {mid for mid, item in self.items.items() if item.checkState(0) == Qt.CheckState.Checked}

    def set_checked(self, milestone_id: str, on: bool = True) -> None:
        self.items[milestone_id].setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def apply_filter(self, text: str) -> None:
        """Show milestones whose title, id or area matches every word typed; hide areas left empty."""
        words = text.lower().split()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            area_text = f"{top.text(0)} {top.data(0, ID_ROLE)}".lower()
            shown = 0
            for j in range(top.childCount()):
                child = top.child(j)
                haystack = f"{child.text(0)} {child.data(0, ID_ROLE)} {area_text}".lower()
                visible = all(w in haystack for w in words)
                child.setHidden(not visible)
                shown += visible
            top.setHidden(shown == 0)

    def accept(self) -> None:
        try:
            set_entry_milestones(self.journal, self.entry.id, self.checked())
        except TrailbookError as exc:
            QMessageBox.warning(self, strings.PICKER_TITLE, exc.message)
            return
        super().accept()


class EntryPicker(QDialog):
    """Choose an entry to link to a milestone: the area's newest entries, or any entry found by a search."""

    def __init__(
        self, journal: Journal, area_id: str, milestone_title: str, linked: set[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.area_id = area_id
        self.linked = linked
        self.chosen: str | None = None
        self.setWindowTitle(strings.ENTRY_PICKER_TITLE.format(title=milestone_title))
        self.resize(560, 480)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(strings.ENTRY_PICKER_FILTER)
        self.search.setAccessibleName(strings.ENTRY_PICKER_FILTER_NAME)
        self.search.setToolTip(strings.ENTRY_PICKER_FILTER_NAME)
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(strings.ENTRY_PICKER_LIST_NAME)
        self.list.setToolTip(strings.ENTRY_PICKER_LIST_NAME)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.link_button = self.buttons.addButton(strings.ENTRY_PICKER_LINK, QDialogButtonBox.ButtonRole.AcceptRole)
        self.link_button.setAccessibleName(strings.ENTRY_PICKER_LINK)
        self.link_button.setToolTip(strings.ADD_EVIDENCE_TIP)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.reload()
        self.search.setFocus()

    def reload(self) -> None:
        query = self.search.text().strip()
        if query:
            from journal.search import search

            found = [(h.entry.id, h.entry.title, h.entry.day) for h in search(self.journal, query, limit=50)]
        else:
            found = [(e.id, e.title, e.day) for e in area_entries(self.journal, self.area_id, limit=50)]
        self.list.clear()
        for entry_id, title, day in found:
            item = QListWidgetItem(f"{title}   ·   {day_text(day)}")
            item.setData(ID_ROLE, entry_id)
            if entry_id in self.linked:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setForeground(QColor(self.palette().placeholderText().color()))
            self.list.addItem(item)
        if not found:
            empty = QListWidgetItem(strings.ENTRY_PICKER_EMPTY)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        self._enable()

    def _enable(self) -> None:
        item = self.list.currentItem()
        self.link_button.setEnabled(bool(item and item.data(ID_ROLE) and item.flags() & Qt.ItemFlag.ItemIsEnabled))

    def choose(self, entry_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == entry_id:
                self.list.setCurrentRow(i)
                return

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.data(ID_ROLE) or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        self.chosen = str(item.data(ID_ROLE))
        super().accept()
