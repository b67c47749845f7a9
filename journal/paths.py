"""Where a journal lives: one folder holding ``journal.db``, its backups and attachments.

The folder comes from ``--home DIR``, else ``TRAILBOOK_HOME``, else the platform's user data folder for "Trailbook".
Nothing here touches the disk at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "Trailbook"
HOME_ENV = "TRAILBOOK_HOME"
DB_NAME = "journal.db"


def default_home() -> Path:
    """The platform's per-user data folder for Trailbook (e.g. ``~/.local/share/Trailbook`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The journal folder to use: an explicit path, else ``$TRAILBOOK_HOME``, else the default. An explicit path
    that is empty (``--home ""``, a variable that was not set) is an ``InvalidInput``, not the default journal."""
    if explicit is not None and not str(explicit).strip():
        from journal.errors import HOME_NEEDS_FOLDER, InvalidInput

        raise InvalidInput(HOME_NEEDS_FOLDER)
    if explicit:
        return Path(explicit).expanduser().absolute()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser().absolute()
    return default_home()


@dataclass(frozen=True)
class JournalPaths:
    """Every path inside one journal folder."""

    home: Path

    @property
    def db(self) -> Path:
        return self.home / DB_NAME

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def attachments(self) -> Path:
        return self.home / "attachments"

    @property
    def templates(self) -> Path:
        return self.home / "templates"

    @property
    def roadmaps(self) -> Path:
        return self.home / "roadmaps"

    @property
    def settings(self) -> Path:
        return self.home / "settings.json"

    @property
    def personal_dictionary(self) -> Path:
        """The words the person added to the spell checker, one a line (see journal.spellcheck)."""
        return self.home / "dictionary.txt"

    @property
    def damage_mark(self) -> Path:
        """Beside the database: written when a check finds it damaged (see journal.health)."""
        return self.home / f"{DB_NAME}.damaged"

    @property
    def check_record(self) -> Path:
        """Beside the database: its stamp when Trailbook last knew it sound (see journal.health)."""
        return self.home / f"{DB_NAME}.checked"

    def evidence(self) -> list[str]:
        """What in the folder shows that a journal has lived here, besides its database: with any of these, a missing
        or empty ``journal.db`` is a damaged journal, never a new one."""
        found = [f"{p.name}/" for p in (self.backups, self.attachments, self.templates) if p.is_dir()]
        return found + [p.name for p in (self.damage_mark, self.check_record) if p.is_file()]
