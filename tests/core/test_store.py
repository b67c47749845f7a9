"""The store: creating and opening journals, SQLite settings, locking, damage, future schemas, backups, WAL files."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from journal.db import BUSY_TIMEOUT_S, Journal, open_journal
from journal.entries import count_entries, create_entry, get_entry, list_entries
from journal.errors import JournalCorrupt, JournalNotFound, JournalTooNew
from journal.migrations import HEAD

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096


def tree(folder: Path) -> list[str]:
    """Every path under ``folder``, relative, sorted (empty when the folder does not exist)."""
    if not folder.exists():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def revision_of(db: Path) -> str:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def fill(home: Path, count: int = 300) -> list[str]:
    """A closed journal of ``count`` entries of ~2 KB each (big enough to have pages to damage); returns their ids."""
    with open_journal(home) as journal:
        return [create_entry(journal, f"# Entry {i}\n\n" + "lorem ipsum dolor sit amet " * 70).id for i in range(count)]


# --- creating and finding a journal ----------------------------------------------------------------------------------


def test_first_open_creates_the_folder_and_the_database(tmp_path: Path) -> None:
    home = tmp_path / "not" / "yet" / "there"
    with open_journal(home) as journal:
        assert journal.paths.db == home / "journal.db"
        entry = create_entry(journal, "first words")
        assert get_entry(journal, entry.id).body == "first words"
    assert (home / "journal.db").is_file()
    assert revision_of(home / "journal.db") == HEAD


def test_an_existing_empty_folder_becomes_a_journal(tmp_path: Path) -> None:
    home = tmp_path / "empty"
    home.mkdir()
    with open_journal(home) as journal:
        create_entry(journal, "x")
    assert (home / "journal.db").is_file()


def test_missing_journal_without_create_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "typo"
    with pytest.raises(JournalNotFound) as info:
        open_journal(home, create=False)
    assert str(home) in str(info.value)
    assert not home.exists()
    # An existing empty folder is not silently turned into a journal either.
    home.mkdir()
    with pytest.raises(JournalNotFound):
        open_journal(home, create=False)
    assert tree(home) == []


@pytest.mark.parametrize("create", [True, False])
def test_a_folder_with_other_files_but_no_journal_is_refused(tmp_path: Path, create: bool) -> None:
    home = tmp_path / "Documents"
    home.mkdir()
    (home / "thesis.md").write_text("my own file", encoding="utf-8")
    with pytest.raises(JournalNotFound) as info:
        open_journal(home, create=create)
    assert tree(home) == ["thesis.md"]
    assert (home / "thesis.md").read_text(encoding="utf-8") == "my own file"
    if create:
        assert "journal.db" in str(info.value)


# --- connection settings and locking ---------------------------------------------------------------------------------


def _pragmas(run: Callable[[str], object]) -> dict[str, object]:
    return {name: run(f"PRAGMA {name}") for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}


def test_every_kind_of_connection_has_the_settings(journal: Journal) -> None:
    expected = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": int(BUSY_TIMEOUT_S * 1000)}
    assert BUSY_TIMEOUT_S > 0
    # Several pooled connections at once, so more than one connection of the pool is looked at.
    conns = [journal.engine.connect() for _ in range(3)]
    try:
        for conn in conns:
            assert _pragmas(lambda sql, c=conn: c.exec_driver_sql(sql).scalar()) == expected
    finally:
        for conn in conns:
            conn.close()
    with journal.reading() as session:
        assert _pragmas(lambda sql: session.execute(text(sql)).scalar()) == expected
    with journal.writing() as session:
        assert _pragmas(lambda sql: session.execute(text(sql)).scalar()) == expected
    with journal.snapshot() as con:
        assert _pragmas(lambda sql: con.execute(sql).fetchone()[0]) == expected
    raw = journal.raw()
    try:
        assert _pragmas(lambda sql: raw.execute(sql).fetchone()[0]) == expected
    finally:
        raw.close()


def test_wal_mode_is_persisted_in_the_file(journal: Journal) -> None:
    header = journal.paths.db.read_bytes()[:20]
    assert header[18:20] == b"\x02\x02"  # file format read/write version 2 = WAL
    plain = sqlite3.connect(journal.paths.db)  # a connection that sets nothing itself
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        plain.close()


def traced(monkeypatch: pytest.MonkeyPatch, home: Path, statements: list[str]) -> Journal:
    """A journal whose every SQLite connection (ORM sessions and the plain read pool alike) records its SQL."""
    import journal.db as db

    plain_connect = db._connect

    def connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        con = plain_connect(*args, **kwargs)
        con.set_trace_callback(lambda sql: statements.append(sql.strip().upper()))
        return con

    monkeypatch.setattr(db, "_connect", connect)
    return open_journal(home)


def test_writes_start_with_begin_immediate(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    statements: list[str] = []
    with traced(monkeypatch, home, statements) as journal:
        statements.clear()
        create_entry(journal, "one")
        writes = list(statements)
        statements.clear()
        list_entries(journal)
        reads = list(statements)
    assert writes[0] == "BEGIN IMMEDIATE"
    assert any(s.startswith("INSERT INTO ENTRIES") for s in writes)
    assert reads[0] == "BEGIN"  # reads never take the write lock


def test_a_writer_waits_for_another_connections_lock_then_succeeds(journal: Journal) -> None:
    holder = sqlite3.connect(journal.paths.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO tags(name, colour, description) VALUES ('held', '#000000', '')")
    outcome: dict[str, object] = {}

    def write() -> None:
        try:
            outcome["entry"] = create_entry(journal, "saved once the lock is free")
        except BaseException as exc:  # reported to the test thread below
            outcome["error"] = exc

    worker = threading.Thread(target=write)
    try:
        worker.start()
        worker.join(timeout=0.5)
        # While the lock is held the writer can neither finish nor fail: it waits on the busy timeout.
        assert worker.is_alive(), outcome
        assert outcome == {}
    finally:
        holder.execute("COMMIT")
        holder.close()
    worker.join(timeout=BUSY_TIMEOUT_S)
    assert not worker.is_alive()
    assert "error" not in outcome, outcome.get("error")
    assert count_entries(journal) == 1
    with journal.reading() as session:
        assert session.execute(text("SELECT count(*) FROM tags WHERE name = 'held'")).scalar() == 1


# --- damaged files ---------------------------------------------------------------------------------------------------


def _garbage_pages(data: bytes) -> bytes:
    pages = len(data) // PAGE
    assert pages > 30, "the journal is too small to damage its middle"
    rng = random.Random(20240501)
    damaged = bytearray(data)
    for page in range(pages // 3, 2 * pages // 3, 2):
        damaged[page * PAGE : (page + 1) * PAGE] = rng.randbytes(PAGE)
    return bytes(damaged)


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "garbage pages in the middle": _garbage_pages,
    "not an SQLite file": lambda data: b"Dear diary,\n" * 1000,
    "truncated to half": lambda data: data[: len(data) // 2],
    "truncated inside the first page": lambda data: data[:1000],
    "truncated inside the header": lambda data: data[:60],
}


@pytest.mark.parametrize("full_check", [True, False], ids=["quick_check", "fast-open"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_journal_is_refused_unchanged_and_the_backup_offered(
    tmp_path: Path, damage: str, full_check: bool
) -> None:
    home = tmp_path / "home"
    fill(home)
    with open_journal(home) as journal:
        journal.backup("older")
        latest = journal.backup("manual")
    db = home / "journal.db"
    db.write_bytes(DAMAGE[damage](db.read_bytes()))
    before = db.read_bytes()

    # The fast open only reads the schema; damage deeper in the file shows when the entries are read.
    with pytest.raises(JournalCorrupt) as info, open_journal(home, create=False, full_check=full_check) as journal:
        list_entries(journal, limit=None)
        get_entry(journal, list_entries(journal, limit=1)[0].id)
    message = str(info.value)
    assert str(db) in message
    assert "damaged" in message
    assert str(latest) in message
    assert db.read_bytes() == before


def test_a_damaged_journal_without_backups_says_so(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill(home, 60)
    db = home / "journal.db"
    db.write_bytes(b"\x00" * 8192)
    before = db.read_bytes()
    with pytest.raises(JournalCorrupt) as info:
        open_journal(home, create=False)
    assert "no backup" in str(info.value)
    assert db.read_bytes() == before


def test_an_sqlite_file_of_another_program_is_refused_unchanged(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    db = home / "journal.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE recipes(name TEXT)")
    con.execute("INSERT INTO recipes VALUES ('soup')")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(JournalCorrupt) as info:
        open_journal(home)
    assert "not a Trailbook journal" in str(info.value)
    assert db.read_bytes() == before


# --- schema versions -------------------------------------------------------------------------------------------------


def test_a_journal_from_a_newer_trailbook_is_refused_unchanged(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill(home, 5)
    db = home / "journal.db"
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    before = db.read_bytes()
    with pytest.raises(JournalTooNew) as info:
        open_journal(home)
    assert "9999" in str(info.value)
    assert str(db) in str(info.value)
    assert db.read_bytes() == before
    assert not (home / "backups").exists()  # no backup: no migration was attempted
    wal = home / "journal.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


# --- backups ---------------------------------------------------------------------------------------------------------


def test_backups_are_consistent_copies_that_open_as_journals(journal: Journal, tmp_path: Path) -> None:
    ids = [create_entry(journal, f"entry {i} ünïcødé 🧭", tags=["serving"]).id for i in range(20)]
    wal = journal.paths.db.with_name("journal.db-wal")
    # The newest entries live only in the -wal file: a plain copy of journal.db would miss them...
    assert wal.exists() and wal.stat().st_size > 0
    naive = tmp_path / "naive-copy"
    naive.mkdir()
    shutil.copyfile(journal.paths.db, naive / "journal.db")
    with open_journal(naive, create=False) as copy:
        assert count_entries(copy) < len(ids)
    # ...the backup API copies the database as the connection sees it.
    backup = journal.backup("manual")
    assert backup.parent == journal.paths.backups
    assert backup.name.startswith("journal-") and backup.name.endswith("-manual.db")
    assert not list(journal.paths.backups.glob("*.part"))
    con = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copyfile(backup, restored / "journal.db")
    with open_journal(restored, create=False) as copy:
        assert count_entries(copy) == len(ids)
        for entry_id in ids:
            assert get_entry(copy, entry_id) == get_entry(journal, entry_id)
    assert wal.exists()  # backing up never removes the live journal's -wal file


def test_a_backup_does_not_include_uncommitted_work_or_wait_for_it(journal: Journal) -> None:
    create_entry(journal, "committed")
    other = sqlite3.connect(journal.paths.db, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE entries SET body = 'half-done'")
        backup = journal.backup("manual")
        other.execute("ROLLBACK")
    finally:
        other.close()
    con = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT body FROM entries").fetchall() == [("committed",)]
    finally:
        con.close()


# --- the -wal file ---------------------------------------------------------------------------------------------------

CRASHING_WRITER = """
import os, sys
from journal.db import open_journal
from journal.entries import create_entry
journal = open_journal(sys.argv[1], create=False)
for i in range(5):
    print(create_entry(journal, f"only in the wal {i}").id, flush=True)
