"""The desk's smaller things (issue 10): the search field's clear button, the open entry's highlight across places,
Restore in the Trash's context menu, status messages that go and say what happened. Real windows, real journals."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMenu, QToolButton, QWidget

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
    with qtbot.waitSignal(window.list.searchFinished):  # no search left in flight for the next test's window
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


# --- skill-area chips: readable in both themes ------------------------------------------------------------------


def _area_colours() -> list[str]:
    from journal.records import PALETTE
    from journal.roadmap_format import builtin_roadmap

    return sorted({*PALETTE, *(a.colour for a in builtin_roadmap().areas if a.colour)})


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_every_area_chip_is_readable(theme_name: str) -> None:
    from ui.theme import colours
    from ui.widgets.chips import MIN_CONTRAST, chip_colours, contrast

    c = colours(theme_name)
    for colour in _area_colours():
        for surface in (c["paper"], c["list"], c["selection"], c["hover"]):  # the editor's and the list's rows
            chip = chip_colours(colour, theme_name, surface)
            assert contrast(chip.text, chip.fill) >= MIN_CONTRAST, (colour, surface, chip.text.name())
    # the case seen: "testing" (orange) on the dark theme was 3.7:1 with the name 50 % lighter than the colour
    orange = chip_colours("#d97706", "dark", colours("dark")["paper"])
    assert contrast(orange.text, orange.fill) >= MIN_CONTRAST


def _rendered_contrast(widget) -> float:  # type: ignore[no-untyped-def]
    """The contrast between a chip's fill (its most common colour) and the pixel of its text furthest from it."""
    from collections import Counter

    from PySide6.QtGui import QColor

    from ui.widgets.chips import contrast

    image = widget.grab().toImage()
    pixels = [image.pixelColor(x, y) for x in range(4, image.width() - 4) for y in range(4, image.height() - 4)]
    fill = QColor(Counter(p.rgb() for p in pixels).most_common(1)[0][0])
    return max(contrast(fill, p) for p in pixels)


