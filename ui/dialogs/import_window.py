"""The import window: choose a file, folder or archive, see what would happen (a dry run, file by file), then import,
with progress and Cancel, and read the report in the same table.

Both runs are the core's one import job (``journal.transfer.importer.import_source``) on the thread pool through
``ui.workers.JobRunner``; the window only shows what the report says.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.db import Journal
from journal.transfer.common import ImportReport
from journal.transfer.tools import TOOLS
from ui import strings
from ui.workers import JobRunner

COLUMNS = (strings.IMPORT_COL_FILE, strings.IMPORT_COL_STATUS, strings.IMPORT_COL_TITLE, strings.IMPORT_COL_DATE,
           strings.IMPORT_COL_DATED_BY, strings.IMPORT_COL_NOTES)  # fmt: skip
MAX_COLUMN = 280  # px: a long path or title ends in "…" rather than pushing the notes out of sight


class ImportWindow(QDialog):
    """Dry run, then import; ``imported`` tells the caller whether the journal changed."""

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.source: Path | None = None
        self.runner: JobRunner | None = None
        self.report: ImportReport | None = None
        self.imported = False
        self.setWindowTitle(strings.IMPORT_TITLE)
        self.resize(900, 560)

        self.path_label = QLabel(strings.IMPORT_NO_SOURCE)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_file = QPushButton(strings.IMPORT_CHOOSE_FILE)
        self.choose_folder = QPushButton(strings.IMPORT_CHOOSE_FOLDER)
        self.tool = QComboBox()
        self.tool.addItem(strings.IMPORT_RECOGNISE, None)
        for key, name in TOOLS.items():
            self.tool.addItem(name, key)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)  # one line a file: a cell too narrow ends in "…", its tooltip has it all
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.check_button = QPushButton(strings.IMPORT_CHECK)
        self.import_button = QPushButton(strings.IMPORT_RUN)
        self.cancel_button = QPushButton(strings.IMPORT_CANCEL)
        self.close_button = QPushButton(strings.IMPORT_CLOSE)
        self.check_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.path_label, 1)
        top.addWidget(self.choose_file)
        top.addWidget(self.choose_folder)
        top.addWidget(self.tool)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

        self.choose_file.clicked.connect(self._choose_file)
        self.choose_folder.clicked.connect(self._choose_folder)
        self.tool.currentIndexChanged.connect(lambda _: self.set_source(self.source) if self.source else None)
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)

    # --- choosing ---------------------------------------------------------------------------------------------------

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, strings.IMPORT_TITLE, str(Path.home()), strings.IMPORT_FILTER)
        if path:
            self.set_source(Path(path))

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, strings.IMPORT_TITLE, str(Path.home()))
        if path:
            self.set_source(Path(path))

    def set_source(self, path: Path | None) -> None:
        """A new source: its dry run starts at once, so the table shows what an import would do."""
        self.source = path
        self.path_label.setText(str(path) if path else strings.IMPORT_NO_SOURCE)
        self.check_button.setEnabled(path is not None)
        self.import_button.setEnabled(False)
        if path is not None:
            self.start(dry_run=True)

    # --- running ----------------------------------------------------------------------------------------------------

    def start(self, *, dry_run: bool) -> None:
        """Run the import job (or its dry run) off the GUI thread; one at a time."""
        if self.source is None or self.runner is not None:
            return
        from journal.transfer.importer import import_source

        journal, source, tool = self.journal, self.source, self.tool.currentData()
        self.runner = JobRunner(lambda: import_source(journal, source, tool=tool, dry_run=dry_run))
        self.runner.signals.progress.connect(self._progress)
        self.runner.signals.finished.connect(lambda report: self._finished(report, dry_run))
        self.runner.signals.failed.connect(self._failed)
        self._busy(True)
        self.summary.setText(strings.IMPORT_CHECKING if dry_run else strings.IMPORT_IMPORTING)
        self.runner.start()

    def cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel()

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(busy)
        for widget in (self.check_button, self.import_button, self.choose_file, self.choose_folder, self.tool):
            widget.setEnabled(not busy)
        if not busy:
            self.check_button.setEnabled(self.source is not None)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done if total else 0)
        self.progress.setFormat(f"{message} %v/%m" if total else message)

    def _failed(self, message: str, _user_error: bool) -> None:
        self.runner = None
        self._busy(False)
        self.summary.setText(strings.IMPORT_FAILED.format(message=message.strip().splitlines()[-1]))

    def _finished(self, report: ImportReport, dry_run: bool) -> None:
        self.runner = None
        self.report = report
        self._busy(False)
        self.show_report(report)
        if dry_run:
            self.import_button.setEnabled(bool(report.added or report.updated))
        else:
            self.imported = self.imported or bool(report.added or report.updated)
            self.import_button.setEnabled(False)

    def show_report(self, report: ImportReport) -> None:
        """One row per file (or per entry of a document): what happened, or would, and why."""
        files = report.files()
        self.table.setRowCount(len(files))
        would = report.dry_run
        for row, item in enumerate(files):
            status = strings.IMPORT_STATUS.get(item.status, item.status)
            if would and item.status != "skipped":
                status = strings.IMPORT_WOULD.format(status=status)
            notes = "; ".join([*item.repairs, *item.notes])
            for column, text in enumerate((item.source, status, item.title, item.date, item.dated_by, notes)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self._fit_columns()
        template = strings.IMPORT_SUMMARY_DRY if would else strings.IMPORT_SUMMARY
        images = strings.IMPORT_IMAGES[report.attachments_added != 1].format(n=report.attachments_added)
        counts = {"added": report.added, "updated": report.updated, "unchanged": report.unchanged,
                  "skipped": len(report.skipped), "repaired": len(report.repaired), "images": images}  # fmt: skip
        self.summary.setText(template.format(tool=TOOLS.get(report.tool, report.tool), **counts))

    def _fit_columns(self) -> None:
        """Each column as wide as what it shows (the header reads its first 1,000 rows), none wider than
        ``MAX_COLUMN`` so the last, the repairs and notes, keeps the room left."""
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), MAX_COLUMN))

    def reject(self) -> None:
        if self.runner is not None:  # a job in flight: stop it, and close once it has stopped
            self.runner.cancel()
            self.runner.signals.failed.connect(lambda *_: super(ImportWindow, self).reject())
            return
        super().reject()


def run_import(journal: Journal, parent: QWidget) -> bool:
    """Open the import window; whether anything was imported (the caller refreshes its lists then)."""
    window = ImportWindow(journal, parent)
    window.exec()
    return window.imported
