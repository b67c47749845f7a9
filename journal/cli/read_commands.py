"""Handlers of the commands that only read: ``list``, ``show``, ``search``, ``tag list`` and ``check``.

They read through ``journal.queries`` and ``journal.search`` (plain sqlite3 over ``Journal.snapshot()``), so none of
them loads the ORM, Alembic, Markdown or git: a reading command starts like a small tool.
``tests/core/test_cli_startup.py`` fails if one of them does. Reading never creates a journal: a mistyped ``--home``
must not leave an empty journal behind.
"""

from __future__ import annotations

import argparse
from contextlib import closing
from typing import Any

from journal import queries
from journal.cli.output import (
    dim,
    entry_json_sql,
    hit_json,
    journal_entry_json,
    print_entry,
    print_json,
    print_json_array,
    summary_line,
)
from journal.dates import parse_day
from journal.db import Journal, open_journal
from journal.errors import InvalidInput, require_utf8
from journal.records import EntryFilter


def open_for_reading(args: argparse.Namespace) -> Journal:
    """The journal named by ``--home``, opened without the full integrity check (a writer checks before writing)."""
    return open_journal(getattr(args, "home", None), create=False, full_check=False)


def _filter(args: argparse.Namespace) -> EntryFilter:
    return EntryFilter(
        tags=(args.tag,) if args.tag else (),
        since=parse_day(args.since, what="--since date") if args.since else None,
        until=parse_day(args.until, what="--until date") if args.until else None,
        trash=args.trash,
    )


def cmd_list(args: argparse.Namespace) -> int:
    flt = _filter(args)
    with open_for_reading(args) as journal:
        if args.json:
            # Each entry is written as it is read, by SQLite: a whole journal (--limit 0) streams in constant memory.
            texts = queries.iter_entry_texts(journal, entry_json_sql(), flt, limit=args.limit or None)
            with closing(texts):
                print_json_array(
                    text if text is not None else journal_entry_json(journal, queries.get_entry(journal, uuid))
                    for text, uuid in texts
                )
            return 0
        rows = queries.list_summaries(journal, flt, limit=args.limit or None)
        total = queries.count_entries(journal, flt) if args.limit and len(rows) == args.limit else len(rows)
    if not rows:
        print("The trash is empty." if args.trash else 'No entries yet. Add one with: trailbook new "what I learned"')
        return 0
    for row in rows:
        print(summary_line(row))
    if total > len(rows):
        print(dim(f"… {total - len(rows)} more (use --limit 0 for all)"))
    return 0


def _full_entries(journal: Journal, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Whole entries' JSON forms for JSON output: search hits lack the body, summary, slug and post fields."""
    return {i: journal_entry_json(journal, queries.get_entry(journal, i)) for i in ids}


def cmd_show(args: argparse.Namespace) -> int:
    if args.format or args.output or args.no_private or args.force:  # one entry out: journal.cli.show_formats
        from journal.cli.show_formats import show_formatted

        return show_formatted(args)
    with open_for_reading(args) as journal:
        entry = queries.get_entry(journal, args.id)
        if args.json:
            from journal.cli.publish_commands import published_json
            from journal.publish.publications import published_posts

            data = journal_entry_json(journal, entry)
            # Where it is on a blog now, as `published --json` says it (a draft there: "draft": true).
            data["published"] = [published_json(p) for p in published_posts(journal) if p.entry_id == entry.id]
            from journal.links import link_ids

            data["links"], data["backlinks"] = link_ids(journal, entry.id)  # entry ids (journal.links)
    if args.json:
        print_json(data)
    else:
        print_entry(entry)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from journal.cli.output import snippet_text
    from journal.search import parse_query, search

    query = require_utf8(" ".join(args.query), "the query")
    parsed = parse_query(query)
    if parsed.problems:  # a date that is not one: said, not searched for as text
        raise InvalidInput(parsed.problems[0])
    with open_for_reading(args) as journal:
        hits = search(journal, parsed, limit=args.limit)
        if args.json:
            full = _full_entries(journal, [h.entry.id for h in hits])
            print_json([hit_json(h, full[h.entry.id]) for h in hits])
            return 0
    if not hits:
        print(f"Nothing matches {query!r}.")
        return 0
    for hit in hits:
        print(summary_line(hit.entry))
        if hit.snippet:
            print("    " + snippet_text(hit.snippet))
    return 0


def cmd_tag_list(args: argparse.Namespace) -> int:
    with open_for_reading(args) as journal:
        areas = queries.list_tags(journal)
    if getattr(args, "json", False):
        print_json(
            [
                {"name": a.name, "colour": a.colour, "description": a.description, "entries": a.entry_count}
                for a in areas
            ]
        )
        return 0
    if not areas:
        print("No skill areas yet. Tag an entry with --tag AREA, or: trailbook tag add AREA")
        return 0
    width = max(len(a.name) for a in areas)
    for a in areas:
        print(f"{a.name.ljust(width)}  {a.entry_count:>6}  {dim(a.colour)}  {a.description}".rstrip())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    # The full check runs while opening, before anything is written (it also decides a damage mark: journal.health).
    # Broken links are listed, not counted as damage: the exit status stays 0 (nothing is wrong with the file, and
    # a link to an entry not written yet is a normal state of a journal).
    from journal.cli.output import short_id
    from journal.links import broken_links

    with open_journal(getattr(args, "home", None), create=False, full_check=True) as journal:
        broken = broken_links(journal)
    print("The journal is healthy.")
    if broken:
        print(f"{len(broken)} broken link{'s' if len(broken) != 1 else ''} (to no entry of that title or alias):")
        for b in broken:
            print(f"  {short_id(b.entry_id)}  {b.title}  {dim(f'[[{b.link}]]')}")
    return 0
