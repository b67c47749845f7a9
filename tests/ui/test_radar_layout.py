"""The Insights radar in the space a 1024×700 window gives it (about 320 pixels wide) and wider: its labels and its
legend stay inside the chart and never overlap (the legend ran off both sides and the label at the top ran into its
neighbours), in the widget and in the saved image alike (both paint through RadarChart.shape_in)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from journal.roadmap_format import builtin_roadmap
from ui.roadmap.charts import AreaPoint, RadarChart


def _areas() -> list[AreaPoint]:
    return [AreaPoint(a.id, a.name, a.colour or "#2563eb", 20, 3) for a in builtin_roadmap().areas]


@pytest.mark.parametrize(("width", "height"), [(322, 340), (400, 340), (520, 360), (900, 420)])
def test_the_radars_labels_and_legend_fit_and_do_not_overlap(qtbot, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    chart = RadarChart()
    qtbot.addWidget(chart)
    areas = _areas()
    assert len(areas) == 15
    chart.set_data(areas)
    rect = QRectF(0, 0, width, height)
    shape = chart.shape_in(rect, QFontMetricsF(chart._small_font()))
    boxes = [label.box for label in shape.labels] + [item.box for item in shape.legend]
    assert len(shape.labels) == 15 and len(shape.legend) == 2
    for box in boxes:
        assert rect.contains(box), (box, rect)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.intersects(b), (a, b)
    assert all(item.text.rstrip("…") for item in shape.legend)
    if width >= 520:
        assert shape.legend[0].box.top() == shape.legend[1].box.top()  # room for both on one row
        assert not any(item.text.endswith("…") for item in shape.legend)


def _months(start_year: int, start_month: int, n: int) -> list[str]:
    out = []
    y, m = start_year, start_month
    for _ in range(n):
        out.append(f"{y}-{m:02}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@pytest.mark.parametrize("slot", [14.0, 22.0, 40.0, 80.0])
def test_the_months_chart_names_months_evenly_and_years_apart(qtbot, slot: float) -> None:  # type: ignore[no-untyped-def]
    from ui.roadmap import strings
    from ui.roadmap.charts import AreaMonthsChart, month_marks

    chart = AreaMonthsChart()
    qtbot.addWidget(chart)
    fm = QFontMetricsF(chart._small_font())
    months = _months(2025, 12, 13)  # Dec 2025 … Dec 2026, as Insights' last 12 months on 3 Dec
    named, years = month_marks(months, slot, fm)
    steps = {b - a for a, b in itertools.pairwise(sorted(named))}
    assert 0 in named and len(steps) <= 1  # evenly spaced
    step = steps.pop() if steps else 1
    assert step * slot >= max(fm.horizontalAdvance(m) for m in strings.MONTHS) + 2  # the names never touch
    if slot >= 40:
        assert named == set(range(13))
    assert 1 in years  # January 2026
    ordered = sorted(years)
    assert all((b - a) * slot >= fm.horizontalAdvance("2026") + 4 for a, b in itertools.pairwise(ordered))
    assert (0 in years) == (slot >= fm.horizontalAdvance("0000") + 6)
