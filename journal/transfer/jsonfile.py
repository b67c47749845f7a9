"""The JSON exchange format: one document with ``format``, ``version``, ``tags``, ``entries`` and ``revisions``.

Export is deterministic (fixed key and row order, UTC timestamps with microseconds), so export → import into an empty
journal → export gives the same document. Import also takes a document holding only ``entries``, or a bare array of
entries such as ``trailbook list --json`` prints. See ``docs/json-format.md``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from journal.dates import format_timestamp
from journal.db import Journal
from journal.errors import ExportFailed, InvalidInput, NotAFile, shown
from journal.fileio import atomic_text_writer, read_regular_file
from journal.jobs import Progress
from journal.models import EntryRow, RevisionRow, TagRow, entry_tags
from journal.transfer.common import (
    ImportReport,
    IncomingEntry,
    IncomingRevision,
    IncomingTag,
    display_name,
    entry_from_mapping,
    json_kind,
    merge_into,
    revision_from_mapping,
    tag_from_mapping,
)
from journal.transfer.entry_form import entry_to_json

T = TypeVar("T")
FORMAT_NAME = "trailbook-journal"
FORMAT_VERSION = 1
# No number in the format needs more digits than this; a longer one is kept as a HugeNumber instead of an int, because
# int() of a 5,000-digit string raises ValueError (Python's int max str digits limit) and SQLite stores 64 bits.
MAX_INT_DIGITS = 40


class HugeNumber:
    """A JSON integer too long to be anything in the format: it makes its own field (and so its entry) invalid, with
    a reason, instead of failing the whole file."""

    def __init__(self, text: str) -> None:
        self.digits = len(text.lstrip("-"))

    def __repr__(self) -> str:
        return f"a number of {self.digits} digits"


def _parse_int(text: str) -> int | HugeNumber:
    return int(text) if len(text) <= MAX_INT_DIGITS else HugeNumber(text)


def export_document(journal: Journal) -> Iterator[Progress | dict[str, Any]]:
    """Yield progress while reading, then the whole document as the last item."""
    with journal.reading() as session:
        tags = [
            {"name": t.name, "colour": t.colour, "description": t.description} for t in session.scalars(select(TagRow))
        ]
        tags.sort(key=lambda t: (t["name"].lower(), t["name"]))
        total = session.query(EntryRow).count()
        yield Progress(0, total, "exporting entries")
        names = {t.id: t.name for t in session.scalars(select(TagRow))}
        links: dict[int, list[str]] = {}
        for entry_id, tag_id in session.execute(select(entry_tags.c.entry_id, entry_tags.c.tag_id)):
            links.setdefault(entry_id, []).append(names[tag_id])
        entries: list[dict[str, Any]] = []
        uuids: dict[int, str] = {}
        for row in session.scalars(select(EntryRow).order_by(EntryRow.created, EntryRow.uuid)).yield_per(1000):
            uuids[row.id] = row.uuid
            entries.append(
                entry_to_json(
                    id=row.uuid,
                    title=row.title,
                    body=row.body,
                    day=row.day,
                    created=row.created,
                    updated=row.updated,
                    tags=sorted(links.get(row.id, []), key=str.lower),
                    private=row.private,
                    summary=row.summary,
                    slug=row.slug,
                    deleted_at=row.deleted_at,
                )
            )
            session.expunge(row)
            if len(entries) % 5000 == 0:
                yield Progress(len(entries), total, "exporting entries")
        revisions = [
            {"entry": uuids[r.entry_id], "saved_at": format_timestamp(r.saved_at), "title": r.title, "body": r.body}
            for r in session.scalars(select(RevisionRow))
        ]
        revisions.sort(key=lambda r: (r["entry"], r["saved_at"], r["title"], r["body"]))
    yield {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "tags": tags,
        "entries": entries,
        "revisions": revisions,
    }


def export_json(journal: Journal, path: Path, *, force: bool = False) -> Iterator[Progress]:
    """Write the whole journal (trash and revisions included) to ``path`` atomically; returns the entry count. Never
    onto the journal's own files; an existing file only with ``force`` (journal.outputs)."""
    from journal.outputs import check_output

    check_output(journal.paths, path, force=force)
    document: dict[str, Any] = {}
    for item in export_document(journal):
        if isinstance(item, Progress):
            yield item
        else:
            document = item
    try:
        with atomic_text_writer(path) as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    except OSError as exc:  # a full disk or a read-only place: a clear message, and no half-written file
        raise ExportFailed(path, exc.strerror or str(exc)) from exc
    yield Progress(len(document["entries"]), len(document["entries"]), "written")
    return len(document["entries"])


