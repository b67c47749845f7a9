"""Many files written and made durable at once, without waiting for the rest of the machine.

An export of 100,000 entries writes 100,000 files. An fsync after each, in turn, waits for one file system journal
commit per file (17 times the JSON export); ``os.sync`` waits for every dirty page of every process on every disk (on
a busy machine, minutes of other people's writes). Here the files are created, written and fsynced by a small pool of
threads while the caller prepares the next ones (creating a file costs the kernel ~0.1 ms here, as much as making its
text), so the file system commits the fsyncs in groups; the folders are fsynced at the end (their entries are what a
crash would otherwise lose). What it still shares with other processes: on ext4 (``data=ordered``) a journal commit
also writes the other data already waiting in that commit.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

THREADS = 16  # fsyncs in flight: enough for the file system to commit them in groups
CHUNK = 64  # files per task: a task per file cost more in the pool's bookkeeping than the fsync itself
IN_FLIGHT = 4 * THREADS  # tasks queued at most: the texts waiting to be written stay a few megabytes
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)

Item = tuple[str | os.PathLike[str], bytes | None]  # a path, and the bytes of a new file to create there (or None)


def fsync_path(path: str | os.PathLike[str]) -> None:
    """fsync a file (or, where the system allows, a folder) by its path."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(path: Path) -> None:
    """fsync a folder's entries; a system that cannot open a folder (Windows) keeps them durable by itself."""
    if os.name == "nt":
        return
    fsync_path(path)


def _write_new(path: str | os.PathLike[str], data: bytes) -> None:
    """Create a file that must not exist yet (never through a link) with ``data``, fsynced before it is closed."""
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _settle(items: list[Item]) -> None:
    for path, data in items:
        if data is None:
            fsync_path(path)
        else:
            _write_new(path, data)


class FileSyncer:
    """Creates the files handed to ``write`` and fsyncs them (and those handed to ``add``, already written) on a
    thread pool while the caller goes on; ``finish`` waits for them all (raising the first error) and fsyncs the
    folders; ``close`` (or leaving the block) stops the threads."""

    def __init__(self, threads: int = THREADS) -> None:
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="fsync")
        self._pending: list[Future[None]] = []
        self._chunk: list[Item] = []

    def write(self, path: str | os.PathLike[str], data: bytes) -> None:
        """A new file at ``path`` (it must not exist) holding ``data``, written and fsynced on the pool."""
        self._queue((path, data))

    def add(self, path: str | os.PathLike[str]) -> None:
        """A file already written: fsynced on the pool."""
        self._queue((path, None))

    def _queue(self, item: Item) -> None:
        self._chunk.append(item)
        if len(self._chunk) >= CHUNK:
            self._submit()

    def _submit(self) -> None:
        self._pending.append(self._pool.submit(_settle, self._chunk))
        self._chunk = []
        while len(self._pending) > IN_FLIGHT:  # the caller runs ahead of the disk: wait for the oldest
            self._pending.pop(0).result()

    def finish(self, folders: Iterable[Path] = ()) -> None:
        if self._chunk:
            self._submit()
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()
        for folder in folders:
            fsync_folder(folder)

    def close(self) -> None:
        """Stop the threads; files not yet started are dropped (the caller is giving up on them)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> FileSyncer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
