"""The entry's day: a date field that is one Tab stop.

``QDateEdit`` moves between its sections (weekday, day, month, year) on Tab, so reaching the next field took one Tab
per section. Here Tab and Shift+Tab leave the field; the arrow keys still move between its sections, and Up/Down (or
the mouse wheel) change the one under the cursor."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit


class DayEdit(QDateEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QAbstractSpinBox.focusNextPrevChild(self, next)
