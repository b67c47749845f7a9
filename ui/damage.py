"""Views over a damaged journal. Damage a read meets is reported once, by the window (``Maintenance.journal_damaged``,
told by ``Journal.on_damage`` when the integrity check the read started confirms it), so a view that meets it shows
what it has instead of raising: at start-up an exception there would stop the window before it could say anything."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from journal.errors import JournalCorrupt

T = TypeVar("T")


def unless_damaged(read: Callable[[], T], instead: T) -> T:
    """``read()``, or ``instead`` when the journal turns out damaged on the way (other errors are raised)."""
    try:
        return read()
    except JournalCorrupt:
        return instead
