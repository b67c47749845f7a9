"""Preferences in the main window: the File menu's Preferences… (the dialog is ``ui.dialogs.preferences``), saving
them, and applying them to the window and to every feature that follows them (``ui.desk.FollowsPreferences``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from journal.settings import save_preferences
from ui import strings, theme
from ui.desk import FollowsPreferences
from ui.keys import make_action

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PreferencesFlow(QObject):
    """Shows, saves and applies the preferences of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.act_prefs = make_action(window, strings.ACTION_PREFERENCES, "", QKeySequence.StandardKey.Preferences,
                                     self.show_preferences)  # fmt: skip
        self.act_prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
        if self.act_prefs.shortcut().isEmpty():
            self.act_prefs.setShortcut(QKeySequence("Ctrl+,"))
        self.menu_start = window.add_to_menu("file", None, self.act_prefs)[0]  # the features' File actions go above
        self.apply_to_editor()

    def show_preferences(self) -> None:
        from ui.dialogs.preferences import PreferencesDialog

        w = self.window
        dialog = PreferencesDialog(w.prefs, w.journal, w)
        if dialog.exec():
            w.prefs = dialog.result_preferences()
            try:
                save_preferences(w.journal.paths.settings, w.prefs)
            except OSError as exc:
                w.show_error(strings.PREFERENCES_NOT_SAVED.format(reason=exc.strerror))
            else:
                w.show_status(strings.PREFERENCES_SAVED)  # replaces "Saved 10:42", which spoke of the entry
            self.apply()

    def apply_to_editor(self) -> None:
        w = self.window
        w.editor.autosave_delay = w.prefs.autosave_delay_ms
        w.editor.editor.set_editor_font(w.prefs.editor_font, w.prefs.editor_font_size,
                                        monospace=w.prefs.editor_monospace)  # fmt: skip

    def apply(self) -> None:
        """The theme, the editor's font and autosave delay, then each feature's own preferences."""
        w = self.window
        app = QApplication.instance()
        name = theme.resolve(w.prefs.theme)
        if isinstance(app, QApplication) and name != theme.current(app):
            theme.apply(app, name)
            w.editor.editor.highlighter.set_theme(name)
            w.editor.preview.set_theme(name)
            w.list.view.viewport().update()
        self.apply_to_editor()
        for feature in w.installed.values():
            if isinstance(feature, FollowsPreferences):
                feature.apply_preferences()
