"""The desk's smaller things (issue 10): the search field's clear button, the open entry's highlight across places,
Restore in the Trash's context menu, status messages that go and say what happened. Real windows, real journals."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu, QToolButton

from journal import entries as entry_service
from ui import strings
from ui.desk import STATUS_MS
from ui.models.entry_list import Role


def _open(qtbot, window, entry_id: str) -> None:  # type: ignore[no-untyped-def]
    window.list.reload()
    window.list.select_entry(entry_id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry_id)


def _current_id(window) -> str | None:  # type: ignore[no-untyped-def]
    index = window.list.view.currentIndex()
    return index.data(Role.EntryId) if index.isValid() else None


def test_the_clear_button_sits_inside_the_search_field(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    field = window.list.search
    field.setText("latency")
    buttons = [b for b in field.findChildren(QToolButton) if b.isVisible()]
    assert len(buttons) == 1
    button = buttons[0].geometry()
    # Where the field's frame is drawn: the first pixels, from each side along the button's row and column, that are
    # not the list's background (a style sheet margin draws the frame inside the widget's rectangle).
    image = field.grab().toImage()
    ratio = image.devicePixelRatio()
    background = image.pixelColor(0, 0)

    def differs(x: int, y: int) -> bool:
        c = image.pixelColor(round(x * ratio), round(y * ratio))
        return max(abs(c.red() - background.red()), abs(c.green() - background.green())) > 8

    y, x = button.center().y(), button.center().x()
    right = next(i for i in range(field.width() - 1, 0, -1) if differs(i, y))
    top = next(i for i in range(field.height()) if differs(x, i))
    bottom = next(i for i in range(field.height() - 1, 0, -1) if differs(x, i))
    assert button.right() + 2 < right, (button, right)  # inside the frame, not on it
    assert top + 2 < button.top() and button.bottom() + 2 < bottom, (button, top, bottom)
    assert abs((top + bottom) / 2 - button.center().y()) <= 1.5  # centred in the frame


def test_the_open_entry_stays_highlighted_after_switching_places(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    journal = window.journal
    older = entry_service.create_entry(journal, "older", tags=["serving"])
    newer = entry_service.create_entry(journal, "newer")
    gone = entry_service.create_entry(journal, "in the trash")
    entry_service.trash_entry(journal, gone.id)
    window.nav.reload()
    _open(qtbot, window, older.id)
    assert _current_id(window) == older.id
    for place in ("trash", "all", "private", "tag:serving", "all"):
        window.nav.select_place(place)
        lists_it = place in ("all", "tag:serving")
        assert _current_id(window) == (older.id if lists_it else None), place
        if lists_it:
            assert window.list.selected_ids() == [older.id]
    assert window.editor.entry.id == older.id  # never re-opened or replaced on the way
    assert newer.id != _current_id(window)


def test_the_trash_context_menu_restores_and_the_banner_goes(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = entry_service.create_entry(window.journal, "# Kept\n\nWorth keeping.\n")
    entry_service.trash_entry(window.journal, entry.id)
    window.nav.reload()
    restore = window.entries.act_restore_here
    assert restore in window.list.view.actions()
    assert not restore.isVisible()  # outside the Trash, the list's menu does not offer it

    window.nav.select_place("trash")
    _open(qtbot, window, entry.id)
    editor = window.editor
    assert editor.banner.isVisible() and editor.banner.text() == strings.IN_TRASH_BANNER
    assert editor.editor.isReadOnly()
    assert restore.isVisible() and restore.isEnabled()

    menu = QMenu(window)  # what the view's ActionsContextMenu shows: its visible actions
    menu.addActions(window.list.view.actions())
    menu.popup(window.mapToGlobal(QPoint(60, 60)))
    qtbot.waitUntil(menu.isVisible)
    shown = [a.text() for a in menu.actions() if a.isVisible()]
    assert strings.ACTION_RESTORE in shown
    menu.hide()

    restore.trigger()
    qtbot.waitUntil(lambda: not entry_service.get_entry(window.journal, entry.id).in_trash)
    qtbot.waitUntil(lambda: not editor.banner.isVisible())
    assert editor.entry is not None and editor.entry.id == entry.id and not editor.entry.in_trash
    assert not editor.editor.isReadOnly() and editor.title.isEnabled()  # restored to edit, as the banner said
    assert window.save_label.text() == strings.RESTORED_FROM_TRASH.format(n=1)
    assert window._status_timer.isActive() and window._status_timer.interval() == STATUS_MS  # then it goes

    window.nav.select_place("all")
    assert not restore.isVisible()
    assert _current_id(window) == entry.id


def test_the_banner_goes_when_no_entry_is_shown(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = entry_service.create_entry(window.journal, "gone")
    entry_service.trash_entry(window.journal, entry.id)
    window.nav.select_place("trash")
    _open(qtbot, window, entry.id)
    assert window.editor.banner.isVisible()
    window.editor.load(None)
    assert not window.editor.banner.isVisible()


def test_preferences_say_they_were_saved_not_the_entry(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.preferences import PreferencesDialog

    window = make_window()
    entry = entry_service.create_entry(window.journal, "text")
    _open(qtbot, window, entry.id)
    window.editor.editor.insertPlainText("more ")
    window.editor.save_now()
    qtbot.waitUntil(lambda: window.save_label.text().startswith(strings.SAVED))
    version = entry_service.get_entry(window.journal, entry.id).version

    dark = dataclasses.replace(window.prefs, theme="dark")
    monkeypatch.setattr(PreferencesDialog, "exec", lambda self: 1)
    monkeypatch.setattr(PreferencesDialog, "result_preferences", lambda self: dark)
    window.show_preferences()
    assert window.save_label.text() == strings.PREFERENCES_SAVED
    assert window._status_timer.isActive() and window._status_timer.interval() == STATUS_MS
    assert entry_service.get_entry(window.journal, entry.id).version == version  # nothing was saved but them
