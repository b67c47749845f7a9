"""Import and export from the app: a file dialog, then the core job on a worker thread with a progress dialog and a
Cancel button, and a summary (with every skipped file and why) at the end."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from journal.db import Journal
from ui.dialogs.progress import run_job


def run_import(journal: Journal, parent: QWidget) -> bool:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "Import entries",
        str(Path.home()),
        "Trailbook or markdown (*.json *.md *.markdown *.zip);;All files (*)",
    )
    if not path:
        return False
    from journal.transfer.jsonfile import import_json
    from journal.transfer.markdownfiles import import_markdown

    source = Path(path)
    make = (
        (lambda: import_json(journal, source))
        if source.suffix.lower() == ".json"
        else (lambda: import_markdown(journal, source))
    )
    ok, result = run_job(parent, "Importing", make)
    if not ok:
        QMessageBox.warning(parent, "Import", result)
        return False
    lines = [f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged."]
    lines += [f"Repaired {s}: {c}" for s, c in result.repaired[:10]]
    if result.skipped:
        lines.append(f"\nSkipped {len(result.skipped)}:")
        lines += [f"• {s}: {r}" for s, r in result.skipped[:15]]
    QMessageBox.information(parent, "Import finished", "\n".join(lines))
    return True


def run_export(journal: Journal, parent: QWidget) -> None:
    from ui.dialogs.output_path import SAVE_OPTIONS, confirm_output

    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export journal", str(Path.home() / "trailbook-export.json"),
        "JSON document (*.json);;Folder of markdown files (*)", options=SAVE_OPTIONS,
    )  # fmt: skip
    if not path:
        return
    from journal.transfer.jsonfile import export_json
    from journal.transfer.markdownfiles import export_markdown

    target = Path(path)
    as_json = chosen.startswith("JSON") or target.suffix.lower() == ".json"
    if not confirm_output(parent, journal.paths, target, folder=not as_json):
        return
    make = (
        (lambda: export_json(journal, target, force=True))
        if as_json
        else (lambda: export_markdown(journal, target, force=True))
    )
    ok, result = run_job(parent, "Exporting", make)
    if ok:
        QMessageBox.information(parent, "Export finished", f"Exported {result} entries to {target}.")
    else:
        QMessageBox.warning(parent, "Export", result)
