"""Joplin: its "Markdown + Front Matter" export (a folder per notebook, resources in ``_resources/``) and JEX, its
own archive (a tar of items, one ``<id>.md`` each, resources in ``resources/``).

A JEX item is the note's title, a blank line, its body, a blank line and its properties (``id: …``, ``created_time:
…``, ``type_: 1``); ``type_`` 1 is a note, 2 a notebook, 4 a resource (the file ``resources/<id>.<ext>``), 5 a tag and
6 a note's tag. Notes show resources as ``![name](:/<id>)``; those become attachments. A note's notebook is kept as
``notebook``, and the other properties Trailbook has no field for are kept too.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from collections.abc import Generator
from dataclasses import replace
from pathlib import PurePosixPath

from journal.errors import InvalidInput
from journal.jobs import Progress
from journal.transfer.common import CONTENT_NAMESPACE, IncomingEntry, kept_json
from journal.transfer.notes import NOTE_SUFFIXES, Found, NoteStyle, decode_note, read_notes, rewrite_images
from journal.transfer.repair import repair
from journal.transfer.tree import Member, SourceTree, Unreadable
from journal.transfer.when import parse_when

_PROP_RE = re.compile(r"^([a-z_]+): ?(.*)$")
_RESOURCE_RE = re.compile(r"^:/([0-9a-f]{32})$")
NOTE, FOLDER, RESOURCE, TAG, NOTE_TAG = "1", "2", "4", "5", "6"
# Properties that are bookkeeping of Joplin's sync, not anything the person said: not kept.
BOOKKEEPING = {"id", "parent_id", "type_", "encryption_cipher_text", "encryption_applied", "is_shared", "share_id",
               "master_key_id", "user_data", "conflict_original_id", "order", "application_data", "markup_language",
               "is_conflict", "deleted_time", "created_time", "updated_time", "user_created_time",
               "user_updated_time", "source", "source_application"}  # fmt: skip
ZERO_VALUES = {"", "0", "0.00000000", "0.0000"}


def _is_jex(tree: SourceTree) -> bool:
    """JEX: the top-level ``.md`` files are Joplin items (its ``resources/`` files are not looked at)."""
    items = [m for p, m in list(tree.members.items())[:20] if m.suffix == ".md" and "/" not in p]
    return bool(items) and all(_looks_like_item(m) for m in items[:5])


def recognise(tree: SourceTree) -> bool:
    return tree.has_folder("_resources") or _is_jex(tree)


def _looks_like_item(member: Member) -> bool:
    try:
        return re.search(rb"\ntype_: \d+\s*\Z", member.read()) is not None
    except Unreadable:
        return False


def parse_item(text: str) -> tuple[str, str, dict[str, str]]:
    """``(title, body, properties)`` of one JEX item."""
    lines = text.rstrip("\n").split("\n")
    k = len(lines)
    while k > 0 and _PROP_RE.match(lines[k - 1]):
        k -= 1
    props = {}
    for line in lines[k:]:
        match = _PROP_RE.match(line)
        assert match
        props[match.group(1)] = match.group(2)
    head = "\n".join(lines[:k]).rstrip("\n")
    title, _, body = head.partition("\n")
    return title.strip(), body.lstrip("\n"), props


def read(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    tree: SourceTree = reading.tree
    # The same test as recognise(): a resource file among the first members (a small export) is no reason to read
    # the items as markdown notes titled by their ids.
    if tree.has_folder("_resources") or not _is_jex(tree):
        style = NoteStyle(tool="joplin", properties=False)
        notes = [m for _, m in sorted(tree.members.items()) if m.suffix in NOTE_SUFFIXES]
        entries = read_notes(tree, reading.media, style, notes, reading.report.skipped)
        for entry in entries:  # the notebook is the folder the note is in
            folder = PurePosixPath(entry.source).parent.as_posix()
            reading.entries.append(_with_notebook(entry, "" if folder == "." else folder))
        yield Progress(len(notes), len(notes), "read the notes")
        return
    yield from _read_jex(reading)


def _with_notebook(entry: IncomingEntry, notebook: str) -> IncomingEntry:
    if not notebook:
        return entry
    import json

    kept = json.loads(entry.kept) if entry.kept else {}
    kept.setdefault("notebook", notebook)
    return replace(entry, kept=kept_json(kept))


def _read_jex(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    tree: SourceTree = reading.tree
    items: dict[str, tuple[str, str, dict[str, str], Member]] = {}
    for path, member in sorted(tree.members.items()):
        if member.suffix != ".md" or "/" in path:
            continue
        reading.consumed.add(path)
        try:
            title, body, props = parse_item(decode_note(member.read()))
        except (InvalidInput, Unreadable) as exc:
            reading.report.skipped.append((path, exc.message))
            continue
        items[props.get("id", PurePosixPath(path).stem)] = (title, body, props, member)
    folders = {i: t for i, (t, _, p, _) in items.items() if p.get("type_") == FOLDER}
    tags = {i: t for i, (t, _, p, _) in items.items() if p.get("type_") == TAG}
    resources: dict[str, str] = {}
    for rid, (_, _, props, _) in items.items():
        if props.get("type_") == RESOURCE:
            ext = props.get("file_extension") or ""
            candidates = [f"resources/{rid}.{ext}" if ext else f"resources/{rid}", *tree.by_name(f"{rid}.{ext}")]
            resources[rid] = next((c for c in candidates if tree.get(c)), candidates[0])
    note_tags: dict[str, list[str]] = {}
    for _, (_, _, props, _) in items.items():
        if props.get("type_") == NOTE_TAG and props.get("tag_id") in tags:
            note_tags.setdefault(props.get("note_id", ""), []).append(tags[props["tag_id"]])

    def resource_file(target: str) -> str | None:
        match = _RESOURCE_RE.match(target.strip())
        return resources.get(match.group(1)) if match else None

    style = NoteStyle(tool="joplin", resolve=resource_file)
    notes = [(i, v) for i, v in items.items() if v[2].get("type_") == NOTE]
    for count, (note_id, (title, body, props, member)) in enumerate(notes, 1):
        try:
            reading.entries.append(_note(note_id, title, body, props, member, folders, note_tags, style, reading))
        except InvalidInput as exc:
            reading.report.skipped.append((member.path, exc.message))
        if count % 500 == 0:
            yield Progress(count, len(notes), "reading notes")
    for _, (_, _, props, member) in items.items():
        if props.get("type_") not in (NOTE, FOLDER, RESOURCE, TAG, NOTE_TAG):
            reading.report.skipped.append((member.path, f"a Joplin item of type {props.get('type_')}, not a note"))
    yield Progress(len(notes), len(notes), "read the notes")


def _note(note_id: str, title: str, body: str, props: dict[str, str], member: Member, folders: dict[str, str],
          note_tags: dict[str, list[str]], style: NoteStyle, reading) -> IncomingEntry:  # type: ignore[no-untyped-def]  # fmt: skip
    fixed = repair(f"{title}\n{body}")
    repairs: tuple[str, ...] = ()
    if fixed.changed:
        title, _, body = fixed.text.partition("\n")
        repairs = (fixed.describe(),)
    dated_by = ""
    created = None
    for key in ("user_created_time", "created_time"):
        when = parse_when(props.get(key))
        if when is not None and when[1] is not None:
            created, dated_by = when[1], f"Joplin {key}"
            break
    if created is None:
        raise InvalidInput("no created_time: not a Joplin note")
    updated = created
    for key in ("user_updated_time", "updated_time"):
        when = parse_when(props.get(key))
        if when is not None and when[1] is not None:
            updated = when[1]
            break
    found = Found()
    text = rewrite_images(body, member, reading.tree, reading.media, style, found)
    kept: dict[str, object] = {}
    if props.get("parent_id") in folders:
        kept["notebook"] = folders[props["parent_id"]]
    kept.update({k: v for k, v in props.items() if k not in BOOKKEEPING and v not in ZERO_VALUES})
    try:
        entry_id = str(uuidlib.UUID(note_id))
    except ValueError:
        entry_id = str(uuidlib.uuid5(CONTENT_NAMESPACE, f"joplin:{note_id}"))
    return IncomingEntry(
        id=entry_id,
        title=" ".join(title.split())[:200] or "Untitled",
        body=text,
        day=created.date(),
        created=created,
        updated=max(updated, created) if isinstance(updated, dt.datetime) else created,
        tags=tuple(sorted(dict.fromkeys(note_tags.get(note_id, [])), key=str.lower)),
        kept=kept_json(kept),
        attachments=tuple(found.attachments.items()),
        source=member.path,
        dated_by=dated_by,
        repairs=repairs,
        notes=tuple(found.notes),
    )
