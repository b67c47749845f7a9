"""The entry list's custom date range."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QWidget


class DateRangeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Custom date range")
        self.since = QDateEdit(self, calendarPopup=True)
        self.until = QDateEdit(self, calendarPopup=True)
        today = dt.date.today()
        self.since.setDate(today.replace(day=1))
        self.until.setDate(today)
        for w, name in ((self.since, "From"), (self.until, "To")):
            w.setDisplayFormat("yyyy-MM-dd")
            w.setAccessibleName(f"{name} day")
            w.setToolTip(f"{name} this day (inclusive)")
        form = QFormLayout(self)
        form.addRow("From", self.since)
        form.addRow("To", self.until)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def range(self) -> tuple[dt.date, dt.date]:
        a, b = self.since.date().toPython(), self.until.date().toPython()
        return (a, b) if a <= b else (b, a)
