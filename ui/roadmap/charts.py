"""The insights charts, drawn with QPainter: a calendar heatmap of writing, entries per area per month, and a radar
of area coverage. Each paints into any rectangle, so the same code draws the widget and a saved PNG or SVG file."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from journal.dates import today as local_today
from journal.fileio import atomic_write_bytes
from journal.stats import DayActivity
from ui.roadmap import strings
from ui.roadmap.style import count_text, day_text, mix, palette, readable_on_surface

EXPORT_SCALE = 2  # PNGs are saved at twice the widget's size, sharp on high-density screens


@dataclass(frozen=True)
class AreaPoint:
    """One area as the charts need it."""

    id: str
    name: str
    colour: str
    progress: int
    entries: int


class Chart(QWidget):
    """A chart widget: subclasses implement ``draw`` for a rectangle; ``save`` writes PNG or SVG (by suffix)."""

    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.title)

    def draw(self, p: QPainter, rect: QRectF, c: dict[str, str]) -> None:
        raise NotImplementedError

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setFont(self.font())
        self.draw(p, QRectF(self.rect()), palette())
        p.end()

    def export_size(self) -> QSize:
        size = self.size()
        return size if size.width() > 50 and size.height() > 50 else self.sizeHint()

    @staticmethod
    def output_path(path: Path) -> Path:
        """The file ``save`` writes for ``path``: PNG or SVG by its suffix; anything else gets ".png"."""
        return path if path.suffix.lower() in (".png", ".svg") else path.with_name(path.name + ".png")

    def save(self, path: Path) -> Path:
        """Write the chart as PNG or SVG (chosen by the file's suffix; anything else gets ".png"), atomically."""
        path = self.output_path(path)
        size = self.export_size()
        c = palette()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if path.suffix.lower() == ".svg":
            gen = QSvgGenerator()
            gen.setOutputDevice(buffer)
            gen.setSize(size)
            gen.setViewBox(QRect(0, 0, size.width(), size.height()))
            gen.setTitle(self.title)
            gen.setDescription(self.accessibleDescription() or self.title)
            p = QPainter(gen)
            self._paint_export(p, size, c)
        else:
            image = QImage(size * EXPORT_SCALE, QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(EXPORT_SCALE)
            p = QPainter(image)
            self._paint_export(p, size, c)
            if not image.save(buffer, "PNG"):
                raise OSError("the image could not be encoded")
        data = bytes(buffer.data().data())
        buffer.close()
        atomic_write_bytes(path, data)
        return path

    def _paint_export(self, p: QPainter, size: QSize, c: dict[str, str]) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setFont(self.font())
        rect = QRectF(0, 0, size.width(), size.height())
        p.fillRect(rect, QColor(c["raised"]))
        self.draw(p, rect, c)
        p.end()

    def _small_font(self, scale: float = 0.85) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * scale))
        return font


def wrap_two(fm: QFontMetricsF, text: str, width: float) -> list[str]:
    """``text`` on at most two lines of ``width``: words wrapped, the rest of the second line elided."""
    words = text.split()
    first = ""
    while words and fm.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:
        return [fm.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    if not words:
        return [first]
    return [first, fm.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)]


def month_marks(months: Sequence[str], slot: float, fm: QFontMetricsF) -> tuple[set[int], set[int]]:
    """Which of the ``months`` ("YYYY-MM", one per ``slot`` pixels) are named under the bars, and under which the
    year is written. Every month while the names fit, else every second (third…) one, evenly: a name that alone did
    not fit (May) left a gap. The year under each January, and under the first month unless it would run into the
    next January's (at 1024x700 "2025" and "2026" touched)."""
    widest = max((fm.horizontalAdvance(m) for m in strings.MONTHS), default=0.0)
    step = max(1, math.ceil((widest + 4) / slot)) if slot > 0 else 1
    named = set(range(0, len(months), step))
    years = {i for i, m in enumerate(months) if m[5:7] == "01"}
    first_january = min(years, default=None)
    if (
        months
        and first_january != 0
        and (first_january is None or first_january * slot >= fm.horizontalAdvance("0000") + 6)
    ):
        years.add(0)
    return named, years


