"""How the command line prints: human-friendly text by default, JSON with ``--json``."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from journal.records import Entry, EntrySummary
from journal.transfer.entry_form import entry_json_sql as _entry_json_sql
from journal.transfer.entry_form import form_of

if TYPE_CHECKING:
    from journal.db import Journal
    from journal.search import SearchHit

# Nothing here loads the ORM (journal.records, not journal.entries): the reading commands print through this module.
# journal.search is imported where it is used: `trailbook new` does not need it, and every millisecond of start-up
# counts for a command run from scripts and editors.


def use_colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def bold(text: str) -> str:
    return f"\x1b[1m{text}\x1b[0m" if use_colour() else text


def dim(text: str) -> str:
    return f"\x1b[2m{text}\x1b[0m" if use_colour() else text


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def print_json_array(items: Iterable[Any]) -> None:
    """Print a JSON array one element at a time, as each is produced, so memory stays flat however long it is.
    The text is exactly ``print_json(list(items))``'s (a test compares them). An element given as bytes is already
    JSON text nested one level deep (UTF-8, as ``entry_json_sql`` writes it) and is printed as it is."""
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None) or _TextOut(sys.stdout)
    first = True
    for item in items:
        out.write(b"[\n  " if first else b",\n  ")
        if isinstance(item, bytes):
            out.write(item)
        else:
            # Newlines in json.dumps' output are only ever its own (one in a string is written as \n): indenting
            # each line by one level gives the element as it sits inside the indented array.
            out.write(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ").encode("utf-8"))
        first = False
    out.write(b"[]\n" if first else b"\n]\n")
    out.flush()


class _TextOut:
    """Bytes onto a text stream that has no binary buffer under it (a stream a caller put in place of stdout)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, data: bytes) -> None:
        self.stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self.stream.flush()


def short_id(entry_id: str) -> str:
    return entry_id[:8]


def entry_json(
    entry: Entry | EntrySummary, *, body: str | None = None, post: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The documented JSON form of an entry (see docs/json-format.md); ``post`` its post fields
    (``journal.publish.post_fields.post_form``)."""
    data = form_of(entry, body=body, post=post)
    data["word_count"] = entry.word_count
    return data


def journal_entry_json(journal: Journal, entry: Entry) -> dict[str, Any]:
    """``entry_json`` with the entry's post fields (categories, cover, publish date) read from the journal."""
    from journal.publish.post_fields import get_post_fields, post_form

    return entry_json(entry, post=post_form(get_post_fields(journal, entry.id)))


def entry_json_sql() -> str | None:
    """``entry_json``'s text as an element of ``print_json_array``, written by SQLite (see
    journal.transfer.entry_form.entry_json_sql): for whole journals. A contract test compares the two."""
    return _entry_json_sql(indent=2, level=1, extra={"word_count": "e.word_count"})


def hit_json(hit: SearchHit, entry: dict[str, Any]) -> dict[str, Any]:
    """A search result: the whole entry (its JSON form) plus ``snippet`` (plain text), ``highlights`` ([start, end)
    offsets) and ``rank``."""
    from journal.search import snippet_parts

    data = dict(entry)
    text, highlights, pos = [], [], 0
    for piece, marked in snippet_parts(hit.snippet):
        if marked:
            highlights.append([pos, pos + len(piece)])
        text.append(piece)
        pos += len(piece)
    data["snippet"] = "".join(text)
    data["highlights"] = highlights
    data["rank"] = round(hit.rank, 6)
    return data


def tags_text(tags: tuple[str, ...]) -> str:
    return " ".join(f"#{t}" if " " not in t else f"#[{t}]" for t in tags)


def summary_line(entry: EntrySummary | Entry) -> str:
    flags = " (private)" if entry.private else ""
    tags = tags_text(entry.tags)
    return f"{entry.day.isoformat()}  {dim(short_id(entry.id))}  {bold(entry.title)}{flags}" + (
        f"  {dim(tags)}" if tags else ""
    )


def print_entry(entry: Entry) -> None:
    print(bold(entry.title))
    details = [entry.day.isoformat(), f"id {entry.id}"]
    if entry.tags:
        details.append(tags_text(entry.tags))
    if entry.private:
        details.append("private")
    if entry.in_trash:
        details.append("in the trash")
    print(dim("  ·  ".join(details)))
    print()
    sys.stdout.write(entry.body)
    if entry.body and not entry.body.endswith("\n"):
        sys.stdout.write("\n")


def snippet_text(snippet: str) -> str:
    from journal.search import snippet_parts

    parts = snippet_parts(snippet)
    if use_colour():
        return "".join(f"\x1b[1;33m{t}\x1b[0m" if hit else t for t, hit in parts)
    return "".join(t for t, _ in parts)
