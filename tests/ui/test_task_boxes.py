"""Task boxes ticked in the preview (ui.task_boxes), in the real window: a mouse click on a box in Chromium flips that
task's line in the editor — the right one among identical lines, after front matter and a code block that holds
look-alikes — as one undoable edit that is saved as typing is, with the cursor and the scroll where they were; Tab and
Enter do the same from the keyboard; a page older than the text changes nothing; an entry in the trash never changes.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from journal import entries as entry_service

BODY = """---
title: front matter, shown as text
---

Groceries 🛒🥛, twice the same line:

- [ ] milk
- [ ] milk
* [x] bread
    + [ ] nested

1. [ ] numbered

> - [ ] in a quote

```
- [ ] in code, never a box
```

```private
- [ ] private, never clickable
```
"""
# The lines (1-based) of the boxes the page can tick, in their order (the emoji before them are two UTF-16 units each).
TASK_LINES = [7, 8, 9, 10, 12, 14]


def _open_with_preview(qtbot, window, body: str):  # type: ignore[no-untyped-def]
    entry = entry_service.create_entry(window.journal, body, title="Chores")
    window.nav.reload()
    window.list.reload()
    window.list.select_entry(entry.id)
    window.open_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)
    preview = window.editor.preview
    with qtbot.waitSignal(preview.updated, timeout=30_000):
        window.set_preview_visible(True)
    return entry, preview


def _page(qtbot, preview, script: str) -> str:  # type: ignore[no-untyped-def]
    """The result of ``script`` run in the preview's page (Qt's own script world: the page's scripts are off)."""
    from PySide6.QtWebEngineCore import QWebEngineScript

    out: list[str] = []
    preview._view.page().runJavaScript(script, QWebEngineScript.ScriptWorldId.ApplicationWorld, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    return str(out[0])


def _click_box(qtbot, preview, n: int) -> None:  # type: ignore[no-untyped-def]
    """A real mouse click in the middle of the n-th clickable box, where Chromium laid it out."""
    script = (
        f"var r = document.querySelectorAll('a.task-box input')[{n}].getBoundingClientRect();"
        " (r.left + r.width / 2) + ',' + (r.top + r.height / 2)"
    )
    x, y = (int(float(v)) for v in _page(qtbot, preview, script).split(","))
    surface = preview._view.focusProxy() or preview._view
    QTest.mouseClick(surface, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))


def _ticked(text: str, line: int) -> str:
    lines = text.split("\n")
    body = lines[line - 1]
    at = body.index("[") + 1
    lines[line - 1] = body[:at] + (" " if body[at] != " " else "x") + body[at + 1 :]
    return "\n".join(lines)


def _web(preview) -> None:  # type: ignore[no-untyped-def]
    if not preview._web:
        pytest.skip("QtWebEngine is not installed: the preview is a QTextBrowser, which shows no checkboxes")


