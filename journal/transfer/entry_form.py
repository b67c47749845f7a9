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
) -> dict[str, Any]:
    """The JSON form of one entry, in the documented key order."""
    return {
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
