"""Notion's markdown & CSV export (a ``.zip``, or the folder it unpacks to).

Each page is ``Title <32 hex>.md``, starting with ``# Title`` and then its properties, one ``Name: value`` line each
(``Created: March 14, 2024 8:30 AM``, ``Tags: ml, serving``); its images are in the folder of the same name, linked
with percent-encoded paths. A database is ``Name <hex>.csv`` beside a folder of its row pages; a row's properties come
from the CSV when its page does not carry them, and a row without a page is an entry with its properties alone.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Generator
from pathlib import PurePosixPath

from journal.errors import InvalidInput
from journal.jobs import Progress
from journal.transfer.notes import NOTE_SUFFIXES, NoteStyle, read_note
from journal.transfer.tree import Member, SourceTree, Unreadable

_ID_RE = re.compile(r"\s[0-9a-f]{32}(?:\.\w+)?$")
NOTION = NoteStyle(tool="notion", properties=True)
TITLE_COLUMNS = ("Name", "Title", "Page", "title", "name")


def recognise(tree: SourceTree) -> bool:
    names = [PurePosixPath(p).name for p in list(tree.members)[:200]]
    return sum(1 for n in names if _ID_RE.search(n)) >= max(1, len(names) // 3)


def _csv_rows(member: Member) -> list[dict[str, str]]:
    text = member.read().decode("utf-8-sig")
    return [dict(row) for row in csv.DictReader(io.StringIO(text))]


def read(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    tree: SourceTree = reading.tree
    rows: dict[str, dict[str, str]] = {}  # a row's title (lower case), as its page's file name has it → its cells
    row_sources: dict[str, tuple[str, float]] = {}
    for path, member in sorted(tree.members.items()):
        if member.suffix != ".csv":
            continue
        reading.consumed.add(path)
        try:
            for index, row in enumerate(_csv_rows(member)):
                title = next((row[c] for c in TITLE_COLUMNS if row.get(c)), "")
                if title:
                    rows[title.strip().lower()] = row
                    row_sources[title.strip().lower()] = (f"{path}: row {index + 1}", member.mtime)
        except (UnicodeDecodeError, csv.Error, Unreadable) as exc:
            reading.report.skipped.append((path, f"cannot be read as CSV ({exc})"))
    pages = [m for _, m in sorted(tree.members.items()) if m.suffix in NOTE_SUFFIXES]
    seen_rows: set[str] = set()
    for count, member in enumerate(pages, 1):
        title = _ID_RE.sub("", PurePosixPath(member.path).name).strip().lower()
        row = rows.get(title)
        if row is not None:
            seen_rows.add(title)
        try:
            reading.entries.append(read_note(member, tree, reading.media, NOTION, _properties(row)))
        except (InvalidInput, Unreadable) as exc:
            reading.report.skipped.append((member.path, exc.message))
        if count % 500 == 0:
            yield Progress(count, len(pages), "reading pages")
    for key, row in rows.items():
        if key in seen_rows:
            continue
        source, mtime = row_sources[key]
        title = next((row[c] for c in TITLE_COLUMNS if row.get(c)), "")
        data = f"# {title}\n".encode()
        member = Member(source, len(data), mtime, source, lambda data=data: data)
        try:
            reading.entries.append(read_note(member, tree, reading.media, NOTION, _properties(row)))
        except InvalidInput as exc:
            reading.report.skipped.append((source, exc.message))
    yield Progress(len(pages), len(pages), "read the pages")


def _properties(row: dict[str, str] | None) -> dict[str, str] | None:
    """A CSV row's properties, less its title column (the page's title is its heading) and empty cells."""
    if row is None:
        return None
    return {k: v for k, v in row.items() if k not in TITLE_COLUMNS and v}
