"""The journal's maintenance from the main window's File menu: Import, Export, Back Up Now, Restore from Backup,
Check Journal and Rebuild Search Index. Each long job runs off the GUI thread (``ui.dialogs.progress.run_job``, the
importer's and exporter's own windows); a restore closes this journal and reopens it in a new window."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from journal.errors import JournalCorrupt, TrailbookError
from journal.paths import JournalPaths
from ui import strings
from ui.keys import make_action

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _title(action_text: str) -> str:
    return action_text.replace("&", "").rstrip("…")


class Maintenance(QObject):
    """The maintenance actions of one window."""

    damageFound = Signal(str)  # from whichever thread found it; shown on the GUI thread

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._damage_shown = False
        # Damage found by any read, write or check of this journal is said once, here (see ui.damage).
        self.damageFound.connect(self.journal_damaged, Qt.ConnectionType.QueuedConnection)
        window.destroyed.connect(window.journal.on_damage(self._damage_found))
        act = make_action
        self.act_import = act(window, strings.ACTION_IMPORT, "", "Ctrl+Shift+I", self.import_entries)
        self.act_export = act(window, strings.ACTION_EXPORT, "", "Ctrl+Shift+E", self.export_entries)
        self.act_backup = act(window, strings.ACTION_BACKUP, strings.ACTION_BACKUP_TIP, None, self.back_up_now)
        self.act_restore_backup = act(window, strings.ACTION_RESTORE_BACKUP, strings.ACTION_RESTORE_BACKUP_TIP, None,
                                      self.restore_from_backup)  # fmt: skip
        self.act_check = act(window, strings.ACTION_CHECK, strings.ACTION_CHECK_TIP, None, self.check_journal)
        self.act_reindex = act(window, strings.ACTION_REINDEX, strings.ACTION_REINDEX_TIP, None, self.rebuild_index)
        window.add_to_menu("file", None, self.act_import, self.act_export, None, self.act_backup,
                           self.act_restore_backup, self.act_check, self.act_reindex)  # fmt: skip

    def _damage_found(self, damage: JournalCorrupt) -> None:
        with suppress(RuntimeError):  # the window went away while a check was finding it: nobody left to tell
            self.damageFound.emit(damage.message)

    def journal_damaged(self, message: str) -> None:
        """The integrity check found damage: nothing will be written (the journal refuses every write from now on);
        say so, where the backup is, and how to restore it. Once: the check's end and a read may both report it."""
        if self._damage_shown:
            return
        self._damage_shown = True
        w = self.window
        w.editor.banner.setText(f"{message}\n{strings.DAMAGED_HINT}")
        w.editor.banner.show()
        w.show_status(strings.DAMAGED_STATUS, 0)
        from PySide6.QtWidgets import QMessageBox  # (dialogs load their types when first shown)

        QMessageBox.critical(w, strings.JOURNAL_ERROR, f"{message}\n\n{strings.DAMAGED_HINT}")

    def import_entries(self) -> None:
        from ui.dialogs.transfer import run_import

        if run_import(self.window.journal, self.window):
            self.window.nav.reload()
            self.window.list.reload()
            self.window.refresh_known_tags()

    def export_entries(self) -> None:
        from ui.dialogs.transfer import run_export

        self.window.editor.save_now()
        run_export(self.window.journal, self.window)

    def back_up_now(self) -> None:
        from journal.maintenance import back_up_now
        from ui.dialogs.progress import run_job

        w = self.window
        w.editor.save_now()
        ok, result = run_job(w, _title(strings.ACTION_BACKUP), lambda: back_up_now(w.journal))
        w.show_status(strings.BACKED_UP.format(path=result) if ok else f"⚠ {result}")

    def check_journal(self) -> None:
        from journal.maintenance import check_journal
        from ui.dialogs.progress import run_job

        w = self.window
        ok, result = run_job(w, _title(strings.ACTION_CHECK), lambda: check_journal(w.journal))
        if ok:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(w, strings.ERROR_TITLE, strings.JOURNAL_HEALTHY)
        else:
            w.show_error(result)

    def rebuild_index(self) -> None:
        from journal.jobs import CancelToken
        from journal.maintenance import rebuild_search_index
        from ui.dialogs.progress import run_job

        w = self.window
        token = CancelToken()
        ok, result = run_job(w, _title(strings.ACTION_REINDEX), lambda: rebuild_search_index(w.journal, token), token)
        w.show_status(strings.REINDEXED.format(n=result) if ok else f"⚠ {result}")

    def restore_from_backup(self) -> None:
        """Pick a backup, confirm, then close this journal, put the backup in place and reopen the journal in a new
        window (this one closes). Text that could not be saved goes to the clipboard rather than be lost."""
        from ui.dialogs.restore import RestoreDialog, made_text, restore_chosen

        w = self.window
        saved = w.editor.save_now()
        dialog = RestoreDialog(w.journal.paths, w, unsaved=not saved)
        if not dialog.exec() or dialog.chosen is None:
            return
        if not saved:
            QApplication.clipboard().setText(w.editor.editor.toPlainText())
        w.editor.discard_pending()
        w.window_state.save()
        paths = w.journal.paths
        w.journal.close()
        restored = restore_chosen(w, paths, dialog.chosen)
        self._reopen(paths)
        if restored is not None and w.replaced_by is not None:
            text = strings.RESTORE_DONE.format(made=made_text(restored.backup), entries=restored.backup.entries)
            w.replaced_by.show_status(text, 0)

    def _reopen(self, paths: JournalPaths) -> None:
        """Open the journal at ``paths`` again in a new window in this one's place."""
        from journal.db import open_journal
        from ui.app import open_window

        w = self.window
        try:
            journal = open_journal(paths.home, create=False, full_check=False)
        except TrailbookError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(w, strings.JOURNAL_ERROR, exc.message)
            w.window_state.replaced = True
            w.close()
            return
        journal.verify_in_background()
        window = open_window(journal, QApplication.instance())
        window.show()
        w.replaced_by = window
        w.window_state.replaced = True
        w.close()
