"""The roadmap place driven through its widgets: overview, an area's page, the "Counts toward…" picker, marking done,
targets, the editor, import and export, and saving charts. Results are read back through the core."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QLineEdit, QMessageBox, QToolButton, QWidget

from journal import entries as entry_service
from journal.dates import today as local_today
from journal.roadmap import get_roadmap, linked_milestones, mark_done
from ui.roadmap import install
from ui.roadmap.area import DateDialog
from ui.roadmap.editor import RoadmapEditorDialog
from ui.roadmap.picker import EntryPicker, MilestonePicker
from ui.roadmap.view import RoadmapView


def open_roadmap(qtbot, window) -> RoadmapView:  # type: ignore[no-untyped-def]
    install(window)
    install(window)  # a second call changes nothing
    window.nav.select_place("roadmap")
    qtbot.waitUntil(lambda: window.roadmap_place.view is not None and window.roadmap_place.view.status is not None)
    view = window.roadmap_place.view
    assert window.pages.currentWidget() is window.roadmap_place
    settled(qtbot, view)
    return view


def settled(qtbot, view: RoadmapView) -> None:  # type: ignore[no-untyped-def]
    """Wait for the thread pool's answers (the words per area, the insights) to be shown."""
    qtbot.waitUntil(lambda: not view.reading)


def add_entry(window, body: str, **kw):  # type: ignore[no-untyped-def]
    entry = entry_service.create_entry(window.journal, body, **kw)
    window.nav.reload()
    window.list.reload()
    return entry


def accept_with(monkeypatch, cls, act) -> None:  # type: ignore[no-untyped-def]
    """Replace ``cls.exec`` by ``act(dialog)`` followed by accepting it (as a person would click OK)."""

    def fake_exec(dialog) -> int:  # type: ignore[no-untyped-def]
        act(dialog)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(cls, "exec", fake_exec)


def test_drill_in_link_with_the_picker_mark_done_and_see_the_bar_move(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    TODAY = local_today()  # per test, not at collection: a run that passes midnight once failed here
    window = make_window()
    entry = add_entry(window, "Served the model with FastAPI; p95 is 80 ms", tags=["Serving"])
    view = open_roadmap(qtbot, window)
    assert not view.overview.welcome.isVisibleTo(view)  # the welcome note is for a roadmap with no evidence at all
    card = view.overview.cards["serving"]
    assert (card.area.evidence_count, card.area.progress) == (1, 0)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.area_scroll
    assert next(iter(view.area_page.rows)) == "serving-http-service"
    assert view.area_page.bar.percent == 0

    # Link from the entry itself: "Counts toward…" in its meta bar.
    window.open_entry_anywhere(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)
    button = window.editor.findChild(QToolButton, "CountsTowardButton")
    assert button is not None and button.isVisible()
    seen: dict[str, object] = {}

    def pick(picker: MilestonePicker) -> None:
        seen["first_area"] = picker.tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole + 1)
        picker.filter.setText("http service")
        top = picker.items["serving-http-service"].parent()
        seen["visible"] = [top.child(i).isHidden() for i in range(top.childCount())].count(False)
        seen["hidden_area"] = picker.items["testing-ci"].parent().isHidden()
        picker.set_checked("serving-http-service")

    accept_with(monkeypatch, MilestonePicker, pick)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen == {"first_area": "serving", "visible": 1, "hidden_area": True}  # tagged area first, filtered
    assert linked_milestones(window.journal, entry.id) == {"serving-http-service"}

    window.nav.select_place("roadmap")
    view.show_area("serving")
    row = view.area_page.rows["serving-http-service"]
    assert row.chip.property("state") == "doing"
    assert entry.title in row.evidence.text()

    qtbot.mouseClick(row.done_button, Qt.MouseButton.LeftButton)
    row = view.area_page.rows["serving-http-service"]
    assert (row.milestone.state, row.milestone.done_on) == ("done", TODAY)
    assert view.area_page.bar.percent == 20
    assert view.overview.cards["serving"].area.progress == 20
    assert row.todo_button.isVisibleTo(row) and not row.done_button.isVisibleTo(row)

    qtbot.mouseClick(row.todo_button, Qt.MouseButton.LeftButton)
    assert view.area_page.rows["serving-http-service"].milestone.state == "todo"
    assert view.area_page.bar.percent == 0

    # Done on another day, picked in a dialog.
    earlier = TODAY - dt.timedelta(days=3)
    accept_with(monkeypatch, DateDialog, lambda d: d.edit.setDate(QDate(earlier.year, earlier.month, earlier.day)))
    view.area_page.rows["serving-throughput"].done_on_action.trigger()
    assert view.area_page.rows["serving-throughput"].milestone.done_on == earlier

    # Clicking an evidence entry opens it in the editor, wherever it is.
    view.area_page.rows["serving-http-service"].evidence.linkActivated.emit(f"open:{entry.id}")
    assert window.nav.current_place() == "all" and window.editor.entry.id == entry.id
    window.nav.select_place("roadmap")
    view.show_area("serving")
    view.area_page.rows["serving-http-service"].evidence.linkActivated.emit(f"unlink:{entry.id}")
    assert linked_milestones(window.journal, entry.id) == frozenset()
    assert view.area_page.rows["serving-http-service"].evidence.text() == "No evidence yet."
    qtbot.keyClick(view.area_page.back_button, Qt.Key.Key_Escape)
    assert view.stack.currentWidget() is view.overview_scroll


