"""A chip editor for an entry's skill areas: chips with a remove button, and a field that completes from the areas
that already exist (a new name creates a new area when the entry is saved)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QSizePolicy, QToolButton, QWidget

from journal.errors import TrailbookError
from journal.records import default_colour
from ui import strings, theme
from ui.widgets.chips import chip_colours
from ui.widgets.flow_layout import FlowLayout


class _TagField(QLineEdit):
    backspaceOnEmpty = Signal()
    focused = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.focused.emit()  # before the completer can pop up: its names are brought up to date first
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Backspace and not self.text():
            self.backspaceOnEmpty.emit()
            return
        super().keyPressEvent(event)


class TagChip(QToolButton):
    """One skill area: its name on its colour; clicking the chip removes it."""

    def __init__(self, name: str, colour: str, parent: QWidget | None = None) -> None:
        self.name, self.colour, self.theme = name, colour, ""  # before Qt's first change event reaches changeEvent
        super().__init__(parent)
        self.setText(f"{name}  ×")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # never squeezed to "…"
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one Tab stop for the skill areas: the field (Backspace removes)
        self.setAccessibleName(f"Skill area {name}")
        self.setToolTip(f"Remove “{name}” from this entry")
        self._style()

    def _style(self) -> None:
        """Colour the chip for the theme in use (again when the theme changes: ``changeEvent``)."""
        self.theme = theme.current()
        c = chip_colours(self.colour, self.theme, theme.colours(self.theme)["paper"])
        self.setStyleSheet(
            f"QToolButton {{ background: {c.fill.name()}; color: {c.text.name()}; border: 1px solid {c.border.name()}; "
            "border-radius: 10px; padding: 1px 8px; font-size: 9pt; }"
            f"QToolButton:hover {{ border-width: 2px; }}"
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        changes = (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in changes and self.theme != theme.current():
            self._style()  # its own style sheet is not the application's: follow a change of theme here


class TagEditor(QWidget):
    """Emits ``tagsChanged`` with the full list whenever a chip is added or removed."""

    tagsChanged = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Skill areas")
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # more lines of chips when they do not fit on one
        self.setSizePolicy(policy)
        self._tags: list[str] = []
        self._colours: dict[str, str] = {}  # the journal's skill areas
        self._suggested: dict[str, str] = {}  # names a tag should have (the roadmap's area ids), each with its colour
        # Asked each time the field takes focus (set by the roadmap feature): the names to offer beside the journal's.
        self.suggest: Callable[[], dict[str, str]] | None = None
        # Chips then the field, wrapping onto more lines when they do not fit (a chip is never cut to "…").
        self._layout = FlowLayout(self, spacing=4, stretch_last=True)
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
        self.field.focused.connect(self._ask_suggestions)
        self._layout.addWidget(self.field)

    def set_known(self, colours: dict[str, str]) -> None:
        """Existing skill areas (name → colour), offered as completions."""
        self._colours = dict(colours)
        self._update_names()

    def set_suggested(self, colours: dict[str, str]) -> None:
        """Names offered as completions though no entry has them yet (name → the colour its tag will get)."""
        self._suggested = dict(colours)
        self._update_names()

    def _ask_suggestions(self) -> None:
        if self.suggest is None:
            return
        try:
            suggested = self.suggest()
        except TrailbookError:  # the journal busy or going away: the journal's own areas are still offered
            return
        if suggested != self._suggested:
            self.set_suggested(suggested)

    def _update_names(self) -> None:
        names = {n.casefold(): n for n in self._suggested}
        names.update({n.casefold(): n for n in self._colours})  # an existing tag's own spelling wins
        self._names.setStringList(sorted(names.values(), key=str.casefold))

    def tags(self) -> list[str]:
        return list(self._tags)

    def set_tags(self, tags: list[str] | tuple[str, ...]) -> None:
        self._tags = list(tags)
        self._rebuild()

    def _colour(self, name: str) -> str:
        for known, colour in (*self._colours.items(), *self._suggested.items()):
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
            self._layout.insert_widget(i, chip)

    def add(self, name: str) -> None:
        clean = " ".join(name.replace(",", " ").split())
        if not clean or clean.lower() in (t.lower() for t in self._tags):
            return
        for known in (*self._suggested, *self._colours):  # the existing spelling: "Serving" becomes "serving"
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
        QTimer.singleShot(0, self.field, self.field.clear)

    def _maybe_comma(self, text: str) -> None:
        if "," in text:
            for part in text.split(",")[:-1]:
                self.add(part)
            self.field.setText(text.split(",")[-1])

    def _remove_last(self) -> None:
        if self._tags:
            self.remove(self._tags[-1])
