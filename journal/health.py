"""What Trailbook knows about a journal file's health, kept beside it, OUTSIDE it: damage found once is not forgotten.

Two small files live next to ``journal.db``:

``journal.db.damaged``
    Written (durably) the moment a check (``PRAGMA quick_check``) finds the file damaged: what it found, when, and the
    file's stamp. While it exists no writer touches the database (the command line, the app, backups, migrations):
    each refuses with the newest good backup and ``trailbook backup restore``. Reading goes on, so entries can still
    be copied out. Only a restore removes it, or a check that passes on a file replaced since the damage was found
    (the person put a copy back by hand).

``journal.db.checked``
    The file's stamp after the last check that passed and after each of Trailbook's own writes (when the file was
    still as recorded just before it: another's change is never recorded as sound). It is a cache, not a promise:
    losing it only costs one ``quick_check``.

The rule for writers (``Journal._require_sound``): before the first write of a process, compare the file's stamp with
``journal.db.checked``. The stamp is cheap to take — ``stat`` (size, ``st_mtime_ns``, inode) plus the 100-byte SQLite
header (its change counter and page count) — and never reads the rest of the file. Equal: the file is the one Trailbook
last knew sound, write. Different (or no record): something outside Trailbook changed it, so ``quick_check`` runs
first, and its answer is recorded either way. The app runs the full check at every start instead, on a thread; its
answer binds every later write of the window.

What the stamp cannot see: a change that keeps size, mtime and header (``touch -r`` after an edit in place), and damage
made between our check and our write a moment later. The app's start-up check and ``trailbook check`` read everything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.paths import JournalPaths

HEADER_BYTES = 100

Stamp = dict[str, Any]


# Descriptors of open journals' files, kept open while a Journal of this process has the file open: closing ANY
# descriptor of a file drops every POSIX lock the process holds on it, SQLite's included. With its shared lock gone,
# another process (the command line) closing its last connection takes the file for its own and deletes the -wal and
# -shm files under our open connections, and our later commits go into a deleted file. So while a journal is open its
# header is read through one descriptor that is closed only when the last Journal on the file closes.
_held: dict[str, tuple[int, int]] = {}  # path -> (descriptor, Journals holding it)
_retired: list[int] = []  # descriptors of files replaced under us (a restore): never closed while the process runs


def hold(db: Path) -> None:
    """A Journal of this process opened ``db``: keep one descriptor for its stamps until ``release``."""
    key = str(db)
    fd, count = _held.get(key, (-1, 0))
    _held[key] = (fd, count + 1)


def release(db: Path) -> None:
    """The Journal closed (after its connections): the last one closes the descriptor."""
    key = str(db)
    fd, count = _held.get(key, (-1, 0))
    if count > 1:
        _held[key] = (fd, count - 1)
        return
    _held.pop(key, None)
    if fd >= 0:
        os.close(fd)


def read_header(db: Path) -> tuple[os.stat_result, bytes]:
    """The file's ``stat`` and its first 100 bytes, without closing a descriptor of a file this process has open."""
    key = str(db)
    if key not in _held:  # no journal of ours is open on it: nothing of ours to lose by closing
        with open(db, "rb") as handle:
            return os.fstat(handle.fileno()), handle.read(HEADER_BYTES)
    fd, count = _held[key]
    if fd >= 0:
        now = os.stat(db)
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (now.st_dev, now.st_ino):  # replaced: read the new file, keep the old fd
            _retired.append(fd)
            fd = -1
    if fd < 0:
        fd = os.open(db, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        _held[key] = (fd, count)
    return os.fstat(fd), os.pread(fd, HEADER_BYTES, 0)


def stamp_of(db: Path) -> Stamp | None:
    """The file's identity and state as cheaply as it can be had: ``stat`` and the SQLite header, never the pages.
    None when there is no file."""
    try:
        info, header = read_header(db)
    except OSError:
        return None
    # Bytes 24-31: the file change counter and the size in pages; 92-99: the counter the header is valid for and the
    # SQLite version that wrote it. In WAL mode the counter may stay put, hence the stat fields as well.
    return {
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "inode": info.st_ino,
        "header": (header[24:32] + header[92:100]).hex(),
    }


@dataclass(frozen=True)
class DamageMark:
    """A check's finding that the file is damaged: what, when (local time, for the message), and the file it was."""

    detail: str
    found: str
    stamp: Stamp | None


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json(path: Path, data: dict[str, Any], *, durable: bool) -> bool:
    """Atomically replace ``path``; ``durable`` also fsyncs (the damage mark must survive a crash; the check record
    need not). False when the folder refuses the write: health records never fail the command that writes them."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    return True


def damage_mark(paths: JournalPaths) -> DamageMark | None:
    """The mark left by a check that found the file damaged, or None. A mark that cannot be read still counts."""
    path = paths.damage_mark
    if not os.path.lexists(path):
        return None
    data = _read_json(path) or {}
    return DamageMark(
        detail=str(data.get("detail") or "damage found by an earlier check"),
        found=str(data.get("found") or "an earlier day"),
        stamp=data.get("stamp") if isinstance(data.get("stamp"), dict) else None,
    )


def mark_damaged(paths: JournalPaths, detail: str) -> DamageMark:
    """Remember, durably and outside the database, that a check found it damaged (first found: the earlier time)."""
    earlier = damage_mark(paths)
    found = earlier.found if earlier else dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    mark = DamageMark(detail, found, stamp_of(paths.db))
    _write_json(paths.damage_mark, {"detail": mark.detail, "found": mark.found, "stamp": mark.stamp}, durable=True)
    paths.check_record.unlink(missing_ok=True)
    return mark


def record_sound(paths: JournalPaths) -> None:
    """Remember the file's stamp as one Trailbook knows sound (after a passing check, or after our own write)."""
    stamp = stamp_of(paths.db)
    if stamp is not None and stamp != read_record(paths):
        _write_json(paths.check_record, {"stamp": stamp}, durable=False)


def read_record(paths: JournalPaths) -> Stamp | None:
    data = _read_json(paths.check_record)
    stamp = data.get("stamp") if data else None
    return stamp if isinstance(stamp, dict) else None


def unchanged_since_sound(paths: JournalPaths) -> bool:
    """Whether the file is exactly the one last recorded sound (no mark, same stamp): then no check is needed."""
    record = read_record(paths)
    return record is not None and record == stamp_of(paths.db) and damage_mark(paths) is None


def doubt(paths: JournalPaths) -> None:
    """Damage was met reading the file: it is no longer known sound, so the next writer checks it first."""
    paths.check_record.unlink(missing_ok=True)


def passed_check(paths: JournalPaths) -> DamageMark | None:
    """A full check passed: record the stamp. A mark on the very file that was found damaged stays (and is returned);
    a mark on a file replaced since then is cleared."""
    mark = damage_mark(paths)
    if mark is not None:
        if mark.stamp is None or mark.stamp == stamp_of(paths.db):
            return mark
        paths.damage_mark.unlink(missing_ok=True)
    record_sound(paths)
    return None


def forget(paths: JournalPaths) -> None:
    """A backup was restored: the old file's mark and record no longer describe the journal."""
    paths.damage_mark.unlink(missing_ok=True)
    paths.check_record.unlink(missing_ok=True)
