"""Backups of a journal: made with SQLite's backup API, checked, listed, rotated and restored.

A backup is ``backups/journal-YYYYMMDD-HHMMSS-ffffff-KIND.db`` (UTC time; KIND is daily, manual, before-upgrade...), a
whole journal in rollback-journal mode. Every backup is checked with ``PRAGMA quick_check`` after it is written, and
the journal before it is copied (``Journal.backup``), so a copy of a damaged journal never becomes a backup. Rotation
keeps the newest backups that pass the check: a damaged one never counts, so it never pushes a good one out.
Restoring copies a backup (checked again) beside the journal, keeps the current file aside with its ``-wal`` and
``-shm`` (``journal.db.damaged-<time>``), then renames the copy into place.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal import health
from journal.db import _connect, _schema_revision, _uri_path, check_findings, verify
from journal.errors import BackupUnusable, ExportFailed
from journal.migrations import REVISIONS
from journal.paths import DB_NAME, JournalPaths

_NAME_RE = re.compile(r"^journal-(\d{8}-\d{6}-\d{6})-(.+)\.db\Z")
_SIDE_FILES = ("", "-wal", "-shm", "-journal")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as ``trailbook backup list`` and the app's restore dialog show it."""

    path: Path
    created: dt.datetime  # when it was made (UTC), from its name; else its modification time
    kind: str
    size: int
    entries: int | None  # entries not in the trash, when the file could be read
    problem: str | None  # None: it passed quick_check and is a journal this Trailbook can open

    @property
    def healthy(self) -> bool:
        return self.problem is None

    def as_json(self) -> dict[str, Any]:
        """The documented JSON form (docs/json-format.md, "Backups")."""
        return {
            "file": str(self.path),
            "created": self.created.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "kind": self.kind,
            "size": self.size,
            "healthy": self.healthy,
            "entries": self.entries,
            "problem": self.problem,
        }


def _examine(path: Path) -> tuple[str | None, int | None]:
    """(problem, entries) of a journal file that is not in use: ``quick_check``, then the schema, then the count."""
    try:
        if path.stat().st_size == 0:
            return "it is empty (0 bytes)", None
        con = sqlite3.connect(f"file:{_uri_path(path)}?mode=ro", uri=True)
    except (OSError, sqlite3.Error) as exc:
        return f"it cannot be read ({getattr(exc, 'strerror', None) or exc})", None
    try:
        rows = con.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            return f"it is damaged ({check_findings(rows, 2)})", None
        revision = _schema_revision(con)
        if revision is None:
            return "it is not a Trailbook journal", None
        if revision not in REVISIONS:
            return f"it was written by a newer Trailbook (schema {revision})", None
        entries = con.execute("SELECT count(*) FROM entries WHERE deleted_at IS NULL").fetchone()[0]
        return None, int(entries)
    except sqlite3.DatabaseError as exc:
        return f"it is damaged ({exc})", None
    finally:
        con.close()


def inspect_backup(path: Path) -> BackupInfo:
    """Check one backup file (it reads the whole file)."""
    info = path.stat()
    match = _NAME_RE.match(path.name)
    if match:
        created = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f").replace(tzinfo=dt.UTC)
        kind = match.group(2)
    else:
        created = dt.datetime.fromtimestamp(info.st_mtime, dt.UTC)
        kind = "copy"
    problem, entries = _examine(path)
    return BackupInfo(path, created, kind, info.st_size, entries, problem)


def _backup_files(paths: JournalPaths, kind: str = "*") -> list[Path]:
    """The journal's backups, newest first (the names sort by time)."""
    if not paths.backups.is_dir():
        return []
    return sorted((p for p in paths.backups.glob(f"journal-*-{kind}.db") if p.is_file()), reverse=True)


def list_backups(paths: JournalPaths) -> list[BackupInfo]:
    """Every backup, newest first, each checked."""
    return [inspect_backup(p) for p in _backup_files(paths)]


def newest_good_backup(paths: JournalPaths) -> Path | None:
    """The newest backup that passes the check (usually the first one looked at)."""
    for path in _backup_files(paths):
        if _examine(path)[0] is None:
            return path
    return None


