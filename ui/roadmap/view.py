"""The roadmap place: a header (roadmap, Areas / Insights, actions), then the areas overview, one area's page, or the
insights. It reads views from ``journal.progress`` and changes things through ``journal.roadmap``; it holds no SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal import roadmap as service
from journal.dates import today as local_today
from journal.errors import TrailbookError
from journal.progress import Insights, RoadmapStatus, area_entries, insights, roadmap_status, years_with_entries
from journal.roadmap_edit import new_roadmap
from ui import theme
from ui.damage import unless_damaged
from ui.roadmap import strings
from ui.roadmap.area import AreaPage
from ui.roadmap.cards import OverviewPage, ProgressBar
from ui.roadmap.insights import InsightsPage
from ui.roadmap.style import apply_style
from ui.workers import call_async

MARGINS = (28, 6, 28, 24)


def _scroll(widget: QWidget, parent: QWidget) -> QScrollArea:
    scroll = QScrollArea(parent)
    scroll.setObjectName("RoadmapScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    holder = QWidget(scroll)
    box = QVBoxLayout(holder)
    box.setContentsMargins(*MARGINS)
    box.addWidget(widget)
    scroll.setWidget(holder)
    return scroll


class RoadmapView(QWidget):
    """The whole roadmap place. ``today`` gives the day progress and streaks are computed for (tests and the
    screenshots pin it)."""

    def __init__(self, window, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("RoadmapPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.window_ = window
        self.journal = window.journal
        self.today: Callable[[], dt.date] = local_today
        self.status: RoadmapStatus | None = None
        self.insights_data: Insights | None = None
        self.area_id: str | None = None
        self.year: int | None = None

        self.title = QLabel(self)
        self.title.setObjectName("RoadmapTitle")
        self.switcher = QComboBox(self)
        self.switcher.setAccessibleName(strings.SWITCHER_NAME)
        self.switcher.setToolTip(strings.SWITCHER_TIP)
        self.switcher.activated.connect(self._switch)
        self.switcher.setVisible(False)  # while there is one roadmap (and before the first is read)
        segment = QWidget(self)
        segment.setObjectName("Segment")
        seg = QHBoxLayout(segment)
        seg.setContentsMargins(0, 0, 0, 0)
        seg.setSpacing(0)
        self.tabs = QButtonGroup(self)
        self.areas_tab = self._tab(strings.TAB_AREAS, strings.TAB_AREAS_TIP, "SegmentFirst", seg)
        self.insights_tab = self._tab(strings.TAB_INSIGHTS, strings.TAB_INSIGHTS_TIP, "SegmentLast", seg)
        self.areas_tab.setChecked(True)
        self.areas_tab.clicked.connect(self.show_overview)
        self.insights_tab.clicked.connect(self.show_insights)
        self.more = QToolButton(self)
        self.more.setText(strings.MORE)
        self.more.setAccessibleName(strings.MORE_NAME)
        self.more.setToolTip(strings.MORE_TIP)
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more)
        menu.addAction(strings.ACTION_EDIT, self.edit_roadmap)
        menu.addAction(strings.ACTION_NEW, self.new_roadmap)
        menu.addSeparator()
        menu.addAction(strings.ACTION_IMPORT, self.import_roadmap)
        menu.addAction(strings.ACTION_EXPORT, self.export_roadmap)
        self.more.setMenu(menu)
        self.summary = QLabel(self)
        self.summary.setObjectName("RoadmapSummary")
        self.notice = QLabel(self)
        self.notice.setObjectName("RoadmapSummary")
        self.bar = ProgressBar(self, 6)
        self.bar.setAccessibleName(strings.OVERALL_NAME)

        self.overview = OverviewPage(self)
        self.overview.areaChosen.connect(self.show_area)
        self.area_page = AreaPage(self)
        self.area_page.back.connect(self.show_overview)
        self.area_page.markDone.connect(lambda mid, day: self._act(service.mark_done, mid, day))
        self.area_page.markTodo.connect(lambda mid: self._act(service.mark_todo, mid))
        self.area_page.unlinkEvidence.connect(lambda mid, eid: self._act(service.unlink_evidence, mid, eid))
        self.area_page.setTarget.connect(lambda aid, day: self._act(service.set_target, aid, day))
        self.area_page.addEvidence.connect(self.add_evidence)
        self.area_page.openEntry.connect(self.open_entry)
        self.insights_page = InsightsPage(self)
        for card in (self.insights_page.calendar_card, self.insights_page.months_card, self.insights_page.radar_card):
            card.journal_paths = self.journal.paths
        self.insights_page.periodChanged.connect(self._period)
        self.stack = QStackedWidget(self)
        self.overview_scroll = _scroll(self.overview, self)
        self.area_scroll = _scroll(self.area_page, self)
        self.insights_scroll = _scroll(self.insights_page, self)
        for w in (self.overview_scroll, self.area_scroll, self.insights_scroll):
            self.stack.addWidget(w)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.switcher)
        head.addSpacing(8)
        head.addWidget(segment)
        head.addSpacing(8)
        head.addWidget(self.more)
        sub = QHBoxLayout()
        sub.addWidget(self.summary, 1)
        sub.addWidget(self.notice)
        top = QVBoxLayout()
        top.setContentsMargins(MARGINS[0], 18, MARGINS[2], 10)
        top.setSpacing(6)
        top.addLayout(head)
        top.addLayout(sub)
        top.addWidget(self.bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self._generation = 0  # refreshes asked for: a words-per-area answer from an older one is not shown
        self._insights_asked = 0
        self._words_reading = self._insights_reading = False
        self._pending: dict[str, object] = {}  # the thread pool's signal holders of the reads in flight, kept
        self._theme = ""
        self._restyle()

    def changeEvent(self, event: QEvent) -> None:
        """Follow a theme switch made while the page is open (the charts read the palette when they paint)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._theme != theme.current():
            self._restyle()

    def _restyle(self) -> None:
        self._theme = theme.current()
        apply_style(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc on an area's page goes back to all areas."""
        if event.key() == Qt.Key.Key_Escape and self.stack.currentWidget() is self.area_scroll:
            self.show_overview()
            return
        super().keyPressEvent(event)

    def _tab(self, text: str, tip: str, name: str, box: QHBoxLayout) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setCheckable(True)
        button.setAccessibleName(text)
        button.setToolTip(tip)
        self.tabs.addButton(button)
        box.addWidget(button)
        return button

    # --- reading -----------------------------------------------------------------------------------------------------
    @property
    def reading(self) -> bool:
        """Whether an answer from the thread pool (the words per area, the insights) is still to come."""
        return self._words_reading or self._insights_reading

    def refresh(self) -> None:
        """Read everything the visible page shows again. Milestones, evidence and targets are read here (a few ms);
        the words per area over the whole journal are read again only after a change, on the thread pool (most of a
        second at 100k on a loaded machine): until they come, the cards show the last ones read, or a quiet line
        saying they are being read when none were yet, and the page is shown at once."""
        if self._theme != theme.current():
            self._restyle()
        self._generation += 1
        try:
            status = roadmap_status(self.journal, today=self.today(), scan=False)
            installed = service.list_roadmaps(self.journal) if status is not None else []
        except TrailbookError as exc:
            self._error(exc.message)
            return
        if status is not None:
            self._show_status(status, installed)
        if status is None or not status.words_current:
            if status is None:  # no words read yet for this roadmap: what is shown (another roadmap's) greyed out
                self.summary.setText(strings.READING)
                self.stack.setEnabled(self.status is None)
            self._read_words()
        elif self.stack.currentWidget() is self.insights_scroll:
            self._fill_insights()

    def _read_words(self) -> None:
        """The status with the words per area read again, on the thread pool (one read at a time: a refresh while one
        runs is answered when it comes)."""
        if self._words_reading:
            return
        self._words_reading = True
        journal, today, generation = self.journal, self.today(), self._generation

        def read() -> tuple[RoadmapStatus, list] | None:  # type: ignore[type-arg]
            return unless_damaged(lambda: (roadmap_status(journal, today=today), service.list_roadmaps(journal)), None)

        self._pending["words"] = call_async(
            read, lambda answer: self._words_read(generation, answer), self._read_failed, receiver=self
        )

    def _words_read(self, generation: int, answer: tuple[RoadmapStatus, list] | None) -> None:  # type: ignore[type-arg]
        self._words_reading = False
        if answer is None:  # the journal turned out damaged: said once by the window
            return
        if generation != self._generation:  # refreshed since (a change made here, or elsewhere): read as it is now
            self.refresh()
            return
        self._show_status(*answer)
        if self.stack.currentWidget() is self.insights_scroll:
            self._fill_insights()

    def _read_failed(self, message: str, _expected: bool) -> None:
        self._words_reading = self._insights_reading = False
        self._error(message)

    def _show_status(self, status: RoadmapStatus, installed: list) -> None:  # type: ignore[type-arg]
        self.status = status
        self.stack.setEnabled(True)
        self.title.setText(status.title)
        self.switcher.blockSignals(True)
        self.switcher.clear()
        for r in installed:
            self.switcher.addItem(r.title, r.id)
        self.switcher.setCurrentIndex(max(0, self.switcher.findData(status.id)))
        self.switcher.setVisible(len(installed) > 1)
        self.switcher.blockSignals(False)
        if status.done or status.doing:
            summary = strings.SUMMARY.format(done=status.done, total=status.total, doing=status.doing)
        else:
            summary = strings.SUMMARY_FRESH.format(total=status.total, areas=len(status.areas))
        self.summary.setText(summary)
        self.bar.set_progress(status.progress)
        self.overview.set_status(status)
        current = self.stack.currentWidget()
        if current is self.area_scroll and self.area_id and status.area(self.area_id):
            self._fill_area(self.area_id)
        elif current is self.area_scroll:
            self.show_overview()
        elif current is self.insights_scroll:
            self._fill_insights()

    def _fill_area(self, area_id: str) -> None:
        assert self.status is not None
        area = self.status.area(area_id)
        if area is None:
            return
        bar = self.area_scroll.verticalScrollBar()
        keep = bar.value() if self.area_id == area_id else 0
        self.area_page.set_area(area, self.status.today, area_entries(self.journal, area_id, limit=10))
        self.area_id = area_id
        bar.setValue(keep)

    def _fill_insights(self) -> None:
        """Read the insights on the thread pool (35 ms quiet at 100k, several times that on a loaded machine); the page
        keeps what it shows until they come. A newer request than the one answered is asked again."""
        assert self.status is not None
        self._insights_asked += 1
        if self._insights_reading:
            return
        self._insights_reading = True
        journal, today, year, asked = self.journal, self.status.today, self.year, self._insights_asked

        def read() -> tuple[list[int], Insights] | None:
            return unless_damaged(
                lambda: (years_with_entries(journal), insights(journal, today=today, year=year)), None
            )

        self._pending["insights"] = call_async(
            read, lambda answer: self._insights_read(asked, answer), self._read_failed, receiver=self
        )

    def _insights_read(self, asked: int, answer: tuple[list[int], Insights] | None) -> None:
        self._insights_reading = False
        if asked != self._insights_asked:  # another period, or a change since: ask again
            if self.status is not None:
                self._fill_insights()
            return
        if answer is None or self.status is None:
            return
        years, self.insights_data = answer
        self.insights_page.set_years(years, self.year)
        self.insights_page.set_data(self.insights_data, self.status)

    # --- navigation --------------------------------------------------------------------------------------------------
    def show_overview(self) -> None:
        self.areas_tab.setChecked(True)
        self.stack.setCurrentWidget(self.overview_scroll)
        if self.area_id and self.area_id in self.overview.cards:
            self.overview.cards[self.area_id].setFocus()

    def show_area(self, area_id: str) -> None:
        self.areas_tab.setChecked(True)
        if self.status is None:  # filled once the status is read
            self.area_id = area_id
            self.stack.setCurrentWidget(self.area_scroll)
            self.refresh()
        else:
            self._fill_area(area_id)
            self.stack.setCurrentWidget(self.area_scroll)
        self.area_scroll.verticalScrollBar().setValue(0)
        self.area_page.back_button.setFocus()

    def show_insights(self) -> None:
        self.insights_tab.setChecked(True)
        self.stack.setCurrentWidget(self.insights_scroll)
        if self.status is None:
            self.refresh()  # fills the insights once the status is read
        else:
            self._fill_insights()

    def _period(self, year: int | None) -> None:
        self.year = year
        self._fill_insights()

    def open_entry(self, entry_id: str) -> None:
        self.window_.open_entry_anywhere(entry_id)

    # --- changes -----------------------------------------------------------------------------------------------------
    def _act(self, change: Callable[..., object], *args: object) -> bool:
        try:
            change(self.journal, *args)
        except TrailbookError as exc:
            self._error(exc.message)
            return False
        self.refresh()
        return True

    def add_evidence(self, milestone_id: str) -> None:
        from ui.roadmap.picker import EntryPicker

        if self.status is None or self.area_id is None:
            return
        area = self.status.area(self.area_id)
        milestone = next((m for m in area.milestones if m.id == milestone_id), None) if area else None
        if milestone is None:
            return
        picker = EntryPicker(self.journal, self.area_id, milestone.title, {e.id for e in milestone.evidence}, self)
        if picker.exec() and picker.chosen:
            self._act(service.link_evidence, milestone_id, picker.chosen)

    def _switch(self, index: int) -> None:
        roadmap_id = self.switcher.itemData(index)
        if roadmap_id and self.status and roadmap_id != self.status.id:
            self.area_id = None
            self.show_overview()
            self._act(service.use_roadmap, roadmap_id)

    def edit_roadmap(self) -> None:
        from ui.roadmap.editor import RoadmapEditorDialog

        if self.status is None:
            return
        dialog = RoadmapEditorDialog(self.journal, service.get_roadmap(self.journal, self.status.id), self)
        if dialog.exec():
            self.refresh()

    def new_roadmap(self) -> None:
        from ui.roadmap.editor import RoadmapEditorDialog

        title, ok = QInputDialog.getText(self, strings.NEW_TITLE, strings.NEW_LABEL)
        if not ok or not title.strip():
            return
        taken = [r.id for r in service.list_roadmaps(self.journal)]
        draft = new_roadmap(title, taken, strings.NEW_AREA, strings.NEW_MILESTONE)
        dialog = RoadmapEditorDialog(self.journal, draft, self)
        if dialog.exec():
            self.area_id = None
            self.show_overview()
            self._act(service.use_roadmap, draft.id)

    def import_roadmap(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, strings.IMPORT_TITLE, str(Path.home()), strings.YAML_FILTER)
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        try:
            result = service.import_roadmap(self.journal, path)
        except TrailbookError as exc:
            self._error(exc.message)
            return
        rm = result.roadmap
        if result.created:
            text = strings.IMPORTED.format(title=rm.title, areas=len(rm.areas), milestones=rm.milestone_count)
        elif result.unchanged:
            text = strings.IMPORT_UNCHANGED.format(title=rm.title)
        else:
            lines = [strings.REVISED.format(title=rm.title), *result.diff.describe()]
            lines += [strings.KEPT.format(id=k.milestone_id) for k in result.kept]
            text = "\n".join(lines)
        box = QMessageBox(
            QMessageBox.Icon.Information, strings.IMPORT_TITLE, text, QMessageBox.StandardButton.NoButton, self
        )
        use = None
        if result.created and not result.active:
            use = box.addButton(strings.USE_NOW, QMessageBox.ButtonRole.AcceptRole)
            box.addButton(strings.KEEP_CURRENT, QMessageBox.ButtonRole.RejectRole)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if use is not None and box.clickedButton() is use:
            self.area_id = None
            self.show_overview()
            self._act(service.use_roadmap, rm.id)
        else:
            self.refresh()

    def export_roadmap(self) -> None:
        if self.status is None:
            return
        from ui.dialogs.output_path import SAVE_OPTIONS, confirm_output

        name, _ = QFileDialog.getSaveFileName(
            self, strings.EXPORT_TITLE, str(Path.home() / f"{self.status.id}.yaml"), strings.YAML_FILTER,
            options=SAVE_OPTIONS,
        )  # fmt: skip
        if not name or not confirm_output(self, self.journal.paths, Path(name)):
            return
        try:
            path = service.export_roadmap(self.journal, self.status.id, Path(name), force=True)
        except TrailbookError as exc:
            self._error(exc.message)
            return
        self.notice.setText(strings.EXPORTED.format(path=path))

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, strings.PLACE, message)