def nice_ceiling(value: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)


# ---------------------------------------------------------------------------------------------------------------------


class HeatmapChart(Chart):
    """A year of days as a grid of weeks (columns, Monday on top) coloured by entries or words written."""

    title = strings.CHART_CALENDAR
    LEFT, TOP, BOTTOM, GAP = 34.0, 20.0, 26.0, 3.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: dict[dt.date, DayActivity] = {}
        self.start = self.end = self.today = local_today()
        self.measure = "entries"
        self._cells: list[tuple[QRectF, dt.date]] = []
        self.setFixedHeight(int(self.TOP + 7 * 18 + self.BOTTOM + 4))

    def sizeHint(self) -> QSize:
        return QSize(960, self.height())

    def set_data(self, days: dict[dt.date, DayActivity], start: dt.date, end: dt.date, today: dt.date) -> None:
        self.days, self.start, self.end, self.today = days, start, end, today
        n = sum(d.entries for d in days.values())
        self.setAccessibleDescription(f"{count_text(n, strings.ENTRIES_ONE, strings.ENTRIES_MANY)}, {len(days)} days")
        self.update()

    def set_measure(self, measure: str) -> None:
        self.measure = measure
        self.update()

    def value(self, day: dt.date) -> int:
        activity = self.days.get(day)
        if activity is None:
            return 0
        return activity.words if self.measure == "words" else activity.entries

    def thresholds(self) -> list[float]:
        """Upper bounds of levels 1-3 (level 4 is above): quartiles of the non-zero values, like a contributions
        graph, so one huge day does not wash out the rest."""
        values = sorted(v for v in (self.value(d) for d in self.days) if v > 0)
        if not values:
            return [1, 2, 3]
        return [values[min(len(values) - 1, int(len(values) * q))] for q in (0.25, 0.5, 0.75)]

    def level(self, value: int, bounds: Sequence[float]) -> int:
        if value <= 0:
            return 0
        return 1 + sum(1 for b in bounds if value > b)

    def draw(self, p: QPainter, rect: QRectF, c: dict[str, str]) -> None:
        first = self.start - dt.timedelta(days=self.start.weekday())
        weeks = (self.end - first).days // 7 + 1
        room = rect.width() - self.LEFT - 8
        cell = max(6.0, min(15.0, room / weeks - self.GAP, (rect.height() - self.TOP - self.BOTTOM) / 7 - self.GAP))
        step = cell + self.GAP
        left = rect.left() + max(0.0, (room - weeks * step) / 2)  # centred in the card
        origin = QPointF(left + self.LEFT, rect.top() + self.TOP)
        track, accent = QColor(c["track"]), QColor(c["accent"])
        colours = [track, *(mix(track, accent, t) for t in (0.4, 0.6, 0.8, 1.0))]
        bounds = self.thresholds()
        p.setFont(self._small_font())
        p.setPen(QColor(c["muted"]))
        for row, label in enumerate(strings.WEEKDAYS):
            if label:
                y = origin.y() + row * step
                align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                p.drawText(QRectF(left, y - 2, self.LEFT - 6, cell + 4), align, label)
        self._cells = []
        last_label_x = -100.0
        p.setPen(Qt.PenStyle.NoPen)
        for week in range(weeks):
            x = origin.x() + week * step
            for row in range(7):
                day = first + dt.timedelta(days=week * 7 + row)
                if day < self.start or day > self.end:
                    continue
                starts_month = day.day == 1 or (week == 0 and row == self.start.weekday())
                if starts_month and x - last_label_x > 3 * step:
                    p.setPen(QColor(c["muted"]))
                    p.drawText(QPointF(x, origin.y() - 7), strings.MONTHS[day.month - 1])
                    p.setPen(Qt.PenStyle.NoPen)
                    last_label_x = x
                box = QRectF(x, origin.y() + row * step, cell, cell)
                if day > self.today:
                    p.setPen(QPen(track, 1))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 2.5, 2.5)
                    p.setPen(Qt.PenStyle.NoPen)
                    continue
                p.setBrush(colours[self.level(self.value(day), bounds)])
                p.drawRoundedRect(box, 2.5, 2.5)
                self._cells.append((box, day))
        # Legend: Less ■■■■■ More, under the grid's right end.
        legend_y = origin.y() + 7 * step + 6
        right = origin.x() + weeks * step - self.GAP
        fm = QFontMetricsF(p.font())
        more_w = fm.horizontalAdvance(strings.MORE_LEGEND)
        x = right - more_w
        p.setPen(QColor(c["muted"]))
        p.drawText(QRectF(x, legend_y, more_w + 2, cell + 2), Qt.AlignmentFlag.AlignVCenter, strings.MORE_LEGEND)
        x -= 6 + 5 * step
        p.setPen(Qt.PenStyle.NoPen)
        for i, colour in enumerate(colours):
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(x + i * step, legend_y + 1, cell, cell), 2.5, 2.5)
        less_w = fm.horizontalAdvance(strings.LESS)
        p.setPen(QColor(c["muted"]))
        p.drawText(QRectF(x - less_w - 6, legend_y, less_w + 2, cell + 2), Qt.AlignmentFlag.AlignVCenter, strings.LESS)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        for box, day in self._cells:
            if box.contains(pos):
                activity = self.days.get(day)
                label = day_text(day)
                if activity is None:
                    text = strings.DAY_TIP_NONE.format(day=label)
                else:
                    entries = count_text(activity.entries, strings.ENTRIES_ONE, strings.ENTRIES_MANY)
                    words = count_text(activity.words, strings.WORDS_ONE, strings.WORDS_MANY)
                    text = strings.DAY_TIP.format(day=label, entries=entries, words=words)
                QToolTip.showText(event.globalPosition().toPoint(), text, self)
                return
        QToolTip.hideText()


