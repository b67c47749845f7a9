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
