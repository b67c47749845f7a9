"""One writing window per journal: a second launch on the same journal asks the first to come forward and exits.

Who is first is decided by an OS file lock (journal.instance: released by the OS even if the app crashes, and also
taken by ``trailbook backup restore``), which needs no Qt module;
the local socket that carries "come forward" (QtNetwork, ~7 ms to load) is opened only once the window is shown, or
by a second launch to send its message.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from PySide6.QtCore import QObject, Signal

from journal.instance import instance_name, try_lock


class SingleInstance(QObject):
    """``activated`` fires in the first instance when another launch on the same journal asked for it."""

    activated = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.name = instance_name(db_path)
        self.server = None
        self._lock: IO[bytes] | None = None

    def acquire(self) -> bool:
        """True when this is the first instance on the journal (it keeps the lock while it runs)."""
        self._lock = try_lock(self.db_path)
        return self._lock is not None

    def notify_running(self, timeout_ms: int = 2000) -> bool:
        """Ask the running instance to come forward; True when it answered the call."""
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(b"activate\n")
        socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # a stale socket left by a crash (we hold the lock: it is ours)
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._on_connection)
        self.server = server
        return True

    def _on_connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: (c.readAll(), self.activated.emit(), c.disconnectFromServer()))
