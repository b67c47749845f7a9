"""The JSON exchange format: one document with ``format``, ``version``, ``tags``, ``entries`` and ``revisions``.

Export is deterministic (fixed key and row order, UTC timestamps with microseconds), so export → import into an empty
journal → export gives the same document. Import also takes a document holding only ``entries``, or a bare array of
entries such as ``trailbook list --json`` prints. See ``docs/json-format.md``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from journal.dates import format_timestamp, parse_timestamp
from journal.db import Journal
from journal.errors import ExportFailed, InvalidInput
from journal.fileio import atomic_text_writer
from journal.jobs import Progress
from journal.models import EntryRow, RevisionRow, TagRow, entry_tags
from journal.transfer.common import (
    ImportReport,
    IncomingEntry,
    IncomingRevision,
    IncomingTag,
    entry_from_mapping,
    merge_into,
    normalize_uuid,
)

FORMAT_NAME = "trailbook-journal"
FORMAT_VERSION = 1


def entry_to_json(
    *,
    id: str,
    title: str,
    body: str,
    day: Any,
    created: Any,
    updated: Any,
    tags: Any,
    private: bool,
    summary: str,
    slug: str | None,
    deleted_at: Any,
) -> dict[str, Any]:
    """The JSON form of one entry, shared by export and by ``list``/``show``/``search --json``."""
    return {
        "id": id,
        "title": title,
        "date": day.isoformat(),
        "created": format_timestamp(created),
        "updated": format_timestamp(updated),
        "tags": list(tags),
        "private": private,
        "summary": summary,
        "slug": slug,
        "deleted": format_timestamp(deleted_at) if deleted_at else None,
        "body": body,
    }


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
    try:
        return p.read_bytes(), str(p)
    except FileNotFoundError:
        raise InvalidInput(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(
            f"{p} is a folder; JSON import takes one file (use --format markdown for a folder)"
        ) from None
    except OSError as exc:
        raise InvalidInput(f"{p}: cannot read ({exc.strerror})") from None


def parse_document(
    text: str, source: str
) -> tuple[list[IncomingEntry], list[IncomingTag], list[IncomingRevision], ImportReport]:
    """Validate a JSON document; a broken document raises, a broken entry is skipped with a reason."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    report = ImportReport()
    if isinstance(doc, list):
        doc = {"entries": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise InvalidInput(f'{source}: expected an object with an "entries" array (or an array of entries)')
    version = doc.get("version", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InvalidInput(f"{source}: format version {version!r} is newer than this Trailbook reads; update Trailbook")
    entries: list[IncomingEntry] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(doc["entries"]):
        try:
            entry = entry_from_mapping(raw)
        except InvalidInput as exc:
            report.skipped.append((f"{source}: entries[{index}]", exc.message))
            continue
        if entry.id in seen:
            report.skipped.append((f"{source}: entries[{index}]", f"same id as entries[{seen[entry.id]}]"))
            continue
        seen[entry.id] = index
        entries.append(entry)
    tags: list[IncomingTag] = []
    for index, raw in enumerate(doc.get("tags") or []):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
            report.skipped.append((f"{source}: tags[{index}]", "a tag needs a name"))
            continue
        colour = raw.get("colour")
        tags.append(
            IncomingTag(
                raw["name"],
                colour if isinstance(colour, str) and len(colour) == 7 and colour.startswith("#") else None,
                raw.get("description") if isinstance(raw.get("description"), str) else "",
            )
        )
    revisions: list[IncomingRevision] = []
    for index, raw in enumerate(doc.get("revisions") or []):
        try:
            if not isinstance(raw, dict):
                raise InvalidInput("a revision must be an object")
            revisions.append(
                IncomingRevision(
                    entry_id=normalize_uuid(str(raw.get("entry", ""))),
                    saved_at=parse_timestamp(raw.get("saved_at"), what="saved_at"),
                    title=str(raw.get("title", "")),
                    body=raw["body"] if isinstance(raw.get("body"), str) else "",
                )
            )
        except InvalidInput as exc:
            report.skipped.append((f"{source}: revisions[{index}]", exc.message))
    return entries, tags, revisions, report


def import_json(journal: Journal, path: str | Path) -> Iterator[Progress]:
    """Import a JSON document (a file, or ``-`` for standard input); returns an ``ImportReport``."""
    data, source = read_source(path)
    entries, tags, revisions, report = parse_document(decode_utf8(data, source), source)
    yield from merge_into(journal, entries, report, tags=tags, revisions=revisions)
    return report
