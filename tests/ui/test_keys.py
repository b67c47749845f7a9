"""Keys that do what they say (issue 10): Enter and Tab in the entry's fields, a menu item and a shortcut for every
place, the Edit menu on the focused text, Full Screen, visible focus in both themes, Enter on cards and rows, Ctrl+F in
every place, and disabled actions that say why. Real windows, real journals, real key presses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from journal import entries as entry_service
from ui import strings, theme
from ui.models.navigation import NavRole, is_header
from ui.publish import strings as publish_strings
from ui.widgets.tag_editor import TagChip


def _open(qtbot, window, body: str = "# Plan\n\nSome text.\n", **kw):  # type: ignore[no-untyped-def]
    entry = entry_service.create_entry(window.journal, body, **kw)
    window.nav.reload()
    window.refresh_known_tags()
    window.list.reload()
    window.list.select_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)
    return entry


def _press(qtbot, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(widget, key, modifier)
    qtbot.wait(1)


def _keys(qtbot, window, sequence: QKeySequence) -> None:  # type: ignore[no-untyped-def]
    QTest.keySequence(window.focusWidget() or window, sequence)
    qtbot.wait(1)


def test_enter_in_the_title_moves_to_the_start_of_the_body(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open(qtbot, window, "The body.", title="A title")
    title = window.editor.title
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    title.end(False)
    _press(qtbot, title, Qt.Key.Key_Return)
    assert window.editor.editor.hasFocus()
    assert window.editor.editor.textCursor().position() == 0
    assert title.text() == "A title"
    QTest.keyClicks(window.editor.editor, "First: ")
    assert window.editor.editor.toPlainText() == "First: The body."
    assert title.text() == "A title"  # the body is not typed into the title


def test_tab_goes_title_date_tags_body_one_stop_each(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open(qtbot, window, "text", tags=["serving", "ml ops"])  # chips in the way
    editor = window.editor
    assert len(editor.tags.findChildren(TagChip)) == 2
    editor.title.setFocus()
    qtbot.waitUntil(editor.title.hasFocus)
    stops = []
    for _ in range(3):
        _press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Tab)
        stops.append(QApplication.focusWidget())
    assert stops == [editor.day, editor.tags.field, editor.editor]
    for _ in range(3):
        _press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is editor.title


def test_the_date_still_moves_between_its_parts_with_the_arrows(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open(qtbot, window, "text")
    day = window.editor.day
    day.setFocus()
    qtbot.waitUntil(day.hasFocus)
    day.setCurrentSectionIndex(1)  # the day of the month
    before = day.date()
    _press(qtbot, day, Qt.Key.Key_Up)
    assert day.date() == before.addDays(1)
    _press(qtbot, day, Qt.Key.Key_Right)
    assert day.hasFocus()  # the arrows stay in the field; only Tab leaves it


GO = {  # the Go menu's place → the shortcut that reaches it
    "all": "Ctrl+1",
    "roadmap": "Ctrl+2",
    "insights": "Ctrl+3",
    "blogs": "Ctrl+4",
    "private": "Ctrl+5",
    "trash": "Ctrl+6",
}


def test_every_place_has_a_go_menu_item_and_a_shortcut(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    go = window.menus["go"]
    items = [a for a in go.actions() if not a.isSeparator()]
    assert [a.text().replace("&", "") for a in items] == [
        "Today",
        strings.NAV_ALL,
        "Roadmap",
        "Insights",
        "Blogs",
        strings.NAV_PRIVATE,
        strings.NAV_TRASH,
    ]
    assert all(not a.shortcut().isEmpty() for a in items)
    # Every place of the navigation column (but a skill area or a section) is in the Go menu.
    model = window.nav.model
    places = {model.index(r, 0).data(NavRole.Place) for r in range(model.rowCount())}
    places = {p for p in places if p and not is_header(p) and p != "today"}
    assert places <= set(GO), places
    window.list.view.setFocus()
    for place, keys in GO.items():
        _keys(qtbot, window, QKeySequence(keys))
        shown = window.nav.current_place()
        if place == "insights":
            view = window.roadmap_place.view
            assert shown == "roadmap" and view.stack.currentWidget() is view.insights_scroll
        else:
            assert shown == place, (keys, shown)
        page = window.pages.currentWidget()
        assert (page is window.journal_page) == (place in ("all", "private", "trash"))
    _keys(qtbot, window, QKeySequence("Ctrl+T"))
    assert window.editor.entry is not None and window.pages.currentWidget() is window.journal_page


def test_the_edit_menu_acts_on_the_focused_text(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open(qtbot, window, "body text")
    edit = [a.text().replace("&", "") for a in window.menus["edit"].actions() if not a.isSeparator()]
    assert edit[:6] == ["Undo", "Redo", "Cut", "Copy", "Paste", "Select All"]
    search = window.list.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    QTest.keyClicks(search, "wombat")
    menu = window.menus["edit"]

    def choose(action) -> None:  # type: ignore[no-untyped-def]
        menu.aboutToShow.emit()  # as opening the Edit menu does: each action's state as it is now
        assert action.isEnabled(), action.toolTip()
        action.trigger()

    choose(window.act_select_all)
    assert search.selectedText() == "wombat"
    choose(window.act_copy)
    assert QApplication.clipboard().text() == "wombat"
    choose(window.act_cut)
    assert search.text() == ""
    choose(window.act_undo)
    assert search.text() == "wombat"

    body = window.editor.editor
    body.setFocus()
    qtbot.waitUntil(body.hasFocus)
    body.moveCursor(body.textCursor().MoveOperation.End)
    choose(window.act_paste)  # into the entry's text, where the cursor is
    assert body.toPlainText() == "body textwombat"
    choose(window.act_undo)
    assert body.toPlainText() == "body text"
    choose(window.act_redo)
    assert body.toPlainText() == "body textwombat"

    window.list.view.setFocus()  # no text has focus: Cut and Copy are off, and say why
    qtbot.waitUntil(window.list.view.hasFocus)
    assert not window.act_cut.isEnabled() and not window.act_copy.isEnabled()
    assert window.act_cut.toolTip() == strings.EDIT_NO_TEXT


def test_f11_toggles_full_screen(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert QKeySequence("F11") in window.act_fullscreen.shortcuts()
    assert window.act_fullscreen in window.menus["view"].actions()
    window.list.view.setFocus()
    _press(qtbot, window.list.view, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: bool(window.windowState() & Qt.WindowState.WindowFullScreen))
    assert window.act_fullscreen.isChecked()
    _press(qtbot, window.list.view, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.windowState() & Qt.WindowState.WindowFullScreen)
    assert not window.act_fullscreen.isChecked()


def _focusable(root: QWidget) -> list[QWidget]:
    found = []
    for widget in root.findChildren(QWidget):
        takes = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None
        if takes and widget.isVisible() and widget.isEnabled() and widget.width() > 4 and widget.height() > 4:
            found.append(widget)
    return found


def _caret(widget: QWidget):  # type: ignore[no-untyped-def]
    """The text cursor's rectangle in ``widget``'s coordinates (the caret is not what shows focus here)."""
    inner = widget.findChild(QLineEdit) if not isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)) else widget
    if inner is None:
        return None
    rect = inner.cursorRect()
    if isinstance(inner, (QTextEdit, QPlainTextEdit)):
        rect.translate(inner.viewport().mapTo(widget, QPoint(0, 0)))
    else:
        rect.translate(inner.mapTo(widget, QPoint(0, 0)))
    return rect.adjusted(-4, -4, 4, 4)


def _shows_focus(qtbot, window, widget: QWidget, away: QWidget) -> bool:  # type: ignore[no-untyped-def]
    away.setFocus()
    qtbot.waitUntil(away.hasFocus)
    before = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    qtbot.wait(20)
    after = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    caret = _caret(widget)
    for y in range(0, min(before.height(), after.height())):
        for x in range(0, min(before.width(), after.width())):
            if caret is not None and caret.contains(x, y):
                continue
            if before.pixel(x, y) != after.pixel(x, y):
                return True
    return False


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_focus_is_visible_on_every_focusable_widget(qtbot, make_window, theme_name: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    app = QApplication.instance()
    theme.apply(app, theme_name)
    app.setCursorFlashTime(0)  # a steady caret: it is masked out, the rest must show the focus
    try:
        _open(qtbot, window, "# Plan\n\nSome text.\n", tags=["serving"])
        window.resize(1600, 1000)
        pages = {"journal": window.journal_page}
        window.nav.select_place("roadmap")
        qtbot.waitUntil(lambda: window.roadmap_place.view is not None and window.roadmap_place.view.status is not None)
        pages["roadmap"] = window.roadmap_place
        window.nav.select_place("blogs")
        pages["blogs"] = window.publishing.holder
        hidden = []
        for name, page in pages.items():
            window.nav.select_place({"journal": "all", "roadmap": "roadmap", "blogs": "blogs"}[name])
            qtbot.waitUntil(page.isVisible)
            qtbot.wait(30)
            widgets = [w for w in _focusable(page) if w is not window.nav.view]
            assert widgets, name
            for widget in widgets:
                if not _shows_focus(qtbot, window, widget, window.nav.view):
                    hidden.append(f"{name}: {type(widget).__name__} {widget.objectName() or widget.accessibleName()}")
        assert not hidden, hidden
        window.nav.select_place("all")
        assert _shows_focus(qtbot, window, window.nav.view, window.list.view)
    finally:
        app.setCursorFlashTime(1000)
        theme.apply(app, "light")


def test_enter_activates_list_rows_and_roadmap_cards(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    first = _open(qtbot, window, "first entry")
    second = entry_service.create_entry(window.journal, "second entry", tags=["serving"])
    window.list.reload()
    view = window.list.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setCurrentIndex(window.list.model.index(0))
    _press(qtbot, view, Qt.Key.Key_Down)
    assert window.editor.entry.id == first.id
    _press(qtbot, view, Qt.Key.Key_Return)
    assert window.editor.editor.hasFocus()  # Enter on a row: on to its text

    window.nav.select_place("roadmap")
    qtbot.waitUntil(lambda: window.roadmap_place.view is not None and window.roadmap_place.view.status is not None)
    roadmap = window.roadmap_place.view
    card = roadmap.overview.cards["serving"]
    card.setFocus()
    qtbot.waitUntil(card.hasFocus)
    _press(qtbot, card, Qt.Key.Key_Return)
    assert roadmap.stack.currentWidget() is roadmap.area_scroll and roadmap.area_id == "serving"
    assert second.id


def _published(window, tmp_path, titles: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A real blog (a git clone) and a publication of an entry per title, as the publisher records them."""
    import subprocess

    from journal.publish import blogs, publications

    site = tmp_path / "site"
    site.mkdir()
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    (site / "hugo.toml").write_text('title = "Notes"\n', encoding="utf-8")
    blog = blogs.add_blog(window.journal, "notes", site, kind="hugo", content_dir="content/posts")
    made = [entry_service.create_entry(window.journal, f"{t} text", title=t) for t in titles]
    records = [
        publications.Record(
            e.id,
            publications.PUBLISHED,
            f"post-{i}",
            f"content/posts/post-{i}.md",
            "h",
            e.updated,
            url=f"https://example.org/post-{i}/",
        )
        for i, e in enumerate(made)
    ]
    publications.record(window.journal, blog.id, records, "0" * 40, pushed=False)


