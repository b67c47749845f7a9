"""The JSON exchange format: one document with ``format``, ``version``, ``tags``, ``entries`` and ``revisions``.

Export is deterministic (fixed key and row order, UTC timestamps with microseconds), so export → import into an empty
journal → export gives the same document. Import also takes a document holding only ``entries``, or a bare array of
entries such as ``trailbook list --json`` prints. See ``docs/json-format.md``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from journal import queries
from journal.attachments import referenced_names
from journal.dates import format_timestamp
from journal.db import Journal
from journal.errors import ExportFailed, InvalidInput, NotAFile, shown
from journal.fileio import atomic_binary_writer, atomic_text_writer, read_regular_file
from journal.jobs import Progress
from journal.models import EntryPostRow, EntryRow, RevisionRow, TagRow
from journal.publish.post_fields import from_row, post_form
from journal.revisions import texts as revision_texts
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
DOCUMENT_NAME = "journal.json"  # the document inside a .zip or folder export
FORMAT_NAME = "trailbook-journal"
FORMAT_VERSION = 1
# No number in the format needs more digits than this; a longer one is kept as a HugeNumber instead of an int, because
# int() of a 5,000-digit string raises ValueError (Python's int max str digits limit) and SQLite stores 64 bits.
MAX_INT_DIGITS = 40


class HugeNumber:
    """A JSON integer too long to be anything in the format: it makes its own field (and so its entry) invalid, with
    a reason, instead of failing the whole file."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.digits = len(text.lstrip("-"))

    def __repr__(self) -> str:
        return f"a number of {self.digits} digits"


def kept_numbers(value: Any) -> Any:
    """Kept front matter is the person's own, not a field of the format: its long integers are numbers again (as
    long as Python's int() takes them; past that, or nested too deeply to keep, the entry is skipped saying so)."""
    try:
        return _numbers(value)
    except RecursionError:
        raise InvalidInput("a field holds values nested too deeply to keep") from None


def _numbers(value: Any) -> Any:
    if isinstance(value, HugeNumber):
        try:
            return int(value.text)
        except ValueError:
            raise InvalidInput(f"a field holds {value!r}, too long to keep") from None
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


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
        posts = {
            row.entry_id: post_form(
                replace(from_row(row.categories, row.cover, row.publish_at, None), updated=row.updated)
            )
            for row in session.scalars(select(EntryPostRow))
        }
        entries: list[dict[str, Any]] = []
        uuids: dict[int, str] = {}
        # The entries as every read path reads them (journal.queries), in this session's read transaction.
        con = session.connection().connection.driver_connection
        for entry in queries.read_entries(con):  # type: ignore[arg-type]
            uuids[entry.row_id] = entry.id
            entries.append(
                entry_to_json(
                    id=entry.id,
                    title=entry.title,
                    body=entry.body,
                    day=entry.day,
                    created=entry.created,
                    updated=entry.updated,
                    tags=entry.tags,
                    private=entry.private,
                    summary=entry.summary,
                    slug=entry.slug,
                    deleted_at=entry.deleted_at,
                    kind=entry.kind,
                    front_matter=entry.front_matter,
                    post=posts.get(entry.row_id),
                )
            )
            if len(entries) % 5000 == 0:
                yield Progress(len(entries), total, "exporting entries")
        stored = list(session.scalars(select(RevisionRow)))
        bodies = revision_texts(stored)  # whole texts: most are kept as deltas (journal.revisions)
        revisions = [
            {
                "entry": uuids[r.entry_id],
                "saved_at": format_timestamp(r.saved_at),
                "title": r.title,
                "body": bodies[r.id],
            }
            for r in stored
        ]
        revisions.sort(key=lambda r: (r["entry"], r["saved_at"], r["title"], r["body"]))
    yield {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "tags": tags,
        "entries": entries,
        "revisions": revisions,
    }


def read_document(journal: Journal) -> Generator[Progress, None, dict[str, Any]]:
    """``export_document`` as a job: its progress, then the document as the job's result."""
    document: dict[str, Any] = {}
    for item in export_document(journal):
        if isinstance(item, Progress):
            yield item
        else:
            document = item
    return document


class Exported(int):
    """What an export wrote: the number of entries (it is that number), and the images it took along and the ones
    the entries show that were not in the journal's attachments (``missing``)."""

    images: int
    missing: tuple[str, ...]
    left_out: int  # images a lone .json document could not hold

    def __new__(cls, count: int, images: int = 0, missing: tuple[str, ...] = (), left_out: int = 0) -> Exported:
        self = super().__new__(cls, count)
        self.images, self.missing, self.left_out = images, tuple(missing), left_out
        return self


def kept_names(entry: dict[str, Any]) -> set[str]:
    """Attachments named by an entry's kept front matter (a cover image, ``images:``) and its post's cover."""
    kept = entry.get("front_matter")
    names = referenced_names(json.dumps(kept, ensure_ascii=False)) if kept else set()
    cover = (entry.get("post") or {}).get("cover")
    return names | referenced_names(cover) if cover else names


def document_images(document: dict[str, Any]) -> list[str]:
    """Every attachment the document's entries and revisions show, sorted."""
    names: set[str] = set()
    for entry in document["entries"]:
        if "attachments/" in entry["body"]:
            names |= referenced_names(entry["body"])
        names |= kept_names(entry)
    for revision in document["revisions"]:
        if "attachments/" in revision["body"]:
            names |= referenced_names(revision["body"])
    return sorted(names)


