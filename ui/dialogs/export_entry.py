"""Export Entry: which format (PDF, a web page, markdown with its images), and whether to leave the private blocks
out. The file is chosen after, in the platform's save dialog (``ui.entry_export``)."""

from __future__ import annotations

from string import Template

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from journal.entry_export import FORMATS, Format
from ui import strings, theme
from ui.assets import asset

STYLE = Template("""
#ExportEntryDialog #DialogTitle { font-size: 12.5pt; font-weight: 600; color: $heading; }
#ExportEntryDialog #Muted { color: $muted; }
#ExportEntryDialog #SectionLabel { color: $muted; font-size: 9pt; font-weight: 600; }
#ExportEntryDialog #FormatHint { color: $muted; margin-left: 26px; margin-bottom: 6px; }
#ExportEntryDialog QRadioButton::indicator, #ExportEntryDialog QCheckBox::indicator {
  width: 14px; height: 14px; border: 1px solid $muted; background: $input; }
#ExportEntryDialog QRadioButton::indicator { border-radius: 8px; }
#ExportEntryDialog QRadioButton::indicator:checked { border: 5px solid $accent; width: 6px; height: 6px;
  background: $on_accent; }
#ExportEntryDialog QCheckBox::indicator { border-radius: 3px; }
#ExportEntryDialog QCheckBox::indicator:checked { border-color: $accent; background: $accent; image: url($check); }
#ExportEntryDialog QRadioButton:focus::indicator, #ExportEntryDialog QCheckBox:focus::indicator {
  border-color: $accent; }
""")


class ExportEntryDialog(QDialog):
    """Asks how to export one entry: ``chosen_format()`` and ``leave_out_private()`` once accepted."""

    def __init__(
        self, title: str, about: str, *, has_private: bool, fmt: Format = "pdf", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ExportEntryDialog")
        self.setWindowTitle(strings.EXPORT_ENTRY_TITLE)
        check = asset("icons", "check.svg").as_posix()  # the indicators drawn here: Fusion's are faint on dark
        self.setStyleSheet(STYLE.substitute(theme.colours(theme.current()), check=check))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(4)
        heading = QLabel(strings.EXPORT_ENTRY_HEADING.format(title=title), self)
        heading.setObjectName("DialogTitle")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        details = QLabel(about, self)
        details.setObjectName("Muted")
        layout.addWidget(details)
        layout.addSpacing(12)
        section = QLabel(strings.EXPORT_ENTRY_FORMAT_LABEL.upper(), self)
        section.setObjectName("SectionLabel")
        layout.addWidget(section)
        layout.addSpacing(2)

        self.formats = QButtonGroup(self)
        self.buttons: dict[Format, QRadioButton] = {}
        for name in FORMATS:
            label, hint = strings.EXPORT_ENTRY_FORMATS[name]
            button = QRadioButton(label, self)
            button.setAccessibleName(label)
            button.setToolTip(hint)
            self.formats.addButton(button)
            self.buttons[name] = button
            layout.addWidget(button)
            text = QLabel(hint, self)
            text.setObjectName("FormatHint")
            text.setWordWrap(True)
            text.setBuddy(button)
            layout.addWidget(text)
        self.buttons[fmt if fmt in self.buttons else "pdf"].setChecked(True)

        self.private = QCheckBox(strings.EXPORT_ENTRY_LEAVE_OUT_PRIVATE, self)
        self.private.setToolTip(strings.EXPORT_ENTRY_LEAVE_OUT_PRIVATE_TIP)
        self.private.setAccessibleName(strings.EXPORT_ENTRY_LEAVE_OUT_PRIVATE)
        self.private.setVisible(has_private)  # only an entry with private blocks has any to leave out
        layout.addSpacing(6)
        layout.addWidget(self.private)
        layout.addSpacing(14)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = box.addButton(strings.EXPORT_ENTRY_BUTTON, QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.setMinimumWidth(500)

    def chosen_format(self) -> Format:
        return next(name for name, button in self.buttons.items() if button.isChecked())

    def leave_out_private(self) -> bool:
        return not self.private.isHidden() and self.private.isChecked()