def decode_utf8(data: bytes, source: str) -> str:
    """Strict UTF-8 (a leading BOM is allowed); invalid bytes are an ``InvalidInput`` naming the source and offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{source} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); nothing was imported"
        ) from None


def read_source(path: str | Path) -> tuple[bytes, str]:
    """The bytes of a file, or of standard input for ``-``, and a name for messages."""
    if str(path) == "-":
        return sys.stdin.buffer.read(), "standard input"
    p = Path(path)
    name = display_name(p)
    try:
        return read_regular_file(p, pipes=True)[0], name
    except NotAFile as exc:
        if exc.kind == "a folder":
            raise InvalidInput(
                f"{name} is a folder; JSON import takes one file (use --format markdown for a folder)"
            ) from None
        raise InvalidInput(f"{name} is {exc.kind}, not a file; nothing was imported") from None
    except FileNotFoundError:
        raise InvalidInput(f"{name}: no such file") from None
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot read ({exc.strerror})") from None


def parse_document(
    text: str, source: str
) -> tuple[list[IncomingEntry], list[IncomingTag], list[IncomingRevision], ImportReport]:
    """Validate a JSON document; a document that cannot be read at all raises (nothing is imported from it), a broken
    entry, tag or revision is skipped with a reason and the rest imports."""
    try:
        doc = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise InvalidInput(f"{source}: nested too deeply to be a journal (arrays or objects inside each other "
                           f"thousands of levels deep); nothing was imported") from None  # fmt: skip
    report = ImportReport()
    if isinstance(doc, list):
        doc = {"entries": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise InvalidInput(f'{source}: expected an object with an "entries" array (or an array of entries)')
    version = doc.get("version", FORMAT_VERSION)
    if not isinstance(version, int | HugeNumber) or isinstance(version, bool):
        raise InvalidInput(f"{source}: format version must be a whole number, got {shown(version)}")
    if isinstance(version, HugeNumber) or version > FORMAT_VERSION:
        raise InvalidInput(
            f"{source}: format version {shown(version)} is newer than this Trailbook reads; update Trailbook"
        )
    entries: list[IncomingEntry] = []
    seen: dict[str, int] = {}
    for index, entry in _valid_items(doc, "entries", entry_from_mapping, source, report):
        if entry.id in seen:
            report.skipped.append((f"{source}: entries[{index}]", f"same id as entries[{seen[entry.id]}]"))
            continue
        seen[entry.id] = index
        entries.append(entry)
    tags = [tag for _, tag in _valid_items(doc, "tags", tag_from_mapping, source, report)]
    revisions = [rev for _, rev in _valid_items(doc, "revisions", revision_from_mapping, source, report)]
    return entries, tags, revisions, report


def _valid_items(
    doc: dict[str, Any], key: str, validate: Callable[[object], T], source: str, report: ImportReport
) -> list[tuple[int, T]]:
    """``(index, item)`` for each item of the array ``doc[key]`` that ``validate`` accepts; the others are skipped
    with a reason, and so is the whole key when it is not an array."""
    raw_items = doc.get(key)
    if raw_items is None:
        return []
    if not isinstance(raw_items, list):
        report.skipped.append((f"{source}: {key}", f"must be an array, got {json_kind(raw_items)}"))
        return []
    items: list[tuple[int, T]] = []
    for index, raw in enumerate(raw_items):
        try:
            items.append((index, validate(raw)))
        except InvalidInput as exc:
            report.skipped.append((f"{source}: {key}[{index}]", exc.message))
    return items


def import_json(journal: Journal, path: str | Path) -> Iterator[Progress]:
    """Import a JSON document (a file, or ``-`` for standard input); returns an ``ImportReport``."""
    data, source = read_source(path)
    entries, tags, revisions, report = parse_document(decode_utf8(data, source), source)
    yield from merge_into(journal, entries, report, tags=tags, revisions=revisions)
    return report
