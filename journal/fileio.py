"""Atomic, explicitly UTF-8 file writes: a temp file in the same folder, fsync, then ``os.replace``; and reads that
never open anything but a regular file.

A crash or a full disk mid-write leaves the old file as it was, never half a file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from journal.errors import FileTooLarge, NotAFile


@contextmanager
def atomic_text_writer(path: Path) -> Iterator[TextIO]:
    """A text handle (UTF-8, no newline translation) whose content replaces ``path`` only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_text_writer(path) as handle:
        handle.write(text)


@contextmanager
def atomic_binary_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces ``path`` only if the block succeeds (fsynced, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_binary_writer(path) as handle:
        handle.write(data)


@contextmanager
def open_regular_file(path: Path, *, pipes: bool = False) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """A binary handle on a regular file (symlinks followed) and its ``stat``. Anything else raises ``NotAFile``
    before it is opened: opening a named pipe waits for a writer forever, and ``O_NONBLOCK`` alone does not help with
    devices, whose open may act. ``pipes=True`` reads a named pipe the person named themselves, such as bash's
    ``<(command)``. A file swapped for something else between the check and the open is caught by ``fstat`` on what
    was opened (opened non-blocking, so a pipe swapped in cannot hang it)."""
    info = os.stat(path)
    if not (stat.S_ISREG(info.st_mode) or (pipes and stat.S_ISFIFO(info.st_mode))):
        raise NotAFile(info.st_mode)
    nonblocking = 0 if stat.S_ISFIFO(info.st_mode) else getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | nonblocking | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(fd)
        if stat.S_IFMT(opened.st_mode) != stat.S_IFMT(info.st_mode):
            raise NotAFile(opened.st_mode)
        yield handle, opened


def read_regular_file(path: Path, *, max_bytes: int | None = None, pipes: bool = False) -> tuple[bytes, os.stat_result]:
    """The bytes and ``stat`` of a regular file, never opening anything else (see ``open_regular_file``). Raises
    ``FileTooLarge`` past ``max_bytes``, ``OSError`` when it cannot be read."""
    with open_regular_file(path, pipes=pipes) as (handle, info):
        if max_bytes is not None and info.st_size > max_bytes:
            raise FileTooLarge(max_bytes)
        data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise FileTooLarge(max_bytes)
    return data, info