def test_ctrl_f_searches_in_every_place(qtbot, make_window, tmp_path, git_free_home) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open(qtbot, window, "about serving", tags=["serving"])
    find = window.act_find.shortcut()
    for place in ("all", "private", "trash"):
        window.nav.select_place(place)
        window.list.view.setFocus()
        _keys(qtbot, window, find)
        assert window.list.search.hasFocus() and window.nav.current_place() == place  # the place's own search

    window.nav.select_place("blogs")
    page = window.publishing.page
    qtbot.waitUntil(page.isVisible)
    window.list.view.setFocus()
    _keys(qtbot, window, find)  # nothing published yet: it says so
    assert window.save_label.text() == publish_strings.FILTER_NO_POSTS
    _published(window, tmp_path, ["Serving with FastAPI", "Batching requests", "Notes on CUDA"])
    page.refresh()
    page.blog_list.setFocus()
    _keys(qtbot, window, find)
    assert page.filter.hasFocus()  # Blogs: the filter of the published posts
    QTest.keyClicks(page.filter, "serv fast")
    shown = [page.table.item(r, 0).text() for r in range(page.table.rowCount()) if not page.table.isRowHidden(r)]
    assert shown == ["Serving with FastAPI"]
    page.filter.clear()
    assert not any(page.table.isRowHidden(r) for r in range(page.table.rowCount()))

    window.nav.select_place("roadmap")
    qtbot.waitUntil(lambda: window.roadmap_place.view is not None and window.roadmap_place.view.status is not None)
    roadmap = window.roadmap_place.view
    roadmap.show_area("serving")
    _keys(qtbot, window, find)
    assert window.nav.current_place() == "tag:serving"  # the area's entries, where the search goes on
    assert window.list.search.hasFocus() and window.pages.currentWidget() is window.journal_page
    window.nav.select_place("roadmap")
    roadmap.show_overview()
    _keys(qtbot, window, find)
    assert window.nav.current_place() == "all" and window.list.search.hasFocus()


