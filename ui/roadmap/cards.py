"""The areas overview: one card per skill area (name, colour, progress bar, evidence, last activity, pace), in a grid
that reflows with the width, with a welcome note while the roadmap has no evidence yet."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from journal.progress import (
    PACE_BEHIND,
    PACE_DONE,
    PACE_EARLY,
    PACE_MIN_DAYS,
    PACE_MIN_DONE,
    PACE_NO_TARGET,
    PACE_NONE,
    PACE_ON_TRACK,
    AreaStatus,
    Pace,
    RoadmapStatus,
)
from ui.roadmap import strings
from ui.roadmap.style import count_text, day_text, palette, readable_on_surface, relative_day

CARD_MIN_WIDTH = 330


def pace_text(pace: Pace, *, short: bool = False) -> tuple[str, str]:
    """The pace in words, and the colour key it is drawn in ("good", "warn_text" or "muted")."""
    if pace.status == PACE_DONE:
        return strings.PACE_DONE, "good"
    if pace.status == PACE_ON_TRACK:
        return strings.PACE_ON_TRACK, "good"
    if pace.status == PACE_BEHIND:
        if short:
            return strings.PACE_BEHIND_SHORT.format(n=pace.weeks_late), "warn_text"
        if pace.weeks_late == 1:
            return strings.PACE_BEHIND_ONE, "warn_text"
        return strings.PACE_BEHIND.format(n=pace.weeks_late), "warn_text"
    if pace.status in (PACE_NONE, PACE_NO_TARGET):
        return strings.PACE_NONE, "muted"
    if pace.status == PACE_EARLY:
        return (strings.PACE_EARLY_SHORT if short else strings.PACE_EARLY), "muted"
    return "", "muted"


def pace_needs_text(pace: Pace) -> str:
    """What a pace still needs, in words ("Mark 1 more milestone done, and check back in 6 days.")."""
    done = ""
    if pace.needs_done:
        n = pace.needs_done
        done = strings.PACE_NEEDS_DONE_ONE if n == 1 else strings.PACE_NEEDS_DONE_MANY.format(n=n)
    days = ""
    if pace.needs_days:
        n = pace.needs_days
        days = strings.PACE_NEEDS_DAYS_ONE if n == 1 else strings.PACE_NEEDS_DAYS_MANY.format(n=n)
    if done and days:
        what = strings.PACE_NEEDS_AND.format(done=done, days=days)
    else:
        what = (done or days[:1].upper() + days[1:]) + "."
    return strings.PACE_EARLY_EXPLAINED.format(min_done=PACE_MIN_DONE, min_weeks=PACE_MIN_DAYS // 7, what=what)


def activity_text(area: AreaStatus, today) -> str:  # type: ignore[no-untyped-def]
    if not area.evidence_count:
        return strings.CARD_NO_ENTRIES.format(tag=area.id)
    entries = count_text(area.evidence_count, strings.ENTRIES_ONE, strings.ENTRIES_MANY)
    words = count_text(area.words, strings.WORDS_ONE, strings.WORDS_MANY)
    when = relative_day(area.last_activity, today) if area.last_activity else "—"
    return strings.CARD_ACTIVITY.format(entries=entries, words=words, when=when)


def paint_bar(p: QPainter, rect: QRectF, percent: int, colour: QColor, track: QColor) -> None:
    """A rounded progress bar: the track, then the done part in the area's colour."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(track)
    radius = rect.height() / 2
    p.drawRoundedRect(rect, radius, radius)
    if percent > 0:
        width = max(rect.height(), rect.width() * percent / 100)
        p.setBrush(colour)
        p.drawRoundedRect(QRectF(rect.left(), rect.top(), width, rect.height()), radius, radius)


