"""A compact month calendar for the navigation column: days with entries are bold with a dot under the number, the day
the list shows is filled with the accent colour, today has a ring. Clicking a day (or Enter on it) asks for that day's
entries (``dayChosen``). Drawn by ``paintCell`` from the theme's palette, so it follows the light and dark themes; its
navigation bar is styled in resources/styles/app.qss (``#EntryCalendar``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QLocale, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

from ui import strings, theme
from ui.damage import unless_damaged

# Reads the number of entries per day in a range of days (journal.queries.day_counts over the journal).
DayCounts = Callable[[dt.date, dt.date], dict[dt.date, int]]


def _date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


class EntryCalendar(QCalendarWidget):
    dayChosen = Signal(object)  # dt.date

    def __init__(
        self, counts: DayCounts, parent: QWidget | None = None, *, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EntryCalendar")
        self.setAccessibleName(strings.CALENDAR_NAME)
        self.setToolTip(strings.CALENDAR_TIP)
        self._counts = counts
        self._today = today
        self.marked: dict[dt.date, int] = {}
        self.shown_day: dt.date | None = None  # the day the entry list shows, if it shows one
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames)
        self.setFirstDayOfWeek(QLocale.system().firstDayOfWeek())
        self.setSelectedDate(_qdate(today()))
        self.set_theme(theme.current())
        self._theme_later = QTimer(self)  # a child: it goes with the calendar
        self._theme_later.setSingleShot(True)
        self._theme_later.setInterval(0)
        self._theme_later.timeout.connect(lambda: self.set_theme(theme.current()))
        self.currentPageChanged.connect(lambda _year, _month: self.refresh())
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)
        self.refresh()

    def set_theme(self, name: str) -> None:
        """The day names' colours (Qt's default makes weekends red)."""
        c = theme.colours(name)
        names = QTextCharFormat()
        names.setForeground(QColor(c["muted"]))
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        names.setFont(font)
        self.setHeaderTextFormat(names)
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(day, names)
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        later = getattr(self, "_theme_later", None)  # None while the widget is being built
        if later is not None and event.type() == QEvent.Type.PaletteChange:  # the theme changed (named just after)
            later.start()

    def refresh(self) -> None:
        """Read again which days of the visible weeks have entries."""
        first = dt.date(self.yearShown(), self.monthShown(), 1)
        start = first - dt.timedelta(days=7)  # the grid shows up to a week before the month and two after
        end = (first + dt.timedelta(days=31)).replace(day=1) + dt.timedelta(days=14)
        self.marked = unless_damaged(lambda: self._counts(start, end), {})  # damage: no marks, the window says why
        self.updateCells()

    def show_day(self, day: dt.date | None) -> None:
        """Fill ``day`` as the one the list shows (None: the list shows no single day)."""
        self.shown_day = day
        if day is not None:
            self.setSelectedDate(_qdate(day))
        self.updateCells()

    def go_to_today(self) -> None:
        today = self._today()
        self.setSelectedDate(_qdate(today))
        self.setCurrentPage(today.year, today.month)

    def _chosen(self, qdate: QDate) -> None:
        self.dayChosen.emit(_date(qdate))

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        c = theme.colours(theme.current())
        day = _date(qdate)
        count = self.marked.get(day, 0)
        shown = day == self.shown_day
        in_month = qdate.month() == self.monthShown()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(rect.width(), rect.height()) - 2
        cell = QRectF(rect.center().x() - side / 2 + 0.5, rect.center().y() - side / 2 + 0.5, side, side)
        if shown:
            path = QPainterPath()
            path.addRoundedRect(cell, 6, 6)
            painter.fillPath(path, QColor(c["accent"]))
        elif day == self._today():
            painter.setPen(QPen(QColor(c["accent"]), 1.2))
            painter.drawRoundedRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        elif qdate == self.selectedDate() and self.hasFocus():
            painter.setPen(QPen(QColor(c["muted"]), 1, Qt.PenStyle.DotLine))
            painter.drawRoundedRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.86))
        if count:
            font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        if shown:
            colour = c["on_accent"]
        elif not in_month:
            colour = c["muted"]
        else:
            colour = c["text"]
        pen = QColor(colour)
        if not in_month and not shown:
            pen.setAlphaF(0.55)
        painter.setPen(pen)
        text_rect = cell.adjusted(0, -3 if count else 0, 0, -3 if count else 0)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, str(qdate.day()))
        if count:
            dot = QColor(c["on_accent"] if shown else c["accent"])
            if not in_month and not shown:
                dot.setAlphaF(0.55)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(dot)
            radius = 1.8
            painter.drawEllipse(QRectF(cell.center().x() - radius, cell.bottom() - 7, 2 * radius, 2 * radius))
        painter.restore()
