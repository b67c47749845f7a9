"""The app and the journal's own files: File → Restore from Backup…, a damaged journal binding every save (the text
stays in the editor), a damaged journal at start offering its backups, and save dialogs that never write onto the
journal's files or replace a file without asking."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from journal import entries as entry_service
from journal.db import open_journal
from journal.paths import JournalPaths
from ui import strings
from ui.dialogs.restore import RestoreDialog

PAGE = 4096


def click(monkeypatch, label: str, seen: list[str] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Every QMessageBox answers with its button labelled ``label`` (and records its text)."""

    def fake_exec(box) -> int:  # type: ignore[no-untyped-def]
        if seen is not None:
            seen.append(box.text())
        button = next(b for b in box.buttons() if b.text().replace("&", "") == label)
        box.clickedButton = lambda: button
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)


def damage_an_old_leaf(db: Path) -> None:
    """Overwrite a b-tree leaf page of the entries table in the middle of the file (old entries only)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        leaves = sorted(r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name='entries' AND pagetype='leaf'"))
    finally:
        con.close()
    with open(db, "r+b") as handle:
        handle.seek((leaves[len(leaves) // 2] - 1) * PAGE)
        handle.write(b"\xa5" * PAGE)


def close_window(window) -> None:  # type: ignore[no-untyped-def]
    from ui.workers import drain_pool

    window.close()
    window.editor.preview.shutdown()
    drain_pool()
    window.journal.close()


def test_restore_from_backup_lists_checks_confirms_and_reopens(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    home = window.journal.paths.home
    before = entry_service.create_entry(window.journal, "written before the backup")
    backup = window.journal.backup("manual")
    entry_service.create_entry(window.journal, "written after the backup")
    (home / "backups" / "journal-20000101-000000-000000-daily.db").write_bytes(b"not a journal" * 500)
    shown: dict[str, object] = {}

    def fake_dialog_exec(dialog: RestoreDialog) -> int:
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
        shown["rows"] = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(2)]
        shown["enabled"] = dialog.restore_button.isEnabled()
        dialog.table.selectRow(1)  # the damaged one cannot be chosen
        shown["damaged_choosable"] = dialog.selected() is not None
        dialog.table.selectRow(0)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(RestoreDialog, "exec", fake_dialog_exec)
    confirmations: list[str] = []
    click(monkeypatch, "Restore", confirmations)
    window.act_restore_backup.trigger()

    rows = shown["rows"]
    assert rows[0][1:5] == ["manual", rows[0][2], "1", strings.RESTORE_HEALTHY]  # type: ignore[index]
    assert rows[1][1] == "daily" and rows[1][3] == "" and "not" in rows[1][4].lower()  # type: ignore[index]
    assert shown["enabled"] is True and shown["damaged_choosable"] is False
    assert confirmations and "1 entries" in confirmations[0]
    new = window.replaced_by
    assert new is not None and new.isVisible() and not window.isVisible()
    assert window.journal.closed and not new.journal.closed
    assert [e.id for e in entry_service.list_entries(new.journal, limit=None)] == [before.id]
    assert "Restored the backup" in new.save_label.text()
    assert len(list(home.glob("journal.db.replaced-*"))) >= 1
    assert backup.is_file()
    close_window(new)


def test_damage_found_at_start_binds_every_save_and_keeps_the_text(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.app import after_start, create_application, open_window

    home = tmp_path / "home"
    with open_journal(home) as journal:
        for i in range(150):
            entry_service.create_entry(journal, f"# Entry {i}\n\n" + "lorem ipsum dolor sit amet " * 70)
        newest = entry_service.create_entry(journal, "# Newest\n\nstill readable")
        backup = journal.backup("manual")
    db = home / "journal.db"
    damage_an_old_leaf(db)
    damaged = db.read_bytes()
    criticals: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: criticals.append(text))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))

    journal = open_journal(home, full_check=False)  # as the app starts: header and schema now, the check on a thread
    window = open_window(journal, create_application([]))
    qtbot.addWidget(window)
    window.show()
    keep = after_start(window, journal, journal.verify_in_background())
    qtbot.waitUntil(lambda: window.save_label.text() == strings.DAMAGED_STATUS, timeout=20_000)
    assert criticals and str(backup) in criticals[0] and "Restore from Backup" in criticals[0]
    assert (home / "journal.db.damaged").is_file()

    window.list.select_entry(newest.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == newest.id)
    window.editor.editor.setPlainText("words that must not be lost")
    assert not window.editor.save_now()
    assert window.editor.editor.toPlainText() == "words that must not be lost"
    assert "damaged" in window.editor.banner.text()
    window.editor.discard_pending()
    window.act_new.trigger()  # every other writer of the window refuses too
    assert warnings and "damaged" in warnings[-1]
    assert db.read_bytes() == damaged
    assert not list((home / "backups").glob("*daily*"))  # the daily backup never copies a damaged journal
    del keep
    close_window(window)


def damage_the_first_page_of(db: Path, btree: str) -> None:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        page = con.execute("SELECT min(pageno) FROM dbstat WHERE name = ?", (btree,)).fetchone()[0]
    finally:
        con.close()
    with open(db, "r+b") as handle:
        handle.seek((page - 1) * PAGE)
        handle.write(b"\xa5" * PAGE)


# What the window reads while it is built: the places' counts, the skill areas, the entry list's first page and its
# count (every entry counted on the ids' index, less the trash), the clock other writers' changes are told by.
@pytest.mark.parametrize("btree", ["ix_entries_private_live", "tags", "ix_entries_live_day",
                                   "sqlite_autoindex_entries_1", "journal_clock"])  # fmt: skip
def test_damage_the_window_reads_as_it_opens_is_reported_once_and_binds_every_save(
    qtbot, tmp_path: Path, monkeypatch, btree: str
) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_application, open_window
    from ui.workers import drain_pool

    home = tmp_path / "home"
    with open_journal(home) as journal:
        for i in range(40):
            entry_service.create_entry(journal, f"# Entry {i}\n\nwords", tags=["serving"], private=i % 4 == 0)
        backup = journal.backup("manual")
    db = home / "journal.db"
    damage_the_first_page_of(db, btree)
    damaged = db.read_bytes()
    criticals: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: criticals.append(text))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))

    journal = open_journal(home, full_check=False)
    window = open_window(journal, create_application([]))  # no exception out of the window's building
    qtbot.addWidget(window)
    window.show()
    # No after_start here: the read that met the damage has it checked, and the window says so by itself.
    qtbot.waitUntil(lambda: window.save_label.text() == strings.DAMAGED_STATUS, timeout=20_000)
    drain_pool()
    QApplication.processEvents()
    assert len(criticals) == 1 and str(backup) in criticals[0] and "Restore from Backup" in criticals[0]
    assert "damaged" in window.editor.banner.text()
    window.act_new.trigger()
    assert warnings and "damaged" in warnings[-1]
    assert db.read_bytes() == damaged
    close_window(window)


def test_a_damaged_journal_at_start_offers_its_backups(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from journal.errors import JournalMissing
    from ui.app import _restore_at_start

    home = tmp_path / "home"
    with open_journal(home) as journal:
        entry = entry_service.create_entry(journal, "kept in the backup")
        journal.backup("manual")
    for side in ("", "-wal", "-shm"):
        Path(f"{home / 'journal.db'}{side}").unlink(missing_ok=True)
    (home / "journal.db").write_bytes(b"")
    try:
        open_journal(home)
    except JournalMissing as exc:
        error = exc
    texts: list[str] = []
    click(monkeypatch, "Restore from Backup…", texts)
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    QApplication.setWindowIcon(QIcon())  # as at a start: no window has set it yet (ui.window_icon)

    def fake_dialog_exec(dialog: RestoreDialog) -> int:
        assert not QApplication.windowIcon().isNull()  # the dialogs before any window show the app's icon
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
        click(monkeypatch, "Restore")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(RestoreDialog, "exec", fake_dialog_exec)
    journal = _restore_at_start(JournalPaths(home), error)
    assert journal is not None
    assert "is empty (0 bytes)" in texts[0]
    assert [e.id for e in entry_service.list_entries(journal, limit=None)] == [entry.id]
    journal.close()


def test_export_in_the_app_refuses_the_journal_and_asks_before_replacing(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.transfer import run_export

    window = make_window()
    entry_service.create_entry(window.journal, "exported")
    db = window.journal.paths.db
    before = db.read_bytes()
    chosen = [str(db)]  # what the person picks in the save dialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **kw: (chosen[0], "JSON document (*.json)"))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    (tmp_path / "mine.json").write_text("my own file", encoding="utf-8")

    run_export(window.journal, window)
    assert warnings and "refusing to write" in warnings[0]
    assert db.read_bytes() == before
    chosen[0] = str(tmp_path / "mine.json")
    asked: list[str] = []
    click(monkeypatch, "Cancel", asked)
    run_export(window.journal, window)
    assert asked and "already exists" in asked[0]
    assert (tmp_path / "mine.json").read_text(encoding="utf-8") == "my own file"
    click(monkeypatch, "Replace")
    run_export(window.journal, window)
    assert '"exported"' in (tmp_path / "mine.json").read_text(encoding="utf-8")
