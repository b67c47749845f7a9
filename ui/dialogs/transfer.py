"""Import and export from the app. Import opens the import window (``ui.dialogs.import_window``: a dry run file by
file, then the import, with progress and Cancel); export asks where and how, then runs the core job on a worker thread
with a progress dialog and says what it wrote (images included, or why not)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from journal.db import Journal
from ui import strings
from ui.dialogs.import_window import run_import
from ui.dialogs.progress import run_job

__all__ = ["run_export", "run_import"]


def run_export(journal: Journal, parent: QWidget) -> None:
    from ui.dialogs.output_path import SAVE_OPTIONS, confirm_output

    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export journal", str(Path.home() / "trailbook-export.zip"), strings.EXPORT_FILTERS,
        options=SAVE_OPTIONS,
    )  # fmt: skip
    if not path:
        return
    from journal.transfer.jsonfile import export_json
    from journal.transfer.markdownfiles import export_markdown

    target = Path(path)
    suffix = target.suffix.lower()
    as_json = suffix in (".json", ".zip") or chosen.startswith("JSON")
    # The file the person picked is checked as picked (choosing journal.db is refused, not quietly turned into
    # journal.json beside it), then the file that will be written.
    if not confirm_output(parent, journal.paths, target, folder=not as_json, protected_only=True):
        return
    if as_json and suffix not in (".json", ".zip"):
        target = target.with_suffix(".zip" if "zip" in chosen else ".json")
    if not confirm_output(parent, journal.paths, target, folder=not as_json):
        return
    make = (
        (lambda: export_json(journal, target, force=True))
        if as_json
        else (lambda: export_markdown(journal, target, force=True))
    )
    ok, result = run_job(parent, "Exporting", make)
    if ok:
        text = strings.EXPORT_DONE.format(
            entries=strings.EXPORT_ENTRIES[int(result) != 1].format(n=int(result)),
            images=strings.IMPORT_IMAGES[result.images != 1].format(n=result.images),
            target=target,
        )
        if result.left_out:
            text += strings.EXPORT_LEFT_OUT[result.left_out != 1].format(n=result.left_out)
        QMessageBox.information(parent, "Export finished", text)
    else:
        QMessageBox.warning(parent, "Export", result)
