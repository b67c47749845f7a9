"""Day One: its JSON export (``Journal.json``), alone or in the ``.zip`` with ``photos/`` (and videos, audio, PDFs).

From Day One's published export format: ``metadata.version`` and ``entries``, each with ``uuid`` (32 hex digits),
``creationDate`` (UTC) and ``timeZone`` (an IANA name: the entry's day is the day there), ``modifiedDate``, ``text``
(markdown, with ``\\`` before punctuation Day One escapes), ``tags``, ``starred`` and ``photos`` (``identifier``,
``md5``, ``type``). A photo is the file ``photos/<md5>.<type>``, shown in the text as ``![](dayone-moment://<id>)``;
those references are rewritten to the photo's attachment. Location, weather and the other fields are kept.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from collections.abc import Generator
from dataclasses import replace

from journal.errors import InvalidInput, require_utf8, shown
from journal.jobs import Progress
from journal.transfer.common import CONTENT_NAMESPACE, IncomingEntry, kept_json
from journal.transfer.notes import Found, NoteStyle, first_heading, rewrite_images, tag_names
from journal.transfer.repair import repair
from journal.transfer.tree import Member, SourceTree, Unreadable
from journal.transfer.when import parse_when

MEDIA_FOLDERS = {"photos": "photos", "videos": "videos", "audios": "audios", "pdfAttachments": "pdfs"}
_MOMENT_RE = re.compile(r"dayone-moment:/{1,2}(?:(?:video|audio|pdfAttachment)/)?([0-9A-Fa-f]{32})")
_ESCAPED_RE = re.compile(r"\\([.\-!()\[\]#*+_>`{}|~])")
USED_KEYS = {"uuid", "text", "creationDate", "modifiedDate", "timeZone", "tags", "starred", "richText", "photos"}


def is_dayone(doc: object) -> bool:
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        return False
    first = next((e for e in doc["entries"] if isinstance(e, dict)), None)
    return isinstance(doc.get("metadata"), dict) or (first is not None and "creationDate" in first)


def _documents(tree: SourceTree) -> list[Member]:
    members = sorted(tree.members.items())
    return [m for p, m in members if (m.suffix == ".json" and "/" not in p) or p == "standard input"]


def recognise(tree: SourceTree) -> bool:
    from journal.transfer.importer import peek_json

    documents = _documents(tree)
    return bool(documents) and is_dayone(peek_json(documents[0].read()))


def _zone(name: object) -> dt.tzinfo | None:
    if not isinstance(name, str) or not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _title(text: str, day: dt.date) -> str:
    """Day One shows the first line as the title: a heading, or a short first line; else the day."""
    heading = first_heading(text)
    if heading:
        return heading
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first and len(first) <= 80 and first != text.strip():
        return " ".join(first.split())
    return f"{day.day} {day:%B %Y}"


def read(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    from journal.transfer.importer import peek_json

    tree: SourceTree = reading.tree
    for document in _documents(tree):
        source = tree.name if tree.single_file else document.path
        reading.consumed.add(document.path)
        try:
            doc = peek_json(document.read())
        except Unreadable as exc:
            reading.report.skipped.append((source, exc.message))
            continue
        if not is_dayone(doc):
            reading.report.skipped.append((source, "not a Day One export (no entries with a creationDate)"))
            continue
        assert isinstance(doc, dict)
        for index, raw in enumerate(doc["entries"]):
            where = f"{source}: entries[{index}]"
            try:
                reading.entries.append(_entry(raw, where, tree, reading))
            except InvalidInput as exc:
                reading.report.skipped.append((where, exc.message))
            if index % 1000 == 999:
                yield Progress(index + 1, len(doc["entries"]), "reading Day One entries")
    yield Progress(len(reading.entries), len(reading.entries), "read Day One")


def _entry(raw: object, where: str, tree: SourceTree, reading) -> IncomingEntry:  # type: ignore[no-untyped-def]
    if not isinstance(raw, dict):
        raise InvalidInput("an entry must be an object")
    when = parse_when(raw.get("creationDate"))
    if when is None or when[1] is None:
        raise InvalidInput(f"creationDate {shown(raw.get('creationDate'))} is not a date and time")
    created = when[1]
    zone = _zone(raw.get("timeZone"))
    local = created.astimezone(zone) if zone else created
    modified = parse_when(raw.get("modifiedDate"))
    updated = modified[1] if modified and modified[1] else created
    text = raw.get("text", "")
    if not isinstance(text, str):
        raise InvalidInput(f"text must be a string, got {shown(text)}")
    text = _ESCAPED_RE.sub(r"\1", require_utf8(text, "text"))
    fixed = repair(text)
    repairs = (fixed.describe(),) if fixed.changed else ()
    text = fixed.text
    # Photos (and other media) by identifier: the file named by its md5 in the folder of its kind.
    files: dict[str, str] = {}
    for key, folder in MEDIA_FOLDERS.items():
        for item in raw.get(key) or []:
            if isinstance(item, dict) and isinstance(item.get("identifier"), str) and isinstance(item.get("md5"), str):
                kind = str(item.get("type") or "jpeg")
                path = f"{folder}/{item['md5']}.{kind}"
                if tree.get(path) is None:  # a zip whose files are one folder down
                    path = next(iter(tree.by_name(f"{item['md5']}.{kind}")), "")
                if path:
                    files[item["identifier"].upper()] = path

    def moment_file(target: str) -> str | None:
        match = _MOMENT_RE.fullmatch(target.strip())
        return files.get(match.group(1).upper()) if match else None

    found = Found()
    style = NoteStyle(tool="dayone", resolve=moment_file)
    member = Member(where, 0, created.timestamp(), where, lambda: b"")
    body = rewrite_images(text, member, tree, reading.media, style, found)
    tags, notes = tag_names(raw.get("tags") or [])
    from journal.transfer.jsonfile import kept_numbers

    kept = kept_numbers({k: v for k, v in raw.items() if k not in USED_KEYS})
    if raw.get("starred") is True:
        kept = {"starred": True, **kept}
    if isinstance(raw.get("timeZone"), str):
        kept = {"timeZone": raw["timeZone"], **kept}
    raw_id = raw.get("uuid")
    try:
        entry_id = str(uuidlib.UUID(raw_id)) if isinstance(raw_id, str) else None
    except ValueError:
        entry_id = None
    entry = IncomingEntry(
        id=entry_id or str(uuidlib.uuid5(CONTENT_NAMESPACE, f"dayone:{created.isoformat()}:{text[:200]}")),
        title=_title(body, local.date()),
        body=body,
        day=local.date(),
        created=local,
        updated=updated,
        tags=tuple(sorted(dict.fromkeys(tags), key=str.lower)),
        kept=kept_json(kept),
        source=where,
        dated_by=f"Day One creationDate in {raw.get('timeZone')}" if zone else "Day One creationDate (UTC)",
        repairs=repairs,
        notes=tuple(found.notes + notes),
    )
    return replace(entry, attachments=tuple(found.attachments.items()))
