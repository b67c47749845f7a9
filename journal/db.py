"""Opening a journal: the SQLite file, its settings, integrity checks, backups and migrations.

Every connection runs with WAL (persisted in the file), ``synchronous=FULL``, foreign keys on and a busy timeout;
writes run in ``BEGIN IMMEDIATE`` transactions so two writers queue on the lock instead of failing half-way. An
existing journal is opened with ``mode=rw`` so a wrong path is an error, never a silently created empty journal.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from journal.errors import (
    Cancelled,
    JournalBusy,
    JournalCorrupt,
    JournalNotFound,
    JournalReadOnly,
    JournalTooNew,
    StoreWriteFailed,
    TrailbookError,
)
from journal.migrations import HEAD, REVISIONS
from journal.paths import JournalPaths, resolve_home

if TYPE_CHECKING:  # SQLAlchemy loads on the first ORM session, not on import: the app's start-up reads without it
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

BUSY_TIMEOUT_S = 30.0
SQLITE_MAGIC = b"SQLite format 3\x00"
_WRITE_OPTION = "trailbook_write"


def _uri_path(db: Path) -> str:
    """The path part of an SQLite URI: only ``%``, ``?`` and ``#`` mean something there (urllib costs start-up)."""
    return str(db).replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _connect(db: Path, *, create: bool = False, read_only: bool = False) -> sqlite3.Connection:
    """A connection with the journal's settings. ``read_only`` connections are for inspecting a journal before
    trusting it: closing one never checkpoints the ``-wal`` file into (or deletes it beside) a damaged database."""
    mode = "rwc" if create else "ro" if read_only else "rw"
    con = sqlite3.connect(
        f"file:{_uri_path(db)}?mode={mode}",
        uri=True,
        timeout=BUSY_TIMEOUT_S,
        isolation_level=None,  # we issue BEGIN ourselves, see _on_begin
        check_same_thread=False,
    )
    try:
        con.execute("PRAGMA synchronous=FULL")
        con.execute("PRAGMA foreign_keys=ON")
    except BaseException:
        con.close()
        raise
    return con


