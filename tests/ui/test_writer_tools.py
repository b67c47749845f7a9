"""The writer's tools (find and replace in the entry, outline, focus mode, zoom) driven through the real window, its
menus and its keyboard; saved text is read back through the core."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication

from journal import entries as entry_service
from ui import strings, theme
from ui.widgets.find_bar import FindOptions, find_matches
from ui.widgets.outline import Heading, headings

BODY = "Latency matters. latency again 🚀 latency\ncatalog log Log logs\n"


def _open_body(qtbot, window, body: str, **kw):  # type: ignore[no-untyped-def]
    entry = entry_service.create_entry(window.journal, body, **kw)
    window.nav.reload()
    window.list.reload()
    window.list.select_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)
    return entry


def _press(qtbot, window, action: QAction) -> None:  # type: ignore[no-untyped-def]
    """Press ``action``'s first shortcut with the keyboard focus where it is."""
    focus = window.focusWidget() or window
    qtbot.keySequence(focus, action.shortcut())


# --- find and replace ----------------------------------------------------------------------------------------------
def test_find_matches_counts_case_whole_words_in_editor_positions() -> None:
    assert find_matches("a 🚀 b b", "b") == [(5, 6), (7, 8)]  # the emoji is two UTF-16 units in the editor
    assert len(find_matches("Log log LOG", "log")) == 3
    assert find_matches("Log log LOG", "log", FindOptions(case_sensitive=True)) == [(4, 7)]
    assert find_matches("catalog log logs log_file", "log", FindOptions(whole_words=True)) == [(8, 11)]
    assert find_matches("Été été", "ÉTÉ") == [(0, 3), (4, 7)]
    assert find_matches("a.b axb", "a.b") == [(0, 3)]  # the term is literal, not a pattern
    assert find_matches("anything", "") == []
    assert len(find_matches("x" * 50, "x", limit=10)) == 10


