"""Preferences: editor font and size, theme, default template, autosave delay, spelling, the reminder to write, author
name and email."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTime
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from journal.db import Journal
from journal.settings import Preferences
from journal.spellcheck import available_languages, choose_language
from journal.templates import load_templates
from ui import strings
from ui.spelling import language_name, system_locale
from ui.writer_tools import typewriter_scrolling, with_typewriter_scrolling

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


class PreferencesDialog(QDialog):
    def __init__(self, prefs: Preferences, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(480)
        self._prefs = prefs
        self.font = QFontComboBox(self)
        self.font.setAccessibleName("Editor font")
        self.font.setToolTip("The font of the editor")
        if prefs.editor_font:
            self.font.setCurrentFont(QFont(prefs.editor_font))
        self.monospace = QCheckBox("Use the system's fixed-width font", self)
        self.monospace.setToolTip("Markdown lines up best in a fixed-width font")
        self.monospace.setChecked(prefs.editor_monospace and not prefs.editor_font)
        self.monospace.toggled.connect(lambda on: self.font.setEnabled(not on))
        self.font.setEnabled(not self.monospace.isChecked())
        self.size = QSpinBox(self)
        self.size.setRange(6, 48)
        self.size.setValue(prefs.editor_font_size)
        self.size.setSuffix(" pt")
        self.size.setAccessibleName("Editor font size")
        self.size.setToolTip("The size of the editor's text")
        self.theme = QComboBox(self)
        self.theme.setAccessibleName("Theme")
        self.theme.setToolTip("Light, dark, or whatever your system uses")
        for key, label in THEMES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex([k for k, _ in THEMES].index(prefs.theme))
        self.template = QComboBox(self)
        self.template.setAccessibleName("Default template")
        self.template.setToolTip("What Today (Ctrl+T) starts a new day's entry with")
        for t in load_templates(journal.paths.templates).templates:
            self.template.addItem(t.name, t.key)
        found = self.template.findData(prefs.default_template)
        self.template.setCurrentIndex(max(0, found))
        self.delay = QSpinBox(self)
        self.delay.setRange(200, 10_000)
        self.delay.setSingleStep(100)
        self.delay.setSuffix(" ms")
        self.delay.setValue(prefs.autosave_delay_ms)
        self.delay.setAccessibleName("Autosave delay")
        self.delay.setToolTip("How long after you pause typing the entry is saved")
        self.typewriter = QCheckBox(strings.PREFS_TYPEWRITER, self)
        self.typewriter.setToolTip(strings.PREFS_TYPEWRITER_TIP)
        self.typewriter.setChecked(typewriter_scrolling(prefs))
        self.spell_check = QCheckBox(strings.PREFS_SPELL_CHECK, self)
        self.spell_check.setToolTip(strings.PREFS_SPELL_CHECK_TIP)
        self.spell_check.setChecked(prefs.spell_check)
        self.dictionary = QComboBox(self)
        self.dictionary.setAccessibleName(strings.PREFS_DICTIONARY)
        self.dictionary.setToolTip(strings.PREFS_DICTIONARY_TIP)
        languages = available_languages()
        system = choose_language("", system_locale(), languages)
        if system is None:
            self.dictionary.addItem(strings.PREFS_NO_DICTIONARY, prefs.spelling_language)
            self.dictionary.setEnabled(False)
        else:
            self.dictionary.addItem(strings.PREFS_DICTIONARY_SYSTEM.format(language=language_name(system)), "")
            for tag in languages:
                self.dictionary.addItem(language_name(tag), tag)
            self.dictionary.setCurrentIndex(max(0, self.dictionary.findData(prefs.spelling_language)))
            self.spell_check.toggled.connect(self.dictionary.setEnabled)
            self.dictionary.setEnabled(prefs.spell_check)
        self.reminder = QCheckBox(strings.PREFS_REMINDER_ON, self)
        self.reminder.setToolTip(strings.PREFS_REMINDER_TIP)
        self.reminder.setChecked(bool(prefs.reminder_time))
        self.reminder_time = QTimeEdit(self)
        self.reminder_time.setAccessibleName(strings.PREFS_REMINDER)
        self.reminder_time.setToolTip(strings.PREFS_REMINDER_TIP)
        self.reminder_time.setDisplayFormat("HH:mm")
        self.reminder_time.setTime(QTime.fromString(prefs.reminder_time or "20:00", "HH:mm"))
        self.reminder_time.setEnabled(self.reminder.isChecked())
        self.reminder.toggled.connect(self.reminder_time.setEnabled)
        reminder_row = QHBoxLayout()
        reminder_row.addWidget(self.reminder)
        reminder_row.addWidget(self.reminder_time)
        reminder_row.addStretch(1)
        self.author = QLineEdit(prefs.author_name, self)
        self.author.setAccessibleName("Author name")
        self.author.setToolTip("Used for the commits when you publish to your blog")
        self.email = QLineEdit(prefs.author_email, self)
        self.email.setAccessibleName("Author email")
        self.email.setToolTip("Used for the commits when you publish to your blog")
        form = QFormLayout()
        form.addRow("Editor font", self.font)
        form.addRow("", self.monospace)
        form.addRow("Font size", self.size)
        form.addRow("Theme", self.theme)
        form.addRow("Default template", self.template)
        form.addRow("Autosave after", self.delay)
        form.addRow(strings.PREFS_FOCUS_MODE, self.typewriter)
        form.addRow(strings.PREFS_SPELLING, self.spell_check)
        form.addRow(strings.PREFS_DICTIONARY, self.dictionary)
        form.addRow(strings.PREFS_REMINDER, reminder_row)
        form.addRow(QLabel("<b>Publishing</b>"))
        form.addRow("Author name", self.author)
        form.addRow("Author email", self.email)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def result_preferences(self) -> Preferences:
        mono = self.monospace.isChecked()
        return replace(
            with_typewriter_scrolling(self._prefs, self.typewriter.isChecked()),
            editor_font="" if mono else self.font.currentFont().family(),
            editor_monospace=mono,
            editor_font_size=self.size.value(),
            theme=self.theme.currentData(),
            default_template=self.template.currentData() or "daily-log",
            autosave_delay_ms=self.delay.value(),
            author_name=self.author.text().strip(),
            author_email=self.email.text().strip(),
            spell_check=self.spell_check.isChecked(),
            spelling_language=self.dictionary.currentData() or "",
            reminder_time=self.reminder_time.time().toString("HH:mm") if self.reminder.isChecked() else "",
        ).clamp()
