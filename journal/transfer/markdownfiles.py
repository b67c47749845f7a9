"""Folders of markdown files: one ``.md`` file per entry with YAML front matter, written and read back.

Import also takes plain markdown from other tools (no front matter: the title comes from the first heading, the day
from a ``YYYY-MM-DD`` file-name prefix or the file's date) and ``.zip`` archives of such files. A file that cannot be
used (binary, invalid UTF-8, malformed front matter, a symlink or zip path leading outside, a named pipe, socket or
device, which is never opened) is skipped with a reason; the rest of the import goes on. Mojibake (UTF-8 read as
cp1252, e.g. ``ðŸ‘‡``) is repaired and reported.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import uuid as uuidlib
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from journal import frontmatter
from journal.dates import format_timestamp
from journal.db import Journal
from journal.errors import ExportFailed, FileTooLarge, InvalidInput, NotAFile, shown, special_file_kind
from journal.fileio import atomic_write_text, open_regular_file, read_regular_file
from journal.jobs import Progress
from journal.transfer.common import (
    CONTENT_NAMESPACE,
    ImportReport,
    IncomingEntry,
    display_name,
    entry_from_mapping,
    merge_into,
)
from journal.transfer.jsonfile import export_document

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".txt"}
EXPORT_MARKER = ".trailbook-export"
MAX_FILE_BYTES = 64 * 1024 * 1024
_DAY_PREFIX_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def export_filename(day: str, title: str, taken: set[str]) -> str:
    """``YYYY-MM-DD-slug.md``, unique within ``taken`` (case-insensitively, for case-insensitive file systems)."""
    from slugify import slugify

    slug = slugify(title, max_length=80, word_boundary=True) or "entry"
    name = f"{day}-{slug}.md"
    n = 2
    while name.lower() in taken:
        name = f"{day}-{slug}-{n}.md"
        n += 1
    taken.add(name.lower())
    return name


def front_matter_of(entry: dict[str, Any]) -> dict[str, Any]:
    """Front matter keys for an exported entry (from its JSON form), in a stable order."""
    meta: dict[str, Any] = {
        "id": entry["id"],
        "title": entry["title"],
        "date": dt.date.fromisoformat(entry["date"]),
        "created": entry["created"],
        "updated": entry["updated"],
        "tags": entry["tags"],
        "private": entry["private"],
    }
    if entry["summary"]:
        meta["summary"] = entry["summary"]
    if entry["slug"]:
        meta["slug"] = entry["slug"]
    if entry["deleted"]:
        meta["deleted"] = entry["deleted"]
    return meta


def _check_export_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file; markdown export writes a folder")
    if folder.is_dir():
        names = {p.name for p in folder.iterdir()}
        if names and EXPORT_MARKER not in names:
            raise InvalidInput(f"{folder} is not empty; export into an empty folder (or an earlier Trailbook export)")


def export_markdown(journal: Journal, folder: Path, *, force: bool = False) -> Iterator[Progress]:
    """Write every entry as ``folder/YYYY-MM-DD-slug.md`` (trashed ones under ``trash/``); returns the count. Never
    into (or around) the journal's own files; into an earlier export only with ``force`` (journal.outputs)."""
    from journal.outputs import check_output, refuse_journal_files

    refuse_journal_files(journal.paths, folder, folder=True)
    _check_export_folder(folder)
    check_output(journal.paths, folder, force=force, folder=True)
    document: dict[str, Any] = {}
    for item in export_document(journal):
        if isinstance(item, Progress):
            yield item
        else:
            document = item
    entries = document["entries"]
    taken: dict[Path, set[str]] = {}
    try:  # a full disk or a read-only place: a clear message (files already written are whole, see fileio)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / EXPORT_MARKER).write_text("Written by Trailbook's markdown export.\n", encoding="utf-8")
        for index, entry in enumerate(entries, 1):
            target = folder / "trash" if entry["deleted"] else folder
            name = export_filename(entry["date"], entry["title"], taken.setdefault(target, set()))
            atomic_write_text(target / name, frontmatter.dump(front_matter_of(entry), entry["body"]))
            if index % 1000 == 0:
                yield Progress(index, len(entries), "writing files")
    except OSError as exc:
        raise ExportFailed(folder, exc.strerror or str(exc)) from exc
    yield Progress(len(entries), len(entries), "written")
    return len(entries)