# ---------------------------------------------------------------------------------------------------------------------


class AreaMonthsChart(Chart):
    """Stacked bars: evidence entries per month, one colour per area, with a legend of the areas present."""

    title = strings.CHART_MONTHS
    LEFT, TOP, AXIS = 34.0, 10.0, 34.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[str] = []
        self.counts: dict[str, dict[str, int]] = {}
        self.areas: list[AreaPoint] = []
        self._bars: list[tuple[QRectF, str]] = []
        self.setMinimumHeight(300)

    def sizeHint(self) -> QSize:
        return QSize(560, 320)

    def set_data(self, months: Sequence[str], counts: dict[str, dict[str, int]], areas: Sequence[AreaPoint]) -> None:
        self.months, self.counts, self.areas = list(months), counts, list(areas)
        total = sum(sum(v.values()) for v in counts.values())
        self.setAccessibleDescription(count_text(total, strings.ENTRIES_ONE, strings.ENTRIES_MANY))
        self.update()

    def _legend(self, p: QPainter, rect: QRectF, c: dict[str, str], present: list[AreaPoint]) -> float:
        """Draw the legend wrapped at the bottom of ``rect``; returns its height."""
        fm = QFontMetricsF(p.font())
        line = fm.height() + 4
        items: list[tuple[float, float, AreaPoint, str]] = []
        x, y = rect.left() + self.LEFT, 0.0
        for area in present:
            label = fm.elidedText(area.name, Qt.TextElideMode.ElideRight, 170)
            width = 14 + fm.horizontalAdvance(label) + 14
            if x + width > rect.right() and x > rect.left() + self.LEFT:
                x, y = rect.left() + self.LEFT, y + line
            items.append((x, y, area, label))
            x += width
        height = (y + line) if items else 0.0
        top = rect.bottom() - height
        for ix, iy, area, label in items:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(readable_on_surface(area.colour))
            p.drawRoundedRect(QRectF(ix, top + iy + (line - 10) / 2, 10, 10), 2, 2)
            p.setPen(QColor(c["text"]))
            p.drawText(QRectF(ix + 14, top + iy, 200, line), Qt.AlignmentFlag.AlignVCenter, label)
        return height

    def draw(self, p: QPainter, rect: QRectF, c: dict[str, str]) -> None:
        p.setFont(self._small_font())
        fm = QFontMetricsF(p.font())
        totals = {m: sum(self.counts.get(m, {}).values()) for m in self.months}
        present = [a for a in self.areas if any(self.counts.get(m, {}).get(a.id) for m in self.months)]
        legend_h = self._legend(p, rect, c, present)
        plot = QRectF(
            rect.left() + self.LEFT,
            rect.top() + self.TOP,
            rect.width() - self.LEFT - 8,
            rect.height() - self.TOP - self.AXIS - legend_h - 6,
        )
        top_value = 2 * nice_ceiling(max(totals.values(), default=0) / 2)  # the middle tick is a whole number too
        p.setPen(QPen(QColor(c["border"]), 1))
        for i in range(3):
            y = plot.bottom() - plot.height() * i / 2
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if not present:
                continue  # no scale to read on an empty chart
            p.setPen(QColor(c["muted"]))
            value = top_value * i / 2
            p.drawText(
                QRectF(rect.left(), y - 8, self.LEFT - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:g}",
            )
            p.setPen(QPen(QColor(c["border"]), 1))
        self._bars = []
        n = max(1, len(self.months))
        slot = plot.width() / n
        width = max(4.0, min(34.0, slot * 0.62))
        named, years = month_marks(self.months, slot, fm)
        for i, month in enumerate(self.months):
            x = plot.left() + i * slot + (slot - width) / 2
            y = plot.bottom()
            p.setPen(Qt.PenStyle.NoPen)
            for area in self.areas:
                count = self.counts.get(month, {}).get(area.id, 0)
                if not count:
                    continue
                h = plot.height() * count / top_value
                p.setBrush(readable_on_surface(area.colour))
                p.drawRect(QRectF(x, y - h, width, h))
                y -= h
            self._bars.append((QRectF(plot.left() + i * slot, plot.top(), slot, plot.height()), month))
            year, mon = int(month[:4]), int(month[5:7])
            p.setPen(QColor(c["muted"]))
            label = strings.MONTHS[mon - 1]
            if i in named:
                p.drawText(
                    QRectF(x - slot, plot.bottom() + 3, width + 2 * slot, 14), Qt.AlignmentFlag.AlignHCenter, label
                )
            if i in years:
                p.drawText(
                    QRectF(x - slot, plot.bottom() + 16, width + 2 * slot, 14), Qt.AlignmentFlag.AlignHCenter, str(year)
                )
        if not present:
            p.setPen(QColor(c["muted"]))
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, strings.MONTHS_EMPTY)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        for box, month in self._bars:
            if box.contains(event.position()):
                by_area = self.counts.get(month, {})
                lines = [f"{a.name}: {by_area[a.id]}" for a in self.areas if by_area.get(a.id)]
                total = count_text(sum(by_area.values()), strings.ENTRIES_ONE, strings.ENTRIES_MANY)
                head = strings.MONTH_TIP.format(month=f"{strings.MONTHS[int(month[5:7]) - 1]} {month[:4]}", total=total)
                QToolTip.showText(event.globalPosition().toPoint(), "\n".join([head, *lines]), self)
                return
        QToolTip.hideText()


