"""Long core jobs are plain generators that yield ``Progress`` and return their result.

The command line drains them with ``run``; the desktop app runs the same generators on a worker thread and turns each
yield into a progress signal (and cancels between yields).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    """How far a job is: ``done`` of ``total`` steps (``total`` 0 when unknown) and what it is doing."""

    done: int
    total: int
    message: str = ""


Job = Generator[Progress, None, T]


def run(job: Job[T], on_progress: Callable[[Progress], None] | None = None) -> T:
    """Drive a job to its end and return its result."""
    while True:
        try:
            step = next(job)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        if on_progress is not None:
            on_progress(step)


class CancelToken:
    """Cancels a job even in the middle of a long SQL statement: ``cancel()`` interrupts the SQLite connections the
    job attached (the statement fails with "interrupted" and its transaction rolls back, leaving the journal as it
    was). Jobs also check ``cancelled`` between steps."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self.cancelled = False

    def attach(self, con: sqlite3.Connection) -> None:
        with self._lock:
            self._connections.append(con)
            if self.cancelled:
                con.interrupt()

    def detach(self, con: sqlite3.Connection) -> None:
        with self._lock:
            if con in self._connections:
                self._connections.remove(con)

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            for con in self._connections:
                con.interrupt()
