"""The app's half of journal.outputs: after a save dialog, the journal's own files are refused with the core's
message, and an existing file is replaced only after the person confirms (save dialogs are opened with
``DontConfirmOverwrite``, so this is the one question asked). The writer is then called with ``force=True``; the core
checks the journal's files again whatever ``force`` says."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from journal.errors import OutputExists, OutputProtected
from journal.outputs import check_output
from journal.paths import JournalPaths
from ui import strings

SAVE_OPTIONS = QFileDialog.Option.DontConfirmOverwrite


def confirm_output(
    parent: QWidget, paths: JournalPaths, target: Path, *, folder: bool = False, protected_only: bool = False
) -> bool:
    """True when ``target`` may be written (asking first if it would replace something; with ``protected_only``,
    only the journal's own files are refused and nothing is asked)."""
    try:
        check_output(paths, target, folder=folder, force=protected_only)
    except OutputProtected as exc:
        QMessageBox.warning(parent, strings.OUTPUT_TITLE, exc.message)
        return False
    except OutputExists:
        text = (strings.OUTPUT_REPLACE_FOLDER if folder else strings.OUTPUT_REPLACE).format(name=target.name)
        box = QMessageBox(
            QMessageBox.Icon.Warning, strings.OUTPUT_TITLE, text, QMessageBox.StandardButton.Cancel, parent
        )
        replace = box.addButton(strings.OUTPUT_REPLACE_BUTTON, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is replace
    return True