# ---------------------------------------------------------------------------------------------------------------------


LEGEND_LINE = 28  # a legend item's line sample and the gap after it
LEGEND_SPACING = 18  # between legend items on one row
LABEL_GAP = 3  # between a centred label and its neighbours


def spoke(centre: QPointF, i: int, n: int, r: float) -> QPointF:
    """The point ``r`` out along spoke ``i`` of ``n`` (the first points up, the others clockwise)."""
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))


@dataclass(frozen=True)
class RadarLabel:
    box: QRectF
    lines: list[str]
    align: Qt.AlignmentFlag


@dataclass(frozen=True)
class LegendItem:
    index: int  # which item: its colour and line style
    text: str  # elided when even alone on a row it would not fit
    box: QRectF  # the line sample and the text


@dataclass(frozen=True)
class RadarShape:
    centre: QPointF
    radius: float
    labels: list[RadarLabel]
    legend: list[LegendItem]


def legend_rows(fm: QFontMetricsF, texts: list[str], rect: QRectF) -> list[LegendItem]:
    """The legend's items at the bottom of ``rect``, side by side while they fit and on more rows when not, each
    row centred."""
    room = rect.width() - 8
    rows: list[list[tuple[int, str, float]]] = [[]]
    used = 0.0
    for index, text in enumerate(texts):
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, room - LEGEND_LINE)
        width = LEGEND_LINE + fm.horizontalAdvance(shown) + 4
        if rows[-1] and used + LEGEND_SPACING + width > room:
            rows.append([])
            used = 0.0
        used += (LEGEND_SPACING if rows[-1] else 0) + width
        rows[-1].append((index, shown, width))
    line_h = fm.height() + 4
    top = rect.bottom() - len(rows) * line_h - 4
    items = []
    for r, row in enumerate(rows):
        total = sum(width for _, _, width in row) + LEGEND_SPACING * (len(row) - 1)
        x = max(rect.left() + 4, rect.center().x() - total / 2)
        for index, shown, width in row:
            items.append(LegendItem(index, shown, QRectF(x, top + r * line_h, width, fm.height())))
            x += width + LEGEND_SPACING
    return items


