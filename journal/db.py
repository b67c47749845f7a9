"""Opening a journal: the SQLite file, its settings, integrity checks, backups and migrations.

Every connection runs with WAL (persisted in the file), ``synchronous=FULL``, foreign keys on and a busy timeout;
writes run in ``BEGIN IMMEDIATE`` transactions so two writers queue on the lock instead of failing half-way. An
existing journal is opened with ``mode=rw`` so a wrong path is an error, never a silently created empty journal; a
missing or empty ``journal.db`` beside the journal's other folders is a damaged journal, never a new one. What a check
learns about the file is kept beside it (journal.health), and no write goes into a file known to be damaged.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from journal import health
from journal.errors import (
    Cancelled,
    HomeNotAFolder,
    JournalBusy,
    JournalClosed,
    JournalCorrupt,
    JournalMarkedDamaged,
    JournalMissing,
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
        return JournalCorrupt(paths.db, str(orig), newest_good_backup(paths))
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
        # Known sound in this process: a check passed, or the file was the one last recorded sound (journal.health).
        self._sound = False
        # The journal clock's ticks our own writes made, as (before, after] pairs (journal.changes tells them from
        # other writers' ticks). A deque: appended by the writing thread, read by the GUI's.
        self.own_ticks: deque[tuple[int, int]] = deque(maxlen=4096)
        self._on_close: list[Callable[[], None]] = []  # connections of our own elsewhere (journal.changes)
        # Damage: one integrity check at a time, and whoever listens (the app's window) hears of damage once.
        self._damage_lock = threading.Lock()
        self._check: threading.Thread | None = None
        self._damage_listeners: list[Callable[[JournalCorrupt], None]] = []
        self._met_damage = False  # a read or write met damage that no check has confirmed yet
        health.hold(paths.db)  # the file's stamps are read without dropping SQLite's locks (see journal.health)

    def verify_in_background(self) -> threading.Thread:
        """Run ``PRAGMA quick_check`` on a thread (it reads the whole file: seconds on a big journal). Until it
        finishes, writes wait; if it finds damage (now, or an earlier check did: journal.health), every later write
        raises ``JournalCorrupt`` — so a damaged file is never written to. A check already running (one a read that
        met damage started) is returned instead of a second one."""
        with self._damage_lock:
            if self._check is not None and self._check.is_alive():
                return self._check
            self._verified.clear()

            def check() -> None:
                try:
                    self._sound = False
                    verify(self.paths, on_connect=self._watch_check)
                    self._sound, self._met_damage = True, False
                except JournalCorrupt as exc:
                    self._damaged(exc)
                except Cancelled:
                    pass  # interrupted by close(): the journal is going away, and the check only reads
                finally:
                    self._checking = None
                    self._verified.set()

            self._check = thread = threading.Thread(target=check, name="trailbook-quick-check", daemon=True)
            thread.start()
        return thread

    def on_damage(self, listener: Callable[[JournalCorrupt], None]) -> Callable[[], None]:
        """Call ``listener`` once, on whichever thread finds it, when damage is found (by a check, or by the mark an
        earlier one left); at once when it already was, and a read that met damage before anyone listened has it
        checked now. Returns the function that stops listening."""
        with self._damage_lock:
            self._damage_listeners.append(listener)
            found = self.damage
        if found is not None:
            listener(found)
        elif self._met_damage and not self.closed:
            self.verify_in_background()

        def stop() -> None:
            with self._damage_lock:
                if listener in self._damage_listeners:
                    self._damage_listeners.remove(listener)

        return stop

    def _damaged(self, error: JournalCorrupt) -> JournalCorrupt:
        """Damage found: every later write refuses it, and the listeners hear of the first damage found, once."""
        with self._damage_lock:
            first = self.damage is None
            if first:
                self.damage = error
            listeners = list(self._damage_listeners) if first else []
        for listener in listeners:
            listener(error)
        return self.damage or error

    def error_for(self, exc: BaseException) -> BaseException:
        """The error to raise for a failure of a read or write of this journal. Damage met on the way (SQLite's
        "malformed") means the file is no longer known sound: the next write is checked first, and with someone
        listening (``on_damage``) the integrity check starts now, so what it finds is reported once, the way every
        check's finding is. Not marked damaged from here: a check decides (a damaged search index alone passes it,
        and Rebuild Search Index, a write, must then still run)."""
        error = translate_sqlite_error(exc, self.paths) or exc
        if isinstance(error, JournalCorrupt) and self.damage is None and not self.closed:
            self._sound = False
            self._met_damage = True
            health.doubt(self.paths)
            if self._damage_listeners:
                self.verify_in_background()
        return error

    def _watch_check(self, con: sqlite3.Connection) -> None:
        self._checking = con
        if self.closed:
            con.interrupt()

    def _require_sound(self) -> None:
        """Every write passes here first. Damage found by this process, or marked beside the file by any earlier
        check, refuses it; a file changed outside Trailbook since it was last known sound is checked first (the rule:
        journal.health)."""
        self._verified.wait()
        if self.closed:
            raise JournalClosed()
        if self.damage is not None:
            raise self.damage
        mark = health.damage_mark(self.paths)
        if mark is not None:
            raise self._damaged(marked_damaged(self.paths, mark))
        if not self._sound and not health.unchanged_since_sound(self.paths):
            self.quick_check()
        self._sound = True

    def _known_before_write(self) -> bool:
        """Whether the file is still exactly as Trailbook last recorded it sound, just before our own change. Only
        then is the file after our change recorded sound: a change someone else made meanwhile is never blessed."""
        return self._sound and health.unchanged_since_sound(self.paths)

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
                raise self.error_for(exc) from exc
            finally:
                session.rollback()

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A pooled plain sqlite3 connection inside one read transaction, for hot read paths (lists, search, the
        app's start-up) where the ORM's cost would be larger than the query itself."""
        con = self._pooled_connection()
        try:
            con.execute("BEGIN")
            yield con
        except sqlite3.Error as exc:
            raise self.error_for(exc) from exc
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            self._pool.append(con)

    def _pooled_connection(self) -> sqlite3.Connection:
        """A plain connection from the pool, or a new one (kept to be closed with the journal)."""
        try:
            return self._pool.pop()
        except IndexError:
            pass
        try:
            con = _connect(self.paths.db)
        except sqlite3.Error as exc:  # a read-only file refuses even the connection's settings
            raise translate_sqlite_error(exc, self.paths) or exc from exc
        with self._pool_lock:
            self._pooled.append(con)
        return con

    def _committed(self, before: int | None, after: int | None, *, known: bool) -> None:
        """After a commit of ours: its clock ticks are ours (not another writer's), and a file known sound stays so."""
        if before is not None and after is not None and after > before:
            self.own_ticks.append((before, after))
        if known:
            health.record_sound(self.paths)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose transaction takes the write lock up front (``BEGIN IMMEDIATE``) and commits at the end."""
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.orm import Session

        self._require_sound()
        known = self._known_before_write()
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                before = _clock_tick(session)  # takes the write lock: no other writer moves the clock until commit
                yield session
                session.flush()
                after = _clock_tick(session)
                session.commit()
                self._committed(before, after, known=known)
            except DBAPIError as exc:
                session.rollback()
                raise self.error_for(exc) from exc
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def writing_sql(self) -> Iterator[sqlite3.Connection]:
        """``writing()`` without the ORM: a pooled plain sqlite3 connection inside a ``BEGIN IMMEDIATE`` transaction,
        committed at the end, under the same rules (never into a damaged file; our own change recorded sound and its
        clock ticks kept as ours). For writes so frequent and small that loading the ORM would cost more than they
        do: adding an entry (journal.adding)."""
        self._require_sound()
        known = self._known_before_write()
        con = self._pooled_connection()
        try:
            con.execute("BEGIN IMMEDIATE")
            before = _raw_clock_tick(con)
            yield con
            after = _raw_clock_tick(con)
            con.execute("COMMIT")
            self._committed(before, after, known=known)
        except sqlite3.Error as exc:
            raise self.error_for(exc) from exc
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            self._pool.append(con)

    def raw(self) -> sqlite3.Connection:
        """A new plain sqlite3 connection with the journal's settings (for backups and bulk work, which write: they
        wait for a running integrity check like every writer)."""
        self._require_sound()
        return _connect(self.paths.db)

    def backup(self, reason: str = "manual", dest: Path | None = None) -> Path:
        """Copy the journal with SQLite's backup API into ``backups/`` (or to ``dest``, already cleared by
        journal.outputs) and return the new file's path. A damaged journal is never copied: the source is checked
        before (as every writer is) and the copy after, so a bad copy never pushes a good backup out."""
        from journal.backups import backup_database

        self._require_sound()
        return backup_database(self.paths, reason, dest)

    def backup_daily(self, keep: int = 7) -> Path | None:
        """A backup at most once a day (the app calls this at start), keeping the newest ``keep`` good daily ones."""
        from journal.backups import rotate_backups

        newest = sorted(self.paths.backups.glob("journal-*-daily.db")) if self.paths.backups.is_dir() else []
        if newest:
            age = dt.datetime.now().timestamp() - newest[-1].stat().st_mtime
            if age < 20 * 3600:
                return None
        path = self.backup("daily")
        rotate_backups(self.paths, "daily", keep)
        return path

    def quick_check(self) -> None:
        """Raise ``JournalCorrupt`` unless ``PRAGMA quick_check`` says ok; the answer is remembered (journal.health)."""
        try:
            verify(self.paths)
        except JournalCorrupt as exc:
            self._damaged(exc)
            raise
        self._sound = True

    def close(self) -> None:
        if self.closed:
            return
        # The last connection's close checkpoints the -wal file into the database: that change is ours too, and is
        # recorded when the file was as last recorded sound just before.
        known = self.damage is None and health.unchanged_since_sound(self.paths)
        self.closed = True
        for hook in self._on_close:
            hook()
        checking = self._checking
        if checking is not None:  # a background integrity check only reads: stop it rather than wait for it
            with suppress(sqlite3.ProgrammingError):  # it may have just ended and closed its connection
                checking.interrupt()
        if self._engine is not None:
            self._engine.dispose()
        with self._pool_lock:
            for con in self._pooled:
                con.close()
            self._pooled.clear()
        self._pool.clear()
        if known:
            health.record_sound(self.paths)
        health.release(self.paths.db)

    def on_close(self, hook: Callable[[], None]) -> None:
        """Call ``hook`` when the journal closes, before its own connections (a watcher closes its connection)."""
        self._on_close.append(hook)

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _clock_tick(session: Session) -> int | None:
    """The journal clock (schema 0007) inside a write transaction; None before the migration made it."""
    from sqlalchemy.exc import OperationalError

    try:
        return int(session.connection().exec_driver_sql("SELECT tick FROM journal_clock").scalar_one())
    except OperationalError:
        return None


def _raw_clock_tick(con: sqlite3.Connection) -> int | None:
    """``_clock_tick`` on a plain connection inside a write transaction."""
    try:
        return int(con.execute("SELECT tick FROM journal_clock").fetchone()[0])
    except sqlite3.OperationalError:
        return None


def newest_good_backup(paths: JournalPaths) -> Path | None:
    """The newest backup that passes ``quick_check`` (for messages: it reads backups only on the way to an error)."""
    from journal.backups import newest_good_backup as newest

    return newest(paths)


def marked_damaged(paths: JournalPaths, mark: health.DamageMark) -> JournalCorrupt:
    return JournalMarkedDamaged(paths.db, mark.detail, mark.found, newest_good_backup(paths))


def verify(paths: JournalPaths, *, on_connect=None) -> None:  # type: ignore[no-untyped-def]
    """``PRAGMA quick_check`` on the journal, remembered beside it either way (journal.health): damage is marked so
    every later writer refuses; a pass records the file's stamp, so writers need not check again until it changes.
    ``on_connect`` receives the reading connection (to interrupt it)."""
    con = _connect(paths.db, read_only=True)
    try:
        if on_connect is not None:
            on_connect(con)
        try:
            _check_integrity(con, paths, full=True)
        except JournalCorrupt as exc:
            health.mark_damaged(paths, exc.detail)
            raise
    finally:
        con.close()
    mark = health.passed_check(paths)
    if mark is not None:
        raise marked_damaged(paths, mark)


def _check_integrity(con: sqlite3.Connection, paths: JournalPaths, *, full: bool) -> None:
    try:
        if full:
            rows = con.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                detail = check_findings(rows)
                raise JournalCorrupt(paths.db, detail, newest_good_backup(paths))
        else:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        error = translate_sqlite_error(exc, paths)
        raise error or JournalCorrupt(paths.db, str(exc), newest_good_backup(paths)) from exc


def check_findings(rows: list[tuple[object, ...]], most: int = 3) -> str:
    """The first findings of ``quick_check`` on one line (SQLite puts several in one row, with a banner line)."""
    lines = [line for r in rows for line in str(r[0]).splitlines() if line.strip() and not line.startswith("***")]
    more = f"; {len(lines) - most} more" if len(lines) > most else ""
    return "; ".join(lines[:most]) + more


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

    A missing ``journal.db`` is created only when ``create`` is set and the folder is new or empty; a missing or empty
    one beside the journal's other folders (``JournalPaths.evidence``) is ``JournalMissing``. ``full_check`` runs
    ``PRAGMA quick_check`` (the app runs it on a thread instead); otherwise only the header and schema are read, which
    keeps short command-line calls fast on big journals, and writers check the file if it changed outside Trailbook
    (journal.health). An out-of-date schema is checked, backed up, then migrated.
    """
    paths = JournalPaths(resolve_home(home))
    db = paths.db
    try:  # a folder the person may not even look into raises PermissionError here
        for place in (paths.home, *paths.home.parents):  # the nearest that exists must be a folder
            if place.exists():
                if not place.is_dir():
                    raise HomeNotAFolder(place)
                break
        is_new = not db.exists()
        empty = not is_new and db.stat().st_size == 0
        evidence = paths.evidence() if is_new or empty else []
        folder_has_files = is_new and paths.home.is_dir() and any(paths.home.iterdir())
        if folder_has_files and db.exists():  # another process created it a moment ago: open it like any journal
            is_new = folder_has_files = False
            evidence = []
    except OSError as exc:
        raise JournalReadOnly(paths.home) from exc
    if evidence:
        raise JournalMissing(db, empty=empty, evidence=evidence, latest_backup=newest_good_backup(paths))
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
            header = health.read_header(db)[1][:16]  # another Journal of ours may be open on it: keep its locks
        except OSError as exc:
            raise JournalReadOnly(db) from exc
        if header and header != SQLITE_MAGIC:
            raise JournalCorrupt(db, "not an SQLite database", newest_good_backup(paths))
    # Inspect on a read-only connection first: nothing is written (not even a checkpoint of a leftover -wal file)
    # until the file is known to be a healthy journal this Trailbook understands.
    try:
        con = _connect(db, read_only=not is_new)
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, paths) or JournalReadOnly(db) from exc
    try:
        _check_integrity(con, paths, full=False)
        try:
            revision = _schema_revision(con)
            has_tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            mode = con.execute("PRAGMA journal_mode").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise translate_sqlite_error(exc, paths) or JournalCorrupt(db, str(exc), newest_good_backup(paths)) from exc
    finally:
        con.close()
    if full_check:
        verify(paths)

    if revision is not None and revision not in REVISIONS:
        raise JournalTooNew(db, revision)
    if revision is None and has_tables:
        raise JournalCorrupt(db, "it is an SQLite file but not a Trailbook journal", None)
    journal = Journal(paths)
    journal._sound = full_check
    if mode != "wal" or revision != HEAD:
        journal._require_sound()  # both write: never into a damaged file
    if mode != "wal":
        try:
            _enable_wal(db)
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, paths) or JournalReadOnly(db) from exc
    if revision != HEAD:
        from sqlalchemy.exc import DBAPIError

        try:
            _migrate(journal, backup_first=revision is not None)
        except DBAPIError as exc:
            journal.close()
            raise (translate_sqlite_error(exc, paths) or exc) from exc
    return journal
