"""The JSON form of one entry (docs/json-format.md), shared by export and by ``list``/``show``/``search --json``,
and the same form written by SQLite for whole journals (``entry_json_sql``).

Its own module, apart from ``journal.transfer.jsonfile``, because the command line's reading commands print it and
must not load the ORM that export and import use.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from journal.dates import format_timestamp

# An entry's kind (journal.records: "daily", "tutorial") in a markdown file's front matter. Not plain ``kind``: that is
# a common key of people's own notes ("kind: book"), which an import keeps as front matter and the export writes back,
# so a plain key would read an Obsidian note's "kind: daily" as Trailbook's mark. The JSON form has no such clash
# (kept front matter is its own object there) and says ``kind``.
KIND_KEY = "trailbook_kind"


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
    kind: str = "",
    front_matter: Any = None,
    post: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON form of one entry, in the documented key order; ``kind`` (the day's daily entry, the tutorial),
    ``front_matter`` (kept from an import) and ``post`` (its post fields: journal.publish.post_fields.post_form) only
    when the entry has one, so every other entry's form is as it always was."""
    form = {
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
    if kind:
        form["kind"] = kind
    if front_matter:
        form["front_matter"] = dict(front_matter)
    if post:
        form["post"] = dict(post)
    return form


def form_of(entry: Any, *, body: str | None = None, post: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``entry_to_json`` of a ``journal.records.Entry`` (or of an ``EntrySummary``, whose body is ``body`` or empty);
    ``post`` its post fields."""
    return entry_to_json(
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
        kind=getattr(entry, "kind", ""),
        front_matter=getattr(entry, "front_matter", None),
        post=post,
    )


def front_matter_of(entry: dict[str, Any]) -> dict[str, Any]:
    """Front matter keys for an entry written as a markdown file (from its JSON form), in a stable order; the front
    matter kept from an import follows Trailbook's own keys."""
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
    if entry.get("kind"):
        meta[KIND_KEY] = entry["kind"]
    if entry.get("post"):
        meta["post"] = entry["post"]
    for key, value in (entry.get("front_matter") or {}).items():
        meta.setdefault(key, value)
    return meta


# What Trailbook stores, in the only forms the SQL below copies as they are: a timestamp as format_timestamp writes
# it, a day as date.isoformat does.
_STAMP_GLOB = (
    "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00"
)
_DAY_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
# Every character SQLite's json_quote and Python's json module could quote differently: controls, quotes, the
# separators JavaScript treats as line ends, a byte-order mark, a character beyond the BMP.
_QUOTE_PROBE = "".join(map(chr, range(0x20))) + '"\\/\x7f\x80\u2028\u2029\ufeff\U0001f600é中'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(column: str) -> str:
    return f"CASE WHEN typeof({column}) = 'text' THEN json_quote({column}) END"


def _stamp(column: str, *, optional: bool = False) -> str:
    empty = f"WHEN {column} IS NULL OR {column} = '' THEN 'null' " if optional else ""
    return f"CASE {empty}WHEN {column} GLOB '{_STAMP_GLOB}' THEN '\"' || {column} || '\"' END"


def _tags(pad: str, close: str) -> str:
    # Python sorts tags with str.lower, SQLite's lower() folds ASCII only: a name beyond ASCII leaves it to Python.
    return (
        "(SELECT CASE WHEN count(*) = 0 THEN '[]' WHEN max(length(CAST(n AS BLOB)) != length(n)) THEN NULL "
        f"ELSE {_literal('[' + pad)} || group_concat(json_quote(n), {_literal(',' + pad)}) || {_literal(close + ']')} "
        "END FROM (SELECT t.name AS n FROM entry_tags et JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id "
        "ORDER BY lower(t.name), t.name))"
    )


def sqlite_quotes_as_python(con: sqlite3.Connection) -> bool:
    """Whether this SQLite's ``json_quote`` writes strings exactly as ``json.dumps(text, ensure_ascii=False)``."""

    row = con.execute("SELECT json_quote(?)", (_QUOTE_PROBE,)).fetchone()
    return bool(row) and row[0] == json.dumps(_QUOTE_PROBE, ensure_ascii=False)


def entry_json_sql(*, indent: int, level: int, extra: Mapping[str, str] | None = None) -> str | None:
    """An SQL expression over ``entries e`` whose value is the entry's JSON object as text, exactly as
    ``json.dumps(entry_to_json(...) | extra, ensure_ascii=False, indent=indent)`` writes it nested ``level`` deep
    (its first line not indented); ``extra`` maps keys added after these to SQL integer expressions.

    For output of a whole journal, where Python's work per entry would be most of the time. It is NULL for an entry
    with a value in a form Trailbook does not store (then the caller formats that one in Python), and the whole
    expression is None when entry_to_json has keys it does not know. It relies on ``sqlite_quotes_as_python``; a
    contract test (tests/core/test_cli_startup.py) compares it with json.dumps."""
    values = {
        "id": _text("e.uuid"),
        "title": _text("e.title"),
        "date": f"CASE WHEN e.day GLOB '{_DAY_GLOB}' THEN '\"' || e.day || '\"' END",
        "created": _stamp("e.created"),
        "updated": _stamp("e.updated"),
        "tags": _tags("\n" + " " * indent * (level + 2), "\n" + " " * indent * (level + 1)),
        "private": "CASE typeof(e.private) WHEN 'integer' THEN CASE WHEN e.private THEN 'true' ELSE 'false' END END",
        "summary": "CASE WHEN e.summary IS NULL OR e.summary = '' THEN '\"\"' ELSE " + _text("e.summary") + " END",
        "slug": "CASE WHEN e.slug IS NULL THEN 'null' ELSE " + _text("e.slug") + " END",
        "deleted": _stamp("e.deleted_at", optional=True),
        "body": _text("e.body"),
    }
    now = dt.datetime.now(dt.UTC)
    owner = entry_to_json(
        id="", title="", body="", day=now.date(), created=now, updated=now, tags=(), private=False, summary="",
        slug=None, deleted_at=None,
    )  # fmt: skip
    optional = {name for name, p in inspect.signature(entry_to_json).parameters.items() if p.default is not p.empty}
    if list(owner) != list(values) or optional - {"kind", "front_matter", "post"}:
        return None
    for key, expression in (extra or {}).items():
        values[key] = f"CASE typeof({expression}) WHEN 'integer' THEN CAST({expression} AS TEXT) END"
    inner = "\n" + " " * indent * (level + 1)
    parts = [
        _literal(("{" if i == 0 else ",") + inner + json.dumps(key) + ": ") + " || " + expression
        for i, (key, expression) in enumerate(values.items())
    ]
    # The kind, after the body and only when the entry has one (entry_to_json); not text: Python's to write.
    kind = (
        "CASE WHEN e.kind = '' THEN '' WHEN typeof(e.kind) = 'text' THEN "
        + _literal("," + inner + '"kind": ')
        + " || json_quote(e.kind) END"
    )
    parts.insert(len(parts) - len(extra or {}), kind)
    text = " || ".join(parts) + " || " + _literal("\n" + " " * indent * level + "}")
    # Kept front matter and post fields add a key (entry_to_json): such an entry is Python's to write.
    return (
        f"CASE WHEN (e.kept_front_matter IS NULL OR e.kept_front_matter IN ('', '{{}}')) AND NOT EXISTS ("
        f"SELECT 1 FROM entry_posts p WHERE p.entry_id = e.id AND {POSTS_SET}) THEN {text} END"
    )


# An entry_posts row that sets any field (a cleared one stays a row of NULLs: journal.publish.post_fields).
POSTS_SET = "(p.categories IS NOT NULL OR p.cover IS NOT NULL OR p.publish_at IS NOT NULL)"
