"""The window's writes, off the GUI thread, in order: one thread runs them one after another, so a save never freezes
the window (waiting for the start-up integrity check, for another writer's lock, or for the ORM to load on the first
save), and two writes of the window never overtake each other.

``Writer.submit(fn)`` returns a ``concurrent.futures.Future``; ``on_done(future)`` runs on the GUI thread when it is
done. ``warm_up`` loads the write services (SQLAlchemy and the models) on that thread once the window shows, so the
ORM is never imported on the GUI thread.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from PySide6.QtCore import QObject, Signal

THREAD_NAME = "trailbook-writer"


class Writer(QObject):
    _finished = Signal(object, object)  # future, on_done: emitted on the writing thread, delivered on the GUI's

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
        self._finished.connect(lambda future, on_done: on_done(future))

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Future[Any]], None] | None = None) -> Future[Any]:
        future = self._pool.submit(fn)
        if on_done is not None:
            future.add_done_callback(lambda f: self._emit(f, on_done))
        return future

    def run(self, fn: Callable[[], Any], on_done: Callable[[Future[Any]], None], *, wait_ms: int) -> bool:
        """Submit ``fn`` and wait for it at most ``wait_ms`` on the GUI thread. ``on_done(future)`` runs once on the
        GUI thread: now when the write was done in time (True), else when it is (False: the caller says it is on its
        way). A write of the window (create, trash, restore) takes this, so a wait for the start-up check or another
        writer's lock never freezes the window."""
        ran = False

        def once(future: Future[Any]) -> None:
            nonlocal ran
            if not ran:
                ran = True
                on_done(future)

        future = self.submit(fn, once)
        wait([future], timeout=wait_ms / 1000)
        if future.done():
            once(future)
        return ran

    def _emit(self, future: Future[Any], on_done: Callable[[Future[Any]], None]) -> None:
        with contextlib.suppress(RuntimeError):  # the window went away while the write ran: nobody waits for it
            self._finished.emit(future, on_done)

    def warm_up(self) -> Future[Any]:
        """Import the write services on the writing thread (the first save then finds them loaded)."""
        return self.submit(lambda: importlib.import_module("journal.entries"))

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
