"""Spell checking as you type, in the real window with the real en_US Hunspell dictionary (.ci/run installs it):
underlines, what is never checked, the word being typed, the context menu, the personal dictionary, the toggle and
the preferences."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from journal import entries as entry_service
from journal.settings import load_preferences
from ui import strings

pytestmark = pytest.mark.ui
WAVE = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


def underlined(editor, line: int) -> list[str]:  # type: ignore[no-untyped-def]
    """The underlined words of a line, as shown (the layout's formats are in UTF-16 units)."""
    block = editor.document().findBlockByNumber(line)
    units = block.text().encode("utf-16-le")
    return [
        units[2 * r.start : 2 * (r.start + r.length)].decode("utf-16-le")
        for r in block.layout().formats()
        if r.format.underlineStyle() == WAVE
    ]


def open_checked(qtbot, window, body: str):  # type: ignore[no-untyped-def]
    """Open a new entry with ``body`` once the dictionary is loaded, and wait until it is checked."""
    spell = window.spelling
    if spell.checker is None:
        with qtbot.waitSignal(spell.ready, timeout=10_000):
            pass
    assert spell.checker is not None, spell.problem
    entry = entry_service.create_entry(window.journal, body, title="Spelling")
    window.list.reload()
    window.list.select_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)
    return window.editor.editor


def point_at(editor, line: int, column: int):  # type: ignore[no-untyped-def]
    cursor = QTextCursor(editor.document().findBlockByNumber(line))
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=column)
    return editor.cursorRect(cursor).center()


