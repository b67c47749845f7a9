"""The roadmap editor: areas and milestones in a tree (add, rename, reorder, delete with confirmation) with a form for
the selected one. Edits change a draft through ``journal.roadmap_edit``; Save stores it with ``save_roadmap``, which
writes the YAML through ``roadmap_format`` and checks it again (ids never change, so progress stays attached)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal import roadmap_edit as edit
from journal.db import Journal
from journal.errors import TrailbookError
from journal.records import default_colour
from journal.roadmap import ImportResult, save_roadmap
from journal.roadmap_format import Roadmap
from ui.roadmap import strings
from ui.roadmap.picker import colour_icon
from ui.roadmap.style import apply_style

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class RoadmapEditorDialog(QDialog):
    """Edit a draft of ``roadmap``; after ``exec()`` returns Accepted, ``result`` says what saving did."""

    def __init__(self, journal: Journal, roadmap: Roadmap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.draft = roadmap
        self.result_: ImportResult | None = None
        self.setWindowTitle(strings.EDITOR_TITLE.format(title=roadmap.title))
        apply_style(self)
        self.resize(920, 620)
        self.title = QLineEdit(roadmap.title, self)
        self.title.setAccessibleName(strings.EDITOR_ROADMAP_TITLE)
        self.title.setToolTip(strings.EDITOR_ROADMAP_TITLE)
        self.title.textEdited.connect(
            lambda t: self._apply(lambda r: edit.retitle_roadmap(r, t)) if t.strip() else None
        )
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(strings.EDITOR_TREE_NAME)
        self.tree.setToolTip(strings.EDITOR_TREE_NAME)
        self.tree.currentItemChanged.connect(lambda *_: self._show_form())
        buttons = QHBoxLayout()
        self.add_area_button = self._button(strings.EDITOR_ADD_AREA, strings.EDITOR_ADD_AREA_TIP, self._ask_add_area)
        self.add_milestone_button = self._button(
            strings.EDITOR_ADD_MILESTONE, strings.EDITOR_ADD_MILESTONE_TIP, self._ask_add_milestone
        )
        self.up_button = self._button(strings.EDITOR_UP, strings.EDITOR_UP_TIP, lambda: self.move_selected(-1))
        self.down_button = self._button(strings.EDITOR_DOWN, strings.EDITOR_DOWN_TIP, lambda: self.move_selected(1))
        self.delete_button = self._button(strings.EDITOR_DELETE, strings.EDITOR_DELETE_TIP, self.delete_selected)
        for b in (
            self.add_area_button,
            self.add_milestone_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.forms = QStackedWidget(self)
        self.forms.addWidget(QWidget(self))
        area_form = QWidget(self)
        self.area_name = self._line(strings.EDITOR_NAME, self._area_name_edited)
        self.area_colour = QPushButton(self)
        self.area_colour.setAccessibleName(strings.EDITOR_COLOUR)
        self.area_colour.setToolTip(strings.EDITOR_COLOUR_TIP)
        self.area_colour.clicked.connect(self._pick_colour)
        self.area_description = self._text(strings.EDITOR_DESCRIPTION, self._area_description_edited)
        self.area_id = QLabel(self)
        self.area_id.setObjectName("Muted")
        self.area_id.setWordWrap(True)
        form = QFormLayout(area_form)
        form.addRow(strings.EDITOR_NAME, self.area_name)
        form.addRow(strings.EDITOR_COLOUR, self.area_colour)
        form.addRow(strings.EDITOR_DESCRIPTION, self.area_description)
        form.addRow(self.area_id)
        self.forms.addWidget(area_form)
        milestone_form = QWidget(self)
        self.milestone_title = self._line(strings.EDITOR_MILESTONE_TITLE, self._milestone_title_edited)
        self.done_when = self._text(strings.EDITOR_DONE_WHEN, self._done_when_edited)
        self.milestone_id = QLabel(self)
        self.milestone_id.setObjectName("Muted")
        self.milestone_id.setWordWrap(True)
        form = QFormLayout(milestone_form)
        form.addRow(strings.EDITOR_MILESTONE_TITLE, self.milestone_title)
        form.addRow(strings.EDITOR_DONE_WHEN, self.done_when)
        form.addRow(self.milestone_id)
        self.forms.addWidget(milestone_form)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addWidget(self.tree, 1)
        left.addLayout(buttons)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.forms, 2)
        layout = QVBoxLayout(self)
        title_row = QFormLayout()
        title_row.addRow(strings.EDITOR_ROADMAP_TITLE, self.title)
        layout.addLayout(title_row)
        layout.addLayout(body, 1)
        layout.addWidget(box)
        self._rebuild()

    # --- building blocks ---------------------------------------------------------------------------------------------
    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: slot())
        return button

    def _line(self, name: str, slot: Callable[[str], None]) -> QLineEdit:
        line = QLineEdit(self)
        line.setAccessibleName(name)
        line.setToolTip(name)
        line.textEdited.connect(slot)
        return line

    def _text(self, name: str, slot: Callable[[], None]) -> QPlainTextEdit:
        text = QPlainTextEdit(self)
        text.setAccessibleName(name)
        text.setToolTip(name)
        text.setTabChangesFocus(True)
        text.textChanged.connect(slot)
        return text

    def selected(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        return (item.data(0, KIND_ROLE), item.data(0, ID_ROLE)) if item else None

    def _apply(self, change: Callable[[Roadmap], Roadmap], *, rebuild: bool = False) -> bool:
        try:
            self.draft = change(self.draft)
        except TrailbookError as exc:
            QMessageBox.warning(self, strings.SAVE_FAILED, exc.message)
            return False
        if rebuild:
            self._rebuild()
        return True

    def _rebuild(self, select: tuple[str, str] | None = None) -> None:
        select = select or self.selected()
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen = None
        for area in self.draft.areas:
            top = QTreeWidgetItem([area.name])
            top.setIcon(0, colour_icon(area.colour or default_colour(area.id)))
            top.setData(0, KIND_ROLE, "area")
            top.setData(0, ID_ROLE, area.id)
            self.tree.addTopLevelItem(top)
            chosen = top if select == ("area", area.id) else chosen
            for m in area.milestones:
                child = QTreeWidgetItem([m.title])
                child.setData(0, KIND_ROLE, "milestone")
                child.setData(0, ID_ROLE, m.id)
                top.addChild(child)
                chosen = child if select == ("milestone", m.id) else chosen
        self.tree.expandAll()
        self.tree.blockSignals(False)
        chosen = chosen or self.tree.topLevelItem(0)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self._show_form()

    def _show_form(self) -> None:
        sel = self.selected()
        self.add_milestone_button.setEnabled(sel is not None)
        for b in (self.up_button, self.down_button, self.delete_button):
            b.setEnabled(sel is not None)
        if sel is None:
            self.forms.setCurrentIndex(0)
            return
        kind, item_id = sel
        loading = [self.area_name, self.area_description, self.milestone_title, self.done_when]
        for w in loading:
            w.blockSignals(True)
        if kind == "area":
            area = self.draft.area(item_id)
            assert area is not None
            self.area_name.setText(area.name)
            self.area_description.setPlainText(area.description)
            self._show_colour(area.colour)
            self.area_id.setText(strings.EDITOR_ID.format(id=area.id))
            self.forms.setCurrentIndex(1)
        else:
            found = self.draft.milestone(item_id)
            assert found is not None
            self.milestone_title.setText(found[1].title)
            self.done_when.setPlainText(found[1].done_when)
            self.milestone_id.setText(strings.EDITOR_ID.format(id=item_id))
            self.forms.setCurrentIndex(2)
        for w in loading:
            w.blockSignals(False)

    def _show_colour(self, colour: str | None) -> None:
        self.area_colour.setText(colour or strings.EDITOR_COLOUR_AUTO)
        sel = self.selected()
        self.area_colour.setIcon(colour_icon(colour or default_colour(sel[1] if sel else "area"), 14))

    # --- edits -------------------------------------------------------------------------------------------------------
    def _rename_current(self, text: str) -> None:
        item = self.tree.currentItem()
        if item is not None:
            item.setText(0, " ".join(text.split()))

    def _area_name_edited(self, text: str) -> None:
        sel = self.selected()
        if sel and text.strip() and self._apply(lambda r: edit.rename_area(r, sel[1], text)):
            self._rename_current(text)

    def _area_description_edited(self) -> None:
        sel = self.selected()
        if sel and sel[0] == "area":
            self._apply(lambda r: edit.set_area_details(r, sel[1], description=self.area_description.toPlainText()))

    def _pick_colour(self) -> None:
        sel = self.selected()
        if not sel:
            return
        area = self.draft.area(sel[1])
        start = QColor(area.colour if area and area.colour else default_colour(sel[1]))
        colour = QColorDialog.getColor(start, self, strings.EDITOR_COLOUR)
        if colour.isValid() and self._apply(lambda r: edit.set_area_details(r, sel[1], colour=colour.name())):
            self._show_colour(colour.name())
            self.tree.currentItem().setIcon(0, colour_icon(colour.name()))

    def _milestone_title_edited(self, text: str) -> None:
        sel = self.selected()
        if sel and text.strip() and self._apply(lambda r: edit.retitle_milestone(r, sel[1], text)):
            self._rename_current(text)

    def _done_when_edited(self) -> None:
        sel = self.selected()
        if sel and sel[0] == "milestone":
            self._apply(lambda r: edit.set_done_when(r, sel[1], self.done_when.toPlainText()))

    def _ask_add_area(self) -> None:
        name, ok = QInputDialog.getText(self, strings.EDITOR_ADD_AREA, strings.EDITOR_NAME)
        if ok and name.strip():
            self.add_area(name)

    def add_area(self, name: str) -> str:
        """Add an area named ``name`` (its id comes from the name) and select it; returns the id."""
        self.draft, area_id = edit.add_area(self.draft, name)
        self._rebuild(("area", area_id))
        return area_id

    def _ask_add_milestone(self) -> None:
        title, ok = QInputDialog.getText(self, strings.EDITOR_ADD_MILESTONE, strings.EDITOR_MILESTONE_TITLE)
        if ok and title.strip():
            self.add_milestone(title)

    def add_milestone(self, title: str) -> str | None:
        """Add a milestone to the selected area (or the selected milestone's area); returns the new id."""
        sel = self.selected()
        if sel is None:
            return None
        area_id = sel[1] if sel[0] == "area" else self.draft.milestone(sel[1])[0].id  # type: ignore[index]
        self.draft, milestone_id = edit.add_milestone(self.draft, area_id, title)
        self._rebuild(("milestone", milestone_id))
        return milestone_id

    def move_selected(self, delta: int) -> None:
        sel = self.selected()
        if sel is None:
            return
        move = edit.move_area if sel[0] == "area" else edit.move_milestone
        self._apply(lambda r: move(r, sel[1], delta))
        self._rebuild(sel)

    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton(strings.DELETE_CONFIRM, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is delete

    def delete_selected(self) -> None:
        sel = self.selected()
        if sel is None:
            return
        if sel[0] == "area":
            area = self.draft.area(sel[1])
            assert area is not None
            text = strings.DELETE_AREA_TEXT.format(name=area.name, n=len(area.milestones))
            if self.confirm(strings.DELETE_AREA_TITLE, text):
                self._apply(lambda r: edit.delete_area(r, sel[1]), rebuild=True)
        else:
            found = self.draft.milestone(sel[1])
            assert found is not None
            text = strings.DELETE_MILESTONE_TEXT.format(title=found[1].title)
            if self.confirm(strings.DELETE_MILESTONE_TITLE, text):
                self._apply(lambda r: edit.delete_milestone(r, sel[1]), rebuild=True)

    def accept(self) -> None:
        empty = next((a for a in self.draft.areas if not a.milestones), None)
        if empty is not None:
            QMessageBox.warning(self, strings.SAVE_FAILED, strings.EDITOR_EMPTY_AREA.format(name=empty.name))
            return
        try:
            self.result_ = save_roadmap(self.journal, self.draft)
        except TrailbookError as exc:
            QMessageBox.warning(self, strings.SAVE_FAILED, exc.message)
            return
        super().accept()
