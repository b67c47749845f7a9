"""New Entry from Template…: the built-in templates plus the person's own (``templates/`` in the journal folder)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from journal.db import Journal
from journal.templates import Template, load_templates


class TemplateDialog(QDialog):
    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Entry from Template")
        self.resize(760, 460)
        self.chosen: Template | None = None
        templates, problems = load_templates(journal.paths.templates)
        self._templates = templates
        self.list = QListWidget(self)
        self.list.setAccessibleName("Templates")
        self.list.setToolTip("Pick a template; double-click to use it")
        for t in templates:
            item = QListWidgetItem(t.name + ("" if t.builtin else "  (yours)"))
            item.setToolTip(t.description)
            item.setData(Qt.ItemDataRole.UserRole, t.key)
            self.list.addItem(item)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Template text")
        self.preview.setToolTip("What the new entry will start with")
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        hint = QLabel(
            f"Add your own: put .md files in {journal.paths.templates}"
            + (f"\n{len(problems)} of your templates could not be read: {problems[0]}" if problems else ""),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        right = QVBoxLayout()
        right.addWidget(self.description)
        right.addWidget(self.preview, 1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(right, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.use = buttons.addButton("Create Entry", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.itemDoubleClicked.connect(lambda _i: self._accept())
        if templates:
            self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self._templates):
            t = self._templates[row]
            self.description.setText(f"<b>{t.name}</b> — {t.description}" if t.description else f"<b>{t.name}</b>")
            self.preview.setPlainText(t.body)

    def select(self, key: str) -> None:
        for row, t in enumerate(self._templates):
            if t.key == key:
                self.list.setCurrentRow(row)

    def _accept(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._templates):
            self.chosen = self._templates[row]
            self.accept()