def test_a_misspelt_word_is_underlined_but_not_in_code_urls_math_or_front_matter(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    body = (
        "---\ntitle: wrld\n---\n"  # lines 0-2
        "A wrld of `wrld` and https://wrld.example/wrld with $wrld$ and [the wrld](wrld.md)\n"  # 3
        "```\nwrld in code\n```\n"  # 4-6
        "🚀 emoji then wrld\n"  # 7
        "# A hedding\n"  # 8
    )
    editor = open_checked(qtbot, window, body)
    assert underlined(editor, 1) == []
    assert underlined(editor, 3) == ["wrld", "wrld"]  # the prose one and the link's text, not its target
    assert underlined(editor, 5) == []
    assert underlined(editor, 7) == ["wrld"]  # offsets past an emoji (two UTF-16 units) are right
    assert underlined(editor, 8) == ["hedding"]
    block = editor.document().findBlockByNumber(3)
    wave = next(r for r in block.layout().formats() if r.format.underlineStyle() == WAVE)
    assert wave.format.underlineColor().name() in ("#b42318", "#ff8a80")  # the theme's red


def test_the_word_being_typed_is_marked_once_the_cursor_leaves_it(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    editor = open_checked(qtbot, window, "Start here\n")
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "Wrting")
    assert underlined(editor, 1) == []  # half typed: not a mistake yet
    qtbot.keyClick(editor, Qt.Key.Key_Space)
    assert underlined(editor, 1) == ["Wrting"]
    qtbot.keyClicks(editor, "speling")
    assert underlined(editor, 1) == ["Wrting"]
    qtbot.keyClick(editor, Qt.Key.Key_Up)  # the cursor leaves it
    assert underlined(editor, 1) == ["Wrting", "speling"]
    # A line that becomes code is no longer checked (the state moves down to the next lines).
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClicks(editor, "```")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert underlined(editor, 2) == []


def test_context_menu_suggests_and_replaces_in_one_undo_step(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    editor = open_checked(qtbot, window, "Hello wrld and more\n")
    menu = editor.context_menu(point_at(editor, 0, 8))
    texts = [a.text() for a in menu.actions()]
    assert "world" in texts[:7]
    assert strings.SPELL_ADD.format(word="wrld") in texts
    assert strings.SPELL_IGNORE.format(word="wrld") in texts
    assert any(a.text().replace("&", "").startswith("Undo") for a in menu.actions())  # the editing items stay
    next(a for a in menu.actions() if a.text() == "world").trigger()
    assert editor.toPlainText() == "Hello world and more\n"
    assert underlined(editor, 0) == []
    editor.undo()
    assert editor.toPlainText() == "Hello wrld and more\n"
    # A correct word, or code, has no spelling items.
    plain = [a.text() for a in editor.context_menu(point_at(editor, 0, 2)).actions()]
    assert not any(t.startswith("Add “") for t in plain)


def test_add_to_dictionary_persists_in_the_journal_folder(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    editor = open_checked(qtbot, window, "Trailbookish notes\nmore trailbookish\n")
    assert underlined(editor, 0) == ["Trailbookish"]
    menu = editor.context_menu(point_at(editor, 1, 7))
    add = next(a for a in menu.actions() if a.text() == strings.SPELL_ADD.format(word="trailbookish"))
    with qtbot.waitSignal(window.spelling.ready):
        add.trigger()
    assert underlined(editor, 0) == [] and underlined(editor, 1) == []  # every line that holds it
    path = window.journal.paths.personal_dictionary
    assert path.parent == tmp_path / "home"
    assert path.read_text(encoding="utf-8") == "trailbookish\n"
    window.close()
    again = make_window(tmp_path / "home")
    editor = open_checked(qtbot, again, "Trailbookish again\n")
    assert underlined(editor, 0) == []


def test_ignore_is_for_this_session_only(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    editor = open_checked(qtbot, window, "A frobnicat here\n")
    menu = editor.context_menu(point_at(editor, 0, 4))
    with qtbot.waitSignal(window.spelling.ready):
        next(a for a in menu.actions() if a.text() == strings.SPELL_IGNORE.format(word="frobnicat")).trigger()
    assert underlined(editor, 0) == []
    assert not window.journal.paths.personal_dictionary.exists()


def test_the_edit_menu_toggle_turns_checking_off_and_is_remembered(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    editor = open_checked(qtbot, window, "Some wrds\n")
    action = window.spelling.act_spell
    assert action in window.menu_edit.actions() and action.isChecked()
    with qtbot.waitSignal(window.spelling.ready):
        action.trigger()
    assert underlined(editor, 0) == []
    assert load_preferences(window.journal.paths.settings).spell_check is False
    with qtbot.waitSignal(window.spelling.ready):
        action.trigger()
    assert underlined(editor, 0) == ["wrds"]


def test_preferences_list_the_installed_dictionaries(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs import preferences

    window = make_window()
    seen: list[list[str]] = []

    def fake_exec(dialog) -> int:  # type: ignore[no-untyped-def]
        seen.append([dialog.dictionary.itemText(i) for i in range(dialog.dictionary.count())])
        dialog.dictionary.setCurrentIndex(dialog.dictionary.findData("en_US"))
        dialog.spell_check.setChecked(True)
        return 1

    monkeypatch.setattr(preferences.PreferencesDialog, "exec", fake_exec)
    window.show_preferences()
    assert seen[0][0].startswith(strings.PREFS_DICTIONARY_SYSTEM.split("{")[0])
    assert "English (United States)" in seen[0]
    assert load_preferences(window.journal.paths.settings).spelling_language == "en_US"


def test_a_long_entry_opens_unchecked_and_is_checked_a_slice_at_a_time(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.spell_highlighter import DEFER_CHARS

    window = make_window()
    paragraph = "A plain paragraph of words that are all spelt right, written to make the entry long. " * 4
    body = "\n\n".join([paragraph] * (DEFER_CHARS // len(paragraph) + 20)) + "\n\nThe lsat line.\n"
    spell = window.spelling
    with qtbot.waitSignal(spell.ready, timeout=10_000):
        pass
    entry = entry_service.create_entry(window.journal, body, title="Long")
    window.list.reload()
    with qtbot.waitSignal(spell.ready, timeout=10_000):
        window.list.select_entry(entry.id)
        editor = window.editor.editor
        last = editor.document().blockCount() - 2
        assert underlined(editor, last) == []  # shown before it is checked
        assert spell._sweep  # the rest waits for the next slices
    assert underlined(editor, last) == ["lsat"]
