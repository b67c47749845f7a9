"""``trailbook new``: add an entry. Its own module, loading no ORM (journal.adding adds in plain SQL), because it
is the command people run most, from scripts and editors, where start-up is most of its time."""

from __future__ import annotations

import argparse
import sys

from journal.adding import add_entry, near_areas
from journal.cli.output import journal_entry_json, print_json
from journal.cli.parser import PROG
from journal.cli.publish_commands import post_options_given
from journal.dates import parse_day
from journal.db import open_journal
from journal.errors import InvalidInput, require_utf8


def read_stdin_text() -> str:
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"standard input is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); nothing was saved"
        ) from None


def cmd_new(args: argparse.Namespace) -> int:
    if args.text == "-" or (args.text is None and not sys.stdin.isatty()):
        body = read_stdin_text()
    elif args.text is not None:
        body = require_utf8(args.text, "the text")
    else:
        body = ""
    if not body.strip() and not (args.title and args.title.strip()):
        raise InvalidInput("nothing to write: give the text, - to read it from standard input, or --title")
    day = parse_day(args.date) if args.date else None
    title = require_utf8(args.title, "the title") if args.title else None
    tags = [require_utf8(t, "a tag") for t in args.tag]
    with open_journal(getattr(args, "home", None), create=True, full_check=False) as journal:
        near = near_areas(journal, tags) if tags else {}
        entry = add_entry(
            journal, body, title=title, tags=tags, day=day, private=args.private, summary=(args.summary or "").strip()
        )
        if post_options_given(args, summary=False):  # the summary is added above; the ORM loads only for these
            from journal.cli.publish_commands import apply_post_options

            entry = apply_post_options(journal, entry.id, args, summary=False)
        data = journal_entry_json(journal, entry) if args.json else {}
    if args.json:
        print_json(data)
    else:
        print(entry.id)
    for name, area in near.items():  # (standard error: what scripts read stays the id or the JSON)
        print(f"{PROG}: note: “{name}” is a new skill area; the roadmap's is “{area}” (--tag {area})", file=sys.stderr)
    return 0
