"""A chip editor for an entry's skill areas: chips with a remove button, and a field that completes from the areas
that already exist (a new name creates a new area when the entry is saved)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QToolButton, QWidget

from journal.records import default_colour
from ui import strings, theme


class _TagField(QLineEdit):
    backspaceOnEmpty = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Backspace and not self.text():
            self.backspaceOnEmpty.emit()
            return
        super().keyPressEvent(event)


class TagChip(QToolButton):
    """One skill area: its name on its colour; clicking the chip removes it."""

    def __init__(self, name: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setText(f"{name}  ×")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one Tab stop for the skill areas: the field (Backspace removes)
        self.setAccessibleName(f"Skill area {name}")
        self.setToolTip(f"Remove “{name}” from this entry")
        base = QColor(colour)
        dark = theme.current() == "dark"
        fill = base.darker(160) if dark else base.lighter(185)
        fill.setAlpha(255)
        text = base.lighter(150) if dark else base.darker(140)
        self.setStyleSheet(
            f"QToolButton {{ background: {fill.name()}; color: {text.name()}; border: 1px solid {base.name()}; "
            "border-radius: 10px; padding: 1px 8px; font-size: 9pt; }"
            f"QToolButton:hover {{ border-width: 2px; }}"
        )


class TagEditor(QWidget):
    """Emits ``tagsChanged`` with the full list whenever a chip is added or removed."""

    tagsChanged = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Skill areas")
        self._tags: list[str] = []
        self._colours: dict[str, str] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.field = _TagField(self)
        self.field.setPlaceholderText(strings.TAGS_PLACEHOLDER)
        self.field.setAccessibleName("Add a skill area")
        self.field.setToolTip("Type a skill area and press Enter (existing areas are suggested)")
        self.field.setFrame(False)
        self.field.setMinimumWidth(140)
        self.field.setObjectName("TagField")  # borderless, underlined while it has focus (resources/styles/app.qss)
        self._names = QStringListModel(self)
        self.completer = QCompleter(self._names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.activated.connect(self._add_from_completer)
        self.field.setCompleter(self.completer)
        self.field.returnPressed.connect(self._add_from_field)
        self.field.textEdited.connect(self._maybe_comma)
        self.field.backspaceOnEmpty.connect(self._remove_last)
        self._layout.addWidget(self.field, 1)

    def set_known(self, colours: dict[str, str]) -> None:
        """Existing skill areas (name → colour), offered as completions."""
        self._colours = dict(colours)
        self._names.setStringList(sorted(colours, key=str.lower))

    def tags(self) -> list[str]:
        return list(self._tags)

    def set_tags(self, tags: list[str] | tuple[str, ...]) -> None:
        self._tags = list(tags)
        self._rebuild()

    def _colour(self, name: str) -> str:
        for known, colour in self._colours.items():
            if known.lower() == name.lower():
                return colour
        return default_colour(name)

    def _rebuild(self) -> None:
        while self._layout.count() > 1:
            item = self._layout.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.deleteLater()
        for i, name in enumerate(self._tags):
            chip = TagChip(name, self._colour(name), self)
            chip.clicked.connect(lambda _=False, n=name: self.remove(n))
            self._layout.insertWidget(i, chip)

    def add(self, name: str) -> None:
        clean = " ".join(name.replace(",", " ").split())
        if not clean or clean.lower() in (t.lower() for t in self._tags):
            return
        for known in self._colours:
            if known.lower() == clean.lower():
                clean = known
        self._tags.append(clean)
        self._rebuild()
        self.tagsChanged.emit(self.tags())

    def remove(self, name: str) -> None:
        if name in self._tags:
            self._tags.remove(name)
            self._rebuild()
            self.tagsChanged.emit(self.tags())

    def _add_from_field(self) -> None:
        self.add(self.field.text())
        self.field.clear()

    def _add_from_completer(self, text: str) -> None:
        self.add(text)
        # QLineEdit writes the completion into the field after this slot; clear it once that has happened.
        QTimer.singleShot(0, self.field.clear)

    def _maybe_comma(self, text: str) -> None:
        if "," in text:
            for part in text.split(",")[:-1]:
                self.add(part)
            self.field.setText(text.split(",")[-1])

    def _remove_last(self) -> None:
        if self._tags:
            self.remove(self._tags[-1])
