"""Ending on a signal: SIGTERM (the session ending, ``kill``), SIGHUP (the terminal it was started from closed) or
SIGINT (Ctrl+C there) saves the open entry and the window's state, then quits as File → Quit does, instead of
ending with the last words typed unsaved.

Python runs a signal's handler only when it next runs Python code, which an idle Qt event loop never does: the
signal's number is written to a socket (``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches, so the loop
wakes, Python runs, and the handler with it. Installed after the window's first frame (``ui.app.run``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")
SAVE_WAIT_MS = 10_000  # at most this long for the last save (a session ending waits for its programs a while)


class EndOnSignals(QObject):
    def __init__(self, app: QApplication, window: Callable[[], MainWindow]) -> None:
        super().__init__(app)
        self._app, self._window = app, window
        self._ending = False
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        for name in SIGNALS:
            signal.signal(getattr(signal, name), self._signalled)

    def _woken(self) -> None:  # (the handler has run by now: Python ran to call this)
        with contextlib.suppress(BlockingIOError, InterruptedError):
            self._reader.recv(64)

    def _signalled(self, _number: int, _frame: object) -> None:
        if not self._ending:
            self._ending = True
            QTimer.singleShot(0, self, self._end)

    def _end(self) -> None:
        window = self._window()
        window.editor.finish_saving(SAVE_WAIT_MS)
        window.window_state.save()
        self._app.quit()


def install(app: QApplication, window: Callable[[], MainWindow]) -> EndOnSignals | None:
    """Where the system has these signals (not Windows, whose programs are ended otherwise)."""
    if os.name != "posix":
        return None
    return EndOnSignals(app, window)
