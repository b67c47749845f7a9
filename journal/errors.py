"""Typed errors raised by the core, each carrying the one-line message a person sees.

The core raises; the command line and the desktop app decide how to show the message. Every user-facing message of the
core lives in this module.
"""

from __future__ import annotations

from pathlib import Path


class TrailbookError(Exception):
    """Base for every error caused by a person's input or their machine, as opposed to a bug."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class JournalNotFound(TrailbookError):
    def __init__(self, home: Path, *, folder_not_empty: bool = False) -> None:
        if folder_not_empty:
            msg = (
                f"{home} is not a Trailbook journal (it has other files but no journal.db); "
                "pass --home with the folder that holds journal.db, or an empty folder for a new journal"
            )
        else:
            msg = f"no journal at {home}; create one with `trailbook new`, or pass --home DIR"
        super().__init__(msg)
        self.home = home


class JournalCorrupt(TrailbookError):
    def __init__(self, db: Path, detail: str, latest_backup: Path | None) -> None:
        hint = (
            f"; the latest backup is {latest_backup} (copy it over journal.db to restore)"
            if latest_backup
            else "; no backup was found"
        )
        super().__init__(f"the journal {db} is damaged ({detail}) and was not changed{hint}")
        self.db = db
        self.latest_backup = latest_backup


class JournalTooNew(TrailbookError):
    def __init__(self, db: Path, revision: str) -> None:
        super().__init__(
            f"the journal {db} was written by a newer Trailbook (schema {revision}); update Trailbook to open it"
        )


class JournalReadOnly(TrailbookError):
    def __init__(self, where: Path) -> None:
        super().__init__(
            f"cannot write to {where} (read-only or permission denied); "
            "move the journal somewhere writable or fix its permissions"
        )


class StoreWriteFailed(TrailbookError):
    """A write did not reach the disk (disk full, I/O error). Nothing was saved by that write."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"could not save to the journal: {detail}; nothing was lost, try again once it is fixed")


class ExportFailed(TrailbookError):
    """An export file or folder could not be written (disk full, read-only place, ...); the journal is untouched."""

    def __init__(self, where: Path, reason: str) -> None:
        super().__init__(f"could not write {where} ({reason}); the journal itself is unchanged")


class JournalBusy(TrailbookError):
    def __init__(self) -> None:
        super().__init__("the journal is busy (another program holds it for too long); try again in a moment")


class EntryNotFound(TrailbookError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"no entry with id {ref!r}")


class AmbiguousId(TrailbookError):
    def __init__(self, ref: str, count: int) -> None:
        super().__init__(f"id prefix {ref!r} matches {count} entries; type more of the id")


class TagNotFound(TrailbookError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no skill area named {name!r}")


class TagExists(TrailbookError):
    def __init__(self, name: str) -> None:
        super().__init__(f"a skill area named {name!r} already exists")


class InvalidInput(TrailbookError):
    """Input that cannot be used as given: a bad date, invalid UTF-8, a malformed file."""


class Cancelled(TrailbookError):
    """The person cancelled a long job; nothing it was doing was kept half-way."""

    def __init__(self) -> None:
        super().__init__("cancelled; nothing was changed")
