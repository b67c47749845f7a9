"""The journal's own files: damage found once binds every writer, a missing or empty database beside a journal's
folders is damage (not a new journal), backups are checked, listed, rotated and restored, and no named output ever
lands on the journal's files. Real journal files, real damage, the command line as real processes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from journal import health
from journal.backups import list_backups, restore_backup, rotate_backups
from journal.db import open_journal
from journal.entries import create_entry, list_entries
from journal.errors import JournalCorrupt, JournalMissing, OutputExists, OutputProtected
from journal.outputs import check_output
from journal.paths import JournalPaths

PROGRAM = [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-m", "journal"]
PAGE = 4096


@dataclass
class Result:
    code: int
    out: str
    err: str


def cli(*args: str, home: Path, cwd: Path | None = None) -> Result:
    proc = subprocess.run(
        [*PROGRAM, *args, "--home", str(home)],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"},
        cwd=cwd,
        timeout=120,
    )
    result = Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
    assert "Traceback" not in result.err, result.err
    return result


def ok(*args: str, home: Path, cwd: Path | None = None) -> str:
    result = cli(*args, home=home, cwd=cwd)
    assert result.code == 0, result.err
    return result.out


def fails(*args: str, home: Path, cwd: Path | None = None) -> str:
    """A refusal: exit 1 and one clear line on stderr."""
    result = cli(*args, home=home, cwd=cwd)
    assert result.code == 1, (result.code, result.out, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("trailbook: error: "), result.err
    return lines[0]


def fill(home: Path, count: int = 300) -> Path:
    """A journal of ``count`` entries of ~2 KB (one b-tree leaf page each, or so) and a backup of it."""
    with open_journal(home) as journal:
        for i in range(count):
            create_entry(journal, f"# Entry {i}\n\n" + "lorem ipsum dolor sit amet " * 70)
        create_entry(journal, "# Newest\n\nthe zebra crossing")
        return journal.backup("manual")


def damage_an_old_leaf(db: Path) -> int:
    """Overwrite one b-tree leaf page of the entries table in the middle of the file, holding old entries only: the
    newest entries, the count (from an index) and search still read fine, ``quick_check`` does not."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        leaves = [r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = 'entries' AND pagetype = 'leaf'")]
    finally:
        con.close()
    assert len(leaves) > 30
    page = sorted(leaves)[len(leaves) // 2]
    with open(db, "r+b") as handle:
        handle.seek((page - 1) * PAGE)
        handle.write(b"\xa5" * PAGE)
    return page


def entries_in(db: Path) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        con.close()


# --- damage found once binds every writer ------------------------------------------------------------------------


def test_damage_in_the_middle_is_found_before_the_first_write_and_binds_until_restored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    backup = fill(home)
    db = home / "journal.db"
    damage_an_old_leaf(db)
    damaged = db.read_bytes()

    # Reading goes on: the newest entries and search do not touch the damaged page.
    assert "Newest" in ok("list", "--limit", "5", home=home)
    assert "zebra" in ok("search", "zebra", home=home)
    # The first write sees the file changed outside Trailbook, checks it, refuses and says how to restore.
    line = fails("new", "written into a damaged file?", home=home)
    assert "damaged" in line and str(backup) in line and "trailbook backup restore" in line
    assert db.read_bytes() == damaged
    assert (home / "journal.db.damaged").is_file()
    # Found once, not forgotten: every later writer refuses without checking again, reading still works.
    (tmp_path / "more.json").write_text('[{"body": "imported", "date": "2025-01-01"}]', encoding="utf-8")
    for args in (["new", "again"], ["tag", "add", "x"], ["backup"], ["import", str(tmp_path / "more.json")]):
        line = fails(*args, home=home)
        assert "found damaged on" in line and "trailbook backup restore" in line, args
    assert "Newest" in ok("list", "--limit", "2", home=home)
    assert "damaged" in fails("check", home=home)
    assert db.read_bytes() == damaged

    # Restore: the damaged file is kept aside, the backup is in place, writing works again.
    out = ok("backup", "restore", backup.name, home=home)
    assert "Restored" in out and "301 entries" in out
    aside = sorted(home.glob("journal.db.damaged-*"))
    assert aside and aside[0].read_bytes() == damaged
    assert not (home / "journal.db.damaged").exists()
    ok("new", "after the restore", home=home)
    assert "healthy" in ok("check", home=home)
    assert entries_in(db) == 302


def test_an_unchanged_file_is_not_checked_again_before_a_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "first")
    assert health.unchanged_since_sound(JournalPaths(home))
    import journal.db as db_module

    calls: list[Path] = []
    real = db_module.verify
    monkeypatch.setattr(db_module, "verify", lambda paths, **kw: (calls.append(paths.db), real(paths, **kw)))
    with open_journal(home, full_check=False) as journal:
        create_entry(journal, "second: the file is the one we left, no check")
    assert calls == []
    os.utime(home / "journal.db", ns=(1, 1))  # changed outside Trailbook (here: only its time)
    with open_journal(home, full_check=False) as journal:
        create_entry(journal, "third: checked first")
        create_entry(journal, "fourth: once per process")
    assert calls == [home / "journal.db"]


