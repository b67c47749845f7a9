"""The main window's state between runs (``window-state.ini`` in the journal's home: geometry, splitter sizes, the
place and the entry shown, the preview) and what closing the window does (waits for a save on its way; asks before
losing text that could not be saved)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QCloseEvent

from ui import strings
from ui.models.navigation import AREAS_PLACE

if TYPE_CHECKING:
    from ui.main_window import MainWindow

DEFAULT_SIZE = (1320, 820)


def open_state(window: MainWindow) -> QSettings:
    return QSettings(str(window.journal.paths.home / "window-state.ini"), QSettings.Format.IniFormat)


class WindowState:
    """Restores and saves one window's state, and decides whether it may close."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.replaced = False  # a restore from backup put another window in this one's place

    def restore(self) -> None:
        w, state = self.window, self.window.state
        geometry = state.value("geometry")
        if isinstance(geometry, QByteArray):
            w.restoreGeometry(geometry)
        else:
            w.resize(*DEFAULT_SIZE)
        for key, splitter in (("splitter", w.split), ("journal_splitter", w.journal_split)):
            sizes = state.value(key)
            if isinstance(sizes, QByteArray):
                splitter.restoreState(sizes)
        place = str(state.value("place", "all"))
        w.nav.select_place(place if place not in ("today", AREAS_PLACE) else "all", quiet=True)
        w.show_place(w.nav.current_place())  # the saved place, or "All entries" if it is gone
        last = state.value("last_entry")
        if last:
            w.list.select_entry(str(last))
            w.open_entry(str(last))
        elif w.list.model.rowCount():
            w.list.view.setCurrentIndex(w.list.model.index(0))
        if state.value("preview", "false") in (True, "true"):
            w.act_preview.setChecked(True)
            editor_sizes = state.value("editor_splitter")
            if isinstance(editor_sizes, QByteArray):
                w.editor.split.restoreState(editor_sizes)

    def save(self) -> None:
        w, state = self.window, self.window.state
        state.setValue("geometry", w.saveGeometry())
        state.setValue("splitter", w.split.saveState())
        state.setValue("journal_splitter", w.journal_split.saveState())
        state.setValue("editor_splitter", w.editor.split.saveState())
        state.setValue("place", w.nav.current_place())
        state.setValue("last_entry", w.editor.entry.id if w.editor.entry else "")
        state.setValue("preview", w.act_preview.isChecked())
        state.sync()

    def close(self, event: QCloseEvent) -> None:
        """Accept or ignore ``event``: a save on its way is waited for (the window still drawn); text that could not
        be saved is lost only when the person says so."""
        w = self.window
        if self.replaced:  # a restore put another journal in place: this window has nothing left
            w.editor.preview.shutdown()
            event.accept()
            return
        if not w.editor.finish_saving():
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Warning, strings.ERROR_TITLE, strings.CLOSE_UNSAVED,
                              QMessageBox.StandardButton.NoButton, w)  # fmt: skip
            keep = box.addButton(strings.CLOSE_KEEP_OPEN, QMessageBox.ButtonRole.RejectRole)
            box.addButton(strings.CLOSE_WITHOUT_SAVING, QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is keep:
                event.ignore()
                return
        self.save()
        w.editor.preview.shutdown()
        event.accept()