def test_editor_chips_follow_a_change_of_theme(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from ui import theme
    from ui.widgets.tag_editor import TagChip

    window = make_window()
    entry = entry_service.create_entry(window.journal, "text", tags=["testing", *(f"a{i}" for i in range(3))])
    window.nav.reload()
    window.refresh_known_tags()
    _open(qtbot, window, entry.id)
    app = QApplication.instance()
    try:
        for name in ("light", "dark", "light"):
            theme.apply(app, name)
            qtbot.wait(1)
            chips = window.editor.tags.findChildren(TagChip)
            assert len(chips) == 4
            for chip in chips:
                assert chip.theme == name  # restyled for the theme now shown, not the one it was made in
                assert _rendered_contrast(chip) >= 4.0, (name, chip.name)  # anti-aliased text is a little softer
    finally:
        theme.apply(app, "light")


# --- nothing cut short at 1024×700 ------------------------------------------------------------------------------


def _cut_short(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The visible labels, buttons and fields of ``window`` narrower than their text."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QMenuBar

    cut = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0:
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            if widget.width() < widget.sizeHint().width() - 1:
                cut.append(f"button {widget.text()!r}: {widget.width()} < {widget.sizeHint().width()}")
        elif isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
            if widget.textFormat() == Qt.TextFormat.RichText or "<" in widget.text():
                continue
            text = widget.fontMetrics().horizontalAdvance(widget.text())
            if text > widget.contentsRect().width() + 1:
                cut.append(f"label {widget.text()!r}: {widget.contentsRect().width()} < {text}")
        elif isinstance(widget, (QAbstractSpinBox, QComboBox)) and widget.width() < widget.sizeHint().width() - 1:
            cut.append(f"{type(widget).__name__} {widget.accessibleName()!r}: {widget.width()}")
        elif isinstance(widget, QMenuBar) and widget.width() < widget.sizeHint().width():
            cut.append("menu bar")
    nav = window.nav
    if nav.width() < nav.minimumSizeHint().width():
        cut.append(f"navigation column {nav.width()} < {nav.minimumSizeHint().width()}")
    return cut


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_nothing_is_cut_short_at_1024_by_700(qtbot, make_window, theme_name: str) -> None:  # type: ignore[no-untyped-def]
    from ui import theme

    app = QApplication.instance()
    theme.apply(app, theme_name)
    try:
        window = make_window()
        journal = window.journal
        for i in range(12):
            entry_service.create_entry(journal, f"note {i}", tags=["testing"] if i % 2 else ["serving", "ml-ops"])
        entry = entry_service.create_entry(
            journal, "# Shadow deployment for the ranking model\n\ntext", tags=["serving", "ml-ops", "testing"]
        )
        window.nav.reload()
        window.refresh_known_tags()
        window.resize(1024, 700)
        _open(qtbot, window, entry.id)
        qtbot.waitUntil(lambda: window.width() == 1024)
        qtbot.waitUntil(lambda: _cut_short(window) == [], timeout=2000)  # the panes' minimums settle in a few turns
        assert window.editor.title.cursorPosition() == 0  # a long title shows its start
        window.resize(1440, 900)
        qtbot.waitUntil(lambda: not window.editor.meta_bar.tags_below)  # wide: the skill areas share the day's line
        assert _cut_short(window) == []
    finally:
        theme.apply(app, "light")


# --- the roadmap in the editor: tags to type, what the entry counts toward -------------------------------------


def test_tag_completion_offers_the_roadmaps_area_ids_on_a_new_journal(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from journal.roadmap_format import builtin_roadmap

    window = make_window()
    entry = entry_service.create_entry(window.journal, "first notes")  # no entry has a tag yet
    window.nav.reload()
    window.refresh_known_tags()
    _open(qtbot, window, entry.id)
    tags = window.editor.tags
    assert tags.completer.model().stringList() == []
    tags.field.setFocus()
    qtbot.waitUntil(tags.field.hasFocus)
    offered = tags.completer.model().stringList()
    assert set(offered) == {a.id for a in builtin_roadmap().areas}
    QTest.keyClicks(tags.field, "serv")
    qtbot.waitUntil(lambda: tags.completer.popup().isVisible())
    assert tags.completer.currentCompletion() == "serving"
    QTest.keyClick(tags.completer.popup(), Qt.Key.Key_Down)
    QTest.keyClick(tags.completer.popup(), Qt.Key.Key_Return)
    assert tags.tags() == ["serving"]
    window.editor.save_now()
    qtbot.waitUntil(lambda: entry_service.get_entry(window.journal, entry.id).tags == ("serving",))
    # the journal's own areas stay offered beside the roadmap's, in their own spelling, once
    window.nav.reload()
    window.refresh_known_tags()
    tags.field.clearFocus()
    tags.field.setFocus()
    assert tags.completer.model().stringList().count("serving") == 1


def test_counts_toward_shows_that_the_entry_is_linked(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from journal.roadmap import link_evidence, mark_done
    from ui.roadmap import strings as roadmap_strings
    from ui.roadmap.picker import MilestonePicker

    window = make_window()
    linked = entry_service.create_entry(window.journal, "shadow traffic")
    plain = entry_service.create_entry(window.journal, "not evidence")
    link_evidence(window.journal, "mlops-shadow", linked.id)
    mark_done(window.journal, "mlops-shadow")
    button = window.editor.findChild(QToolButton, "CountsTowardButton")
    _open(qtbot, window, plain.id)
    assert button.text() == roadmap_strings.COUNTS_TOWARD and not button.property("linked")
    _open(qtbot, window, linked.id)
    assert button.text() == roadmap_strings.COUNTS_TOWARD_ONE and button.property("linked")
    assert "in shadow" in button.toolTip() and roadmap_strings.COUNTS_TOWARD_DONE in button.toolTip()

    def check_another(picker) -> int:  # type: ignore[no-untyped-def]
        link_evidence(window.journal, "serving-throughput", linked.id)  # as the picker's Save does
        return 1

    monkeypatch.setattr(MilestonePicker, "exec", check_another)
    button.click()
    assert button.text() == roadmap_strings.COUNTS_TOWARD_MANY.format(n=2)
    link_evidence(window.journal, "testing-transformations", linked.id)  # linked elsewhere, the entry still open
    window.nav.reload()  # as the window does after another writer's change (ui/sync.py)
    assert button.text() == roadmap_strings.COUNTS_TOWARD_MANY.format(n=3)
    qtbot.waitUntil(lambda: _cut_short(window) == [], timeout=2000)  # the longer text fits


# --- images put into the text get alt text that says something ---------------------------------------------------


def test_pasted_and_dropped_images_get_meaningful_alt_text(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt
    import re

    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtTest import QTest

    from ui.widgets.markdown_editor import image_alt_text

    window = make_window()
    entry = entry_service.create_entry(window.journal, "look:\n")
    _open(qtbot, window, entry.id)
    editor = window.editor.editor
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    image.fill(QColor("#2563eb"))
    pasted = QMimeData()
    pasted.setImageData(image)
    before = dt.datetime.now().replace(second=0, microsecond=0)
    editor.insertFromMimeData(pasted)
    match = re.search(r"!\[(Screenshot (\d{4}-\d\d-\d\d \d\d:\d\d))\]\(attachments/[^)]+\.png\)", editor.toPlainText())
    assert match is not None, editor.toPlainText()
    assert before <= dt.datetime.strptime(match.group(2), "%Y-%m-%d %H:%M") <= dt.datetime.now()
    assert editor.textCursor().selectedText() == match.group(1)  # selected: typing describes the picture
    QTest.keyClicks(editor, "The loss curve after warm-up")
    assert "![The loss curve after warm-up](attachments/" in editor.toPlainText()

    drawn = tmp_path / "system-design_diagram.png"
    image.save(str(drawn))
    camera = tmp_path / "IMG_2031.png"
    image.save(str(camera))
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(drawn)), QUrl.fromLocalFile(str(camera))])
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertFromMimeData(dropped)
    text = editor.toPlainText()
    assert "![system design diagram](attachments/" in text
    assert "![Image IMG_2031.png](attachments/" in text  # a camera's numbering says nothing: its name, whole
    assert "![image]" not in text
    assert image_alt_text("notes [draft].png") == "notes \\[draft\\]"  # brackets would end the link text
    window.editor.save_now()
    qtbot.waitUntil(lambda: "system design diagram" in entry_service.get_entry(window.journal, entry.id).body)


def _ink(button: QToolButton) -> QColor:
    """The colour of a button's text: of its pixels, the one farthest from its background (a corner)."""
    image = button.grab().toImage()
    background = image.pixelColor(1, 1)

    def distance(c: QColor) -> int:
        return sum(abs(a - b) for a, b in zip(c.getRgb()[:3], background.getRgb()[:3], strict=True))

    pixels = (image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width()))
    return max(pixels, key=distance)


def _near(a: QColor, b: str) -> bool:
    return sum(abs(x - y) for x, y in zip(a.getRgb()[:3], QColor(b).getRgb()[:3], strict=True)) <= 24


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_publish_on_a_private_entry_looks_disabled(qtbot, make_window, theme_name: str) -> None:  # type: ignore[no-untyped-def]
    from ui import theme

    app = QApplication.instance()
    window = make_window()
    theme.apply(app, theme_name)  # after the window applied the preferences' theme
    try:
        colours = theme.colours(theme_name)
        public = entry_service.create_entry(window.journal, "for the blog")
        private = entry_service.create_entry(window.journal, "salary notes", private=True)
        button = window.publishing.button
        _open(qtbot, window, public.id)
        assert button.isEnabled() and _near(_ink(button), colours["text"])
        _open(qtbot, window, private.id)
        assert not button.isEnabled()
        assert _near(_ink(button), colours["muted"]), _ink(button).name()  # greyed, as a disabled button is
    finally:
        theme.apply(app, "light")


def test_the_navigation_column_keeps_its_scroll_when_read_again(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.resize(1024, 700)
    for i in range(14):  # more skill areas than the column has room for at 700 pixels
        entry_service.create_entry(window.journal, f"note {i}", tags=[f"area-{i:02}"])
    gone = entry_service.create_entry(window.journal, "to restore")
    entry_service.trash_entry(window.journal, gone.id)
    window.nav.reload()
    qtbot.waitUntil(lambda: window.width() == 1024)
    view = window.nav.view
    bar = view.verticalScrollBar()
    window.nav.select_place("trash")
    trash = window.nav.model.index_of_place("trash")
    view.scrollTo(trash)
    qtbot.waitUntil(lambda: bar.value() > 0)
    scrolled = bar.value()
    window.list.view.setCurrentIndex(window.list.model.index(0))
    window.act_restore.trigger()  # the column's counts are read again
    qtbot.waitUntil(lambda: not entry_service.get_entry(window.journal, gone.id).in_trash)
    QApplication.processEvents()
    assert window.nav.current_place() == "trash"
    assert bar.value() == scrolled
    assert view.viewport().rect().intersects(view.visualRect(window.nav.model.index_of_place("trash")))


def test_switching_entries_does_not_move_the_lists_edge(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    public = entry_service.create_entry(window.journal, "for the blog", tags=["testing"])
    private = entry_service.create_entry(window.journal, "salary notes", private=True)
    seen = []

    def settled() -> bool:  # the meta bar's texts set, and the splitter moved by them (a few turns)
        before = window.journal_page.sizes()
        QApplication.processEvents()
        return window.journal_page.sizes() == before and window.editor.private.isChecked() == entry.private

    for entry in (public, private, public, private, public):
        _open(qtbot, window, entry.id)
        for _turn in range(5):
            qtbot.waitUntil(settled)
        seen.append(window.journal_page.sizes())
    # The meta bar's Public / 🔒 Private changes width; the list column keeps its width once both were shown.
    assert seen[1] == seen[2] == seen[3] == seen[4], seen
