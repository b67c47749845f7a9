"""The import window: a dry run fills the table file by file and changes nothing; Import imports and shows the
report; Cancel stops a run in flight. Real journal, real files, the job on the thread pool (pytest-qt)."""

from __future__ import annotations

from pathlib import Path

from journal.db import Journal
from journal.entries import list_entries
from tests.core.test_importers import png, write
from ui.dialogs.import_window import ImportWindow


def cells(window: ImportWindow, column: int) -> list[str]:
    return [window.table.item(row, column).text() for row in range(window.table.rowCount())]


def test_dry_run_then_import(qtbot, journal: Journal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault = tmp_path / "vault"
    write(vault / ".obsidian" / "app.json", "{}")
    write(vault / "img.png", png(31))
    write(vault / "Batching.md", "![[img.png]] #serving\n")
    write(vault / "2024-03-14.md", "daily\n")
    write(vault / "broken.md", "---\ntitle: [unclosed\n---\n")
    window = ImportWindow(journal)
    qtbot.addWidget(window)
    window.set_source(vault)
    qtbot.waitUntil(lambda: window.runner is None and window.report is not None, timeout=20_000)
    assert window.report.dry_run and list_entries(journal) == []
    rows = dict(zip(cells(window, 0), cells(window, 1), strict=True))
    assert rows["Batching.md"] == "would be imported" and rows["broken.md"] == "skipped"
    assert dict(zip(cells(window, 0), cells(window, 4), strict=True))["2024-03-14.md"] == "file name"
    assert "Obsidian" in window.summary.text() and "Nothing has changed yet" in window.summary.text()
    assert window.import_button.isEnabled()

    window.import_button.click()
    qtbot.waitUntil(lambda: window.runner is None and not window.report.dry_run, timeout=20_000)
    assert window.imported
    assert sorted(e.title for e in list_entries(journal)) == ["2024-03-14", "Batching"]
    assert dict(zip(cells(window, 0), cells(window, 1), strict=True))["Batching.md"] == "imported"
    assert "1 image stored" in window.summary.text()
    # Each column fits what it shows (a file name is not cut to "Batch…"), the notes keep the rest.
    header = window.table.horizontalHeader()
    assert header.sectionSize(0) >= window.table.fontMetrics().horizontalAdvance("2024-03-14.md")
    assert not window.import_button.isEnabled()


def test_cancel_stops_a_run_in_flight(qtbot, journal: Journal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "many"
    for i in range(3000):
        write(folder / f"note {i}.md", f"# Note {i}\n\ntext\n")
    window = ImportWindow(journal)
    qtbot.addWidget(window)
    window.source = folder
    window.start(dry_run=False)
    assert window.cancel_button.isEnabled() and not window.import_button.isEnabled()
    window.cancel()  # reading 3,000 files takes far longer than this: the job stops at its next step
    qtbot.waitUntil(lambda: window.runner is None, timeout=30_000)
    assert "Cancelled" in window.summary.text()
    assert not window.imported


def test_the_editor_shows_kept_front_matter_read_only(qtbot, journal: Journal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.entries import get_entry
    from journal.jobs import run
    from journal.transfer.importer import import_source
    from ui.widgets.entry_editor import EntryEditor

    write(tmp_path / "notes" / "a.md", "---\ntitle: Kept\nseries: [serving]\nweight: 3\n---\ntext\n")
    write(tmp_path / "notes" / "b.md", "# Plain\n")
    run(import_source(journal, tmp_path / "notes"))
    editor = EntryEditor(journal)
    qtbot.addWidget(editor)
    entries = {s.title: get_entry(journal, s.id) for s in list_entries(journal)}
    editor.load(entries["Kept"])
    assert not editor.kept.isHidden() and editor.kept.text() == "Front matter: 2"
    assert "series:\n- serving" in editor.kept.toolTip() and "weight: 3" in editor.kept.toolTip()
    editor.load(entries["Plain"])
    assert editor.kept.isHidden()