def test_add_evidence_from_a_milestone_and_set_a_target(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    TODAY = local_today()  # per test, not at collection: a run that passes midnight once failed here
    window = make_window()
    tagged = add_entry(window, "Unit tests for the scaler", tags=["testing"])
    add_entry(window, "Notes on CI runners")
    view = open_roadmap(qtbot, window)
    view.show_area("testing")

    def choose(picker: EntryPicker) -> None:
        assert picker.list.count() == 1  # the area's own entries first
        picker.search.setText("runners")
        picker.reload()
        assert picker.list.item(0).text().startswith("Notes on CI runners")
        picker.search.setText("")
        picker.reload()
        picker.choose(tagged.id)

    accept_with(monkeypatch, EntryPicker, choose)
    qtbot.mouseClick(view.area_page.rows["testing-ci"].evidence_button, Qt.MouseButton.LeftButton)
    assert view.area_page.rows["testing-ci"].milestone.state == "doing"

    target = TODAY + dt.timedelta(days=60)
    accept_with(monkeypatch, DateDialog, lambda d: d.edit.setDate(QDate(target.year, target.month, target.day)))
    qtbot.mouseClick(view.area_page.target_button, Qt.MouseButton.LeftButton)
    assert view.status.area("testing").target == target  # type: ignore[union-attr]
    assert "no pace yet" in view.area_page.target_label.text()
    qtbot.mouseClick(view.area_page.rows["testing-ci"].done_button, Qt.MouseButton.LeftButton)
    # One milestone, today: too little to tell a pace from (it once said "behind: 24 weeks late"); it says what is
    # needed instead.
    assert "too early for a pace" in view.area_page.target_label.text()
    note = view.area_page.pace_note
    assert note.isVisibleTo(view) and "Mark 1 more milestone done, and check back in 14 days." in note.text()
    assert "done around" not in note.text()
    mark_done(window.journal, "testing-transformations", TODAY - dt.timedelta(days=20))
    view.refresh()
    # 2 done over 21 days: 2/3 a week; 3 to go take 32 days, past a target 14 days away by 3 weeks (rounded up).
    soon = TODAY + dt.timedelta(days=14)
    accept_with(monkeypatch, DateDialog, lambda d: d.edit.setDate(QDate(soon.year, soon.month, soon.day)))
    qtbot.mouseClick(view.area_page.target_button, Qt.MouseButton.LeftButton)
    assert "behind: 3 weeks late at this pace" in view.area_page.target_label.text()
    later = TODAY + dt.timedelta(days=32)
    accept_with(monkeypatch, DateDialog, lambda d: d.edit.setDate(QDate(later.year, later.month, later.day)))
    qtbot.mouseClick(view.area_page.target_button, Qt.MouseButton.LeftButton)
    assert "on track" in view.area_page.target_label.text()
    qtbot.mouseClick(view.area_page.clear_target, Qt.MouseButton.LeftButton)
    assert view.status.area("testing").target is None  # type: ignore[union-attr]


def test_charts_save_as_png_and_svg(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    TODAY = local_today()  # per test, not at collection: a run that passes midnight once failed here
    window = make_window()
    for back in range(4):
        add_entry(window, "word " * (10 + back), tags=["serving"], day=TODAY - dt.timedelta(days=back))
    view = open_roadmap(qtbot, window)
    qtbot.mouseClick(view.insights_tab, Qt.MouseButton.LeftButton)
    settled(qtbot, view)
    page = view.insights_page
    assert view.stack.currentWidget() is view.insights_scroll
    assert page.tiles["current"].value.text() == "4 days"
    assert page.tiles["entries"].value.text() == "4"
    for chart in (page.heatmap, page.months, page.radar):
        png = chart.save(tmp_path / f"{chart.title}.png")
        svg = chart.save(tmp_path / f"{chart.title}.svg")
        assert png.stat().st_size > 1000
        image = QImage(str(png))
        assert not image.isNull() and image.width() >= chart.width()
        root = ET.parse(svg).getroot()
        assert root.tag.endswith("svg")
    assert page.heatmap.save(tmp_path / "calendar").suffix == ".png"
    monkeypatch.setattr("ui.roadmap.insights.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "picked.svg"), ""))  # fmt: skip
    qtbot.mouseClick(page.radar_card.save_button, Qt.MouseButton.LeftButton)
    assert ET.parse(tmp_path / "picked.svg").getroot().tag.endswith("svg")
    page.measure.setCurrentIndex(1)
    assert page.heatmap.measure == "words"
    page.period.setCurrentIndex(page.period.findData(TODAY.year))
    settled(qtbot, view)
    assert view.insights_data is not None and view.insights_data.start == dt.date(TODAY.year, 1, 1)


def test_a_new_journal_gets_an_inviting_roadmap(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    view = open_roadmap(qtbot, window)
    assert view.overview.welcome.isVisibleTo(view)
    assert view.title.text() == "From research to ML engineering"
    assert "none started yet" in view.summary.text()
    view.show_insights()
    settled(qtbot, view)
    assert view.insights_page.tiles["current"].note.text() == "write today to start one"
    for chart in (view.insights_page.heatmap, view.insights_page.months, view.insights_page.radar):
        assert not chart.grab().isNull()


def test_edit_the_roadmap_in_the_app(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    view = open_roadmap(qtbot, window)

    def edit(dialog: RoadmapEditorDialog) -> None:
        area_id = dialog.add_area("Résumé writing")
        assert area_id == "resume-writing"
        milestone_id = dialog.add_milestone("Rewrote my CV for ML engineering roles")
        assert milestone_id == "resume-writing-rewrote-my-cv-for-ml-engineering-roles"
        dialog.milestone_title.setFocus()
        dialog.milestone_title.selectAll()
        qtbot.keyClicks(dialog.milestone_title, "Rewrote my CV")
        dialog.move_selected(-1)  # already first in its area: stays
        dialog.tree.setCurrentItem(dialog.tree.topLevelItem(dialog.tree.topLevelItemCount() - 1))
        dialog.move_selected(-1)
        monkeypatch.setattr(RoadmapEditorDialog, "confirm", lambda self, title, text: False)
        dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
        dialog.delete_selected()  # declined
        monkeypatch.setattr(RoadmapEditorDialog, "confirm", lambda self, title, text: "Progress" in text)
        dialog.delete_selected()  # the first area, confirmed

    accept_with(monkeypatch, RoadmapEditorDialog, edit)
    view.edit_roadmap()
    stored = get_roadmap(window.journal)
    ids = [a.id for a in stored.areas]
    assert "foundations" not in ids and ids[-2] == "resume-writing" and ids[-1] == "communication"
    assert stored.area("resume-writing").milestones[0].title == "Rewrote my CV"  # type: ignore[union-attr]
    assert stored.area("resume-writing").milestones[0].id.startswith("resume-writing-rewrote")  # type: ignore[union-attr]
    assert list(view.overview.cards)[-2] == "resume-writing"


def test_an_area_without_milestones_is_not_saved(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    view = open_roadmap(qtbot, window)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog = RoadmapEditorDialog(window.journal, get_roadmap(window.journal), view)
    dialog.add_area("Empty area")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert warnings == ["“Empty area” has no milestones yet: add one before saving."]
    assert get_roadmap(window.journal).area("empty-area") is None


def test_new_import_export_and_switch(qtbot, make_window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    view = open_roadmap(qtbot, window)
    monkeypatch.setattr("ui.roadmap.view.QInputDialog.getText", lambda *a, **k: ("Data engineering path", True))
    accept_with(monkeypatch, RoadmapEditorDialog, lambda dialog: dialog.add_milestone("Built a pipeline"))
    view.new_roadmap()
    # Another roadmap's words are not known yet: the cards of the one before are greyed out until they are read.
    assert view.status is not None and view.status.id == "research-to-mle" and not view.stack.isEnabled()
    assert view.summary.text() == "Reading your journal…"
    settled(qtbot, view)
    assert view.status is not None and view.status.id == "data-engineering-path" and view.stack.isEnabled()
    assert view.switcher.isVisibleTo(view) and view.switcher.count() == 2

    out = tmp_path / "mine.yaml"
    monkeypatch.setattr("ui.roadmap.view.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    view.export_roadmap()
    assert "Built a pipeline" in out.read_text(encoding="utf-8")
    assert str(out) in view.notice.text()

    revised = out.read_text(encoding="utf-8").replace("title: Data engineering path", "title: Data path")
    out.write_text(revised, encoding="utf-8")
    shown: list[str] = []

    def fake_box_exec(box) -> int:  # type: ignore[no-untyped-def]
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_box_exec)
    monkeypatch.setattr("ui.roadmap.view.QFileDialog.getOpenFileName", lambda *a, **k: (str(out), ""))
    view.import_roadmap()
    assert shown[-1].startswith("Revised “Data path”") and view.title.text() == "Data path"

    view.switcher.setCurrentIndex(view.switcher.findData("research-to-mle"))
    view.switcher.activated.emit(view.switcher.currentIndex())
    settled(qtbot, view)
    assert view.status.id == "research-to-mle"  # type: ignore[union-attr]


def test_every_control_has_a_name_and_a_tooltip(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    add_entry(window, "x", tags=["serving"])
    view = open_roadmap(qtbot, window)
    view.show_area("serving")
    view.show_insights()
    widgets: list[QWidget] = [view, window.editor.findChild(QToolButton, "CountsTowardButton")]
    dialogs = [
        MilestonePicker(window.journal, entry_service.list_entries(window.journal)[0], view),
        EntryPicker(window.journal, "serving", "A milestone", set(), view),
        RoadmapEditorDialog(window.journal, get_roadmap(window.journal), view),
    ]
    missing = []
    for root in [*widgets, *dialogs]:
        controls = [root] if isinstance(root, QAbstractButton) else []
        for kind in (QAbstractButton, QComboBox, QLineEdit):
            controls += root.findChildren(kind)
        for control in controls:
            if control.objectName().startswith("qt_") or control.parent().objectName().startswith("qt_"):
                continue  # parts Qt makes itself (spin box arrows, scroll bar buttons)
            if isinstance(control, QAbstractButton) and control.parent().inherits("QDialogButtonBox"):
                continue  # OK / Cancel / Save: named by their text
            if control.parent().inherits("QComboBox") or control.parent().inherits("QLineEdit"):
                continue  # a combo box's line edit, a line edit's clear button
            if not control.accessibleName() or not control.toolTip():
                missing.append(f"{type(control).__name__} {control.objectName()} in {type(control.parent()).__name__}")
    assert missing == []
    for dialog in dialogs:
        dialog.close()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_both_themes_render(qtbot, make_window, name: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui import theme

    window = make_window()
    view = open_roadmap(qtbot, window)
    theme.apply(QApplication.instance(), name)  # type: ignore[arg-type]
    view.refresh()
    assert theme.colours(name)["paper"] in view.styleSheet()
    assert not window.grab().isNull()
    theme.apply(QApplication.instance(), "light")  # type: ignore[arg-type]


def test_no_card_is_cut_short_at_any_width(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    add_entry(window, "Unit tests for the scaler", tags=["testing"])
    view = open_roadmap(qtbot, window)
    research = view.overview.cards["research-code"]
    # The longest names need more than the 330 pixels a card once got as soon as four fitted (at 1,620 wide).
    assert research.needed_width() > 330

    def cut() -> list[str]:
        return [c.area.name for c in view.overview.cards.values() if c.cut_short()]

    for width in range(1000, 2000, 60):
        window.resize(width, 900)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        qtbot.waitUntil(lambda: cut() == [], timeout=1000)  # once the page has laid the grid out again
    assert view.overview._columns == 4  # and wide windows still get their four columns


@pytest.fixture
def gate():  # type: ignore[no-untyped-def]
    """An event a gated scan waits on, opened at the end of the test whatever happens (no thread is left waiting)."""
    import threading

    event = threading.Event()
    yield event
    event.set()


def test_after_a_write_the_page_shows_at_once_and_the_words_come_after(qtbot, make_window, monkeypatch, gate) -> None:  # type: ignore[no-untyped-def]
    import threading

    from journal import stats

    window = make_window()
    add_entry(window, "one two three", tags=["serving"])
    view = open_roadmap(qtbot, window)
    assert (view.overview.cards["serving"].area.evidence_count, view.overview.cards["serving"].area.words) == (1, 3)
    scans = []
    scan = stats.area_activity

    def gated(*args, **kw):  # type: ignore[no-untyped-def]
        scans.append(threading.current_thread() is threading.main_thread())
        assert gate.wait(10)
        return scan(*args, **kw)

    monkeypatch.setattr(stats, "area_activity", gated)
    window.nav.select_place("all")
    add_entry(window, "four five six seven", tags=["serving"])  # any write: the words per area are read again
    window.nav.select_place("roadmap")
    # Shown at once, with the figures read before, while the scan waits on the pool (not on the GUI thread).
    assert window.pages.currentWidget() is window.roadmap_place and view.isVisible()
    qtbot.waitUntil(lambda: scans == [False])
    assert view.reading and view.stack.isEnabled()
    card = view.overview.cards["serving"]
    assert (card.area.evidence_count, card.area.words) == (1, 3)
    assert not card.grab().isNull()
    view.show_insights()  # the insights wait for the words, then come from the pool too
    assert view.stack.currentWidget() is view.insights_scroll
    gate.set()
    settled(qtbot, view)
    card = view.overview.cards["serving"]
    assert (card.area.evidence_count, card.area.words) == (2, 7) and view.status.words_current  # type: ignore[union-attr]
    assert view.insights_page.tiles["entries"].value.text() == "2"
    assert scans == [False]  # once, off the GUI thread


def test_a_refresh_while_the_words_are_read_shows_the_newer_journal(qtbot, make_window, monkeypatch, gate) -> None:  # type: ignore[no-untyped-def]
    from journal import stats

    window = make_window()
    view = open_roadmap(qtbot, window)
    scan, entered = stats.area_activity, []
    monkeypatch.setattr(stats, "area_activity", lambda *a, **k: (entered.append(1), gate.wait(10), scan(*a, **k))[2])
    entry_service.create_entry(window.journal, "alpha beta", tags=["testing"])
    view.refresh()  # the read starts from the journal with one entry
    qtbot.waitUntil(lambda: entered == [1])  # inside its snapshot
    entry_service.create_entry(window.journal, "gamma", tags=["testing"])
    view.refresh()  # another change while it runs: its answer is not shown, the journal is read again
    gate.set()
    settled(qtbot, view)
    assert view.overview.cards["testing"].area.words == 3