def test_damage_a_read_meets_binds_the_next_write_though_the_file_looks_unchanged(tmp_path: Path) -> None:
    """Bit rot changes no size, time or header: the file's stamp still says 'as last found sound'. A read that meets
    the damage makes the next write check first, and it refuses: nothing goes into the damaged file."""
    home = tmp_path / "home"
    fill(home, 80)
    db = home / "journal.db"
    before = os.stat(db)
    damage_an_old_leaf(db)
    os.utime(db, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert health.unchanged_since_sound(JournalPaths(home))  # the stamp cannot see it
    damaged = db.read_bytes()
    with open_journal(home, full_check=False) as journal:
        with pytest.raises(JournalCorrupt):
            list_entries(journal, limit=None)
        with pytest.raises(JournalCorrupt, match="damaged"):
            create_entry(journal, "must not land in a damaged file")
    assert db.read_bytes() == damaged
    assert (home / "journal.db.damaged").is_file()


def test_a_listener_hears_once_of_damage_reads_met_from_the_check_they_started(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill(home, 80)
    damage_an_old_leaf(home / "journal.db")
    with open_journal(home, full_check=False) as journal:
        with pytest.raises(JournalCorrupt):  # met before anyone listens: the check starts when someone does
            list_entries(journal, limit=None)
        heard: list[JournalCorrupt] = []
        journal.on_damage(heard.append)
        for _ in range(3):
            with pytest.raises(JournalCorrupt):
                list_entries(journal, limit=None)
        journal.verify_in_background().join()  # the running check, or one more: either way no second report
        assert heard == [journal.damage] and "damaged" in heard[0].message
        late: list[JournalCorrupt] = []
        journal.on_damage(late.append)
        assert late == heard  # a listener that comes later hears at once


def test_a_check_that_passes_on_a_file_replaced_by_hand_clears_the_mark(tmp_path: Path) -> None:
    home = tmp_path / "home"
    backup = fill(home, 120)
    db = home / "journal.db"
    damage_an_old_leaf(db)
    fails("check", home=home)
    assert (home / "journal.db.damaged").is_file()
    db.write_bytes(backup.read_bytes())  # the person copied a backup over it themselves
    assert "found damaged on" in fails("new", "not yet", home=home)
    assert "healthy" in ok("check", home=home)
    ok("new", "now it is", home=home)


# --- a missing or empty database is a damaged journal ----------------------------------------------------------------


@pytest.mark.parametrize("state", ["empty", "missing"])
def test_an_empty_or_missing_database_beside_backups_is_damage_not_a_new_journal(tmp_path: Path, state: str) -> None:
    home = tmp_path / "home"
    backup = fill(home, 10)
    db = home / "journal.db"
    for side in ("", "-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    if state == "empty":
        db.write_bytes(b"")
    for args in (["new", "hello"], ["list"], ["check"]):
        line = fails(*args, home=home)
        assert ("is empty (0 bytes)" if state == "empty" else "is missing") in line
        assert "backups/" in line and str(backup) in line and "trailbook backup restore" in line
    assert (db.stat().st_size == 0) if state == "empty" else not db.exists()
    with pytest.raises(JournalMissing):
        open_journal(home)
    listed = json.loads(ok("backup", "list", "--json", home=home))
    assert [b["file"] for b in listed] == [str(backup)]
    assert listed[0]["healthy"] is True and listed[0]["entries"] == 11
    ok("backup", "restore", str(backup), home=home)
    assert len(list_entries(open_journal(home, create=False), limit=None)) == 11


def test_an_empty_database_with_nothing_beside_it_is_still_a_new_journal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "journal.db").write_bytes(b"")
    ok("new", "a fresh start", home=home)


# --- backups: checked, listed, rotated, restored -------------------------------------------------------------------


def test_backup_list_json_and_restore_round_trip(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "one")
        first = journal.backup("manual")
        create_entry(journal, "two")
        second = journal.backup("daily")
    (home / "backups" / "journal-20000101-000000-000000-manual.db").write_bytes(b"not a database at all" * 100)
    listed = json.loads(ok("backup", "list", "--json", home=home))
    assert [b["file"] for b in listed] == [
        str(second),
        str(first),
        str(home / "backups" / "journal-20000101-000000-000000-manual.db"),
    ]
    assert set(listed[0]) == {"file", "created", "kind", "size", "healthy", "entries", "problem"}
    assert [(b["kind"], b["healthy"], b["entries"]) for b in listed] == [
        ("daily", True, 2), ("manual", True, 1), ("manual", False, None)
    ]  # fmt: skip
    assert listed[0]["size"] == second.stat().st_size and listed[0]["created"].endswith("Z")
    assert "damaged" in listed[2]["problem"]
    text = ok("backup", "list", home=home)
    assert first.name in text and "NOT USABLE" in text

    assert "cannot restore" in fails("backup", "restore", listed[2]["file"], home=home)
    assert "no such file" in fails("backup", "restore", "nope.db", home=home)
    out = ok("backup", "restore", str(first), home=home)
    assert "1 entries" in out and "journal.db.replaced-" in out
    assert entries_in(home / "journal.db") == 1
    kept = [p for p in home.glob("journal.db.replaced-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and entries_in(kept[0]) == 2  # the journal as it was, kept aside


def test_restore_is_refused_while_the_app_has_the_journal_open(tmp_path: Path) -> None:
    from journal.instance import try_lock

    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "one")
        backup = journal.backup("manual")
    held = try_lock(home / "journal.db")
    assert held is not None
    try:
        assert "File → Restore from Backup" in fails("backup", "restore", str(backup), home=home)
    finally:
        held.close()
    ok("backup", "restore", str(backup), home=home)


def test_rotation_keeps_good_backups_and_a_damaged_source_never_pushes_them_out(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill(home, 150)
    paths = JournalPaths(home)
    with open_journal(home) as journal:
        good = [journal.backup("daily") for _ in range(3)]
    for backup in good:  # made days ago: the next start makes a daily backup
        os.utime(backup, (backup.stat().st_mtime - 3 * 86400,) * 2)
    db = home / "journal.db"
    damage_an_old_leaf(db)
    with open_journal(home, full_check=False) as journal:
        with pytest.raises(JournalCorrupt):
            journal.backup_daily(keep=3)  # the source is checked first: no copy, no rotation
        with pytest.raises(JournalCorrupt):
            journal.backup("daily")
    assert sorted(paths.backups.glob("journal-*-daily.db")) == good
    assert not list(paths.backups.glob(".*part"))

    # A damaged backup never counts: rotation keeps the newest good ones, and the damaged one newer than them.
    bad = paths.backups / "journal-29990101-000000-000000-daily.db"
    bad.write_bytes(good[-1].read_bytes()[: 3 * PAGE])
    rotate_backups(paths, "daily", keep=2)
    assert sorted(paths.backups.glob("journal-*-daily.db")) == [good[1], good[2], bad]
    assert [b.healthy for b in list_backups(paths) if b.kind == "daily"] == [False, True, True]


def test_restore_keeps_the_damaged_file_aside_with_its_wal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    backup = fill(home, 120)
    paths = JournalPaths(home)
    db = home / "journal.db"
    code = (  # a write that stays in the -wal file: the process dies before any checkpoint
        "import os, sqlite3, sys; con = sqlite3.connect(sys.argv[1], isolation_level=None);"
        "con.execute(\"INSERT INTO tags(name, colour, description) VALUES ('only-in-the-wal', '#000000', '')\");"
        "os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)
    damage_an_old_leaf(db)
    db_bytes, wal_bytes = db.read_bytes(), Path(f"{db}-wal").read_bytes()
    assert wal_bytes
    with pytest.raises(JournalCorrupt):
        open_journal(home, full_check=True)
    assert paths.damage_mark.is_file()
    result = restore_backup(paths, backup)
    by_suffix = {p.name.rsplit("-", 1)[-1] if p.name.endswith(("-wal", "-shm")) else "": p for p in result.kept_aside}
    assert by_suffix[""].name.startswith("journal.db.damaged-") and by_suffix[""].read_bytes() == db_bytes
    assert by_suffix["wal"].read_bytes() == wal_bytes
    assert not paths.damage_mark.exists()
    with open_journal(home, create=False) as journal:
        assert len(list_entries(journal, limit=None)) == 121


# --- named outputs never land on the journal's own files -------------------------------------------------------------


def test_export_is_refused_onto_the_journal_its_side_files_backups_and_attachments(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "precious")
        backup = journal.backup("manual")
    (home / "attachments").mkdir()
    db = home / "journal.db"
    journal_bytes = db.read_bytes()
    backup_bytes = backup.read_bytes()
    outside = tmp_path / "out"
    outside.mkdir()
    (outside / "link.json").symlink_to(db)
    (outside / "backups-link").symlink_to(home / "backups")
    os.link(db, outside / "hard.json")
    refused = [
        ["export", "--format", "json", str(db)],
        ["export", "--format", "json", str(db), "--force"],
        ["export", "--format", "json", f"{db}-wal", "--force"],
        ["export", str(backup), "--format", "json", "--force"],
        ["export", str(home / "backups" / "new.json")],
        ["export", str(outside / "link.json"), "--force"],
        ["export", str(outside / "hard.json"), "--force"],
        ["export", str(outside / "backups-link" / "new.json")],
        ["export", str(home / "attachments" / "md")],
        ["export", str(home / "attachments")],
        ["export", str(home), "--force"],
        ["export", str(tmp_path), "--force"],
        ["roadmap", "export", "anything", str(db), "--force"],
        ["backup", "--to", str(backup), "--force"],
        ["backup", "--to", str(home / "backups" / "copy.db")],
    ]
    for args in refused:
        line = fails(*args, home=home)
        assert "refusing to write" in line or "no roadmap" in line, (args, line)
    assert "it leads to" in fails("export", str(outside / "link.json"), "--force", home=home)
    assert db.read_bytes() == journal_bytes
    assert backup.read_bytes() == backup_bytes
    assert sorted(p.name for p in (home / "backups").iterdir()) == [backup.name]
    assert list((home / "attachments").iterdir()) == []


def test_an_existing_output_is_replaced_only_with_force(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "one")
    target = tmp_path / "mine.json"
    target.write_text("my own file", encoding="utf-8")
    assert "--force" in fails("export", str(target), home=home)
    assert target.read_text(encoding="utf-8") == "my own file"
    ok("export", str(target), "--force", home=home)
    assert json.loads(target.read_text(encoding="utf-8"))["entries"][0]["body"] == "one"

    copy = tmp_path / "copy.db"
    ok("backup", "--to", str(copy), home=home)
    assert entries_in(copy) == 1
    assert "--force" in fails("backup", "--to", str(copy), home=home)
    ok("backup", "--to", str(copy), "--force", home=home)

    folder = tmp_path / "md"
    ok("export", str(folder), home=home)
    assert "earlier export" in fails("export", str(folder), home=home)
    ok("export", str(folder), "--force", home=home)


def test_the_rule_resolves_a_new_file_under_a_symlinked_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "one")
    paths = JournalPaths(home)
    (tmp_path / "to-home").symlink_to(home)
    with pytest.raises(OutputProtected):
        check_output(paths, tmp_path / "to-home" / "journal.db-shm", force=True)
    with pytest.raises(OutputProtected):
        check_output(paths, tmp_path / "to-home" / "attachments" / "later" / "x.png", force=True)
    with pytest.raises(OutputProtected):
        check_output(paths, tmp_path / "to-home", force=True, folder=True)
    assert check_output(paths, tmp_path / "to-home" / "export.json") == tmp_path / "to-home" / "export.json"
    (tmp_path / "taken.json").write_text("x", encoding="utf-8")
    with pytest.raises(OutputExists):
        check_output(paths, tmp_path / "taken.json")