def translate_sqlite_error(exc: BaseException, paths: JournalPaths | None = None) -> TrailbookError | None:
    """The user-facing error for a SQLite failure caused by the machine (full disk, read-only file, damage).
    With the journal's ``paths`` the message names its file and offers its latest backup."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.Error):
        return None
    text = str(orig).lower()
    if "disk is full" in text:
        return StoreWriteFailed("the disk is full")
    if "disk i/o error" in text:
        return StoreWriteFailed("the disk refused the write (I/O error; is it full or removed?)")
    if "readonly" in text or "read-only" in text:
        return JournalReadOnly(paths.db if paths else Path("the journal"))
    if "malformed" in text or "not a database" in text:
        if paths is None:
            return JournalCorrupt(Path("journal.db"), str(orig), None)
        return JournalCorrupt(paths.db, str(orig), latest_backup(paths))
    if text == "interrupted":
        return Cancelled()
    if "locked" in text or "busy" in text:
        return JournalBusy()
    return None


class Journal:
    """An open journal: its paths and an engine. Services take one of these and open a session per call."""

    def __init__(self, paths: JournalPaths) -> None:
        self.paths = paths
        self._engine: Engine | None = None
        # Idle pooled connections. A deque, not a queue.Queue: append and pop are atomic, nobody waits on it, and the
        # queue module costs ~1 ms of the app's start-up.
        self._pool: deque[sqlite3.Connection] = deque()
        self._pool_lock = threading.Lock()
        self._pooled: list[sqlite3.Connection] = []
        self._verified = threading.Event()
        self._verified.set()
        self._checking: sqlite3.Connection | None = None
        self.damage: JournalCorrupt | None = None
        self.closed = False

    def verify_in_background(self) -> threading.Thread:
        """Run ``PRAGMA quick_check`` on a thread (it reads the whole file: seconds on a big journal). Until it
        finishes, writes wait; if it finds damage, every later write raises ``JournalCorrupt`` — so a damaged file is
        never written to."""
        self._verified.clear()

        def check() -> None:
            con = _connect(self.paths.db, read_only=True)
            self._checking = con
            try:
                _check_integrity(con, self.paths, full=True)
            except JournalCorrupt as exc:
                self.damage = exc
            except Cancelled:
                pass  # interrupted by close(): the journal is going away, and the check only reads
            finally:
                self._checking = None
                con.close()
                self._verified.set()

        thread = threading.Thread(target=check, name="trailbook-quick-check", daemon=True)
        thread.start()
        return thread

    def _require_sound(self) -> None:
        self._verified.wait()
        if self.damage is not None:
            raise self.damage

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use (importing SQLAlchemy costs more than a bare Qt window's start)."""
        with self._pool_lock:
            if self._engine is None:
                self._engine = _make_engine(self.paths.db)
            return self._engine

    @property
    def _write_engine(self) -> Engine:
        return self.engine.execution_options(**{_WRITE_OPTION: True})

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (a deferred transaction: it never blocks writers, thanks to WAL)."""
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.orm import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except DBAPIError as exc:
                raise (translate_sqlite_error(exc, self.paths) or exc) from exc
            finally:
                session.rollback()

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A pooled plain sqlite3 connection inside one read transaction, for hot read paths (lists, search, the
        app's start-up) where the ORM's cost would be larger than the query itself."""
        try:
            con = self._pool.pop()
        except IndexError:
            con = _connect(self.paths.db)
            with self._pool_lock:
                self._pooled.append(con)
        try:
            con.execute("BEGIN")
            yield con
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, self.paths) or exc from exc
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            self._pool.append(con)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose transaction takes the write lock up front (``BEGIN IMMEDIATE``) and commits at the end."""
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.orm import Session

        self._require_sound()
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except DBAPIError as exc:
                session.rollback()
                raise (translate_sqlite_error(exc, self.paths) or exc) from exc
            except BaseException:
                session.rollback()
                raise

    def raw(self) -> sqlite3.Connection:
        """A new plain sqlite3 connection with the journal's settings (for backups and bulk work, which write: they
        wait for a running integrity check like every writer)."""
        self._require_sound()
        return _connect(self.paths.db)

    def backup(self, reason: str = "manual") -> Path:
        """Copy the journal with SQLite's backup API into ``backups/`` and return the new file's path."""
        return backup_database(self.paths, reason)

    def backup_daily(self, keep: int = 7) -> Path | None:
        """A backup at most once a day (the app calls this at start), keeping the newest ``keep`` daily ones."""
        newest = sorted(self.paths.backups.glob("journal-*-daily.db")) if self.paths.backups.is_dir() else []
        if newest:
            age = dt.datetime.now().timestamp() - newest[-1].stat().st_mtime
            if age < 20 * 3600:
                return None
        path = self.backup("daily")
        rotate_backups(self.paths, "daily", keep)
        return path

    def quick_check(self) -> None:
        """Raise ``JournalCorrupt`` unless ``PRAGMA quick_check`` says ok."""
        con = _connect(self.paths.db, read_only=True)
        try:
            _check_integrity(con, self.paths, full=True)
        finally:
            con.close()

    def close(self) -> None:
        self.closed = True
        checking = self._checking
        if checking is not None:  # a background integrity check only reads: stop it rather than wait for it
            checking.interrupt()
        if self._engine is not None:
            self._engine.dispose()
        with self._pool_lock:
            for con in self._pooled:
                con.close()
            self._pooled.clear()
        self._pool.clear()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def latest_backup(paths: JournalPaths) -> Path | None:
    if not paths.backups.is_dir():
        return None
    found = sorted(paths.backups.glob("journal-*.db"))
    return found[-1] if found else None


def backup_database(paths: JournalPaths, reason: str) -> Path:
    """A consistent copy of the live journal made with the SQLite backup API (never by copying the file)."""
    paths.backups.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    dest = paths.backups / f"journal-{stamp}-{reason}.db"
    tmp = dest.with_suffix(".db.part")
    src = _connect(paths.db)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise translate_sqlite_error(exc, paths) or exc from exc
    finally:
        src.close()
    return dest


def rotate_backups(paths: JournalPaths, reason: str, keep: int) -> None:
    """Keep only the newest ``keep`` backups made for ``reason`` (other kinds are left alone)."""
    if not paths.backups.is_dir():
        return
    mine = sorted(paths.backups.glob(f"journal-*-{reason}.db"))
    for old in mine[: max(0, len(mine) - keep)]:
        old.unlink()


def _check_integrity(con: sqlite3.Connection, paths: JournalPaths, *, full: bool) -> None:
    try:
        if full:
            rows = con.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                detail = "; ".join(str(r[0]) for r in rows[:3])
                raise JournalCorrupt(paths.db, detail, latest_backup(paths))
        else:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise translate_sqlite_error(exc, paths) or JournalCorrupt(paths.db, str(exc), latest_backup(paths)) from exc


def _schema_revision(con: sqlite3.Connection) -> str | None:
    has_table = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
    if not has_table:
        return None
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _enable_wal(db: Path, *, create: bool = False) -> None:
    """Switch the file to WAL (persisted in it). When two processes create one journal at the same moment, each can
    hold a shared lock while asking for the exclusive one; SQLite then fails one of them at once ("database is
    locked", without waiting, to avoid a deadlock), so that one retries until the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        con = _connect(db, create=create)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
        finally:
            con.close()
        time.sleep(0.01)


def translate_busy(exc: BaseException) -> TrailbookError | None:
    """``JournalBusy`` for a lock that was not released within the busy timeout, else None."""
    return JournalBusy() if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower() else None


def _make_engine(db: Path) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: _connect(db),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
    )

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE_OPTION) else "BEGIN")

    return engine


