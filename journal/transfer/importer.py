"""Import from wherever a person's writing is: the source is recognised from what it holds (``tool`` forces one).

One job for the command line and the app: open the source as a tree (``tree``), recognise the tool that made it,
read it with that tool's reader (``journal/transfer/tools/``), then merge (``common.merge_into``), dry run or not.
Every file of the source gets a line in the report: imported, updated, unchanged, or skipped with the reason; a file
that is neither a note nor an image a note shows is skipped as such.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from journal.db import Journal
from journal.errors import InvalidInput
from journal.jobs import Progress
from journal.transfer.common import (
    IMPORTED,
    UPDATED,
    ImportReport,
    IncomingEntry,
    IncomingRevision,
    IncomingTag,
    merge_into,
)
from journal.transfer.notes import NOTE_SUFFIXES, Media
from journal.transfer.tools import TOOLS
from journal.transfer.tree import SourceTree, open_tree


@dataclass
class Reading:
    """What a tool's reader gets, and fills in: the source, the report, the images, and which files it used."""

    tree: SourceTree
    report: ImportReport
    media: Media
    consumed: set[str] = field(default_factory=set)
    scope: tuple[str, ...] = ("",)  # folders whose other files are reported as skipped ("" is the whole tree)
    entries: list[IncomingEntry] = field(default_factory=list)
    tags: list[IncomingTag] = field(default_factory=list)
    revisions: list[IncomingRevision] = field(default_factory=list)
    # Where links went in the source (entry id → target as written → the id of the entry it went to): kept as the
    # links' bindings for the entries this import adds or replaces (journal.links.bind_links).
    bindings: dict[str, dict[str, str]] = field(default_factory=dict)


Reader = Callable[[Reading], Generator[Progress, None, None]]


def _reader(tool: str) -> Reader:
    from journal.transfer.tools import dayone, joplin, jrnl, notion, sites, trailbook, vaults

    readers: dict[str, Reader] = {
        "trailbook": trailbook.read,
        "jrnl": jrnl.read,
        "dayone": dayone.read,
        "obsidian": vaults.read_obsidian,
        "notion": notion.read,
        "joplin": joplin.read,
        "hugo": sites.read_hugo,
        "jekyll": sites.read_jekyll,
        "markdown": vaults.read_markdown,
    }
    return readers[tool]


def detect(tree: SourceTree) -> str:
    """The tool that made this source, from what it holds; ``markdown`` when nothing more particular is recognised."""
    from journal.transfer.tools import dayone, joplin, jrnl, notion, sites, trailbook

    for tool, recognise in (
        ("trailbook", trailbook.recognise),
        ("dayone", dayone.recognise),
        ("jrnl", jrnl.recognise),
        ("joplin", joplin.recognise),
        ("obsidian", lambda t: t.has_folder(".obsidian")),
        ("hugo", sites.recognise_hugo),
        ("jekyll", sites.recognise_jekyll),
        ("notion", notion.recognise),
    ):
        if recognise(tree):
            return tool
    return "markdown"


def _report_unused(reading: Reading) -> None:
    """Files of the source no reader used: skipped, saying what they are."""
    skipped = reading.report.skipped
    for path in sorted(reading.tree.members):
        if path in reading.consumed or path in reading.media.used:
            continue
        if not any(path == s or path.startswith(s + "/") or s == "" for s in reading.scope):
            continue
        suffix = PurePosixPath(path).suffix.lower()
        if suffix in NOTE_SUFFIXES:
            continue  # a note that was read (or skipped with its own reason)
        what = suffix or "no extension"
        skipped.append((path, f"not a markdown file ({what})" + (", and no note shows it" if suffix in {
            ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp"} else "")))  # fmt: skip


def _unique(entries: list[IncomingEntry], report: ImportReport) -> list[IncomingEntry]:
    seen: dict[str, str] = {}
    out = []
    for entry in entries:
        if entry.id in seen:
            report.skipped.append((entry.source, f"same id as {seen[entry.id]}"))
            continue
        seen[entry.id] = entry.source
        out.append(entry)
    return out


def import_source(
    journal: Journal, path: str | Path, *, tool: str | None = None, dry_run: bool = False
) -> Iterator[Progress]:
    """Import a file, folder or archive from any supported tool (``-``: a JSON document on standard input); returns an
    ``ImportReport``. ``dry_run``: nothing is written, and the report says what would be."""
    if tool is not None and tool not in TOOLS:
        raise InvalidInput(f"unknown source {tool!r}; one of: {', '.join(TOOLS)}")
    tree = _stdin_tree() if str(path) == "-" else open_tree(Path(path))
    with tree:
        report = ImportReport()
        report.skipped.extend(tree.skipped)
        report.tool = tool or detect(tree)
        reading = Reading(tree, report, Media(tree))
        yield Progress(0, 0, f"reading {TOOLS[report.tool]}")
        yield from _reader(report.tool)(reading)
        _report_unused(reading)
        entries = _unique(reading.entries, report)
        for entry in entries:
            if entry.repairs:
                report.repaired.extend((entry.source, change) for change in entry.repairs)
        yield from merge_into(journal, entries, report, tags=reading.tags, revisions=reading.revisions,
                              dry_run=dry_run)  # fmt: skip
        if reading.bindings and not dry_run:
            from journal.links import bind_links

            written = {item.entry for item in report.items if item.status in (IMPORTED, UPDATED)}
            bind_links(journal, {k: v for k, v in reading.bindings.items() if k in written})
    return report


def _stdin_tree() -> SourceTree:
    import sys

    from journal.transfer.tree import Member

    data = sys.stdin.buffer.read()
    tree = SourceTree("standard input")
    tree.single_file = True
    tree.add(Member("standard input", len(data), 0.0, "standard input", lambda: data))
    return tree


def _peek_int(text: str) -> object:
    try:
        return int(text)
    except ValueError:  # past Python's 4,300 digits: the file is still JSON (and still its tool's); that value is not
        from journal.transfer.jsonfile import HugeNumber

        return HugeNumber(text)


def peek_json(data: bytes) -> object:
    """A JSON file's top level for recognising it, or None when it is not JSON (never raises). An integer too long
    for int() is a ``HugeNumber``, which the readers refuse where they keep it (``jsonfile.kept_numbers``)."""
    try:
        return json.loads(data.decode("utf-8-sig"), parse_int=_peek_int)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