def _repair_mojibake(text: str) -> tuple[str, str | None]:
    """Undo UTF-8-read-as-cp1252 damage; returns the text and a short description of the first change, if any."""
    import ftfy

    fixed = ftfy.fix_encoding(text)
    if fixed == text:
        return text, None
    start = next(i for i, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b)
    before = text[start : start + 12].split("\n")[0]
    after = fixed[start : start + 6].split("\n")[0]
    return fixed, f"repaired mojibake, e.g. {before!r} → {after!r}"


def written_by_trailbook(path: Path) -> bool:
    """Whether ``path`` is, or is inside, a Trailbook markdown export. Its text is the person's own, byte for byte, so
    it is taken as written: never "repaired" (a note about encodings may well contain ``Ã©`` on purpose) nor taken
    for binary because an entry holds a NUL character."""
    if path.is_dir():
        return (path / EXPORT_MARKER).is_file()
    if path.suffix.lower() == ".zip":
        try:
            with open_regular_file(path) as (handle, _), zipfile.ZipFile(handle) as zf:
                return any(PurePosixPath(name).name == EXPORT_MARKER for name in zf.namelist())
        except (zipfile.BadZipFile, OSError, NotAFile):
            return False
    return any((folder / EXPORT_MARKER).is_file() for folder in (path.parent, path.parent.parent))


def entry_from_file(
    data: bytes, source: str, mtime: float, id_seed: str, report: ImportReport, *, ours: bool = False
) -> IncomingEntry:
    """Read one markdown file's bytes as an entry; raises ``InvalidInput`` with the reason to skip it. ``ours``: the
    file comes from a Trailbook export (see ``written_by_trailbook``)."""
    if not ours and b"\x00" in data[:8192]:
        raise InvalidInput("binary file, not markdown")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    text, repair = (text, None) if ours else _repair_mojibake(text)
    meta, body, had_meta = frontmatter.parse(text)
    if "draft" in meta and not isinstance(meta["draft"], bool):
        raise InvalidInput(f"draft must be true or false, got {shown(meta['draft'])}")
    if isinstance(meta.get("tags"), str):
        meta["tags"] = [t.strip() for t in meta["tags"].split(",") if t.strip()]
    try:
        file_time = dt.datetime.fromtimestamp(mtime, dt.UTC)
    except (ValueError, OverflowError, OSError):  # a modification time past the year 9999 on some file systems
        raise InvalidInput("the file's modification time is out of range; give it a date in front matter") from None
    if "date" not in meta:
        prefix = _DAY_PREFIX_RE.match(PurePosixPath(source).name)
        meta["date"] = prefix.group(1) if prefix else file_time.astimezone().date().isoformat()
    if isinstance(meta.get("date"), dt.datetime) and "created" not in meta:
        meta["created"] = meta["date"]
    meta.setdefault("created", format_timestamp(file_time))
    meta.setdefault("updated", meta["created"] if had_meta else format_timestamp(file_time))
    meta["body"] = body
    entry = entry_from_mapping(meta, default_id_seed=id_seed)
    if repair:
        report.repaired.append((source, repair))
    return entry


# What a walk yields per usable file: the name to report, its bytes, its modification time, and the seed of the id an
# entry without one gets (where the file really is).
FoundFile = tuple[str, bytes, float, str]


def _walk_folder(root: Path, report: ImportReport) -> Iterator[FoundFile]:
    """Every markdown file under ``root``. Only regular files are ever opened: a named pipe, socket or device is
    skipped with a reason (opening a pipe waits forever), and so is a symlink leading outside ``root`` (a folder
    symlink is never followed: its target is outside, or imported where it really is)."""
    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for name in sorted(d for d in dirnames if not d.startswith(".") and (here / d).is_symlink()):
            rel = display_name((here / name).relative_to(root).as_posix())
            report.skipped.append((rel, f"symlink to a folder {_where(here / name, real_root)} (not followed)"))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            path = here / name
            rel = display_name(path.relative_to(root).as_posix())
            if name.startswith("."):
                continue
            if path.suffix.lower() not in MARKDOWN_SUFFIXES:
                report.skipped.append((rel, f"not a markdown file ({display_name(path.suffix) or 'no extension'})"))
                continue
            try:
                if path.is_symlink() and not _inside(path, real_root):
                    report.skipped.append((rel, "symlink pointing outside the imported folder"))
                    continue
                data, info = read_regular_file(path, max_bytes=MAX_FILE_BYTES)
            except (NotAFile, FileTooLarge) as exc:
                report.skipped.append((rel, exc.message))
                continue
            except FileNotFoundError:
                report.skipped.append((rel, "symlink to a missing file" if path.is_symlink() else "no longer there"))
                continue
            except OSError as exc:
                report.skipped.append((rel, f"cannot read ({exc.strerror})"))
                continue
            yield rel, data, info.st_mtime, display_name(os.path.realpath(path))


