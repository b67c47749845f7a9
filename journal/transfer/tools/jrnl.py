"""jrnl: its JSON export, its markdown export (one file, or one file per entry), and its own plain-text journal file.

jrnl keeps local times without an offset (``[2024-03-14 08:30:00 AM] Title. Body``), so they are read as this
computer's local time; tags are words starting with ``@`` or ``#`` (jrnl's default tag symbols), kept without it.
An entry's title is jrnl's (its first sentence or line) and its text is the whole of what was written. The same entry
read from any of the three forms gets the same id (from its moment and title), so importing the JSON after the text
file adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from collections.abc import Generator

from journal.errors import InvalidInput, require_utf8, shown
from journal.jobs import Progress
from journal.transfer.common import CONTENT_NAMESPACE, IncomingEntry, kept_json
from journal.transfer.notes import decode_note, tag_names
from journal.transfer.repair import repair
from journal.transfer.tree import Member, SourceTree, Unreadable
from journal.transfer.when import parse_when

TAG_SYMBOLS = "@#"
_TXT_ENTRY_RE = re.compile(r"(?:^|\n)\[(\d{4}-\d{2}-\d{2}[^\]\n]{0,40})\] ")
_MD_ENTRY_RE = re.compile(r"^(#{1,3}) (\d{4}-\d{2}-\d{2} [0-9:]{4,8}(?: ?[AaPp][Mm])?) (.*)$", re.MULTILINE)
_MD_YEAR_RE = re.compile(r"^# \d{4}\s*$", re.MULTILINE)
_TAG_RE = re.compile(r"(?<!\w)[@]([^\W][\w\-/]*)")
# jrnl's other default tag symbol, after a space as jrnl has it (not a URL's page#part, nor a heading's "# ").
_HASH_TAG_RE = re.compile(r"(?<!\S)#([^\W][\w\-/]*)")
_SENTENCE_RE = re.compile(r"\n|[?!.]+ +\n?")
_TIME_FORMATS = ("%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def is_jrnl_json(doc: object) -> bool:
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        return False
    first = next((e for e in doc["entries"] if isinstance(e, dict)), None)
    return isinstance(doc.get("tags"), dict) or (first is not None and "time" in first and "starred" in first)


def _text_kind(data: bytes) -> str | None:
    head = data[:4096].decode("utf-8", "ignore").lstrip("\ufeff")
    if re.match(r"\[\d{4}-\d{2}-\d{2} [^\]]+\] ", head):
        return "txt"
    if (_MD_YEAR_RE.search(head) and _MD_ENTRY_RE.search(head)) or re.match(r"# \d{4}-\d{2}-\d{2} \d", head):
        return "md"
    return None


def recognise(tree: SourceTree) -> bool:
    from journal.transfer.importer import peek_json

    members = list(tree.members.values())
    if not members or (len(members) > 1 and not all(m.suffix in (".md", ".txt") for m in members[:20])):
        return False
    first = members[0]
    if first.suffix == ".json" or first.path == "standard input":
        return is_jrnl_json(peek_json(first.read()))
    return all(_text_kind(m.read()) for m in members[:20])


def _moment(stamp: str) -> dt.datetime | None:
    stamp = " ".join(stamp.split())
    for fmt in _TIME_FORMATS:
        try:
            naive = dt.datetime.strptime(stamp.upper() if "M" in stamp.upper() else stamp, fmt)
        except ValueError:
            continue
        return naive.astimezone()  # jrnl writes the computer's local time
    when = parse_when(stamp, local=True)
    return when[1] if when else None


def _split_title(text: str) -> tuple[str, str]:
    """jrnl's rule: the title is the first line, or the first sentence of a one-line text."""
    text = text.lstrip()
    first_line = text.find("\n")
    if first_line != -1:
        return text[:first_line].strip(), text[first_line + 1 :].strip("\n")
    sep = _SENTENCE_RE.search(text)
    if sep is None:
        return text.strip(), ""
    return text[: sep.end()].strip(), text[sep.end() :].strip()


def _entry(source: str, moment: dt.datetime, title: str, body: str, tags: list[str], starred: bool,
           kept: dict[str, object], notes: list[str]) -> IncomingEntry:  # fmt: skip
    require_utf8(title, "title"), require_utf8(body, "body")  # a lone surrogate from JSON: before the id is made of it
    whole = f"{title}\n{body}"
    fixed = repair(whole)
    repairs: tuple[str, ...] = ()
    if fixed.changed:
        title, _, body = fixed.text.partition("\n")
        repairs = (fixed.describe(),)
    found, tag_notes = tag_names([*tags, *(m.group(1) for m in _TAG_RE.finditer(f"{title} {body}"))])
    clean: list[str] = []
    for tag in found:
        if tag.lower() not in {t.lower() for t in clean}:
            clean.append(tag)
    if starred:
        kept = {**kept, "starred": True}
    seed = "jrnl:" + moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M") + ":" + " ".join(title.split())
    text = f"{title}\n{body}" if body else title  # as jrnl keeps it: the title is the text's first line or sentence
    return IncomingEntry(
        id=str(uuidlib.uuid5(CONTENT_NAMESPACE, seed)),
        title=" ".join(require_utf8(title, "title").split())[:200] or "Untitled",
        body=require_utf8(text, "body"),
        day=moment.date(),
        created=moment,
        updated=moment,
        tags=tuple(sorted(clean, key=str.lower)),
        kept=kept_json(kept),
        source=source,
        dated_by="jrnl date and time (local time)",
        repairs=repairs,
        notes=tuple(notes + tag_notes),
    )