def test_find_counts_moves_and_wraps(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    tools = window.writer_tools
    _open_body(qtbot, window, BODY)
    editor = window.editor.editor
    editor.setFocus()
    _press(qtbot, window, tools.act_find)
    bar = tools.find_bar
    assert bar.isVisible() and bar.find_field.hasFocus()
    qtbot.keyClicks(bar.find_field, "latency")
    assert bar.count.text() == strings.FIND_COUNT.format(i=1, n=3)
    assert editor.textCursor().selectedText() == "Latency"
    for expected in (2, 3, 1):  # Enter goes on, and wraps after the last
        qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
        assert bar.count.text() == strings.FIND_COUNT.format(i=expected, n=3)
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # back, wrapping
    assert bar.count.text() == strings.FIND_COUNT.format(i=3, n=3)
    assert editor.textCursor().selectedText() == "latency"
    assert editor.textCursor().selectionStart() == BODY.index("🚀") + 3  # the emoji is two units, then a space
    editor.setFocus()
    _press(qtbot, window, tools.act_find_next)  # F3 from the text
    assert bar.count.text() == strings.FIND_COUNT.format(i=1, n=3)
    _press(qtbot, window, tools.act_find_previous)
    assert bar.count.text() == strings.FIND_COUNT.format(i=3, n=3)

    painted = editor.extraSelections()  # every match on screen is painted; the current one is also selected
    assert sorted(s.cursor.selectedText() for s in painted) == ["Latency", "latency", "latency"]
    match = QColor(theme.colours(theme.current())["match"])
    assert {s.format.background().color().name() for s in painted} == {match.name()}
    assert editor.textCursor().selectionStart() in {s.cursor.selectionStart() for s in painted}

    bar.case_button.click()
    assert bar.count.text().endswith("of 2")
    bar.find_field.setText("log")
    bar.find_field.textEdited.emit("log")
    assert bar.count.text() == strings.FIND_COUNT.format(i=1, n=3)  # catalog, log, logs; not Log
    bar.case_button.click()
    assert bar.count.text().endswith("of 4")
    bar.words_button.click()
    assert bar.count.text().endswith("of 2")
    bar.find_field.setText("kubernetes")
    bar.find_field.textEdited.emit("kubernetes")
    assert bar.count.text() == strings.FIND_NONE and not editor.textCursor().hasSelection()


def test_find_follows_edits_after_a_pause(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open_body(qtbot, window, BODY)
    tools = window.writer_tools
    tools.find_in_entry()
    qtbot.keyClicks(tools.find_bar.find_field, "latency")
    editor = window.editor.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "more latency")
    qtbot.waitUntil(lambda: tools.find_bar.count.text() == strings.FIND_MATCHES.format(n=4))


def test_a_long_entry_is_searched_once_typing_pauses(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.markdown_editor import LONG_TEXT

    window = make_window()
    line = "measured the p95 latency of the endpoint again\n"
    _open_body(qtbot, window, line * (LONG_TEXT // len(line) + 10))
    tools = window.writer_tools
    tools.find_in_entry()
    bar = tools.find_bar
    qtbot.keyClicks(bar.find_field, "p95")
    assert bar.count.text() == ""  # not searched on the keystroke...
    qtbot.waitUntil(lambda: bar.count.text() == strings.FIND_COUNT.format(i=1, n=f"{LONG_TEXT // len(line) + 10:,}"))
    qtbot.keyClicks(bar.find_field, "x")
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)  # ...but at once when asked to move
    assert bar.count.text() == strings.FIND_NONE


def test_replace_then_replace_all_in_one_undo_step(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = _open_body(qtbot, window, BODY)
    tools = window.writer_tools
    tools.find_in_entry()
    bar = tools.find_bar
    qtbot.keyClicks(bar.find_field, "log")
    bar.words_button.click()
    qtbot.keyClicks(bar.replace_field, "trace")
    qtbot.keyClick(bar.replace_field, Qt.Key.Key_Return)  # the selected match: replaced, and on to the next
    editor = window.editor.editor
    assert editor.toPlainText() == BODY.replace("catalog log", "catalog trace")
    assert bar.count.text() == strings.FIND_COUNT.format(i=1, n=1)
    qtbot.keyClicks(bar.find_field, "s")  # "logs"
    before = editor.toPlainText()
    bar.words_button.click()
    qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)  # "logs" once (the rest is case)
    bar.find_field.setText("LATENCY")
    bar.find_field.textEdited.emit("LATENCY")
    bar.replace_field.setText("lag")
    assert bar.replace_all() == 3
    assert bar.count.text() == strings.FIND_REPLACED.format(n=3)
    after = "lag matters. lag again 🚀 lag\ncatalog trace Log trace\n"
    assert editor.toPlainText() == after
    qtbot.waitUntil(lambda: entry_service.get_entry(window.journal, entry.id).body == after, timeout=3000)
    editor.setFocus()
    qtbot.keySequence(editor, QKeySequence(QKeySequence.StandardKey.Undo))  # one step puts all three back
    assert editor.toPlainText() == after.replace("lag", "Latency", 1).replace("lag", "latency")
    editor.undo()
    assert editor.toPlainText() == before
    editor.redo()
    editor.redo()
    assert editor.toPlainText() == after


def test_escape_closes_the_bar_and_its_highlights(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open_body(qtbot, window, BODY)
    tools = window.writer_tools
    editor = window.editor.editor
    tools.find_in_entry()
    qtbot.keyClicks(tools.find_bar.find_field, "latency")
    assert editor.extraSelections()
    qtbot.keyClick(tools.find_bar.find_field, Qt.Key.Key_Escape)
    assert not tools.find_bar.isVisible() and not editor.extraSelections()
    assert editor.hasFocus()
    tools.find_in_entry()  # the term is kept; Esc in the text closes the bar too
    assert tools.find_bar.count.text() == strings.FIND_MATCHES.format(n=3) or "of 3" in tools.find_bar.count.text()
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not tools.find_bar.isVisible()
    assert window.list.isVisible()  # Esc in the text was not taken as "leave focus mode"


def test_a_trashed_entry_can_be_searched_not_replaced(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = entry_service.create_entry(window.journal, BODY)
    entry_service.trash_entry(window.journal, entry.id)
    window.nav.reload()
    window.nav.select_place("trash")
    window.list.select_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)
    tools = window.writer_tools
    tools.find_in_entry()
    qtbot.keyClicks(tools.find_bar.find_field, "latency")
    assert tools.find_bar.count.text() == strings.FIND_COUNT.format(i=1, n=3)
    assert not tools.find_bar.replace_all_button.isEnabled() and not tools.find_bar.replace_field.isEnabled()
    assert tools.find_bar.replace_all() == 0
    assert window.editor.editor.toPlainText() == BODY


# --- outline -------------------------------------------------------------------------------------------------------
def test_headings_skip_code_and_keep_private_blocks() -> None:
    text = "\n".join(
        [
            "# Title #",  # 0: closing hashes dropped
            "#hashtag is not a heading",
            "    # indented code",
            "## [Linked](https://x.y) `code` **bold**",  # 3
            "```python",
            "# a comment in code",
            "```",
            "~~~~",
            "~~~",  # shorter: does not close
            "# still code",
            "~~~~",
            "- ```",  # a fence in a list item
            "  # code in a list",
            "  ```",
            "```private",
            "### Private heading",  # 15: the preview shows it
            "```sh",
            "# code inside the private block",
            "```",
            "```",
            "####### seven is text",
            "#",
            "###### C#",  # 22
        ]
    )
    assert headings(text) == [
        Heading(1, "Title", 0),
        Heading(2, "Linked code bold", 3),
        Heading(3, "Private heading", 15),
        Heading(6, "C#", 22),
    ]
    assert headings("```\n# never closed\n") == []
    assert headings("") == []


def _outline_body() -> str:
    filler = "\n".join(f"line {i} of notes" for i in range(60))
    code = "```\n# not a heading\n```"
    return f"# Serving\nintro\n## Batching\n{filler}\n{code}\n## Latency 🚀\n{filler}\n# Next steps\nend"


def test_outline_lists_headings_jumps_and_follows(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open_body(qtbot, window, _outline_body())
    tools = window.writer_tools
    editor = window.editor.editor
    editor.setFocus()
    _press(qtbot, window, tools.act_outline)
    panel = tools.outline
    assert panel is not None and panel.isVisible() and tools.act_outline.isChecked()
    tree = panel.tree
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == ["Serving", "Next steps"]
    serving = tree.topLevelItem(0)
    assert [serving.child(i).text(0) for i in range(serving.childCount())] == ["Batching", "Latency 🚀"]

    latency = serving.child(1)
    tree.scrollToItem(latency)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(latency).center())
    line = next(h.line for h in panel.headings if h.title == "Latency 🚀")
    assert editor.textCursor().blockNumber() == line and editor.hasFocus()
    assert 0 <= editor.cursorRect().top() < editor.fontMetrics().height() * 2  # scrolled to the top
    assert tree.currentItem() is latency

    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(5).position())
    editor.setTextCursor(cursor)  # into "Batching"
    assert tree.currentItem().text(0) == "Batching" and tree.currentItem().isSelected()
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    assert tree.currentItem().text(0) == "Serving"

    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "## Follow-ups")
    assert tree.topLevelItem(1).childCount() == 0  # not on the keystroke path...
    qtbot.waitUntil(lambda: tree.topLevelItem(1).childCount() == 1)  # ...but after a pause
    assert tree.currentItem().text(0) == "Follow-ups"

    _press(qtbot, window, tools.act_outline)
    assert not panel.isVisible()


def test_outline_stays_open_across_restarts(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "outlined"
    window = make_window(home)
    _open_body(qtbot, window, "# Only heading\ntext")
    window.writer_tools.act_outline.trigger()
    window.close()
    again = make_window(home)
    assert again.writer_tools.act_outline.isChecked()
    panel = again.writer_tools.outline
    assert panel is not None and panel.isVisible()
    assert panel.tree.topLevelItem(0).text(0) == "Only heading"


# --- focus mode ----------------------------------------------------------------------------------------------------
def _splitter_sizes(window) -> tuple[list[int], ...]:  # type: ignore[no-untyped-def]
    """The three splitters' sizes once the layouts waiting to run have run."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    return (window.split.sizes(), window.journal_split.sizes(), window.editor.split.sizes())


def test_focus_mode_shows_only_the_text_and_esc_leaves(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open_body(qtbot, window, _outline_body())
    tools = window.writer_tools
    tools.act_outline.trigger()
    window.set_preview_visible(True)
    qtbot.waitUntil(lambda: window.editor.preview.isVisible())
    editor = window.editor.editor
    panes = [window.nav, window.list, tools.outline, window.editor.preview, window.toolbar, window.statusBar(),
             window.menuBar(), window.editor.title, window.editor.meta_bar]  # fmt: skip
    sizes = _splitter_sizes(window)
    editor.setFocus()
    _press(qtbot, window, tools.act_focus)
    assert tools.focus_mode and tools.act_focus.isChecked()
    assert not any(p.isVisible() for p in panes)
    assert editor.isVisible() and editor.hasFocus()
    qtbot.waitUntil(lambda: editor.width() > window.width() * 0.9)  # at the next layout
    assert editor.viewportMargins().left() > 100  # the text column is centred at a readable width

    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not tools.focus_mode and not tools.act_focus.isChecked()
    assert all(p.isVisible() for p in panes)
    assert _splitter_sizes(window) == sizes

    _press(qtbot, window, tools.act_focus)  # the same key enters and leaves
    assert tools.focus_mode
    _press(qtbot, window, tools.act_focus)
    assert not tools.focus_mode and window.list.isVisible()

    tools.act_focus.trigger()  # the journal search leaves focus mode for the search field
    window.act_find.trigger()
    assert not tools.focus_mode and window.list.search.hasFocus()


def test_focus_mode_needs_an_open_entry_and_is_left_before_closing(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "focus"
    window = make_window(home)
    tools = window.writer_tools
    assert not tools.act_focus.isEnabled() and not tools.act_find.isEnabled()  # nothing open yet
    _open_body(qtbot, window, "text")
    assert tools.act_focus.isEnabled()
    sizes = window.split.sizes()
    tools.act_focus.trigger()
    window.close()  # the window saves its panes as they are outside focus mode
    again = make_window(home)
    assert again.nav.isVisible() and again.split.sizes() == sizes and not again.writer_tools.focus_mode
    again.writer_tools.act_focus.trigger()
    again.nav.select_place("roadmap")
    assert not again.writer_tools.focus_mode and not again.writer_tools.act_focus.isEnabled()


def test_typewriter_scrolling_from_preferences(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from journal.settings import load_preferences
    from ui.dialogs import preferences
    from ui.writer_tools import typewriter_scrolling

    window = make_window()
    _open_body(qtbot, window, "\n".join(f"line {i}" for i in range(400)))
    editor = window.editor.editor
    tools = window.writer_tools

    def line_offset() -> float:
        """How far the cursor's line is from the vertical centre, in lines."""
        centre = editor.viewport().height() / 2
        return abs(editor.cursorRect().center().y() - centre) / editor.fontMetrics().height()

    def go_to(line: int) -> None:
        cursor = QTextCursor(editor.document().findBlockByNumber(line))
        editor.setTextCursor(cursor)

    tools.act_focus.trigger()
    go_to(200)
    assert line_offset() > 3 and not editor.centerOnScroll()  # off by default
    tools.act_focus.trigger()

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        assert not self.typewriter.isChecked()
        self.typewriter.setChecked(True)
        return 1

    monkeypatch.setattr(preferences.PreferencesDialog, "exec", fake_exec)
    window.act_prefs.trigger()
    assert typewriter_scrolling(window.prefs) and typewriter_scrolling(load_preferences(window.journal.paths.settings))
    tools.act_focus.trigger()
    for line in (120, 300, 399):
        go_to(line)
        assert line_offset() < 1
    qtbot.keyClicks(editor, "typing stays centred")
    editor.insertPlainText("\nnew line\nand another")
    assert line_offset() < 1
    tools.act_focus.trigger()
    assert not editor.centerOnScroll()  # only in focus mode


# --- zoom ----------------------------------------------------------------------------------------------------------
def test_zoom_changes_the_text_size_and_is_kept(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "zoomed"
    window = make_window(home)
    _open_body(qtbot, window, "some text")
    editor = window.editor.editor
    tools = window.writer_tools
    base = window.prefs.editor_font_size
    assert editor.font().pointSize() == base
    editor.setFocus()
    _press(qtbot, window, tools.act_zoom_in)
    qtbot.keySequence(editor, QKeySequence("Ctrl+="))  # + without Shift
    assert editor.font().pointSize() == base + 2
    assert window.statusBar().currentMessage() == strings.ZOOM_STATUS.format(size=base + 2)
    _press(qtbot, window, tools.act_zoom_out)
    assert editor.font().pointSize() == base + 1
    wheel = QWheelEvent(QPointF(20, 20), QPointF(20, 20), QPoint(0, 0), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    editor.wheelEvent(wheel)
    assert editor.font().pointSize() == base + 3
    window.close()

    again = make_window(home)
    assert again.editor.editor.font().pointSize() == base + 3
    again.writer_tools.act_zoom_reset.trigger()
    assert again.editor.editor.font().pointSize() == base
    for _ in range(60):
        again.writer_tools.act_zoom_in.trigger()
    assert again.editor.editor.font().pointSize() == 48  # as large as the preference allows


def test_zoom_stays_on_top_of_the_preferred_size(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs import preferences

    window = make_window()
    window.writer_tools.act_zoom_in.trigger()

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        self.size.setValue(16)
        return 1

    monkeypatch.setattr(preferences.PreferencesDialog, "exec", fake_exec)
    window.act_prefs.trigger()
    assert window.editor.editor.font().pointSize() == 17
    window.writer_tools.act_zoom_reset.trigger()
    assert window.editor.editor.font().pointSize() == 16


# --- the keyboard --------------------------------------------------------------------------------------------------
def test_every_shortcut_is_unique_and_ctrl_f_stays_the_journal_search(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    tools = window.writer_tools
    owners: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            name = key.toString()
            assert name not in owners or owners[name] == action.text(), (
                f"{name}: {owners.get(name)} and {action.text()}"
            )
            owners[name] = action.text()
    assert owners[QKeySequence(QKeySequence.StandardKey.Find).toString()] == strings.ACTION_FIND
    assert tools.act_find.shortcut() != QKeySequence(QKeySequence.StandardKey.Find)
    assert tools.act_focus.shortcut() == QKeySequence("F8")
    in_menus = {a for menu in (window.menu_edit, window.menu_view) for a in menu.actions()}
    for action in (tools.act_find, tools.act_find_next, tools.act_find_previous, tools.act_outline, tools.act_focus,
                   tools.act_zoom_in, tools.act_zoom_out, tools.act_zoom_reset):  # fmt: skip
        assert action in in_menus and action.shortcuts()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_matches_stand_out_from_the_paper_and_the_selection(name: str) -> None:
    colours = theme.colours(name)
    match, text = QColor(colours["match"]), QColor(colours["text"])
    for other in ("paper", "selection"):
        assert match != QColor(colours[other])
    assert abs(match.lightness() - text.lightness()) > 80  # the text on a match stays readable
