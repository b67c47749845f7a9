"""How the command line prints: human-friendly text by default, JSON with ``--json``."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from journal.records import Entry, EntrySummary
from journal.transfer.entry_form import entry_to_json

if TYPE_CHECKING:
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
    The text is exactly ``print_json(list(items))``'s (a test compares them)."""
    write = sys.stdout.write
    first = True
    for item in items:
        # Newlines in json.dumps' output are only ever its own (one in a string is written as \n): indenting each
        # line of an element by one level gives the element as it sits inside the indented array.
        write(("[\n  " if first else ",\n  ") + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  "))
        first = False
    write("[]\n" if first else "\n]\n")


def short_id(entry_id: str) -> str:
    return entry_id[:8]


def entry_json(entry: Entry | EntrySummary, *, body: str | None = None) -> dict[str, Any]:
    """The documented JSON form of an entry (see docs/json-format.md)."""
    data = entry_to_json(
        id=entry.id,
        title=entry.title,
        body=body if body is not None else getattr(entry, "body", ""),
        day=entry.day,
        created=entry.created,
        updated=entry.updated,
        tags=entry.tags,
        private=entry.private,
        summary=getattr(entry, "summary", ""),
        slug=getattr(entry, "slug", None),
        deleted_at=entry.deleted_at,
    )
    data["word_count"] = entry.word_count
    return data


def hit_json(hit: SearchHit, entry: Entry) -> dict[str, Any]:
    """A search result: the whole entry plus ``snippet`` (plain text), ``highlights`` ([start, end) offsets) and
    ``rank``."""
    from journal.search import snippet_parts

    data = entry_json(entry)
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
