"""Preferences of one journal, typed with defaults, stored as ``settings.json`` in the journal folder.

Unknown keys are kept (a newer Trailbook may have written them); a damaged file falls back to defaults and is left for
the person to inspect rather than overwritten until they save new preferences.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from journal.fileio import atomic_write_text

Theme = Literal["system", "light", "dark"]
_TIME_RE = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")


@dataclass
class Preferences:
    editor_font: str = ""  # empty: the platform's fixed-width font
    editor_font_size: int = 12
    editor_monospace: bool = True
    theme: Theme = "system"
    default_template: str = "daily-log"
    autosave_delay_ms: int = 800
    preview_visible: bool = False
    author_name: str = ""
    author_email: str = ""
    spell_check: bool = True
    spelling_language: str = ""  # a dictionary's tag (en_US); empty: the system locale's
    reminder_time: str = ""  # "HH:MM", 24-hour, local time: a daily reminder to write; empty: none
    pinned: list[str] = field(default_factory=list)  # ids of the entries pinned in the navigation column, newest first
    extra: dict[str, Any] = field(default_factory=dict)

    def clamp(self) -> Preferences:
        self.editor_font_size = min(48, max(6, int(self.editor_font_size)))
        self.autosave_delay_ms = min(10_000, max(200, int(self.autosave_delay_ms)))
        if self.theme not in ("system", "light", "dark"):
            self.theme = "system"
        if not _TIME_RE.fullmatch(self.reminder_time):
            self.reminder_time = ""
        self.pinned = list(dict.fromkeys(p for p in self.pinned if isinstance(p, str)))
        return self


def load_preferences(path: Path) -> Preferences:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(raw, dict):
        return Preferences()
    known = {f.name for f in fields(Preferences)} - {"extra"}
    prefs = Preferences()
    for key, value in raw.items():
        if key in known and isinstance(value, type(getattr(prefs, key))):
            setattr(prefs, key, value)
        elif key not in known:
            prefs.extra[key] = value
    return prefs.clamp()


def save_preferences(path: Path, prefs: Preferences) -> None:
    data = asdict(prefs.clamp())
    extra = data.pop("extra")
    atomic_write_text(path, json.dumps({**extra, **data}, ensure_ascii=False, indent=2) + "\n")