def backup_database(paths: JournalPaths, reason: str, dest: Path | None = None) -> Path:
    """A consistent copy of the live journal made with the SQLite backup API (never by copying the file), checked
    before it takes its name; returns its path. Callers check the journal first (``Journal.backup``)."""
    if dest is None:
        paths.backups.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
        dest = paths.backups / f"journal-{stamp}-{reason}.db"
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        src = _connect(paths.db)
    except sqlite3.Error as exc:
        from journal.db import translate_sqlite_error

        raise translate_sqlite_error(exc, paths) or exc from exc
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        problem, _entries = _examine(tmp)
        if problem is not None:
            tmp.unlink(missing_ok=True)
            verify(paths)  # the journal itself? Then it is marked damaged, and this raises JournalCorrupt
            raise ExportFailed(dest, f"the copy did not pass its check: {problem}")
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        from journal.db import translate_sqlite_error

        tmp.unlink(missing_ok=True)
        raise translate_sqlite_error(exc, paths) or exc from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportFailed(dest, exc.strerror or str(exc)) from exc
    finally:
        src.close()
    return dest


def rotate_backups(paths: JournalPaths, kind: str, keep: int) -> None:
    """Keep the newest ``keep`` backups of ``kind`` that pass the check, and the damaged ones newer than those (they
    never count); older ones go. Other kinds are left alone."""
    good = 0
    for path in _backup_files(paths, kind):
        if good >= keep:
            path.unlink(missing_ok=True)
        elif _examine(path)[0] is None:
            good += 1


@dataclass(frozen=True)
class Restored:
    backup: BackupInfo
    kept_aside: list[Path]  # the replaced journal file and its -wal / -shm, renamed beside it


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_checked(source: Path, tmp: Path) -> None:
    """Copy ``source`` to ``tmp`` with the backup API, check the copy, switch it to WAL and flush it to disk."""
    src = sqlite3.connect(f"file:{_uri_path(source)}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    problem, _entries = _examine(tmp)
    if problem is not None:
        raise BackupUnusable(source, f"its copy did not pass the check: {problem}")
    con = _connect(tmp)
    try:
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()
    _fsync(tmp)


def find_backup(paths: JournalPaths, name: str | os.PathLike[str]) -> Path:
    """A path as typed, or the name of a file in the journal's backups folder (as ``trailbook backup list`` shows)."""
    path = Path(name).expanduser()
    if not path.exists() and not path.is_absolute() and (paths.backups / path).is_file():
        return paths.backups / path
    return path.absolute()


def restore_backup(paths: JournalPaths, source: Path) -> Restored:
    """Put a checked copy of ``source`` in place of the journal; the current file (damaged, empty or not) is kept
    aside with its ``-wal`` and ``-shm``, never deleted. Nothing may have the journal open: the command line holds the
    app's lock (journal.instance), the app closes its own journal first."""
    if not source.is_file():
        raise BackupUnusable(source, "there is no such file")
    if os.path.realpath(source) in {os.path.realpath(paths.home / (DB_NAME + s)) for s in _SIDE_FILES}:
        raise BackupUnusable(source, "it is the journal itself")
    backup = inspect_backup(source)
    if backup.problem is not None:
        raise BackupUnusable(source, backup.problem)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    tmp = paths.home / f"{DB_NAME}.restoring-{stamp}"
    moved: list[tuple[Path, Path]] = []
    try:
        paths.home.mkdir(parents=True, exist_ok=True)
        _copy_checked(source, tmp)
        damaged = health.damage_mark(paths) is not None or (paths.db.is_file() and paths.db.stat().st_size == 0)
        label = "damaged" if damaged else "replaced"
        for suffix in _SIDE_FILES:
            current = paths.home / (DB_NAME + suffix)
            if os.path.lexists(current):
                aside = paths.home / f"{DB_NAME}.{label}-{stamp}{suffix}"
                os.replace(current, aside)
                moved.append((current, aside))
        os.replace(tmp, paths.db)
        _fsync(paths.home)
    except BaseException as exc:
        for current, aside in reversed(moved):  # put the journal back as it was
            os.replace(aside, current)
        for suffix in _SIDE_FILES:
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        if isinstance(exc, OSError | sqlite3.Error):
            raise ExportFailed(paths.db, getattr(exc, "strerror", None) or str(exc)) from exc
        raise
    health.forget(paths)
    health.record_sound(paths)
    return Restored(backup, [aside for _current, aside in moved])
