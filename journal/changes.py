"""Noticing other writers: has anyone but us written to the journal since we last looked?

Two cheap looks, in order. ``PRAGMA data_version`` on a connection of our own moves when any other connection commits
(it reads the WAL index, no transaction, no lock). When it moved, the journal clock (schema 0007: a tick per row
written to a table the app shows, kept by triggers for every writer) says how far; ticks made by this process's own
writes (``Journal.own_ticks``) are not news. A window polls this twice a second; each poll costs a few microseconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from journal.db import Journal, _connect

POLL_BUSY_MS = 50  # a poll never waits longer than this for a lock: it looks again at the next tick instead


def covered(start: int, end: int, own: Iterable[tuple[int, int]]) -> bool:
    """Whether every tick in ``(start, end]`` was made by one of the ``own`` ``(before, after]`` ranges."""
    reached = start
    for before, after in sorted(own):
        if after <= reached:
            continue
        if before > reached:
            return False
        reached = after
        if reached >= end:
            return True
    return reached >= end


class ChangeProbe:
    """Looks for other writers' changes to one journal. Not thread-safe: one thread polls (the GUI's timer)."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self._con: sqlite3.Connection | None = None
        self._data_version: int | None = None
        self._tick: int | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._con is None:
            # Read-only: closing it never checkpoints, and it never takes a write lock.
            con = _connect(self._journal.paths.db, read_only=True)
            con.execute(f"PRAGMA busy_timeout = {POLL_BUSY_MS}")
            self._con = con
            self._data_version = int(con.execute("PRAGMA data_version").fetchone()[0])
            self._tick = self._read_tick(con)
        return self._con

    def _read_tick(self, con: sqlite3.Connection) -> int | None:
        try:
            row = con.execute("SELECT tick FROM journal_clock").fetchone()
        except sqlite3.OperationalError:  # a journal before schema 0007, or a lock held too long: look again later
            return None
        except sqlite3.DatabaseError as exc:  # damage in the clock's page: the journal has it checked and reported
            self._journal.error_for(exc)
            return None
        return int(row[0]) if row else None

    def start(self) -> None:
        """Take the journal as it is now as seen; the probe closes with the journal."""
        self._connection()
        self._journal.on_close(self.close)

    def poll(self) -> bool:
        """True when someone other than this process wrote since the last poll (or since ``start``)."""
        if self._journal.closed:
            return False
        try:
            con = self._connection()
            version = int(con.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return False
        if version == self._data_version:
            return False
        self._data_version = version
        tick = self._read_tick(con)
        if tick is None or self._tick is None:
            self._tick = tick
            return True  # moved, and we cannot tell by whom: take it as news
        start, self._tick = self._tick, tick
        if tick < start:
            return True  # the file was replaced under us (a restored backup): everything is news
        if tick == start:
            return False  # a commit that touched nothing the app shows (a revision, a checkpoint)
        own = list(self._journal.own_ticks)
        return not covered(start, tick, own)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
