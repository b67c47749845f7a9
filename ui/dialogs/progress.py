"""Long work with a progress dialog: the core job runs on the thread pool; Cancel stops it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from journal.jobs import CancelToken, Job
from ui.workers import JobRunner


def run_job(
    parent: QWidget, title: str, make_job: Callable[[], Job[Any]], token: CancelToken | None = None
) -> tuple[bool, Any]:
    """Run a core job with a modal progress dialog and a Cancel button; returns (succeeded, result or message)."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    runner = JobRunner(make_job, token)
    loop = QEventLoop()
    outcome: list[tuple[bool, Any]] = []

    def progress(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done if total else 0)
        if message:
            dialog.setLabelText(f"{title}: {message}…")

    runner.signals.progress.connect(progress)
    runner.signals.finished.connect(lambda result: (outcome.append((True, result)), loop.quit()))
    runner.signals.failed.connect(lambda message, _user: (outcome.append((False, message)), loop.quit()))
    dialog.canceled.connect(runner.cancel)
    runner.start()
    loop.exec()
    dialog.close()
    return outcome[0] if outcome else (False, "Cancelled.")
