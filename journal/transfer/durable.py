"""Many files made durable at once, without waiting for the rest of the machine.

An export of 100,000 entries writes 100,000 files. An fsync after each, in turn, waits for one file system journal
commit per file (17 times the JSON export); ``os.sync`` waits for every dirty page of every process on every disk (on
a busy machine, minutes of other people's writes). Here each file is fsynced by a small pool of threads as soon as it
is written, so the file system commits them in groups while the next files are being written, and the folders are
fsynced at the end (their entries are what a crash would otherwise lose). What it still shares with other processes:
on ext4 (``data=ordered``) a journal commit also writes the other data already waiting in that commit.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

THREADS = 16  # fsyncs in flight: enough for the file system to commit them in groups


def fsync_path(path: Path) -> None:
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


class FileSyncer:
    """fsyncs each file handed to ``add`` on a thread pool while the caller writes on; ``finish`` waits for them all
    (raising the first error) and fsyncs the folders; ``close`` (or leaving the block) stops the threads."""

    def __init__(self, threads: int = THREADS) -> None:
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="fsync")
        self._pending: list[Future[None]] = []

    def add(self, path: Path) -> None:
        self._pending.append(self._pool.submit(fsync_path, path))

    def finish(self, folders: Iterable[Path] = ()) -> None:
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()
        for folder in folders:
            fsync_folder(folder)

    def close(self) -> None:
        """Stop the threads; fsyncs not yet started are dropped (the caller is giving up on these files)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> FileSyncer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
