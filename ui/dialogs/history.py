"""History…: an entry's earlier texts, each with a diff against the current text, and a way to bring one back.
Restoring goes through the editor as one undoable edit, and the text it replaces becomes a revision itself."""

from __future__ import annotations

import difflib
import html

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from journal import entries as entry_service
from journal.db import Journal
from journal.records import Entry, Revision
from ui import theme


def diff_html(old: str, new: str) -> str:
    """A line diff from ``old`` (the revision) to ``new`` (the current text), coloured, as HTML."""
    c = theme.colours(theme.current())
    removed_bg = "#4c1d1d" if theme.current() == "dark" else "#fde8e8"
    added_bg = "#173b26" if theme.current() == "dark" else "#e6f6ea"
    rows = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), "revision", "now", lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            rows.append(f"<div style='color:{c['muted']}; margin-top:6px'>⋯</div>")
            continue
        style = ""
        if line.startswith("-"):
            style = f"background:{removed_bg}"
        elif line.startswith("+"):
            style = f"background:{added_bg}"
        rows.append(f"<div style='{style}; white-space: pre-wrap'>{html.escape(line) or '&nbsp;'}</div>")
    if not rows:
        return f"<p style='color:{c['muted']}'>Same text as now.</p>"
    return "<div style='font-family: monospace'>" + "".join(rows) + "</div>"


class HistoryDialog(QDialog):
    def __init__(self, journal: Journal, entry: Entry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {entry.title}")
        self.resize(900, 560)
        self.entry = entry
        self.chosen: Revision | None = None
        self.revisions = entry_service.list_revisions(journal, entry.id)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Earlier versions")
        self.list.setToolTip("Earlier versions, newest first")
        for rev in self.revisions:
            when = rev.saved_at.astimezone().strftime("%a %d %b %Y, %H:%M")
            item = QListWidgetItem(f"{when}\n{rev.word_count} words")
            self.list.addItem(item)
        self.diff = QTextBrowser(self)
        self.diff.setAccessibleName("Changes since this version")
        self.diff.setToolTip("Red lines are in this version only; green lines were added since")
        split = QSplitter(self)
        split.addWidget(self.list)
        split.addWidget(self.diff)
        split.setSizes([240, 660])
        header = QLabel(
            "Earlier versions of this entry, kept as you wrote. Restoring one replaces the text; "
            "you can undo it with Ctrl+Z, and the current text stays in this list."
            if self.revisions
            else "No earlier versions yet: they are kept as you change the entry.",
            self,
        )
        header.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore = buttons.addButton("Restore This Version", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore.setEnabled(False)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        if self.revisions:
            self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.revisions):
            self.diff.setHtml(diff_html(self.revisions[row].body, self.entry.body))
            self.restore.setEnabled(True)

    def _accept(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.revisions):
            self.chosen = self.revisions[row]
            self.accept()
