"""The desktop app driven through its real widgets; results are checked by reading the journal back through the core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
)

from journal import entries as entry_service
from journal.db import open_journal
from journal.entries import EntryFilter
from ui import strings


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type any Unicode text as key events (QTest's keyClicks only knows ASCII)."""
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _add(window, body: str, **kw):  # type: ignore[no-untyped-def]
    entry = entry_service.create_entry(window.journal, body, **kw)
    window.nav.reload()
    window.list.reload()
    return entry


def _open(qtbot, window, entry_id: str) -> None:  # type: ignore[no-untyped-def]
    window.list.select_entry(entry_id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry_id)


def test_first_start_shows_a_private_welcome_entry(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(welcome=True)
    entries = entry_service.list_entries(window.journal)
    assert len(entries) == 1 and entries[0].private
    assert "Welcome" in entries[0].title
    assert window.list.model.rowCount() == 1


def test_typing_is_saved_after_a_pause(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = _add(window, "start")
    _open(qtbot, window, entry.id)
    window.editor.editor.moveCursor(window.editor.editor.textCursor().MoveOperation.End)
    type_text(window.editor.editor, " — measured p95 latency ☕ 学习")
    assert window.editor.dirty
    qtbot.waitUntil(
        lambda: entry_service.get_entry(window.journal, entry.id).body == "start — measured p95 latency ☕ 学习",
        timeout=3000,
    )
    assert not window.editor.dirty


def test_switching_entries_mid_typing_loses_nothing(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.editor.autosave_delay = 60_000  # only the switch can save it
    first = _add(window, "first")
    second = _add(window, "second")
    _open(qtbot, window, first.id)
    qtbot.keyClicks(window.editor.editor, "typed quickly ")
    _open(qtbot, window, second.id)
    assert entry_service.get_entry(window.journal, first.id).body == "typed quickly first"
    assert window.editor.editor.toPlainText() == "second"


def test_today_creates_from_template_then_reopens(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.act_today.trigger()
    today = entry_service.daily_entry(window.journal, dt.date.today())
    assert today is not None and today.body.strip()
    assert window.editor.entry is not None and window.editor.entry.id == today.id
    assert window.editor.editor.hasFocus() or window.editor.editor.isVisible()
    window.act_today.trigger()
    assert entry_service.count_entries(window.journal) == 1


def test_new_entry_from_chosen_template(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs import templates

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        self.select("postmortem")
        self._accept()
        return 1

    monkeypatch.setattr(templates.TemplateDialog, "exec", fake_exec)
    window = make_window()
    window.act_template.trigger()
    entries = entry_service.list_entries(window.journal)
    assert len(entries) == 1
    body = entry_service.get_entry(window.journal, entries[0].id).body
    from journal.templates import builtin_templates

    expected = next(t for t in builtin_templates() if t.key == "postmortem")
    assert body == expected.body


def test_tag_with_completion_and_inline_creation(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _add(window, "other", tags=["serving"])
    entry = _add(window, "to tag")
    window.refresh_known_tags()
    _open(qtbot, window, entry.id)
    field = window.editor.tags.field
    field.setFocus()
    qtbot.keyClicks(field, "serv")
    completer = window.editor.tags.completer
    qtbot.waitUntil(lambda: completer.completionCount() == 1)
    assert completer.currentCompletion() == "serving"
    completer.activated.emit(completer.currentCompletion())
    qtbot.waitUntil(lambda: field.text() == "")
    qtbot.keyClicks(field, "brand new area")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    saved = entry_service.get_entry(window.journal, entry.id)
    assert saved.tags == ("brand new area", "serving")
    names = [window.nav.model.index(r, 0).data() for r in range(window.nav.model.rowCount())]
    assert "Skill areas" in names


def test_search_as_you_type_and_keyboard_navigation(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _add(window, "# Shadow deployments\nran the new model in shadow", tags=["mlops"])
    target = _add(window, "# Café latency\nmeasured the café endpoint")
    _add(window, "# Unrelated\nnothing here")
    window.act_find.trigger()
    assert window.list.search.hasFocus()
    with qtbot.waitSignal(window.list.searchFinished, timeout=3000):
        qtbot.keyClicks(window.list.search, "cafe")
    assert window.list.model.rowCount() == 1
    assert "1 results" in window.list.header.text() or "1 result" in window.list.header.text()
    qtbot.keyClick(window.list.search, Qt.Key.Key_Down)
    assert window.list.view.hasFocus()
    qtbot.keyClick(window.list.view, Qt.Key.Key_Return)
    assert window.editor.entry is not None and window.editor.entry.id == target.id
    window.list.search.setFocus()
    qtbot.keyClick(window.list.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.list.model.rowCount() == 3)


def test_empty_list_says_why(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _add(window, "# Feature stores\npoint-in-time joins")
    with qtbot.waitSignal(window.list.searchFinished, timeout=3000):
        qtbot.keyClicks(window.list.search, "kubernetes")
    assert window.list.model.rowCount() == 0
    assert window.list.empty.isVisible()
    assert window.list.empty.text() == strings.LIST_EMPTY_SEARCH.format(q="kubernetes")
    window.list.search.setText("feature after:2025-13")  # a date half typed: said, not searched
    qtbot.waitUntil(lambda: "use YYYY-MM-DD" in window.list.empty.text())
    assert window.list.empty.text().startswith("Bad date for after: '2025-13'") and window.list.empty.isVisible()
    window.list.search.setText("feature after:2025-01-01")
    qtbot.waitUntil(lambda: window.list.model.rowCount() == 1)
    window.list.search.setFocus()
    qtbot.keyClick(window.list.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.list.model.rowCount() == 1)
    assert not window.list.empty.isVisible()
    window.nav.select_place("trash")
    qtbot.waitUntil(lambda: window.list.empty.isVisible())
    assert window.list.empty.text() == strings.LIST_EMPTY_TRASH


def test_skill_area_and_date_filters(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _add(window, "a", tags=["serving"])
    _add(window, "old", tags=["serving"], day=dt.date(2020, 1, 1))
    _add(window, "b")
    window.nav.select_place("tag:serving")
    assert window.list.model.rowCount() == 2
    window.list.dates.setCurrentIndex(3)
    window.list.dates.activated.emit(3)  # this year
    assert window.list.model.rowCount() == 1


def test_paste_an_image_is_stored_and_previewed(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = _add(window, "look:\n")
    _open(qtbot, window, entry.id)
    window.set_preview_visible(True)
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    image.fill(QColor("#2563eb"))
    mime = QMimeData()
    mime.setImageData(image)
    window.editor.editor.moveCursor(window.editor.editor.textCursor().MoveOperation.End)
    window.editor.editor.insertFromMimeData(mime)
    window.editor.save_now()
    body = entry_service.get_entry(window.journal, entry.id).body
    assert "](attachments/" in body
    stored = list((window.journal.paths.home / "attachments").glob("*.png"))
    assert len(stored) == 1
    window.editor.editor.insertFromMimeData(mime)  # the same bytes are stored once
    assert len(list((window.journal.paths.home / "attachments").glob("*.png"))) == 1
    preview = window.editor.preview
    with qtbot.waitSignal(preview.updated, timeout=20_000):
        preview.set_text(window.editor.editor.toPlainText())
    html = _preview_html(qtbot, preview)
    assert "<img" in html and stored[0].name in html


def _preview_html(qtbot, preview) -> str:  # type: ignore[no-untyped-def]
    if not preview._web:
        return preview._view.toHtml()
    from PySide6.QtWebEngineCore import QWebEngineScript

    found: list[str] = []
    preview._view.page().runJavaScript(
        "document.getElementById('content').innerHTML",
        QWebEngineScript.ScriptWorldId.ApplicationWorld,
        lambda value: found.append(value or ""),
    )
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    return found[0]


def test_preview_renders_math_as_mathml(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = _add(window, "Loss: $\\frac{a}{b}$\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    _open(qtbot, window, entry.id)
    preview = window.editor.preview
    with qtbot.waitSignal(preview.updated, timeout=20_000):
        window.set_preview_visible(True)
    html = _preview_html(qtbot, preview)
    assert "<math" in html and "<mfrac>" in html and "<table" in html


def test_restore_a_revision_is_undoable(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs import history

    window = make_window()
    entry = _add(window, "version one")
    entry_service.update_entry(window.journal, entry.id, body="version two")
    _open(qtbot, window, entry.id)

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        assert "version one" in self.diff.toPlainText()
        self.list.setCurrentRow(0)
        self._accept()
        return 1

    monkeypatch.setattr(history.HistoryDialog, "exec", fake_exec)
    window.act_history.trigger()
    assert entry_service.get_entry(window.journal, entry.id).body == "version one"
    bodies = [r.body for r in entry_service.list_revisions(window.journal, entry.id)]
    assert "version two" in bodies
    window.editor.editor.undo()
    window.editor.save_now()
    assert entry_service.get_entry(window.journal, entry.id).body == "version two"


def test_delete_then_restore_from_trash(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    keep = _add(window, "keep me")
    gone = _add(window, "delete me")
    _open(qtbot, window, gone.id)
    window.list.view.setFocus()
    qtbot.keyClick(window.list.view, Qt.Key.Key_Delete)
    assert entry_service.get_entry(window.journal, gone.id).in_trash
    assert window.list.model.rowCount() == 1
    window.nav.select_place("trash")
    assert window.list.model.rowCount() == 1
    window.list.view.setCurrentIndex(window.list.model.index(0))
    window.act_restore.trigger()
    assert not entry_service.get_entry(window.journal, gone.id).in_trash
    assert entry_service.count_entries(window.journal) == 2
    assert not entry_service.get_entry(window.journal, keep.id).in_trash


def test_empty_trash_asks_first(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    window = make_window()
    entry = _add(window, "bye")
    entry_service.trash_entry(window.journal, entry.id)
    clicked: list[str] = []

    def fake_exec(box) -> int:  # type: ignore[no-untyped-def]
        button = next(b for b in box.buttons() if b.text() == "Delete for Good")
        clicked.append(box.text())
        box.clickedButton = lambda: button  # the person clicks "Delete for Good"
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    window.act_empty_trash.trigger()
    assert clicked and "1 entries" in clicked[0]
    assert entry_service.count_entries(window.journal, EntryFilter(trash=True)) == 0


def test_state_is_restored_on_reopen(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "stateful"
    window = make_window(home)
    a = _add(window, "alpha")
    _add(window, "beta")
    _open(qtbot, window, a.id)
    window.set_preview_visible(True)
    window.resize(1111, 777)
    window.split.setSizes([180, 931])
    window.journal_split.setSizes([300, 631])
    sizes = (window.split.sizes(), window.journal_split.sizes())
    window.close()
    again = make_window(home)
    assert again.editor.entry is not None and again.editor.entry.id == a.id
    assert again.act_preview.isChecked()
    assert again.size().width() == 1111
    assert (again.split.sizes(), again.journal_split.sizes()) == sizes
    assert again.list.selected_ids() == [a.id]  # the reopened entry is also the one selected in the list


@pytest.mark.parametrize(
    ("saved", "shown", "count"),
    [("tag:serving", "tag:serving", 1), ("trash", "trash", 0), ("areas", "all", 2), ("tag:gone", "all", 2)],
)
def test_each_saved_place_reopens_with_its_list(qtbot, make_window, tmp_path: Path, saved, shown, count) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    home = tmp_path / "places"
    window = make_window(home)
    _add(window, "a", tags=["serving"])
    _add(window, "b")
    window.close()
    state = QSettings(str(home / "window-state.ini"), QSettings.Format.IniFormat)
    state.setValue("place", saved)
    state.sync()
    again = make_window(home)
    assert again.nav.current_place() == shown
    assert again.list.model.rowCount() == count
    assert again.list.header.text() == (strings.LIST_COUNT_ONE if count == 1 else strings.LIST_COUNT.format(n=count))


def test_store_failure_keeps_the_text_and_saves_later(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    """A real SQLite "disk full" (max_page_count reached) while autosaving: the text stays, a banner says why, and
    the save goes through once there is room again."""
    from sqlalchemy import event

    window = make_window()
    entry = _add(window, "short")
    _open(qtbot, window, entry.id)
    engine = window.journal.engine

    def cap(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", cap)
    engine.dispose()
    big = "lots of text that needs new pages " * 3000
    window.editor.editor.setPlainText(big)
    assert not window.editor.save_now()
    assert window.editor.banner.isVisible() and "disk is full" in window.editor.banner.text()
    assert window.editor.editor.toPlainText() == big
    assert entry_service.get_entry(window.journal, entry.id).body == "short"
    event.remove(engine, "connect", cap)
    engine.dispose()
    assert window.editor.save_now()
    assert entry_service.get_entry(window.journal, entry.id).body == big
    assert not window.editor.banner.isVisible()


def test_item_models_pass_the_model_tester(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    for i in range(30):
        _add(window, f"entry {i}", tags=["serving"] if i % 2 else [])
    QAbstractItemModelTester(window.list.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    QAbstractItemModelTester(window.nav.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    window.list.reload()
    window.nav.reload()
    window.list.model.fetchMore()


def test_list_model_fetches_lazily(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.models import entry_list

    monkeypatch.setattr(entry_list, "PAGE", 10)
    window = make_window()
    for i in range(25):
        entry_service.create_entry(window.journal, f"entry {i}")
    window.list.reload()
    model = window.list.model
    assert model.rowCount() == 10 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 25 and not model.canFetchMore()


def test_every_interactive_widget_has_a_name_and_tooltip(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = _add(window, "x", tags=["serving"])
    _open(qtbot, window, entry.id)
    missing = []
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QDateEdit)
    for widget in window.findChildren(kinds[0].__mro__[-2]):  # every QObject-derived widget
        if not isinstance(widget, kinds) or not widget.isVisible():
            continue
        if type(widget).__name__ in ("QScrollBar",) or widget.objectName().startswith("qt_"):
            continue
        if not widget.accessibleName() or not widget.toolTip():
            missing.append(f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()!r})")
    assert missing == []


def test_second_instance_brings_the_first_forward(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.single_instance import SingleInstance

    db = tmp_path / "journal.db"
    first = SingleInstance(db)
    assert first.acquire()
    assert first.listen()
    second = SingleInstance(db)
    assert not second.acquire()  # the journal is taken
    with qtbot.waitSignal(first.activated, timeout=3000):
        assert second.notify_running()
    other = SingleInstance(tmp_path / "other" / "journal.db")
    assert other.acquire()  # another journal is free
    assert not other.notify_running(timeout_ms=200)


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_both_themes_apply(qtbot, make_window, theme_name: str) -> None:  # type: ignore[no-untyped-def]
    from ui import theme

    window = make_window()
    window.prefs.theme = theme_name
    window.apply_preferences()
    assert theme.current() == theme_name
    pixmap = window.grab()
    assert not pixmap.isNull()
    centre = pixmap.toImage().pixelColor(QPoint(10, pixmap.height() // 2))
    is_dark = centre.lightness() < 128
    assert is_dark == (theme_name == "dark")


def test_feature_places_show_their_own_page(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    window = make_window()
    entry = _add(window, "evidence")
    page = QLabel("a feature page")
    window.add_place("feature", "Feature", "roadmap", page)
    window.nav.select_place("feature")
    assert window.pages.currentWidget() is page
    window.open_entry_anywhere(entry.id)
    assert window.pages.currentWidget() is window.journal_split
    assert window.editor.entry is not None and window.editor.entry.id == entry.id


def test_maintenance_jobs_run_off_the_gui_thread(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    window = make_window()
    _add(window, "# Café notes\nsearchable")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    window.act_check.trigger()
    assert shown == ["The journal file is healthy."]
    window.act_reindex.trigger()
    assert "rebuilt (1 entries)" in window.save_label.text()
    from journal.search import search

    assert len(search(window.journal, "cafe")) == 1
    window.act_backup.trigger()
    assert list((window.journal.paths.home / "backups").glob("journal-*-manual.db"))


def test_a_render_that_hangs_pauses_the_preview_not_the_app(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets import preview as preview_module

    window = make_window()
    entry = _add(window, "fine")
    _open(qtbot, window, entry.id)
    client = window.editor.preview.client
    client._watchdog.setInterval(300)
    got: list[str] = []
    client.rendered.connect(lambda html, _ms: got.append(html))
    # A stand-in worker that never answers (as Python-Markdown can on some pathological pastes).
    monkeypatch.setattr(client, "_ensure", lambda: _silent_process(client))
    client.render("anything")
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got[-1] == preview_module.TIMED_OUT_HTML
    assert client._in_flight is None


def _silent_process(client):  # type: ignore[no-untyped-def]
    import sys

    from PySide6.QtCore import QProcess

    if client._process is None:
        process = QProcess(client)
        process.start(sys.executable, ["-c", "import time; time.sleep(30)"])
        process.waitForStarted()
        client._process = process
    return client._process


def test_rows_show_hover_and_selection(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    from ui import theme

    window = make_window()
    _add(window, "# First\none")
    _add(window, "# Second\ntwo")
    colours = theme.colours(theme.current())
    for view in (window.list.view, window.nav.view):
        view.setCurrentIndex(view.model().index(0, 0))
        row1 = view.model().index(1, 0)
        delegate = view.itemDelegate()
        assert delegate.rows.selected(view.model().index(0, 0)) and not delegate.rows.selected(row1)

        def pixel(index, view=view):  # type: ignore[no-untyped-def]
            rect = view.visualRect(index)
            return view.viewport().grab().toImage().pixelColor(rect.left() + 12, rect.top() + 4).name()

        assert pixel(view.model().index(0, 0)) == colours["selection"]
        assert pixel(row1) != colours["hover"]
        QTest.mouseMove(view.viewport(), view.visualRect(row1).center())
        qtbot.waitUntil(lambda view=view, row1=row1: view.itemDelegate().rows.hovered(row1))
        assert pixel(row1) == colours["hover"]
        QTest.mouseMove(view.viewport(), view.visualRect(row1).center() + QPoint(0, 400))  # below the rows
        qtbot.waitUntil(lambda view=view, row1=row1: not view.itemDelegate().rows.hovered(row1))
        assert pixel(row1) != colours["hover"]


def test_start_shows_the_count_or_the_empty_state(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(tmp_path / "empty")
    assert window.list.header.text() == strings.LIST_COUNT.format(n=0)
    assert window.list.empty.isVisible() and window.list.empty.text() == strings.LIST_EMPTY_ALL
    home = tmp_path / "three"
    with open_journal(home) as journal:
        for i in range(3):
            entry_service.create_entry(journal, f"# Entry {i}\nbody")
    window = make_window(home)
    assert window.list.model.rowCount() == 3
    assert window.list.header.text() == strings.LIST_COUNT.format(n=3)
    assert window.list._empty is None or not window.list.empty.isVisible()


def test_a_search_with_more_than_a_first_page_counts_every_result(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The first page of results shows at once; the total comes after it, and scrolling fetches the rest."""
    from ui.widgets import entry_list as panel

    monkeypatch.setattr(panel, "FIRST_PAGE", 5)
    window = make_window()
    for i in range(12):
        entry_service.create_entry(window.journal, f"apple number {i}")
    entry_service.create_entry(window.journal, "a pear")
    window.list.search.setText("apple")
    qtbot.waitUntil(lambda: window.list.header.text() == strings.LIST_RESULTS.format(n=12, q="apple"))
    model = window.list.model
    # The first page, and the rest to fetch; the view may already be fetching it (its viewport has room for more
    # than 5 rows), so a fetch is asked for only when none is on its way.
    assert model.rowCount() == 5 and model.total == 12 and (model.canFetchMore() or model._fetching is not None)
    if model.canFetchMore():
        model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 12)
    assert not model.canFetchMore()


def test_toolbar_buttons_follow_their_actions(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    buttons = {b.defaultAction(): b for b in window.toolbar.findChildren(QToolButton) if b.defaultAction()}
    for action in (window.act_today, window.act_new, window.act_preview, window.act_history, window.act_delete):
        button = buttons[action]
        assert button.accessibleName() and button.toolTip()
        action.setEnabled(False)
        assert not button.isEnabled()
        action.setEnabled(True)
        action.setVisible(False)
        assert not button.isVisible()
        window.resize(window.width() - 40, window.height())  # the toolbar lays itself out again
        QApplication.processEvents()
        assert not button.isVisible()
        action.setVisible(True)
        assert button.isVisible()
    buttons[window.act_preview].click()
    assert window.act_preview.isChecked() and buttons[window.act_preview].isChecked()


def test_the_list_shows_underscores_in_a_rows_small_lines(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    # A small font's underscore sits below its descent: a row's lines are not clipped to their boxes (tmp_path, not
    # "tmp path"). Below the excerpt's box and above the chips, only the underscores can draw.
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    window = make_window()
    entry = _add(window, "# Title\nx_x_x_x_x_x_x_x_x_x_x_x_x_x_x_x", tags=["testing"])
    index = window.list.model.index(window.list.model.row_of(entry.id))
    image = QImage(420, 90, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    option = QStyleOptionViewItem()
    option.rect, option.font = QRect(0, 0, 420, 90), window.list.view.font()
    painter = QPainter(image)
    window.list.view.itemDelegate().paint(painter, option, index)
    painter.end()
    small, bold = QFont(option.font), QFont(option.font)  # as the delegate lays a row out
    small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
    bold.setWeight(QFont.Weight.DemiBold)
    top = 3 + 8  # the row's margin, then the text's
    below = top + QFontMetrics(small).height() + 2 + QFontMetrics(bold).height() + 2 + QFontMetrics(small).height()
    background = image.pixelColor(12, below).lightness()  # left of the text
    band = [image.pixelColor(x, y).lightness() for y in range(below, below + 4) for x in range(18, 200)]
    assert min(band) < background - 60  # the underscores' ink
