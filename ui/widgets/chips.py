"""The colours of a skill area's chip (the entry list's and the editor's), readable in both themes.

A chip is a tint of the area's colour over the surface it sits on, with its name in a shade of the same colour. The
shade is moved towards black (light theme) or white (dark theme) until it reaches ``MIN_CONTRAST`` against the tint:
a fixed "lighter by 50 %" left orange and red names at 3.7:1 on the dark theme, under what small text needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

MIN_CONTRAST = 4.5  # WCAG AA for text under 18 pt: a chip's name is 8-9 pt
TINT = {"light": 0.16, "dark": 0.26}  # how much of the area's colour is in the chip's fill


@dataclass(frozen=True)
class ChipColours:
    fill: QColor
    text: QColor
    border: QColor


def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG 2)."""

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(colour: QColor, surface: QColor, amount: float) -> QColor:
    """``amount`` of ``colour`` over ``surface``, opaque."""
    return QColor.fromRgbF(
        colour.redF() * amount + surface.redF() * (1 - amount),
        colour.greenF() * amount + surface.greenF() * (1 - amount),
        colour.blueF() * amount + surface.blueF() * (1 - amount),
    )


def readable_shade(colour: QColor, fill: QColor, dark: bool, minimum: float = MIN_CONTRAST) -> QColor:
    """``colour`` moved towards white (dark theme) or black (light) until it reads on ``fill``."""
    target = QColor("#ffffff") if dark else QColor("#000000")
    start = colour.lighter(140) if dark else colour.darker(130)
    for step in range(21):
        shade = mix(target, start, step / 20)
        if contrast(shade, fill) >= minimum:
            return shade
    return target


def chip_colours(colour: str, theme_name: str, surface: str) -> ChipColours:
    """The fill, text and border of an area's chip drawn on ``surface`` in the theme ``theme_name``."""
    dark = theme_name == "dark"
    base = QColor(colour) if QColor(colour).isValid() else QColor("#6b7280")
    fill = mix(base, QColor(surface), TINT["dark" if dark else "light"])
    return ChipColours(fill, readable_shade(base, fill, dark), base)