class ProgressBar(QWidget):
    """A thin painted progress bar (the overall one, and the area's on its page)."""

    def __init__(self, parent: QWidget | None = None, height: int = 8) -> None:
        super().__init__(parent)
        self.percent = 0
        self.colour = ""
        self.setFixedHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_progress(self, percent: int, colour: str = "") -> None:
        self.percent, self.colour = percent, colour
        self.setAccessibleDescription(f"{percent}%")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        c = palette()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = readable_on_surface(self.colour) if self.colour else QColor(c["accent"])
        paint_bar(p, QRectF(self.rect()), self.percent, colour, QColor(c["track"]))
        p.end()


class AreaCard(QAbstractButton):
    """One area at a glance; clicking (or Enter/Space) opens its page."""

    def __init__(self, area: AreaStatus, today, parent: QWidget | None = None, *, target_line: bool = False) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.area = area
        self.today = today
        self.target_line = target_line or area.target is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(CARD_MIN_WIDTH - 20)
        self.setFixedHeight(self._height())
        entries = count_text(area.evidence_count, strings.ENTRIES_ONE, strings.ENTRIES_MANY)
        self.setAccessibleName(
            strings.CARD_NAME.format(
                name=area.name, percent=area.progress, done=area.done, total=area.total, entries=entries
            )
        )
        self.setToolTip(strings.CARD_TIP.format(name=area.name))
        self.setText(area.name)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.click()  # Enter opens the area, as Space does
            return
        super().keyPressEvent(event)

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        font.setPointSizeF(self.font().pointSizeF() * 1.08)
        return font

    def _height(self) -> int:
        title = QFontMetricsF(self._title_font()).height()
        line = QFontMetricsF(self.font()).height() + 3
        lines = 3 if self.target_line else 2
        return math.ceil(2 + 14 + title + 10 + 7 + 10 + lines * line + 10)

    def sizeHint(self) -> QSize:
        return QSize(CARD_MIN_WIDTH, self._height())

    def _texts(self) -> tuple[str, list[str], str]:
        """The title, the lines under the bar, and the pace drawn at the end of the last line ("" for none)."""
        a = self.area
        milestones = strings.CARD_MILESTONES.format(done=a.done, total=a.total)
        if a.doing:
            milestones += strings.CARD_DOING.format(n=a.doing)
        lines = [milestones, activity_text(a, self.today)]
        if self.target_line:
            lines.append(strings.TARGET.format(day=day_text(a.target)) if a.target else strings.NO_TARGET)
        return a.name, lines, pace_text(a.pace, short=True)[0] if a.target else ""

    def needed_width(self) -> int:
        """The width at which nothing on the card is cut short: its name beside the percentage, each line, the pace
        beside the target."""
        title, lines, pace = self._texts()
        big, small = QFontMetricsF(self._title_font()), QFontMetricsF(self.font())
        inner = big.horizontalAdvance(title) + big.horizontalAdvance(f"{self.area.progress}%") + 26
        inner = max([inner, *(small.horizontalAdvance(t) for t in lines)])
        if pace:
            inner = max(inner, small.horizontalAdvance(lines[-1]) + 12 + small.horizontalAdvance(pace))
        return math.ceil(inner) + 2 + 32  # the border and the padding either side

    def cut_short(self) -> bool:
        """Whether something on the card does not fit at its current width (drawn cut with "…")."""
        return self.width() < self.needed_width()

    def paintEvent(self, event: QPaintEvent) -> None:
        c = palette()
        a = self.area
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        hover = self.underMouse() or self.hasFocus()
        p.setPen(QPen(QColor(c["accent"] if hover else c["border"]), 1.6 if self.hasFocus() else 1))
        p.setBrush(QColor(c["raised"]))
        p.drawRoundedRect(rect, 10, 10)
        colour = readable_on_surface(a.colour)
        inner = rect.adjusted(16, 14, -16, -12)
        title_font = self._title_font()
        p.setFont(title_font)
        fm = QFontMetricsF(title_font)
        percent = f"{a.progress}%"
        percent_w = fm.horizontalAdvance(percent)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawEllipse(QRectF(inner.left(), inner.top() + fm.height() / 2 - 5, 10, 10))
        p.setPen(QColor(c["heading"]))
        name = fm.elidedText(a.name, Qt.TextElideMode.ElideRight, inner.width() - percent_w - 26)
        p.drawText(
            QRectF(inner.left() + 18, inner.top(), inner.width() - 18, fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        p.setPen(QColor(c["text"] if a.progress else c["muted"]))
        p.drawText(
            QRectF(inner.left(), inner.top(), inner.width(), fm.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            percent,
        )
        y = inner.top() + fm.height() + 10
        paint_bar(p, QRectF(inner.left(), y, inner.width(), 7), a.progress, colour, QColor(c["track"]))
        y += 7 + 10
        p.setFont(self.font())
        small = QFontMetricsF(self.font())
        lines = list(zip(self._texts()[1], ("text", "muted", "muted"), strict=False))
        for text, key in lines:
            p.setPen(QColor(c[key]))
            shown = small.elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
            p.drawText(QRectF(inner.left(), y, inner.width(), small.height()), Qt.AlignmentFlag.AlignLeft, shown)
            y += small.height() + 3
        if a.target:  # the pace, right-aligned on the target's line
            text, key = pace_text(a.pace, short=True)
            y -= small.height() + 3
            room = inner.width() - small.horizontalAdvance(lines[-1][0]) - 12
            p.setPen(QColor(c[key]))
            p.drawText(
                QRectF(inner.left(), y, inner.width(), small.height()),
                Qt.AlignmentFlag.AlignRight,
                small.elidedText(text, Qt.TextElideMode.ElideRight, room),
            )
        p.end()

    def enterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.update()
        super().leaveEvent(event)


class OverviewPage(QWidget):
    """Every area of the roadmap as a card; ``areaChosen`` carries the clicked area's id."""

    areaChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[str, AreaCard] = {}
        self.welcome = QFrame(self)
        self.welcome.setObjectName("Welcome")
        title = QLabel(strings.WELCOME_TITLE, self.welcome)
        title.setObjectName("WelcomeTitle")
        self.welcome_text = QLabel("", self.welcome)
        self.welcome_text.setWordWrap(True)
        self.welcome_text.setTextFormat(Qt.TextFormat.RichText)
        box = QVBoxLayout(self.welcome)
        box.setContentsMargins(18, 14, 18, 14)
        box.addWidget(title)
        box.addWidget(self.welcome_text)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(self.welcome)
        self.welcome.setVisible(False)  # until the status says there is no evidence yet (not while it is read)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self._columns = 0

    def set_status(self, status: RoadmapStatus) -> None:
        for card in self.cards.values():
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        with_target = any(a.target for a in status.areas)
        for area in status.areas:
            card = AreaCard(area, status.today, self, target_line=with_target)
            card.clicked.connect(lambda _checked=False, area_id=area.id: self.areaChosen.emit(area_id))
            self.cards[area.id] = card
        empty = not any(a.evidence_count or a.done or a.doing for a in status.areas)
        example = status.areas[0].id if status.areas else "serving"
        self.welcome_text.setText(strings.WELCOME_TEXT.format(example=f"#{example}"))
        self.welcome.setVisible(empty)
        self._columns = 0
        self._reflow()

    def _reflow(self) -> None:
        # As many columns as fit cards wide enough for their longest name and line (a fixed 330 pixels cut "Turning
        # research code into softw…" once a 1600-pixel window made room for four).
        spacing = self.grid.spacing()
        card = max([CARD_MIN_WIDTH, *(c.needed_width() for c in self.cards.values())])
        columns = max(1, min(4, (self.width() + spacing) // (card + spacing))) if self.width() > 0 else 2
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards.values():
            self.grid.removeWidget(card)
        for i, card in enumerate(self.cards.values()):
            self.grid.addWidget(card, i // columns, i % columns)
        for col in range(4):
            self.grid.setColumnStretch(col, 1 if col < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow()