os._exit(0)  # like a crash: no close, no checkpoint
"""


def _crash_after_writes(home: Path) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", CRASHING_WRITER, str(home)],
        capture_output=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    return out.stdout.split()


def test_a_wal_file_left_by_a_crash_is_recovered_not_deleted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill(home, 10)
    ids = _crash_after_writes(home)
    wal = home / "journal.db-wal"
    assert len(ids) == 5
    assert wal.exists() and wal.stat().st_size > 0
    with open_journal(home, create=False) as journal:
        assert count_entries(journal) == 15
        assert [get_entry(journal, i).body for i in ids] == [f"only in the wal {i}" for i in range(5)]


def test_a_wal_file_beside_a_damaged_journal_is_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill(home)
    _crash_after_writes(home)
    db, wal = home / "journal.db", home / "journal.db-wal"
    db.write_bytes(_garbage_pages(db.read_bytes()))
    db_before, wal_before = db.read_bytes(), wal.read_bytes()
    with pytest.raises(JournalCorrupt):
        open_journal(home, create=False)
    # Not checkpointed into the damaged file, not deleted: both are there for a recovery tool.
    assert db.read_bytes() == db_before
    assert wal.read_bytes() == wal_before


def test_a_wal_file_beside_a_journal_from_the_future_is_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill(home, 5)
    db, wal = home / "journal.db", home / "journal.db-wal"
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    _write_wal_then_crash(db)
    db_before, wal_before = db.read_bytes(), wal.read_bytes()
    assert wal_before
    with pytest.raises(JournalTooNew):
        open_journal(home, create=False)
    assert db.read_bytes() == db_before
    assert wal.read_bytes() == wal_before


def _write_wal_then_crash(db: Path) -> None:
    code = (
        "import os, sqlite3, sys; con = sqlite3.connect(sys.argv[1], isolation_level=None);"
        "con.execute(\"INSERT INTO tags(name, colour, description) VALUES ('from-the-future', '#000000', '')\");"
        "os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)
