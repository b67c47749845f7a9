"""Typed errors raised by the core, each carrying the one-line message a person sees.

The core raises; the command line and the desktop app decide how to show the message. Every user-facing message of the
core lives in this module.
"""

from __future__ import annotations

import reprlib
import stat
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


def restore_hint(home: Path, backup: Path | None) -> str:
    """How to get the journal back: the newest good backup and the command that restores it (with ``--home`` when
    the journal is not the one found without it)."""
    if backup is None:
        if any((home / "backups").glob("journal-*.db")):
            return "; no backup was found that passes the check (see `trailbook backup list`)"
        return "; no backup was found"
    import shlex  # here: every command and the window import this module, and only this message quotes

    from journal.paths import resolve_home

    where = "" if resolve_home(None) == home else f" --home {shlex.quote(str(home))}"
    command = f"trailbook backup restore{where} {shlex.quote(str(backup))}"
    return f"; the newest good backup is {backup}: restore it with `{command}`"


class JournalCorrupt(TrailbookError):
    """The journal file is damaged; nothing is written to it until a backup is restored (see journal.health)."""

    def __init__(self, db: Path, detail: str, latest_backup: Path | None, *, message: str | None = None) -> None:
        hint = restore_hint(db.parent, latest_backup)
        super().__init__((message or f"the journal {db} is damaged ({detail}) and was not changed") + hint)
        self.db = db
        self.detail = detail
        self.latest_backup = latest_backup


class JournalMissing(JournalCorrupt):
    """``journal.db`` is missing or empty although its folder shows a journal lived there (backups, attachments...):
    a damaged journal, never a new one."""

    def __init__(self, db: Path, *, empty: bool, evidence: list[str], latest_backup: Path | None) -> None:
        state = "is empty (0 bytes)" if empty else "is missing"
        beside = ", ".join(evidence)
        super().__init__(
            db,
            f"{state} beside {beside}",
            latest_backup,
            message=f"the journal {db} {state}, yet its folder holds {beside}: it is damaged, not new, and no empty "
            "journal was made in its place",
        )


class JournalMarkedDamaged(JournalCorrupt):
    """A check found the file damaged earlier (the mark beside it says when); writes stay refused until a restore."""

    def __init__(self, db: Path, detail: str, found: str, latest_backup: Path | None) -> None:
        super().__init__(
            db,
            detail,
            latest_backup,
            message=f"the journal {db} was found damaged on {found} ({detail}), so nothing is written to it",
        )


class BackupUnusable(TrailbookError):
    """A file offered for restoring is not a healthy Trailbook journal."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"cannot restore {path}: {problem}; nothing was changed (see `trailbook backup list`)")


class JournalInUse(TrailbookError):
    def __init__(self, home: Path) -> None:
        super().__init__(
            f"the Trailbook app has the journal {home} open; restore from its File → Restore from Backup… menu, "
            "or quit it first"
        )


class JournalClosed(TrailbookError):
    """A write through a closed journal (e.g. one replaced by a restored backup): it would land in the wrong file."""

    def __init__(self) -> None:
        super().__init__("the journal was closed (a backup was restored in its place); nothing was written")


class OutputProtected(TrailbookError):
    """A file or folder the person named is (or would hold, or is inside) one of the journal's own files."""

    def __init__(self, target: Path, what: str, *, leads_to: Path | None = None, home: Path | None = None) -> None:
        via = f" (it leads to {leads_to})" if leads_to is not None else ""
        outside = f" outside {home}" if home is not None else " elsewhere"
        super().__init__(f"refusing to write {target}{via}: {what}; choose a path{outside}")


class OutputExists(TrailbookError):
    """The named output exists: it is replaced only when the person asked (``--force``, or a confirmation)."""

    def __init__(self, target: Path, *, folder: bool = False) -> None:
        what = "holds an earlier export" if folder else "already exists"
        super().__init__(f"{target} {what}; pass --force to replace it")
        self.target = target


class JournalTooNew(TrailbookError):
    def __init__(self, db: Path, revision: str) -> None:
        super().__init__(
            f"the journal {db} was written by a newer Trailbook (schema {revision}); update Trailbook to open it"
        )


class HomeNotAFolder(TrailbookError):
    def __init__(self, home: Path) -> None:
        super().__init__(f"{home} is a file, not a folder; pass --home with the folder that holds the journal")
        self.home = home


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