def copy_attachments(journal: Journal, names: list[str], folder: Path) -> tuple[int, tuple[str, ...]]:
    """Put the journal's attachment files ``names`` into ``folder`` (a hard link where the file system allows: the
    bytes are the same and immutable, named by their hash); returns how many, and the names that were missing."""
    copied, missing = 0, []
    for name in names:
        source = journal.paths.attachments / name
        if not source.is_file():
            missing.append(name)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, folder / name)
        except OSError:
            shutil.copyfile(source, folder / name)
        copied += 1
    return copied, tuple(missing)


def durable(files: list[Path], folder: Path) -> None:
    """Make files written plainly durable, and ``folder`` with the folders they are in: fsyncs in flight together
    (journal.transfer.durable), never a wait for the whole machine's writes."""
    from journal.transfer.durable import FileSyncer

    with FileSyncer() as syncer:
        for path in files:
            syncer.add(path)
        syncer.finish(dict.fromkeys([folder, *(path.parent for path in files)]))


ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed: the same journal gives the same archive, byte for byte


def export_json(journal: Journal, path: Path, *, force: bool = False, folder: bool = False) -> Iterator[Progress]:
    """Write the whole journal (trash and revisions included); returns the entry count (``Exported``). ``path``
    ending in ``.zip``: an archive of ``journal.json`` and ``attachments/`` with every image; ``folder``: the same as a
    folder; else the document alone (its images cannot go in: ``left_out`` counts them). Written atomically, never onto
    the journal's own files, over an existing one only with ``force`` (journal.outputs)."""
    from journal.outputs import check_output

    as_zip = path.suffix.lower() == ".zip"
    check_output(journal.paths, path, force=force, folder=folder)
    document = yield from read_document(journal)
    count = len(document["entries"])
    images = document_images(document)
    try:
        if as_zip:
            copied, missing = _write_zip(journal, path, document, images)
        elif folder:
            copied, missing = _write_folder(journal, path, document, images)
        else:
            with atomic_text_writer(path) as handle:
                json.dump(document, handle, ensure_ascii=False, indent=1)
                handle.write("\n")
            have = [n for n in images if (journal.paths.attachments / n).is_file()]
            yield Progress(count, count, "written")
            return Exported(count, 0, (), len(have))
    except OSError as exc:  # a full disk or a read-only place: a clear message, and no half-written file
        raise ExportFailed(path, exc.strerror or str(exc)) from exc
    yield Progress(count, count, "written")
    return Exported(count, copied, missing)


def _document_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _write_zip(
    journal: Journal, path: Path, document: dict[str, Any], images: list[str]
) -> tuple[int, tuple[str, ...]]:
    import zipfile

    copied, missing = 0, []
    with atomic_binary_writer(path) as handle, zipfile.ZipFile(handle, "w") as zf:
        info = zipfile.ZipInfo(DOCUMENT_NAME, ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, _document_bytes(document))
        for name in images:
            source = journal.paths.attachments / name
            if not source.is_file():
                missing.append(name)
                continue
            info = zipfile.ZipInfo(f"attachments/{name}", ZIP_TIME)  # images are compressed already: stored
            zf.writestr(info, source.read_bytes())
            copied += 1
    return copied, tuple(missing)


def _write_folder(
    journal: Journal, path: Path, document: dict[str, Any], images: list[str]
) -> tuple[int, tuple[str, ...]]:
    path.mkdir(parents=True, exist_ok=True)
    copied, missing = copy_attachments(journal, images, path / "attachments")
    files = [path / "attachments" / n for n in images if n not in missing]
    with atomic_text_writer(path / DOCUMENT_NAME) as handle:  # the document last: it is what makes the folder whole
        durable(files, path)
        handle.write(_document_bytes(document).decode("utf-8"))
    return copied, missing


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

    def entry(raw: object, index: int) -> IncomingEntry:
        if isinstance(raw, dict) and "front_matter" in raw:
            raw = {**raw, "front_matter": kept_numbers(raw["front_matter"])}
        return entry_from_mapping(raw, source=f"{source}: entries[{index}]", dated_by="date")

    for index, item in _valid_items(doc, "entries", entry, source, report):
        if item.id in seen:
            report.skipped.append((f"{source}: entries[{index}]", f"same id as entries[{seen[item.id]}]"))
            continue
        seen[item.id] = index
        entries.append(item)
    tags = [tag for _, tag in _valid_items(doc, "tags", lambda raw, _: tag_from_mapping(raw), source, report)]
    revisions = [rev for _, rev in _valid_items(doc, "revisions", lambda raw, _: revision_from_mapping(raw), source,
                                                report)]  # fmt: skip
    return entries, tags, revisions, report


def _valid_items(
    doc: dict[str, Any], key: str, validate: Callable[[object, int], T], source: str, report: ImportReport
) -> list[tuple[int, T]]:
    """``(index, item)`` for each item of the array ``doc[key]`` that ``validate`` (given the item and its index)
    accepts; the others are skipped with a reason, and so is the whole key when it is not an array."""
    raw_items = doc.get(key)
    if raw_items is None:
        return []
    if not isinstance(raw_items, list):
        report.skipped.append((f"{source}: {key}", f"must be an array, got {json_kind(raw_items)}"))
        return []
    items: list[tuple[int, T]] = []
    for index, raw in enumerate(raw_items):
        try:
            items.append((index, validate(raw, index)))
        except InvalidInput as exc:
            report.skipped.append((f"{source}: {key}[{index}]", exc.message))
    return items


def import_json(journal: Journal, path: str | Path) -> Iterator[Progress]:
    """Import a JSON document (a file, or ``-`` for standard input); returns an ``ImportReport``."""
    data, source = read_source(path)
    entries, tags, revisions, report = parse_document(decode_utf8(data, source), source)
    report.tool = "trailbook"
    yield from merge_into(journal, entries, report, tags=tags, revisions=revisions)
    return report
