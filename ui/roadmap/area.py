"""One area's page: its progress, target and pace, each milestone with its state and evidence entries, and the newest
entries of the area. The page only shows and asks; the roadmap view performs the changes through the core."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.dates import today as local_today
from journal.progress import PACE_EARLY, PACE_WEEKS, AreaStatus, EvidenceEntry, MilestoneStatus
from journal.roadmap import DONE, TODO
from ui.roadmap import strings
from ui.roadmap.cards import ProgressBar, activity_text, pace_needs_text, pace_text
from ui.roadmap.style import day_text, palette, readable_on_surface

CHIP_WIDTH = 104
BUTTON_WIDTH = 150


class DateDialog(QDialog):
    """Asks for one day (a milestone's done day, an area's target)."""

    def __init__(
        self, title: str, label: str, day: dt.date, parent: QWidget | None = None, *, maximum: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")
        self.edit.setAccessibleName(label.rstrip(":"))
        self.edit.setToolTip(title)
        if maximum is not None:
            self.edit.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(label, self.edit)
        form.addRow(buttons)

    def day(self) -> dt.date:
        q = self.edit.date()
        return dt.date(q.year(), q.month(), q.day())


class Dot(QWidget):
    """A filled circle in an area's colour."""

    def __init__(self, colour: str, size: int = 14, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = colour
        self.setFixedSize(size, size)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(readable_on_surface(self.colour))
        p.drawEllipse(self.rect().adjusted(1, 1, -1, -1))
        p.end()


def _link_colour() -> str:
    return palette()["link"]


def entry_links(entries: tuple[EvidenceEntry, ...] | list[EvidenceEntry], *, removable: bool) -> str:
    """Rich text listing entries as links (href = the entry's UUID), each with its day, optionally a "remove" link."""
    colour, muted = _link_colour(), palette()["muted"]
    lines = []
    for e in entries:
        line = (
            f'<a href="open:{e.id}" style="color:{colour}; text-decoration:none">{html.escape(e.title)}</a>'
            f'<span style="color:{muted}"> · {day_text(e.day)}</span>'
        )
        if removable:
            line += f' <a href="unlink:{e.id}" style="color:{muted}">{strings.EVIDENCE_REMOVE}</a>'
        lines.append(line)
    return "<br>".join(lines)


class MilestoneRow(QFrame):
    """A milestone: state chip, title, what shows it is done, its evidence, and the buttons to move it on."""

    def __init__(self, milestone: MilestoneStatus, page: AreaPage) -> None:
        super().__init__(page)
        self.milestone = milestone
        self.setObjectName("MilestoneRow")
        m = milestone
        self.chip = QLabel(self._state_text(), self)
        self.chip.setObjectName("StateChip")
        self.chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chip.setFixedWidth(CHIP_WIDTH)
        self.chip.setProperty("state", m.state)
        self.chip.setAccessibleName(strings.STATE_NAME.format(state=self._state_text()))
        self.title = QLabel(m.title, self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("MilestoneTitle")
        self.title.setWordWrap(True)
        self.title.setToolTip(m.id)
        self.done_when = QLabel(strings.DONE_WHEN.format(text=m.done_when) if m.done_when else "", self)
        self.done_when.setTextFormat(Qt.TextFormat.PlainText)
        self.done_when.setObjectName("Muted")
        self.done_when.setWordWrap(True)
        self.done_when.setVisible(bool(m.done_when))
        self.evidence = QLabel(entry_links(m.evidence, removable=True) or strings.EVIDENCE_NONE, self)
        self.evidence.setObjectName("" if m.evidence else "Muted")
        self.evidence.setTextFormat(Qt.TextFormat.RichText)
        self.evidence.setWordWrap(True)
        self.evidence.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.evidence.setAccessibleName(strings.EVIDENCE_NAME.format(title=m.title))
        self.evidence.setToolTip(strings.EVIDENCE_OPEN_TIP if m.evidence else "")
        self.evidence.linkActivated.connect(lambda href: page.link_clicked(m.id, href))

        self.done_button = QToolButton(self)
        self.done_button.setText(strings.MARK_DONE)
        self.done_button.setAccessibleName(f"{strings.MARK_DONE}: {m.title}")
        self.done_button.setToolTip(strings.MARK_DONE_TIP)
        self.done_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.done_button)
        self.done_on_action = QAction(strings.MARK_DONE_ON, menu)
        self.done_on_action.triggered.connect(lambda: page.ask_done_day(m.id))
        menu.addAction(self.done_on_action)
        self.done_button.setMenu(menu)
        self.done_button.clicked.connect(lambda: page.markDone.emit(m.id, None))
        self.todo_button = QPushButton(self)
        self.todo_button.setText(strings.MARK_TODO)
        self.todo_button.setAccessibleName(f"{strings.MARK_TODO}: {m.title}")
        self.todo_button.setToolTip(strings.MARK_TODO_TIP)
        self.todo_button.clicked.connect(lambda: page.markTodo.emit(m.id))
        self.done_button.setVisible(m.state != DONE)
        self.todo_button.setVisible(m.state == DONE)
        self.evidence_button = QPushButton(self)
        self.evidence_button.setText(strings.ADD_EVIDENCE)
        self.evidence_button.setAccessibleName(f"{strings.ADD_EVIDENCE}: {m.title}")
        self.evidence_button.setToolTip(strings.ADD_EVIDENCE_TIP)
        self.evidence_button.clicked.connect(lambda: page.addEvidence.emit(m.id))

        grid = QGridLayout(self)
        grid.setContentsMargins(14, 12, 14, 12)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.chip, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.done_when, 1, 1)
        grid.addWidget(self.evidence, 2, 1)
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.todo_button)
        buttons.addWidget(self.evidence_button)
        buttons.addStretch(1)
        for b in (self.done_button, self.todo_button, self.evidence_button):
            b.setFixedWidth(BUTTON_WIDTH)
        grid.addLayout(buttons, 0, 2, 3, 1)
        grid.setColumnStretch(1, 1)

    def _state_text(self) -> str:
        m = self.milestone
        if m.state == DONE:
            return (
                strings.STATE_DONE.format(day=day_text(m.done_on, short=True))
                if m.done_on
                else strings.STATE_DONE_UNDATED
            )
        return strings.STATE_TODO if m.state == TODO else strings.STATE_DOING


