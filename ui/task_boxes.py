"""Task boxes ticked in the preview (the rule is ``journal.markdown.tasks``'): a click on a task's checkbox flips
``[ ]`` and ``[x]`` on that task's line in the editor.

The flip is an edit of the editor's document, one undo step of its own, so autosave, undo and History see it as they
see typing; the cursor and the scroll position stay where they were. Each box names the line it was rendered from, so
a box is only ever flipped on the text the page showed: when the editor's text is newer than the page (a click in the
moment between a key and its render), nothing is guessed — the page catches up and the person clicks again. Entries in
the trash are read-only: their boxes render as plain, disabled checkboxes, and a click changes nothing.

In the preview a task's box is a link, so the keyboard reaches it as it reaches links: with the preview focused, Tab
moves to the next box and Enter ticks it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor

from ui import strings

if TYPE_CHECKING:
    from journal.markdown.tasks import TaskToggle
    from ui.desk import Desk


def _as_lines(text: str) -> str:
    """Text with its line endings as the editor writes them (the lines stay the lines)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TaskBoxes(QObject):
    """Makes the preview's task boxes clickable while the open entry can be edited, and applies their clicks."""

    def __init__(self, window: Desk) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.preview = window.editor.preview
        self.preview.client.contexts.append(self.render_context)
        self.preview.linkClicked.connect(self.clicked)

    def editable(self) -> bool:
        entry = self.window.editor.entry
        return entry is not None and not entry.in_trash and not self.window.editor.editor.isReadOnly()

    def render_context(self, text: str) -> dict[str, object]:
        """For the render process: whether the boxes are links to their lines (read as each render is sent)."""
        return {"tasks": self.editable()}

    def clicked(self, address: str) -> TaskToggle | None:
        """A link clicked in the preview: when it is a task's box, flip that task in the editor (the edit made, or
        None when nothing was changed)."""
        # Here, not at the top: journal.markdown.tasks loads Python-Markdown and Pygments (~25 ms, off the start path).
        from journal.markdown.tasks import parse_task_href, toggle_task

        task = parse_task_href(address)
        if task is None:
            return None
        if not self.editable():
            self.window.show_status(strings.TASK_BOX_READ_ONLY)
            return None
        text_edit = self.window.editor.editor
        text = text_edit.toPlainText()
        shown = self.preview.client.shown_text
        if shown is None or _as_lines(shown) != text:
            self.preview.set_text(text)  # the page showed other text: it shows this one now
            self.window.show_status(strings.TASK_BOX_STALE)
            return None
        edit = toggle_task(text, *task)
        if edit is None:  # cannot be while the page shows this text; never guess
            return None
        # Qt counts positions in UTF-16 code units, Python in code points.
        position = len(text[: edit.offset].encode("utf-16-le")) // 2
        cursor = QTextCursor(text_edit.document())
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != edit.old:
            return None
        cursor.beginEditBlock()  # one undo step, never merged with the typing before it
        cursor.insertText(edit.new)
        cursor.endEditBlock()
        return edit


def install(window: Desk) -> TaskBoxes:
    """Make the task boxes in ``window``'s preview tick their tasks."""
    return TaskBoxes(window)
