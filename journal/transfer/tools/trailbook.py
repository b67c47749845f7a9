"""Trailbook's own exports: the JSON document (alone, or in a ``.zip`` or folder with ``attachments/``), and the
markdown folder (``.trailbook-export`` marks it; its text is taken byte for byte)."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace
from typing import Any

from journal.attachments import referenced_names
from journal.errors import InvalidInput
from journal.jobs import Progress
from journal.transfer.common import IncomingEntry, IncomingRevision
from journal.transfer.notes import NOTE_SUFFIXES, NoteStyle, read_notes
from journal.transfer.tree import Member, SourceTree, Unreadable
from journal.transfer.vault_links import LINKS_FILE

DOCUMENT_NAME = "journal.json"  # as journal.transfer.jsonfile writes it (kept here too: importing that loads the ORM)
EXPORT_MARKER = ".trailbook-export"  # and these as journal.transfer.markdownfiles writes them
HISTORY_FILE = ".trailbook-history.json"
FORMAT_NAME = "trailbook-journal"


def _document(tree: SourceTree) -> Member | None:
    if tree.single_file:
        member = next(iter(tree.members.values()))
        return member if member.suffix == ".json" or member.path == "standard input" else None
    return tree.get(DOCUMENT_NAME)


def recognise(tree: SourceTree) -> bool:
    if EXPORT_MARKER in tree.folders:
        return True
    member = _document(tree)
    if member is None:
        return False
    if not tree.single_file:
        return True
    from journal.transfer.importer import peek_json

    head = member.read()[:4096]
    if b'"format"' in head and FORMAT_NAME.encode() in head:
        return True
    from journal.transfer.tools import dayone, jrnl

    doc = peek_json(member.read())
    return not (dayone.is_dayone(doc) or jrnl.is_jrnl_json(doc))


def read(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    tree = reading.tree
    if EXPORT_MARKER in tree.folders:
        yield from _read_markdown_export(reading)
        return
    member = _document(tree)
    if member is None:
        raise InvalidInput(f"{tree.name}: no {DOCUMENT_NAME} in it; not a Trailbook export")
    from journal.transfer.jsonfile import decode_utf8, parse_document

    source = tree.name if tree.single_file else f"{tree.name}/{DOCUMENT_NAME}"
    try:
        data = member.read()
    except Unreadable as exc:
        raise InvalidInput(f"{source}: {exc.message}") from None
    entries, tags, revisions, report = parse_document(decode_utf8(data, source), source)
    reading.consumed.add(member.path)
    reading.report.skipped.extend(report.skipped)
    reading.entries.extend(_with_attachments(entries, revisions, tree, reading))
    reading.tags.extend(tags)
    reading.revisions.extend(revisions)
    yield Progress(len(entries), len(entries), "read the document")


def _with_attachments(entries: list[IncomingEntry], revisions: list[IncomingRevision], tree: SourceTree,
                      reading) -> list[IncomingEntry]:  # type: ignore[no-untyped-def]  # fmt: skip
    """Each entry with the files of ``attachments/`` that its text, its kept front matter or its revisions show
    (checked against their content names)."""
    earlier: dict[str, set[str]] = {}
    for revision in revisions:
        if "attachments/" in revision.body:
            earlier.setdefault(revision.entry_id, set()).update(referenced_names(revision.body))
    out = []
    for entry in entries:
        texts = (entry.body, entry.kept or "", (entry.post[1] or "") if entry.post else "")
        names = earlier.get(entry.id, set()).union(*(referenced_names(t) for t in texts if "attachments/" in t))
        if not names:
            out.append(entry)
            continue
        found = []
        for name in sorted(names):
            path = f"attachments/{name}"
            if tree.get(path) is None:
                continue
            stored = reading.media.attach(path)
            if stored != name:
                reason = reading.media.reasons.get(path, "its content does not match its name")
                reading.report.skipped.append((path, reason))
                continue
            found.append((name, tree.members[path].read))
        out.append(replace(entry, attachments=tuple(found)) if found else entry)
    return out


def _restore_links(reading) -> None:  # type: ignore[no-untyped-def]
    """The links the export wrote to file names, as the journal had them (``.trailbook-links.json``), and where each
    link of the vault went (the file it names), which decides where several entries share a name
    (``journal.transfer.vault_links``)."""
    from journal.transfer.vault_links import from_vault, vault_files

    record: dict[str, Any] = {}
    member = reading.tree.get(LINKS_FILE)
    if member is not None:
        import json

        from journal.transfer.jsonfile import decode_utf8

        try:
            record = json.loads(decode_utf8(member.read(), LINKS_FILE))
            if not isinstance(record, dict):
                raise ValueError("not an object of entries")
        except (ValueError, RecursionError, InvalidInput, Unreadable) as exc:
            reason = getattr(exc, "message", str(exc))
            reading.report.skipped.append((LINKS_FILE, f"{reason}; the links stay as the vault writes them"))
            record = {}
    files = vault_files({entry.source: entry.id for entry in reading.entries})
    for i, entry in enumerate(reading.entries):
        if entry.deleted_at is not None or "[[" not in entry.body:
            continue
        body, targets = from_vault(entry.body, _valid_record(record.get(entry.id)), files)
        if body != entry.body:
            reading.entries[i] = replace(entry, body=body)
        if targets:
            reading.bindings[entry.id] = targets


def _valid_record(kept: object) -> dict[str, list[str]]:
    """An entry's part of ``.trailbook-links.json`` as it was written, or nothing: a hand-edited one is no guide."""
    if not isinstance(kept, dict):
        return {}
    return {
        written: olds
        for written, olds in kept.items()
        if isinstance(olds, list) and all(isinstance(old, str) and old.startswith(("[[", "![[")) for old in olds)
    }


def _read_markdown_export(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    tree = reading.tree
    style = NoteStyle(tool="trailbook", ours=True)
    notes = [m for p, m in sorted(tree.members.items()) if m.suffix in NOTE_SUFFIXES or tree.single_file]
    for start in range(0, len(notes), 1000):
        batch = notes[start : start + 1000]
        reading.entries.extend(read_notes(tree, reading.media, style, batch, reading.report.skipped))
        yield Progress(start + len(batch), len(notes), "reading files")
    for name in (EXPORT_MARKER, HISTORY_FILE, LINKS_FILE):
        reading.consumed.add(name)
    _restore_links(reading)
    history = tree.get(HISTORY_FILE)
    if history is not None:
        import json

        from journal.transfer.common import revision_from_mapping
        from journal.transfer.jsonfile import _valid_items, decode_utf8

        try:
            revisions = json.loads(decode_utf8(history.read(), HISTORY_FILE))
        except (ValueError, InvalidInput, Unreadable) as exc:
            reading.report.skipped.append((HISTORY_FILE, getattr(exc, "message", str(exc))))
        else:
            found = _valid_items({"revisions": revisions}, "revisions", lambda raw, _: revision_from_mapping(raw),
                                 HISTORY_FILE, reading.report)  # fmt: skip
            reading.revisions.extend(revision for _, revision in found)
    # The images the text shows came with each note; those its kept front matter, its post's cover or its earlier
    # texts show are in attachments/ too.
    reading.entries[:] = _with_attachments(reading.entries, reading.revisions, tree, reading)