def test_a_click_ticks_that_task_as_one_undoable_saved_edit(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.resize(1100, 500)  # short: the editor scrolls
    entry, preview = _open_with_preview(qtbot, window, BODY)
    _web(preview)
    qtbot.waitUntil(lambda: (preview._shown_html or "").count('class="task-box"') == len(TASK_LINES), timeout=20_000)
    html = preview._shown_html
    assert [f"trailbook-task:{n}/" in html for n in TASK_LINES] == [True] * len(TASK_LINES)
    assert "in code, never a box" in html and '<input type="checkbox" disabled/> private' in html

    editor = window.editor.editor
    cursor = editor.textCursor()
    cursor.setPosition(BODY.index("bread") + 2)  # the cursor sits in another task's line, after the box it flips
    editor.setTextCursor(cursor)
    editor.verticalScrollBar().setValue(2)
    scroll = editor.verticalScrollBar().value()

    _click_box(qtbot, preview, 1)  # the second "- [ ] milk", not the first
    expected = _ticked(BODY, TASK_LINES[1])
    qtbot.waitUntil(lambda: editor.toPlainText() == expected, timeout=10_000)
    assert editor.textCursor().position() == BODY.index("bread") + 2
    assert editor.verticalScrollBar().value() == scroll
    qtbot.waitUntil(lambda: 'href="trailbook-task:8/done"' in (preview._shown_html or ""), timeout=20_000)

    _click_box(qtbot, preview, 3)  # the nested one
    expected = _ticked(expected, TASK_LINES[3])
    qtbot.waitUntil(lambda: editor.toPlainText() == expected, timeout=10_000)
    window.editor.save_now()
    qtbot.waitUntil(lambda: not window.editor.dirty and not window.editor.saving, timeout=10_000)
    assert entry_service.get_entry(window.journal, entry.id).body == expected  # saved as typing is

    editor.undo()
    assert editor.toPlainText() == _ticked(BODY, TASK_LINES[1])  # one undo step each
    editor.undo()
    assert editor.toPlainText() == BODY


def test_the_page_shows_each_box_as_a_box_in_its_place(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _, preview = _open_with_preview(qtbot, window, "- [ ] one\n- [x] two\n")
    _web(preview)
    qtbot.waitUntil(lambda: "task-box" in (preview._shown_html or ""), timeout=20_000)
    # The link covers its box (a click on the box lands on the link), and the box sits where the bullet would.
    script = (
        "var a = document.querySelector('a.task-box'), i = a.querySelector('input'), li = a.closest('li');"
        " var r = a.getBoundingClientRect(), b = i.getBoundingClientRect(), l = li.getBoundingClientRect();"
        " var hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);"
        " [hit === a, r.left <= b.left && r.right >= b.right, b.right <= l.left + 4, i.checked,"
        "  document.querySelectorAll('a.task-box input')[1].checked].join(',')"
    )
    assert _page(qtbot, preview, script) == "true,true,true,false,true"


def test_tab_and_enter_tick_a_task_from_the_keyboard(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    body = "Intro with a [web link](https://example.org) first.\n\n- [ ] one\n- [ ] two\n"
    _, preview = _open_with_preview(qtbot, window, body)
    _web(preview)
    qtbot.waitUntil(lambda: "task-box" in (preview._shown_html or ""), timeout=20_000)
    surface = preview._view.focusProxy() or preview._view
    preview._view.setFocus()
    qtbot.waitUntil(lambda: preview._view.hasFocus() or surface.hasFocus())
    focused: list[str] = []  # where Tab goes: the web link, then each box, in the page's order
    for _ in range(5):  # (the first Tab may only bring the focus into the page)
        QTest.keyClick(surface, Qt.Key.Key_Tab)
        before = focused[-1] if focused else "null"
        for _ in range(25):  # the page moves its focus on its own turn: read until it has moved
            now = _page(qtbot, preview, "String(document.activeElement.getAttribute('href'))")
            if now != before:
                focused.append(now)
                break
            qtbot.wait(20)
        if focused[-1:] == ["trailbook-task:4/open"]:
            break
    assert focused == ["https://example.org", "trailbook-task:3/open", "trailbook-task:4/open"]
    QTest.keyClick(surface, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.editor.editor.toPlainText() == _ticked(body, 4), timeout=10_000)


def test_a_page_older_than_the_text_changes_nothing(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _, preview = _open_with_preview(qtbot, window, "- [ ] one\n- [ ] two\n")
    qtbot.waitUntil(lambda: preview.client.shown_text == "- [ ] one\n- [ ] two\n", timeout=20_000)
    editor = window.editor.editor
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.insertText("- [ ] new first\n")  # the page still says line 2 is "two"
    boxes = window.writer_tools.task_boxes
    preview.client.shown_text = "- [ ] one\n- [ ] two\n"  # as if the render of the new text had not come back yet
    assert boxes.clicked("trailbook-task:2/open") is None
    assert editor.toPlainText() == "- [ ] new first\n- [ ] one\n- [ ] two\n"
    assert "catching up" in window.save_label.text()
    qtbot.waitUntil(lambda: preview.client.shown_text == editor.toPlainText(), timeout=20_000)  # it caught up
    for position, selected in ((len("- [ ] new first\n- ["), False), (len("- [ ] new first\n- [ ]"), True)):
        cursor.setPosition(position)  # right before, then a selection right after, the character that changes
        if selected:
            cursor.setPosition(position - 3, QTextCursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        qtbot.waitUntil(lambda: preview.client.shown_text == editor.toPlainText(), timeout=20_000)
        assert boxes.clicked("trailbook-task:2/open" if not selected else "trailbook-task:2/done") is not None
        assert (editor.textCursor().position(), editor.textCursor().anchor()) == (cursor.position(), cursor.anchor())
    assert editor.toPlainText() == "- [ ] new first\n- [ ] one\n- [ ] two\n"
    qtbot.waitUntil(lambda: preview.client.shown_text == editor.toPlainText(), timeout=20_000)
    assert boxes.clicked("trailbook-task:2/open") is not None
    assert editor.toPlainText() == "- [ ] new first\n- [x] one\n- [ ] two\n"
    assert boxes.clicked("trailbook-task:2/open") is None  # the page said "open"; it is done now: nothing guessed
    assert boxes.clicked("trailbook-entry:x") is None and boxes.clicked("https://example.org") is None


def test_an_entry_in_the_trash_never_changes(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = entry_service.create_entry(window.journal, "- [ ] one\n", title="Old chores")
    entry_service.trash_entry(window.journal, entry.id)
    window.nav.select_place("trash")
    window.list.reload()
    window.open_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.in_trash)
    preview = window.editor.preview
    with qtbot.waitSignal(preview.updated, timeout=30_000):
        window.set_preview_visible(True)
    qtbot.waitUntil(lambda: "checkbox" in (preview._shown_html or ""), timeout=20_000)
    assert "task-box" not in preview._shown_html and "disabled" in preview._shown_html  # a plain, disabled box
    assert window.writer_tools.task_boxes.clicked("trailbook-task:1/open") is None
    assert window.editor.editor.toPlainText() == "- [ ] one\n"
    assert "trash" in window.save_label.text()