def _inside(path: Path, real_root: str) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(real_root)


def _where(path: Path, real_root: str) -> str:
    return "inside the imported folder" if _inside(path, real_root) else "outside the imported folder"


def _walk_zip(archive: Path, report: ImportReport) -> Iterator[FoundFile]:
    try:
        with open_regular_file(archive) as (handle, info):
            yield from _zip_members(archive, zipfile.ZipFile(handle), info.st_mtime, report)
    except NotAFile as exc:
        raise InvalidInput(f"{display_name(archive)}: {exc.message}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(f"{display_name(archive)}: not a readable zip archive ({exc})") from None


def _zip_members(archive: Path, zf: zipfile.ZipFile, archive_mtime: float, report: ImportReport) -> Iterator[FoundFile]:
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            name = info.filename
            parts = PurePosixPath(name.replace("\\", "/")).parts
            mode = info.external_attr >> 16
            if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                report.skipped.append((name, "unsafe path in the archive (absolute or with ..)"))
                continue
            if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: made where files have no Unix mode
                report.skipped.append((name, f"{special_file_kind(mode)} in the archive, not a file"))
                continue
            if PurePosixPath(name).suffix.lower() not in MARKDOWN_SUFFIXES:
                report.skipped.append((name, f"not a markdown file ({PurePosixPath(name).suffix or 'no extension'})"))
                continue
            if info.file_size > MAX_FILE_BYTES:
                report.skipped.append((name, FileTooLarge(MAX_FILE_BYTES).message))
                continue
            try:
                mtime = dt.datetime(*info.date_time).timestamp()
            except ValueError:  # a month or day of 0 in the member's DOS date: the archive's own time instead
                mtime = archive_mtime
            try:
                data = zf.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
                # a bad checksum, a truncated member, encryption, an unknown compression method
                report.skipped.append((name, f"cannot be read from the archive ({exc})"))
                continue
            yield name, data, mtime, f"{display_name(archive.resolve())}!{name}"


def import_markdown(journal: Journal, path: Path) -> Iterator[Progress]:
    """Import a folder of markdown files, a single file, or a ``.zip`` of them; returns an ``ImportReport``."""
    report = ImportReport()
    if not path.exists():
        raise InvalidInput(f"{display_name(path)}: no such file or folder")
    files: Iterator[FoundFile]
    if path.is_dir():
        files = _walk_folder(path, report)
    elif path.suffix.lower() == ".zip":
        files = _walk_zip(path, report)
    else:
        try:
            data, info = read_regular_file(path, max_bytes=MAX_FILE_BYTES, pipes=True)
        except (NotAFile, FileTooLarge) as exc:
            raise InvalidInput(f"{display_name(path)}: {exc.message}") from None
        except OSError as exc:
            raise InvalidInput(f"{display_name(path)}: cannot read ({exc.strerror})") from None
        files = iter([(display_name(path.name), data, info.st_mtime, display_name(os.path.realpath(path)))])
    ours = written_by_trailbook(path)
    entries: list[IncomingEntry] = []
    seen: dict[str, str] = {}
    for count, (source, data, mtime, seed) in enumerate(files, 1):
        try:
            entry = entry_from_file(
                data, source, mtime, str(uuidlib.uuid5(CONTENT_NAMESPACE, "file:" + seed)), report, ours=ours
            )
        except InvalidInput as exc:
            report.skipped.append((source, exc.message))
            continue
        if entry.id in seen:
            report.skipped.append((source, f"same id as {seen[entry.id]}"))
            continue
        seen[entry.id] = source
        entries.append(entry)
        if count % 500 == 0:
            yield Progress(count, 0, "reading files")
    yield from merge_into(journal, entries, report)
    return report