def _read_json(member: Member, source: str, reading) -> None:  # type: ignore[no-untyped-def]
    from journal.transfer.importer import peek_json
    from journal.transfer.jsonfile import kept_numbers

    doc = peek_json(member.read())
    if not is_jrnl_json(doc):
        raise InvalidInput(f"{source}: not a jrnl JSON export")
    assert isinstance(doc, dict)
    for index, raw in enumerate(doc["entries"]):
        where = f"{source}: entries[{index}]"
        try:
            if not isinstance(raw, dict):
                raise InvalidInput("an entry must be an object")
            stamp = f"{raw.get('date', '')} {raw.get('time', '')}".strip()
            moment = _moment(stamp)
            if moment is None:
                raise InvalidInput(f"date and time {shown(stamp)} are not a date")
            title, body = raw.get("title", ""), raw.get("body", "")
            if not isinstance(title, str) or not isinstance(body, str):
                raise InvalidInput("title and body must be text")
            tags = raw.get("tags") or []
            if not isinstance(tags, list):
                raise InvalidInput(f"tags must be a list, got {shown(tags)}")
            extra = {k: v for k, v in raw.items() if k not in {"title", "body", "date", "time", "tags", "starred"}}
            extra = kept_numbers(extra)
            reading.entries.append(_entry(where, moment, title, body, tags, raw.get("starred") is True, extra, []))
        except InvalidInput as exc:
            reading.report.skipped.append((where, exc.message))


def _read_txt(text: str, source: str, reading) -> None:  # type: ignore[no-untyped-def]
    matches = list(_TXT_ENTRY_RE.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        raw = text[match.end() : end].rstrip("\n")
        where = f"{source}: entry {index + 1} ({match.group(1)})"
        moment = _moment(match.group(1))
        if moment is None:
            reading.report.skipped.append((where, f"{shown(match.group(1))} is not a date"))
            continue
        title, body = _split_title(raw)
        starred = False
        if title.endswith(" *") or title == "*":
            title, starred = title[:-1].rstrip(), True
        reading.entries.append(_entry(where, moment, title, body, _hash_tags(title, body), starred, {}, []))


def _hash_tags(title: str, body: str) -> list[str]:
    """The ``#tags`` of a text form (the JSON export lists them in its ``tags``; ``@tags`` are found in every form)."""
    return _HASH_TAG_RE.findall(f"{title} {body}")


def _unshift_headings(body: str, levels: int) -> str:
    """jrnl's markdown export pushes the headings of a body down (``#`` becomes ``####``): put them back."""
    return re.sub(rf"^#{{{levels}}}(#+ )", r"\1", body, flags=re.MULTILINE)


def _read_md(text: str, source: str, reading) -> None:  # type: ignore[no-untyped-def]
    matches = [m for m in _MD_ENTRY_RE.finditer(text) if len(m.group(1)) in (1, 3)]
    if not matches:
        raise InvalidInput(f"{source}: no jrnl entries (### YYYY-MM-DD time title) in it")
    level = len(matches[0].group(1))
    matches = [m for m in matches if len(m.group(1)) == level]
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        raw = text[match.end() : end]
        raw = re.sub(r"\n \n?\Z", "\n", raw)  # the " " line jrnl ends each entry with
        raw = re.sub(r"\n(?:# \d{4}\s*\n|## [A-Z][a-z]+\s*\n|\s)*\Z", "\n", raw)  # the next year or month heading
        where = f"{source}: entry {index + 1} ({match.group(2)})"
        moment = _moment(match.group(2))
        if moment is None:
            reading.report.skipped.append((where, f"{shown(match.group(2))} is not a date"))
            continue
        body = _unshift_headings(raw.strip("\n").rstrip(), level)
        title = match.group(3).strip()
        reading.entries.append(_entry(where, moment, title, body, _hash_tags(title, body), False, {}, []))


def read(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    tree: SourceTree = reading.tree
    members = [m for _, m in sorted(tree.members.items())]
    for member in members:
        source = tree.name if tree.single_file else member.path
        reading.consumed.add(member.path)
        try:
            if member.suffix == ".json" or member.path == "standard input":
                _read_json(member, source, reading)
                continue
            data = member.read()
            text = decode_note(data)
            kind = _text_kind(data)
            if kind == "txt":
                _read_txt(text, source, reading)
            elif kind == "md":
                _read_md(text, source, reading)
            else:
                reading.report.skipped.append((source, "not a jrnl journal or export"))
        except (InvalidInput, Unreadable) as exc:
            reading.report.skipped.append((source, exc.message))
        yield Progress(len(reading.entries), 0, "reading jrnl entries")