class RadarChart(Chart):
    """One spoke per area: how much of it is done (filled) and how much was written in it (dashed, relative to the
    most-written area)."""

    title = strings.CHART_RADAR

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.areas: list[AreaPoint] = []
        self.setMinimumHeight(340)

    def sizeHint(self) -> QSize:
        return QSize(520, 360)

    def set_data(self, areas: Sequence[AreaPoint]) -> None:
        self.areas = list(areas)
        described = ", ".join(f"{a.name} {a.progress}%" for a in self.areas)
        self.setAccessibleDescription(described)
        self.update()

    def shape_in(self, rect: QRectF, fm: QFontMetricsF) -> RadarShape:
        """Where the radar, its labels and its legend go in ``rect``. Nothing leaves the rectangle and no two labels
        overlap: at 1024x700 the chart is ~320 pixels wide, and the legend ran off both sides while the label at the
        top ran into its neighbours."""
        n = len(self.areas)
        legend = legend_rows(fm, [strings.RADAR_DONE, strings.RADAR_WRITING], rect)
        legend_h = (legend[-1].box.bottom() - legend[0].box.top() if legend else 0) + 8
        label_w = min(130.0, max(80.0, rect.width() * 0.2))
        radius = max(
            30.0, min((rect.width() - 2 * label_w - 16) / 2, (rect.height() - legend_h - 4 * fm.height() - 20) / 2)
        )
        centre = QPointF(rect.center().x(), rect.top() + 2 * fm.height() + 10 + radius)
        # A label at the top or the bottom is centred on its spoke: no wider than the room between its neighbours'.
        between = 2 * (radius + 8) * math.sin(2 * math.pi / n) - 2 * LABEL_GAP if n >= 3 else label_w
        labels = []
        for i, a in enumerate(self.areas):
            anchor = spoke(centre, i, n, radius + 8)
            dx, dy = anchor.x() - centre.x(), anchor.y() - centre.y()
            centred = abs(dx) < radius * 0.2
            lines = wrap_two(fm, a.name, min(label_w, between) if centred else label_w)
            w = max(fm.horizontalAdvance(line) for line in lines) + 2
            h = fm.height() * len(lines)
            if centred:
                x, align = anchor.x() - w / 2, Qt.AlignmentFlag.AlignHCenter
            elif dx > 0:
                x, align = anchor.x(), Qt.AlignmentFlag.AlignLeft
            else:
                x, align = anchor.x() - w, Qt.AlignmentFlag.AlignRight
            x = max(rect.left(), min(x, rect.right() - w))
            y = anchor.y() - h if dy < -radius * 0.8 else anchor.y() if dy > radius * 0.8 else anchor.y() - h / 2
            labels.append(RadarLabel(QRectF(x, y, w, h), lines, align))
        return RadarShape(centre, radius, labels, legend)

    def draw(self, p: QPainter, rect: QRectF, c: dict[str, str]) -> None:
        n = len(self.areas)
        if n < 3:
            p.setPen(QColor(c["muted"]))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, strings.RADAR_EMPTY)
            return
        p.setFont(self._small_font())
        fm = QFontMetricsF(p.font())
        shape = self.shape_in(rect, fm)
        centre, radius = shape.centre, shape.radius

        def point(i: int, r: float) -> QPointF:
            return spoke(centre, i, n, r)

        p.setBrush(Qt.BrushStyle.NoBrush)
        for ring in (0.25, 0.5, 0.75, 1.0):
            p.setPen(QPen(QColor(c["border"]), 1.2 if ring == 1.0 else 1))
            p.drawPolygon(QPolygonF([point(i, radius * ring) for i in range(n)]))
        for i in range(n):
            p.drawLine(centre, point(i, radius))
        most = max((a.entries for a in self.areas), default=0)
        accent, second = QColor(c["accent"]), QColor(c["second"])
        if most:
            writing = QPolygonF([point(i, radius * a.entries / most) for i, a in enumerate(self.areas)])
            p.setPen(QPen(second, 1.6, Qt.PenStyle.DashLine))
            p.drawPolygon(writing)
        fill = QColor(accent)
        fill.setAlpha(60)
        p.setBrush(fill)
        p.setPen(QPen(accent, 2))
        p.drawPolygon(QPolygonF([point(i, radius * a.progress / 100) for i, a in enumerate(self.areas)]))
        for i, a in enumerate(self.areas):
            if not a.progress:
                continue
            p.setPen(QPen(QColor(c["raised"]), 1.2))
            p.setBrush(readable_on_surface(a.colour))
            p.drawEllipse(point(i, radius * a.progress / 100), 3.2, 3.2)
        p.setPen(QColor(c["text"]))
        for label in shape.labels:
            p.drawText(label.box, label.align | Qt.AlignmentFlag.AlignVCenter, "\n".join(label.lines))
        # Legend
        looks = ((accent, Qt.PenStyle.SolidLine), (second, Qt.PenStyle.DashLine))
        for item in shape.legend:
            colour, style = looks[item.index]
            mid = item.box.top() + fm.height() / 2
            p.setPen(QPen(colour, 2, style))
            p.drawLine(QPointF(item.box.left(), mid), QPointF(item.box.left() + 22, mid))
            p.setPen(QColor(c["muted"]))
            text_box = item.box.adjusted(LEGEND_LINE, 0, 0, 0)
            p.drawText(text_box, Qt.AlignmentFlag.AlignVCenter, item.text)
        if most == 0 and all(a.progress == 0 for a in self.areas):
            half = min(150.0, radius * 0.85)
            box = QRectF(centre.x() - half, centre.y() - 28, 2 * half, 56)
            back = QColor(c["raised"])
            back.setAlpha(235)
            p.setPen(QPen(QColor(c["border"]), 1))
            p.setBrush(back)
            p.drawRoundedRect(box, 8, 8)
            p.setPen(QColor(c["muted"]))
            p.drawText(
                box.adjusted(10, 4, -10, -4),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                strings.RADAR_EMPTY,
            )
