"""Where Trailbook may write a file the person names: never onto the journal's own files.

One rule, owned here and used by every writer of a named output (``export``, ``roadmap export``, ``backup --to``, blog
folders, and the app's save dialogs):

- The journal's own files are the database and everything named ``journal.db*`` beside it (``-wal``, ``-shm``, the
  health records, files kept aside by a restore), and the ``backups/`` and ``attachments/`` folders.
- Paths are compared after resolving symlinks — also for a file not yet there whose folder is a symlink — and an
  existing file is also compared by inode, so a hard link to the database is caught.
- A file output may not be one of those files, nor lie inside those folders. A folder output may not be one of them,
  lie inside them, or contain them (the journal's folder, or any folder above it).
- An existing file (for a folder output: a folder that already holds files) is replaced only when the person asked:
  ``--force`` on the command line, a confirmation in the app (``force=True``).
"""

from __future__ import annotations

import os
from pathlib import Path

from journal.errors import OutputExists, OutputProtected
from journal.paths import DB_NAME, JournalPaths


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def journal_files_reason(paths: JournalPaths, target: Path, *, folder: bool = False) -> str | None:
    """Why ``target`` may not be written as an output (see the module's rule), or None when it may."""
    real = _real(target)
    homes = {_real(paths.home), _real(paths.db).parent}
    for name, where in (("backups", paths.backups), ("attachments", paths.attachments)):
        if _inside(real, _real(where)):
            return f"that is inside the journal's {name} folder"
    if real.name == DB_NAME and real.parent in homes:
        return "that is the journal's database"
    if real.name.startswith(DB_NAME) and real.parent in homes:
        return "that is one of the journal's own files beside its database"
    own = [_real(paths.db), _real(paths.backups), _real(paths.attachments)]
    if folder and any(_inside(mine, real) for mine in own):
        return "that folder holds the journal's files"
    try:
        info = os.stat(real)
    except OSError:
        return None
    for side in ("", "-wal", "-shm"):
        try:
            mine = os.stat(f"{paths.db}{side}")
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (mine.st_dev, mine.st_ino):
            return "that is a link to the journal's database"
    return None


def refuse_journal_files(paths: JournalPaths, target: Path, *, folder: bool = False) -> None:
    """Raise ``OutputProtected`` when ``target`` is, holds or lies inside the journal's own files."""
    reason = journal_files_reason(paths, target, folder=folder)
    if reason is not None:
        real = _real(target)
        leads_to = real if real != Path(os.path.abspath(target)) else None
        raise OutputProtected(target, reason, leads_to=leads_to, home=paths.home)


def output_exists(target: Path, *, folder: bool = False) -> bool:
    """Whether writing ``target`` would replace something: a file (or a symlink) there, or a folder with files."""
    if folder:
        return target.is_dir() and any(target.iterdir())
    return os.path.lexists(target) and not target.is_dir()


def check_output(paths: JournalPaths, target: Path, *, force: bool = False, folder: bool = False) -> Path:
    """Clear ``target`` for writing, or raise: ``OutputProtected`` for the journal's own files (whatever ``force``
    says), ``OutputExists`` for an existing output unless ``force``. Returns ``target``."""
    refuse_journal_files(paths, target, folder=folder)
    if not force and output_exists(target, folder=folder):
        raise OutputExists(target, folder=folder)
    return target