class PdfUnavailable(TrailbookError):
    """A PDF is printed by the desktop app's web engine (PySide6 with QtWebEngine): not there, or it cannot load."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"PDF needs the desktop app's libraries (PySide6 with QtWebEngine and the system's GUI libraries): {reason}"
        )


class JournalBusy(TrailbookError):
    def __init__(self) -> None:
        super().__init__("the journal is busy (another program holds it for too long); try again in a moment")


class EntryNotFound(TrailbookError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"no entry with id {ref!r}")


class EntryChanged(TrailbookError):
    """Another writer changed the entry after this one read it: the write was refused, nothing was overwritten.
    ``current`` is the entry as it is now (an ``Entry``), for a merge."""

    def __init__(self, entry_id: str, current: object) -> None:
        super().__init__(
            f"entry {entry_id[:8]} was changed elsewhere (another window, the command line or a sync) after it was "
            "read; nothing was overwritten"
        )
        self.entry_id = entry_id
        self.current = current


class EntryInTrash(TrailbookError):
    """The entry is in the trash: it is read-only until restored (an autosave never writes into it)."""

    def __init__(self, entry_id: str, current: object) -> None:
        super().__init__(f"entry {entry_id[:8]} is in the trash; restore it (`trailbook restore`) to change it")
        self.entry_id = entry_id
        self.current = current


def stale_edit_message(entry_id: str, kept: Path) -> str:
    """The command line's ``edit`` found the entry changed while its editor was open."""
    return (
        f"entry {entry_id[:8]} was changed elsewhere while your editor was open; your text was not saved and "
        f"nothing was overwritten. Your text is kept in {kept}: run `trailbook edit {entry_id[:8]}` again and "
        "paste it in"
    )


def trashed_edit_message(entry_id: str, kept: Path) -> str:
    """The command line's ``edit`` found the entry moved to the trash while its editor was open."""
    return (
        f"entry {entry_id[:8]} was moved to the trash while your editor was open; your text was not saved. "
        f"It is kept in {kept}; restore the entry (`trailbook restore {entry_id[:8]}`) to go on"
    )


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


HOME_NEEDS_FOLDER = "--home needs a folder, e.g. --home ~/Journal"


class NotUnicodeText(InvalidInput):
    """Text holding a lone surrogate (a JSON ``\\ud800`` escape, or a byte that was not UTF-8 in a file name or an
    argument): Python carries it, but it can be neither stored nor written as UTF-8, so it is refused on the way in."""

    def __init__(self, what: str, position: int, char: str) -> None:
        super().__init__(f"{what} is not valid UTF-8 (a lone surrogate U+{ord(char):04X} at character {position})")


def require_utf8(text: str, what: str) -> str:
    """``text`` itself when it can be written as UTF-8; else ``NotUnicodeText`` naming ``what`` and where."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise NotUnicodeText(what, exc.start + 1, text[exc.start]) from None
    return text


class NotAFile(InvalidInput):
    """A named pipe, socket, device or folder where a file was expected. Never opened: opening a pipe waits for a
    writer forever, and reading a device such as ``/dev/zero`` never ends."""

    def __init__(self, mode: int) -> None:
        self.kind = special_file_kind(mode)
        super().__init__(f"{self.kind}, not a regular file (not opened)")


class FileTooLarge(InvalidInput):
    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {limit // (1024 * 1024)} MB")


def special_file_kind(mode: int) -> str:
    """What a file that is not a regular one is, in a person's words (from ``os.stat().st_mode``)."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISLNK, "a symlink"),
    )
    return next((words for test, words in kinds if test(mode)), "a special file")


_SHOWN = reprlib.Repr()
_SHOWN.maxlevel, _SHOWN.maxstring, _SHOWN.maxother, _SHOWN.maxlist, _SHOWN.maxdict = 2, 60, 60, 4, 3
_SHOWN_MAX = 80


def shown(value: object) -> str:
    """A value from a file, as a message shows it: bounded in length and depth, so a 50 MB string, a 5,000-digit
    number or a YAML alias bomb can neither flood the message nor make building it fail or hang."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 300:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    try:
        text = _SHOWN.repr(value)
    except (RecursionError, ValueError):
        return f"a {type(value).__name__}"
    return text if len(text) <= _SHOWN_MAX else text[: _SHOWN_MAX - 3] + "..."


class Cancelled(TrailbookError):
    """The person cancelled a long job; nothing it was doing was kept half-way."""

    def __init__(self) -> None:
        super().__init__("cancelled; nothing was changed")


class SpellingUnavailable(TrailbookError):
    """Spell checking cannot run here: the Enchant library or any dictionary is missing."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"spell checking is off: {reason}")


NO_ENCHANT = "the Enchant library is not installed (on Debian: apt install libenchant-2-2)"
NO_DICTIONARY = "no spelling dictionary is installed (on Debian: apt install hunspell-en-us, or another hunspell-*)"


class PersonalDictionaryUnsaved(TrailbookError):
    """A word was added for this session, but the personal dictionary file could not be written (or read safely)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"the word is known until Trailbook closes, but {path} was not saved: {reason}")