class AreaPage(QWidget):
    """Shows one ``AreaStatus``; asks the view to act through its signals."""

    back = Signal()
    markDone = Signal(str, object)  # milestone id, day (None: today)
    markTodo = Signal(str)
    addEvidence = Signal(str)
    unlinkEvidence = Signal(str, str)  # milestone id, entry id
    openEntry = Signal(str)
    setTarget = Signal(str, object)  # area id, day (None: clear)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area: AreaStatus | None = None
        self.today = local_today()
        self.rows: dict[str, MilestoneRow] = {}
        self.back_button = QPushButton(strings.BACK, self)
        self.back_button.setObjectName("LinkButton")
        self.back_button.setAccessibleName(strings.BACK.strip("← "))
        self.back_button.setToolTip(strings.BACK_TIP)
        self.back_button.clicked.connect(self.back.emit)
        self.dot = Dot("#888888", 16, self)
        self.name = QLabel(self)
        self.name.setObjectName("AreaTitle")
        self.description = QLabel(self)
        self.description.setObjectName("AreaDescription")
        self.description.setWordWrap(True)
        self.stats = QLabel(self)
        self.stats.setObjectName("AreaStats")
        self.bar = ProgressBar(self, 9)
        self.bar.setAccessibleName(strings.AREA_PROGRESS_NAME)
        self.target_label = QLabel(self)
        self.target_button = QPushButton(strings.SET_TARGET, self)
        self.target_button.setAccessibleName(strings.SET_TARGET.rstrip("…"))
        self.target_button.setToolTip(strings.SET_TARGET_TIP)
        self.target_button.clicked.connect(self._ask_target)
        self.clear_target = QPushButton(strings.CLEAR_TARGET, self)
        self.clear_target.setAccessibleName(strings.CLEAR_TARGET_TIP)
        self.clear_target.setToolTip(strings.CLEAR_TARGET_TIP)
        self.clear_target.clicked.connect(lambda: self.area and self.setTarget.emit(self.area.id, None))
        self.pace_note = QLabel(self)
        self.pace_note.setObjectName("Muted")
        self.pace_note.setWordWrap(True)
        self.milestones_box = QVBoxLayout()
        self.milestones_box.setSpacing(10)
        self.recent = QLabel(self)
        self.recent.setTextFormat(Qt.TextFormat.RichText)
        self.recent.setWordWrap(True)
        self.recent.setAccessibleName(strings.RECENT)
        self.recent.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.recent.linkActivated.connect(lambda href: self.link_clicked("", href))

        title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(self.dot, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addWidget(self.name, 1)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_label, 1)
        target_row.addWidget(self.target_button)
        target_row.addWidget(self.clear_target)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(title_row)
        layout.addWidget(self.description)
        layout.addWidget(self.stats)
        layout.addWidget(self.bar)
        layout.addLayout(target_row)
        layout.addWidget(self.pace_note)
        for text, box in ((strings.MILESTONES, self.milestones_box), (strings.RECENT, None)):
            section = QLabel(text, self)
            section.setObjectName("SectionTitle")
            section.setIndent(0)
            layout.addWidget(section)
            if box is not None:
                layout.addLayout(box)
        layout.addWidget(self.recent)
        layout.addStretch(1)

    def set_area(self, area: AreaStatus, today: dt.date, recent: list[EvidenceEntry]) -> None:
        self.area, self.today = area, today
        self.dot.colour = area.colour
        self.dot.update()
        self.name.setText(area.name)
        self.description.setText(area.description)
        self.description.setVisible(bool(area.description))
        done = strings.CARD_MILESTONES.format(done=area.done, total=area.total)
        if area.doing:
            done += strings.CARD_DOING.format(n=area.doing)
        self.stats.setText(f"{done} · {activity_text(area, today)}")
        self.bar.set_progress(area.progress, area.colour)
        self._show_target(area)
        for row in self.rows.values():
            self.milestones_box.removeWidget(row)
            row.deleteLater()
        self.rows = {}
        for m in area.milestones:
            row = MilestoneRow(m, self)
            self.rows[m.id] = row
            self.milestones_box.addWidget(row)
        if recent:
            self.recent.setText(entry_links(recent, removable=False))
            self.recent.setObjectName("")
        else:
            self.recent.setText(strings.RECENT_NONE.format(tag=area.id))
            self.recent.setObjectName("Muted")
        self.recent.style().polish(self.recent)

    def _show_target(self, area: AreaStatus) -> None:
        c = palette()
        pace = area.pace
        if area.target is None:
            self.target_label.setText(strings.NO_TARGET)
            self.target_label.setStyleSheet(f"color: {c['muted']}")
        else:
            text, key = pace_text(pace)
            target = strings.TARGET.format(day=day_text(area.target))
            self.target_label.setText(f"{target} · {text}")
            self.target_label.setStyleSheet(f"color: {QColor(c[key]).name()}; font-weight: 600")
        self.target_button.setText(strings.CHANGE_TARGET if area.target else strings.SET_TARGET)
        self.clear_target.setVisible(area.target is not None)
        if pace.status == PACE_EARLY:  # say what a pace needs rather than guess a finish from one milestone
            self.pace_note.setText(pace_needs_text(pace))
            self.pace_note.show()
        elif pace.remaining and (pace.per_week or area.target):
            finish = strings.PACE_FINISH.format(day=day_text(pace.finish)) if pace.finish else ""
            self.pace_note.setText(
                strings.PACE_EXPLAINED.format(
                    weeks=PACE_WEEKS, per_week=pace.per_week, remaining=pace.remaining, finish=finish
                )
            )
            self.pace_note.show()
        else:
            self.pace_note.hide()

    def _ask_target(self) -> None:
        if self.area is None:
            return
        start = self.area.target or self.today + dt.timedelta(days=90)
        dialog = DateDialog(strings.TARGET_DIALOG_TITLE.format(name=self.area.name), strings.TARGET_LABEL, start, self)
        if dialog.exec():
            self.setTarget.emit(self.area.id, dialog.day())

    def ask_done_day(self, milestone_id: str) -> None:
        dialog = DateDialog(strings.DONE_DIALOG_TITLE, strings.DONE_DIALOG_LABEL, self.today, self, maximum=self.today)
        if dialog.exec():
            self.markDone.emit(milestone_id, dialog.day())

    def link_clicked(self, milestone_id: str, href: str) -> None:
        kind, _, entry_id = href.partition(":")
        if kind == "open":
            self.openEntry.emit(entry_id)
        elif kind == "unlink" and milestone_id:
            self.unlinkEvidence.emit(milestone_id, entry_id)
