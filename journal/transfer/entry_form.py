"""The JSON form of one entry (docs/json-format.md), shared by export and by ``list``/``show``/``search --json``.

Its own module, apart from ``journal.transfer.jsonfile``, because the command line's reading commands print it and
must not load the ORM that export and import use.
"""

from __future__ import annotations

from typing import Any

from journal.dates import format_timestamp


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
    front_matter: Any = None,
) -> dict[str, Any]:
    """The JSON form of one entry, in the documented key order; ``front_matter`` (kept from an import) only when the
    entry has some, so every other entry's form is as it always was."""
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
    if front_matter:
        form["front_matter"] = dict(front_matter)
    return form
