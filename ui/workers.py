"""Running core work off the GUI thread.

``JobRunner`` runs a core generator job (``journal.jobs``) on the global ``QThreadPool`` and re-emits each ``Progress``
as a signal; cancelling stops it between two yields. ``call_async`` runs a plain function and hands its result back on
the GUI thread. Workers get data snapshots (arguments), never widgets.
"""

from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from journal.errors import TrailbookError
from journal.jobs import CancelToken, Job, Progress


class JobCancelled(Exception):
    """Raised inside a job's thread when the person pressed Cancel."""


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str, bool)  # message, is_user_error


class JobRunner(QRunnable):
    """One core job on the thread pool. Connect to ``signals`` before ``start()``."""

    def __init__(self, make_job: Callable[[], Job[Any]], token: CancelToken | None = None) -> None:
        super().__init__()
        self.signals = _Signals()
        self._make_job = make_job
        self._cancel = threading.Event()
        self._token = token
        self.setAutoDelete(False)

    def cancel(self) -> None:
        """Stop between two steps, or at once inside a long SQL statement when the job took a ``CancelToken``."""
        self._cancel.set()
        if self._token is not None:
            self._token.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)  # (never held: a job is the person's, and its dialog waits for it)

    def run(self) -> None:
        try:
            job = self._make_job()
            while True:
                if self._cancel.is_set():
                    job.close()
                    raise JobCancelled
                try:
                    step = next(job)
                except StopIteration as stop:
                    self.signals.finished.emit(stop.value)
                    return
                if isinstance(step, Progress):
                    self.signals.progress.emit(step.done, step.total, step.message)
        except JobCancelled:
            self.signals.failed.emit("Cancelled.", True)
        except TrailbookError as exc:
            self.signals.failed.emit(exc.message, True)
        except Exception:  # a bug: report it, with the trace, instead of losing it in a thread
            self.signals.failed.emit(traceback.format_exc(), False)


class _Call(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except TrailbookError as exc:
            self.signals.failed.emit(exc.message, True)
            return
        except Exception:
            self.signals.failed.emit(traceback.format_exc(), False)
            return
        # The receiver may have gone away (the window closed) while this ran: then nobody is waiting for the result.
        with contextlib.suppress(RuntimeError):
            self.signals.finished.emit(result)


def call_async(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[str, bool], None] | None = None,
    *,
    receiver: QObject | None = None,
) -> QObject:
    """Run ``fn`` on the pool; ``on_done(result)`` runs on the GUI thread. Returns the signal holder (keep it).

    The answers go to ``receiver`` (by default the object ``on_done`` is a method of) only while it exists: a result
    that arrives after its window was closed and deleted is dropped instead of raising in whatever runs next."""
    if receiver is None:
        bound = getattr(on_done, "__self__", None)
        receiver = bound if isinstance(bound, QObject) else None
    call = _Call(fn)
    call.signals.finished.connect(_while_alive(receiver, on_done))
    if on_error is not None:
        call.signals.failed.connect(_while_alive(receiver, on_error))
    _start(call)
    return call.signals


# Reads given with ``call_async`` while the first window is built (``hold_pool``), started at its first turn.
_held: list[QRunnable] | None = None
_held_lock = threading.Lock()


def _start(runnable: QRunnable) -> None:
    with _held_lock:
        if _held is not None:
            _held.append(runnable)
            return
    QThreadPool.globalInstance().start(runnable)


def hold_pool() -> None:
    """Work given with ``call_async`` from now on waits for ``release_pool`` (ui.app: while the window is built).

    The reads the window starts as it is built (the navigation column's counts: ~15 ms of a core at 100k entries)
    would otherwise run beside the GUI thread while it builds, on a machine of 2 cores, and take the GIL between
    their statements: the window showed 8-11 ms later (docs/benchmarks.md). Their answers came after the window was
    built either way. Nothing may wait for such work before the release (a ``JobRunner``'s job is never held)."""
    global _held
    with _held_lock:
        if _held is None:
            _held = []


def release_pool() -> None:
    """Start the work held since ``hold_pool``, in the order it was given, and stop holding."""
    global _held
    with _held_lock:
        held, _held = _held or [], None
    for runnable in held:
        QThreadPool.globalInstance().start(runnable)


def _while_alive(receiver: QObject | None, callback: Callable[..., None]) -> Callable[..., None]:
    if receiver is None:
        return callback

    def deliver(*args: Any) -> None:
        if isValid(receiver):
            callback(*args)

    return deliver


def drain_pool(timeout_ms: int = 10_000) -> bool:
    release_pool()  # (held work is started: what waits for the pool waits for it too)
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
