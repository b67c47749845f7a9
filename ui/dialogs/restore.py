"""File → Restore from Backup…: the journal's backups, each checked, with when it was made, its size, its entries and
its health; the person picks a healthy one, confirms, and the core puts it in place (journal.backups). The caller
closes its journal before and reopens it after."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.backups import BackupInfo, Restored, list_backups, restore_backup
from journal.errors import TrailbookError
from journal.paths import JournalPaths
from ui import strings
from ui.workers import call_async


def made_text(backup: BackupInfo) -> str:
    return backup.created.astimezone().strftime("%Y-%m-%d %H:%M")


class RestoreDialog(QDialog):
    """Lists the backups (checked on the thread pool: each check reads a whole file); ``chosen`` is the backup the
    person confirmed, once the dialog is accepted."""

    def __init__(self, paths: JournalPaths, parent: QWidget | None = None, *, unsaved: bool = False) -> None:
        super().__init__(parent)
        self.paths = paths
        self.unsaved = unsaved
        self.backups: list[BackupInfo] = []
        self.chosen: BackupInfo | None = None
        self.setWindowTitle(strings.RESTORE_TITLE)
        self.resize(720, 380)
        intro = QLabel(strings.RESTORE_INTRO.format(home=paths.home), self)
        intro.setWordWrap(True)
        self.status = QLabel(strings.RESTORE_LOADING, self)
        self.table = QTableWidget(0, len(strings.RESTORE_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(strings.RESTORE_COLUMNS))
        self.table.setAccessibleName(strings.RESTORE_TABLE_NAME)
        self.table.setToolTip(strings.RESTORE_TABLE_TIP)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = self.buttons.addButton(strings.RESTORE_BUTTON, QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setToolTip(strings.RESTORE_BUTTON_TIP)
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(self.status)
        box.addWidget(self.table, 1)
        box.addWidget(self.buttons)
        self._pending = call_async(lambda: list_backups(paths), self.show_backups, self._failed)

    def show_backups(self, backups: list[BackupInfo]) -> None:
        self.backups = backups
        self.status.setText("" if backups else strings.RESTORE_NONE.format(folder=self.paths.backups))
        self.status.setVisible(not backups)
        self.table.setRowCount(len(backups))
        locale = QLocale()
        for row, backup in enumerate(backups):
            cells = (
                made_text(backup),
                backup.kind,
                locale.formattedDataSize(backup.size),
                "" if backup.entries is None else f"{backup.entries:,}",
                strings.RESTORE_HEALTHY if backup.healthy else (backup.problem or "").capitalize(),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not backup.healthy:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, item)
        first_good = next((i for i, b in enumerate(backups) if b.healthy), None)
        if first_good is not None:
            self.table.selectRow(first_good)

    def _failed(self, message: str, _user: bool) -> None:
        self.status.setText(strings.RESTORE_FAILED.format(reason=message.strip().splitlines()[-1]))

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        backup = self.backups[rows[0].row()]
        return backup if backup.healthy else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def accept(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        text = strings.RESTORE_CONFIRM.format(made=made_text(backup), entries=f"{backup.entries:,}")
        if self.unsaved:
            text += strings.RESTORE_UNSAVED
        box = QMessageBox(
            QMessageBox.Icon.Warning, strings.RESTORE_TITLE, text, QMessageBox.StandardButton.Cancel, self
        )
        go = box.addButton(strings.RESTORE_BUTTON.replace("&", ""), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not go:
            return
        self.chosen = backup
        super().accept()


def restore_chosen(parent: QWidget, paths: JournalPaths, backup: BackupInfo) -> Restored | None:
    """Put ``backup`` in place (the journal must be closed); a failure is shown and None returned."""
    try:
        return restore_backup(paths, backup.path)
    except TrailbookError as exc:
        QMessageBox.warning(parent, strings.RESTORE_TITLE, strings.RESTORE_FAILED.format(reason=exc.message))
        return None


def offer_restore_at_start(paths: JournalPaths, message: str) -> bool:
    """The journal could not be opened because it is damaged: say why and offer its backups. True once one was
    restored (the caller opens the journal again)."""
    box = QMessageBox(QMessageBox.Icon.Critical, strings.JOURNAL_ERROR, message, QMessageBox.StandardButton.Close)
    restore = box.addButton(strings.START_DAMAGED_RESTORE, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    dialog = RestoreDialog(paths)
    if not dialog.exec() or dialog.chosen is None:
        return False
    return restore_chosen(dialog, paths, dialog.chosen) is not None
