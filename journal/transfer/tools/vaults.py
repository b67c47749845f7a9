"""Folders of notes: plain markdown, and Obsidian vaults (a ``.obsidian/`` folder marks one).

Obsidian adds inline ``#tags`` outside code, ``tags: a b`` split on spaces, ``aliases`` (kept with the entry), images
embedded as ``![[image.png]]`` and found by name anywhere in the vault. ``[[Note]]`` links stay as written: that is
Trailbook's own link syntax. Titles come from the file name unless the front matter has one, as Obsidian shows them.
"""

from __future__ import annotations

from collections.abc import Generator

from journal.jobs import Progress
from journal.transfer.notes import NOTE_SUFFIXES, NoteStyle, read_notes

MARKDOWN = NoteStyle(tool="markdown")
OBSIDIAN = NoteStyle(tool="obsidian", inline_tags=True, wiki_embeds=True, space_tags=True, properties=False,
                     name_titles=True)  # fmt: skip


def _read(reading, style: NoteStyle) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    tree = reading.tree
    notes = [m for _, m in sorted(tree.members.items()) if m.suffix in NOTE_SUFFIXES or tree.single_file]
    for start in range(0, len(notes), 500):
        batch = notes[start : start + 500]
        reading.entries.extend(read_notes(tree, reading.media, style, batch, reading.report.skipped))
        yield Progress(start + len(batch), len(notes), "reading notes")


def read_markdown(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    yield from _read(reading, MARKDOWN)


def read_obsidian(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    yield from _read(reading, OBSIDIAN)
