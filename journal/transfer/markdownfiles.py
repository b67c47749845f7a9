"""Folders of markdown files: one ``.md`` file per entry with YAML front matter, written and read back.

The export is a folder that opens as an Obsidian vault: one file per entry named by its title (made safe for every
file system, unique regardless of case and normalisation), links between entries written to those names where a
title is not one (``journal.transfer.vault_links``: every link that goes somewhere in the journal finds its file in
the vault; what that changed in ``.trailbook-links.json``, so the import gives every text back), trashed entries
under ``trash/``, every image the entries show in ``attachments/`` (links stay relative and working), front matter
kept from imports written back, and with ``with_history`` the earlier texts in ``.trailbook-history.json``. The files
are created, written and fsynced in a temporary folder beside the target by a thread pool while the next ones are made
(``journal.transfer.durable``), then the folders, and the folder is moved into place with one rename: an fsync and
a rename per file in turn made the export of 100,000 entries 17 times slower than the JSON export.

Import takes such a folder back exactly (``written_by_trailbook``), and any other folder or ``.zip`` of notes through
``journal.transfer.importer``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from journal import frontmatter
from journal.attachments import referenced_names
from journal.db import Journal
from journal.errors import ExportFailed, InvalidInput, NotAFile
from journal.fileio import open_regular_file
from journal.jobs import Progress
from journal.transfer.durable import FileSyncer, fsync_folder
from journal.transfer.entry_form import front_matter_of
from journal.transfer.jsonfile import Exported, copy_attachments, kept_names, read_document
from journal.transfer.vault_links import LINKS_FILE, LinkRecord, file_stems, vault_text

EXPORT_MARKER = ".trailbook-export"
HISTORY_FILE = ".trailbook-history.json"
TRASH_FOLDER = "trash"
MAX_NAME_BYTES = 180  # of the stem: room for " 12345.md" within the 255 bytes file systems allow
_FORBIDDEN_RE = re.compile(r'[\x00-\x1f\x7f-\x9f\\/:*?"<>|#^\[\]\u202a-\u202e\u2066-\u2069]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def safe_file_name(title: str, taken: set[str]) -> str:
    """``Title.md`` made safe (no path separators, nothing Windows or Obsidian refuses, no leading dot, no reserved
    device name, at most ``MAX_NAME_BYTES``) and unique within ``taken``: compared case-folded and in NFC, as macOS
    and Windows compare names (``Title 2.md`` for the second)."""
    stem = " ".join(_FORBIDDEN_RE.sub(" ", title).split()).strip(" .")
    if stem.lower().split(".")[0] in _RESERVED:
        stem = f"{stem} (entry)"
    raw = stem.encode("utf-8")
    if len(raw) > MAX_NAME_BYTES:
        stem = raw[:MAX_NAME_BYTES].decode("utf-8", "ignore")
        while stem and unicodedata.combining(stem[-1]):  # never cut between a letter and its accent
            stem = stem[:-1]
        stem = stem.rstrip(" .")
    stem = stem or "Untitled"
    name, n = f"{stem}.md", 2
    while unicodedata.normalize("NFC", name).casefold() in taken:
        name = f"{stem} {n}.md"
        n += 1
    taken.add(unicodedata.normalize("NFC", name).casefold())
    return name


def _check_export_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file; markdown export writes a folder")
    if folder.is_dir():
        names = {p.name for p in folder.iterdir()}
        if names and EXPORT_MARKER not in names:
            raise InvalidInput(f"{folder} is not empty; export into an empty folder (or an earlier Trailbook export)")


def _one_level_up(text: str) -> str:
    """Links to ``attachments/`` from a file in ``trash/``: one folder up."""
    from journal.markdown.images import rewrite_image_links

    return rewrite_image_links(text, lambda src: "../" + src if src.startswith("attachments/") else None)


def export_markdown(
    journal: Journal, folder: Path, *, force: bool = False, with_history: bool = False
) -> Iterator[Progress]:
    """Write every entry as ``folder/<Title>.md`` (trashed ones under ``trash/``) with its images; returns the count
    (``Exported``). Never into (or around) the journal's own files; into an earlier export only with ``force``."""
    from journal.outputs import check_output, refuse_journal_files

    refuse_journal_files(journal.paths, folder, folder=True)
    _check_export_folder(folder)
    check_output(journal.paths, folder, force=force, folder=True)
    document = yield from read_document(journal)
    entries = document["entries"]
    taken: set[str] = set()
    names = [safe_file_name(entry["title"], taken) for entry in entries]
    yield Progress(0, len(entries), "finding where links go")
    links = file_stems(journal, entries, names)
    record: dict[str, LinkRecord] = {}
    work = folder.parent / f".{folder.name}.trailbook-{os.getpid()}"
    syncer = FileSyncer()
    try:  # on a failure, a clear message and the target left as it was
        shutil.rmtree(work, ignore_errors=True)
        (work / TRASH_FOLDER).mkdir(parents=True)
        (work / EXPORT_MARKER).write_text("Written by Trailbook's markdown export.\n", encoding="utf-8")
        syncer.add(work / EXPORT_MARKER)
        images: set[str] = set()
        top, trash = str(work), str(work / TRASH_FOLDER)  # plain strings: 100,000 paths
        trashed = False
        for index, (entry, name) in enumerate(zip(entries, names, strict=True), 1):
            body = entry["body"]
            if entry["id"] in links:
                body, changed = vault_text(body, links[entry["id"]])
                if changed:
                    record[entry["id"]] = changed
            meta = front_matter_of(entry)
            if "attachments/" in body:
                images |= referenced_names(body)
            images |= kept_names(entry)
            if entry["deleted"]:
                target, trashed = os.path.join(trash, name), True
                if "attachments/" in body:
                    body = _one_level_up(body)
                meta = {k: ("../" + v if isinstance(v, str) and v.startswith("attachments/") else v)
                        for k, v in meta.items()}  # fmt: skip
            else:
                target = os.path.join(top, name)
            syncer.write(target, frontmatter.dump_fast(meta, body).encode("utf-8"))  # created on the pool
            if index % 2000 == 0:
                yield Progress(index, len(entries), "writing files")
        if record:
            kept = work / LINKS_FILE
            kept.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            syncer.add(kept)
        if with_history and document["revisions"]:
            for revision in document["revisions"]:
                images |= referenced_names(revision["body"])
            history = work / HISTORY_FILE
            history.write_text(json.dumps(document["revisions"], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            syncer.add(history)
        if not trashed:  # (the files are still being created on the pool: the folder cannot tell yet)
            (work / TRASH_FOLDER).rmdir()
        copied, missing = copy_attachments(journal, sorted(images), work / "attachments")
        folders = [work, *(f for f in (work / TRASH_FOLDER, work / "attachments") if f.is_dir())]
        if (work / "attachments").is_dir():  # linked from the journal's own (durable) files, or copied: fsynced too
            for image in (work / "attachments").iterdir():
                syncer.add(image)
        yield Progress(len(entries), len(entries), "making the files durable")
        syncer.finish(folders)
        _move_into_place(work, folder)
        fsync_folder(folder.parent)  # the rename itself
    except BaseException as exc:  # a full disk, a read-only place, or given up on (a cancelled job): nothing left
        syncer.close()
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(exc, OSError):
            raise ExportFailed(folder, exc.strerror or str(exc)) from exc
        raise
    finally:
        syncer.close()
    yield Progress(len(entries), len(entries), "written")
    return Exported(len(entries), copied, missing)


def _move_into_place(work: Path, folder: Path) -> None:
    """The new export takes the target's place in one rename; an earlier export there goes only after that."""
    old = None
    if folder.exists():
        old = folder.parent / f".{folder.name}.trailbook-old-{os.getpid()}"
        os.rename(folder, old)
    try:
        os.rename(work, folder)
    except OSError:
        if old is not None:
            os.rename(old, folder)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def written_by_trailbook(path: Path) -> bool:
    """Whether ``path`` is, or is inside, a Trailbook markdown export. Its text is the person's own, byte for byte, so
    it is taken as written: never "repaired" (a note about encodings may well contain ``Ã©`` on purpose) nor taken
    for binary because an entry holds a NUL character."""
    if path.is_dir():
        return (path / EXPORT_MARKER).is_file()
    if path.suffix.lower() == ".zip":
        try:
            import zipfile

            with open_regular_file(path) as (handle, _), zipfile.ZipFile(handle) as zf:
                return any(PurePosixPath(name).name == EXPORT_MARKER for name in zf.namelist())
        except (zipfile.BadZipFile, OSError, NotAFile):
            return False
    return any((folder / EXPORT_MARKER).is_file() for folder in (path.parent, path.parent.parent))


def import_markdown(journal: Journal, path: Path, *, dry_run: bool = False) -> Iterator[Progress]:
    """Import a folder of markdown files, a single file, or a ``.zip`` of them; returns an ``ImportReport``. A
    Trailbook markdown export is read as one (its text byte for byte); anything else as plain markdown notes."""
    from journal.transfer.importer import import_source

    tool = "trailbook" if written_by_trailbook(path) else "markdown"
    return (yield from import_source(journal, path, tool=tool, dry_run=dry_run))