def test_a_disabled_action_says_why(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open(qtbot, window, "a secret", private=True)
    publish = window.publishing.act_publish
    qtbot.waitUntil(lambda: not publish.isEnabled())
    assert publish.toolTip() == publish_strings.ACTION_PUBLISH_PRIVATE_TIP
    window.show_status("")
    window.editor.editor.setFocus()
    _keys(qtbot, window, publish.shortcut())  # the shortcut of a disabled action
    assert window.save_label.text() == publish_strings.ACTION_PUBLISH_PRIVATE_TIP
    window.show_status("")
    button = window.publishing.button
    QApplication.sendEvent(button, QEvent(QEvent.Type.Enter))  # the pointer over the toolbar button
    assert window.save_label.text() == publish_strings.ACTION_PUBLISH_PRIVATE_TIP

    window.show_status("")
    menu = window.menus["entry"]
    menu.popup(window.mapToGlobal(QPoint(40, 40)))
    qtbot.waitUntil(menu.isVisible)
    restore = window.act_restore
    assert not restore.isEnabled() and restore.toolTip() == strings.RESTORE_ONLY_IN_TRASH
    QTest.mouseMove(menu, menu.actionGeometry(restore).center())
    qtbot.waitUntil(lambda: window.save_label.text() == strings.RESTORE_ONLY_IN_TRASH)
    menu.hide()

    entry_service.update_entry(window.journal, window.editor.entry.id, private=False)  # made public elsewhere
    window.editor.load(entry_service.get_entry(window.journal, window.editor.entry.id))
    window.publishing.update_enabled()
    assert publish.isEnabled() and publish.toolTip() == publish_strings.ACTION_PUBLISH_TIP
