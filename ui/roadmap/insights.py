"""The insights page: streak and total tiles, the writing calendar, entries per area per month and the area coverage
radar, each chart in a card with a "Save…" button (PNG or SVG)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.paths import JournalPaths
from journal.progress import Insights, RoadmapStatus
from ui.roadmap import strings
from ui.roadmap.charts import AreaMonthsChart, AreaPoint, Chart, HeatmapChart, RadarChart
from ui.roadmap.style import count_text, day_text


class Tile(QFrame):
    """A number with what it counts, and an optional note under it."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Tile")
        self.value = QLabel("—", self)
        self.value.setObjectName("TileValue")
        self.label = QLabel(label, self)
        self.label.setObjectName("TileLabel")
        self.note = QLabel("", self)
        self.note.setObjectName("TileNote")
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 10, 14, 10)
        box.setSpacing(0)
        box.addWidget(self.label)
        box.addWidget(self.value)
        box.addWidget(self.note)
        self.setAccessibleName(label)

    def set(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.setAccessibleDescription(f"{value} {note}".strip())


class ChartCard(QFrame):
    """A titled card holding one chart and its Save button (plus optional controls beside the title)."""

    def __init__(self, chart: Chart, file_stem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChartCard")
        self.chart = chart
        self.file_stem = file_stem
        self.journal_paths: JournalPaths | None = None  # set by the roadmap view: saves never land on its files
        title = QLabel(chart.title, self)
        title.setObjectName("ChartTitle")
        self.save_button = QPushButton(strings.CHART_SAVE, self)
        self.save_button.setAccessibleName(f"{strings.CHART_SAVE_TIP}: {chart.title}")
        self.save_button.setToolTip(strings.CHART_SAVE_TIP)
        self.save_button.clicked.connect(self.ask_save)
        self.header = QHBoxLayout()
        self.header.addWidget(title)
        self.header.addStretch(1)
        self.header.addWidget(self.save_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.addLayout(self.header)
        box.addWidget(chart)

    def ask_save(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation) or str(Path.home())
        from ui.dialogs.output_path import SAVE_OPTIONS, confirm_output

        name, _ = QFileDialog.getSaveFileName(
            self, strings.CHART_SAVE_TITLE, str(Path(folder) / f"{self.file_stem}.png"), strings.CHART_SAVE_FILTER,
            options=SAVE_OPTIONS,
        )  # fmt: skip
        if not name:
            return
        target = self.chart.output_path(Path(name))
        if self.journal_paths is not None and not confirm_output(self, self.journal_paths, target):
            return
        try:
            self.chart.save(target)
        except OSError as exc:
            QMessageBox.warning(
                self, strings.CHART_SAVE_TITLE, strings.CHART_SAVE_FAILED.format(reason=exc.strerror or exc)
            )


class InsightsPage(QWidget):
    """Shows an ``Insights`` and the roadmap's areas; ``periodChanged`` asks for another period (None: last 12
    months, or a calendar year)."""

    periodChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.period = QComboBox(self)
        self.period.setAccessibleName(strings.PERIOD_NAME)
        self.period.setToolTip(strings.PERIOD_TIP)
        self.period.addItem(strings.PERIOD_LAST, None)
        self.period.currentIndexChanged.connect(lambda _i: self.periodChanged.emit(self.period.currentData()))
        self.tiles = {
            key: Tile(label, self)
            for key, label in (
                ("current", strings.TILE_CURRENT),
                ("longest", strings.TILE_LONGEST),
                ("days", strings.TILE_DAYS),
                ("entries", strings.TILE_ENTRIES),
                ("words", strings.TILE_WORDS),
            )
        }
        self.heatmap = HeatmapChart(self)
        self.months = AreaMonthsChart(self)
        self.radar = RadarChart(self)
        self.calendar_card = ChartCard(self.heatmap, "trailbook-calendar", self)
        self.measure = QComboBox(self)
        self.measure.setAccessibleName(strings.MEASURE_NAME)
        self.measure.setToolTip(strings.MEASURE_TIP)
        self.measure.addItem(strings.MEASURE_ENTRIES, "entries")
        self.measure.addItem(strings.MEASURE_WORDS, "words")
        self.measure.currentIndexChanged.connect(lambda _i: self.heatmap.set_measure(self.measure.currentData()))
        self.calendar_card.header.insertWidget(2, self.measure)
        self.months_card = ChartCard(self.months, "trailbook-areas-per-month", self)
        self.radar_card = ChartCard(self.radar, "trailbook-area-coverage", self)

        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addStretch(1)
        tiles = QHBoxLayout()
        tiles.setSpacing(10)
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)
        pair = QHBoxLayout()
        pair.setSpacing(12)
        pair.addWidget(self.months_card, 1)
        pair.addWidget(self.radar_card, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(self.calendar_card)
        layout.addLayout(pair)
        layout.addStretch(1)

    def set_years(self, years: list[int], current: int | None) -> None:
        """Fill the period picker: last 12 months, then each year with entries (newest first)."""
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem(strings.PERIOD_LAST, None)
        for year in years:
            self.period.addItem(str(year), year)
        index = self.period.findData(current) if current is not None else 0
        self.period.setCurrentIndex(max(0, index))
        self.period.blockSignals(False)

    def set_data(self, insights: Insights, status: RoadmapStatus) -> None:
        s = insights.streaks
        if s.current:
            self.tiles["current"].set(self._days(s.current), strings.STREAK_SINCE.format(day=day_text(s.current_start)))
        else:
            self.tiles["current"].set(strings.STREAK_NONE, strings.STREAK_START)
        if s.longest and s.longest_start and s.longest_end:
            same_year = s.longest_start.year == s.longest_end.year
            start = day_text(s.longest_start, short=same_year)
            note = strings.STREAK_RANGE.format(start=start, end=day_text(s.longest_end))
            self.tiles["longest"].set(self._days(s.longest), note)
        else:
            self.tiles["longest"].set(strings.STREAK_NONE, "")
        self.tiles["days"].set(f"{insights.days_written:,}", strings.IN_PERIOD)
        self.tiles["entries"].set(f"{insights.entries:,}", strings.IN_PERIOD)
        self.tiles["words"].set(f"{insights.words:,}", strings.IN_PERIOD)
        self.heatmap.set_data(insights.days, insights.start, insights.end, status.today)
        points = [AreaPoint(a.id, a.name, a.colour, a.progress, a.evidence_count) for a in status.areas]
        self.months.set_data(insights.months, insights.area_months, points)
        self.radar.set_data(points)

    @staticmethod
    def _days(n: int) -> str:
        return count_text(n, strings.STREAK_ONE, strings.STREAK_DAYS.replace("{n}", "{n:,}"))
