"""The editor shows private blocks as the publishing rule finds them: in list items, in blockquotes, unclosed to the
end, and it follows the text as the person types (a real MarkdownEditor under pytest-qt)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from journal.markdown.source import private_regions, split_lines
from ui import theme
from ui.widgets.markdown_editor import MarkdownEditor

PRIVATE_BG = theme.colours("light")["warn_bg"]


def shown_private(editor: MarkdownEditor) -> list[int]:
    """The lines drawn with the private format: the whole line, on the private background."""
    found = []
    block = editor.document().begin()
    while block.isValid():
        ranges = block.layout().formats()
        whole = [r for r in ranges if r.start == 0 and r.length >= len(block.text())]
        if block.text() and any(r.format.background().color().name() == PRIVATE_BG for r in whole):
            found.append(block.blockNumber())
        block = block.next()
    return found


def make_editor(qtbot, text: str) -> MarkdownEditor:  # type: ignore[no-untyped-def]
    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    editor.highlighter.set_theme("light")
    editor.setPlainText(text)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_a_private_block_in_a_list_item_is_shown_as_private(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Intro\n\n- item\n- ```private\n  my salary\n  ```\n- after\n\n"
        "> 1. ~~~PRIVATE\n>    secret\n>    ~~~\n> 2. two\n"
    )
    editor = make_editor(qtbot, text)
    qtbot.waitUntil(lambda: shown_private(editor) == [3, 4, 5, 8, 9, 10])  # as soon as the entry is drawn
    regions = private_regions(split_lines(text))  # the rule publishing uses
    assert [n for r in regions for n in range(r.start, r.end)] == shown_private(editor)
    # the other lines keep their markdown formats (the list markers are coloured as list markers)
    item = editor.document().findBlockByNumber(2).layout().formats()
    assert item and all(r.format.background().color().name() != PRIVATE_BG for r in item)


def test_the_highlight_follows_typing(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = make_editor(qtbot, "- ```private\n  secret\n- not closed, so private\n\nStill private.\n")
    qtbot.waitUntil(lambda: shown_private(editor) == [0, 1, 2, 4])  # unclosed: to the end, past the item's end
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(1).position())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "```")  # at column 0: outside the list item, so it closes nothing
    qtbot.waitUntil(lambda: not editor.highlighter._refresh.isActive(), timeout=3000)
    assert shown_private(editor) == [0, 1, 2, 3, 5]
    editor.moveCursor(QTextCursor.MoveOperation.StartOfBlock)
    qtbot.keyClicks(editor, "  ")  # inside the item: now it closes the block
    qtbot.waitUntil(lambda: shown_private(editor) == [0, 1, 2], timeout=3000)
    # a line pasted above the block: the block moves down with its lines at once, before the rule runs again
    cursor.setPosition(0)
    cursor.insertText("Top line\n\n")
    assert shown_private(editor) == [2, 3, 4]
    qtbot.waitUntil(lambda: not editor.highlighter._refresh.isActive(), timeout=3000)
    assert shown_private(editor) == [2, 3, 4] and editor.toPlainText().startswith("Top line\n\n- ```private\n")


def test_the_text_is_read_as_it_is_saved_when_a_line_holds_a_line_separator(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = make_editor(qtbot, "first\u2028second\n- ```private\n  secret\n  ```\nafter\n")
    assert editor.document().blockCount() == 6 and editor.toPlainText().count("\n") == 6
    qtbot.waitUntil(lambda: shown_private(editor) == [1, 2, 3])