def _migrate(journal: Journal, *, backup_first: bool) -> None:
    from alembic import command
    from alembic.config import Config

    if backup_first:
        journal.backup("before-upgrade")
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with journal._write_engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, HEAD)


def open_journal(
    home: str | os.PathLike[str] | None = None, *, create: bool = True, full_check: bool = True
) -> Journal:
    """Open (or, with ``create``, make) the journal in ``home``.

    A missing ``journal.db`` is created only when ``create`` is set and the folder is new or empty. ``full_check`` runs
    ``PRAGMA quick_check`` (the app does, at every start); otherwise only the header and schema are read, which keeps
    short command-line calls fast on big journals. An out-of-date schema is backed up, then migrated.
    """
    paths = JournalPaths(resolve_home(home))
    db = paths.db
    try:  # a folder the person may not even look into raises PermissionError here
        is_new = not db.exists()
        folder_has_files = is_new and paths.home.is_dir() and any(paths.home.iterdir())
        if folder_has_files and db.exists():  # another process created it a moment ago: open it like any journal
            is_new = folder_has_files = False
    except OSError as exc:
        raise JournalReadOnly(paths.home) from exc
    if is_new:
        if not create or folder_has_files:
            raise JournalNotFound(paths.home, folder_not_empty=folder_has_files and create)
        try:
            paths.home.mkdir(parents=True, exist_ok=True)
            _enable_wal(db, create=True)
        except (OSError, sqlite3.Error) as exc:
            raise translate_busy(exc) or JournalReadOnly(paths.home) from exc
    else:
        try:
            with open(db, "rb") as fh:
                header = fh.read(16)
        except OSError as exc:
            raise JournalReadOnly(db) from exc
        if header and header != SQLITE_MAGIC:
            raise JournalCorrupt(db, "not an SQLite database", latest_backup(paths))
    # Inspect on a read-only connection first: nothing is written (not even a checkpoint of a leftover -wal file)
    # until the file is known to be a healthy journal this Trailbook understands.
    try:
        con = _connect(db, read_only=not is_new)
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, paths) or JournalReadOnly(db) from exc
    try:
        _check_integrity(con, paths, full=full_check)
        try:
            revision = _schema_revision(con)
            has_tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            mode = con.execute("PRAGMA journal_mode").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise translate_sqlite_error(exc, paths) or JournalCorrupt(db, str(exc), latest_backup(paths)) from exc
    finally:
        con.close()

    if revision is not None and revision not in REVISIONS:
        raise JournalTooNew(db, revision)
    if revision is None and has_tables:
        raise JournalCorrupt(db, "it is an SQLite file but not a Trailbook journal", None)
    if mode != "wal":
        try:
            _enable_wal(db)
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, paths) or JournalReadOnly(db) from exc

    journal = Journal(paths)
    if revision != HEAD:
        from sqlalchemy.exc import DBAPIError

        try:
            _migrate(journal, backup_first=revision is not None)
        except DBAPIError as exc:
            journal.close()
            raise (translate_sqlite_error(exc, paths) or exc) from exc
    return journal
