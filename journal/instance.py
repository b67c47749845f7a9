"""Who has a journal open for writing: the app holds an OS file lock per journal while it runs (released by the OS
even when it crashes). The app takes it at start (a second launch asks the first to come forward, see
ui.single_instance); ``trailbook backup restore`` takes it too, so a journal is never swapped under an open window."""

from __future__ import annotations

import os
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from journal.errors import JournalInUse
from journal.paths import JournalPaths


def instance_name(db_path: Path) -> str:
    """A short stable name per journal and user (hashlib would load OpenSSL on the app's start path for a name)."""
    digest = f"{zlib.crc32(str(db_path.resolve()).encode('utf-8')):08x}"
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    return f"trailbook-{user}-{digest}"


def try_lock(db_path: Path) -> IO[bytes] | None:
    """The journal's lock, held while the returned handle stays open; None when another process holds it."""
    handle = open(Path(tempfile.gettempdir()) / f"{instance_name(db_path)}.lock", "a+b")  # noqa: SIM115 - held
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


@contextmanager
def holding_journal(paths: JournalPaths) -> Iterator[None]:
    """Hold the journal's lock for a command that replaces the file; ``JournalInUse`` when the app has it open."""
    handle = try_lock(paths.db)
    if handle is None:
        raise JournalInUse(paths.home)
    try:
        yield
    finally:
        handle.close()
