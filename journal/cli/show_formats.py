"""``trailbook show ID --format html|markdown|pdf [--output FILE]``: one entry out (``journal.entry_export``).

HTML and markdown are printed, or written to ``--output`` (whose suffix names the format when ``--format`` does not);
PDF is always written to a file (it is no text for a terminal), by the desktop app's PDF writer. Without
``--format``, ``show`` stays a reading command that loads no ORM (``journal.cli.read_commands``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journal import queries
from journal.cli.read_commands import open_for_reading

PROG = "trailbook show"


def _note_left_out(left_out: tuple[str, ...]) -> None:
    if left_out:
        shown = ", ".join(left_out[:3]) + (", …" if len(left_out) > 3 else "")
        n = len(left_out)
        print(f"{PROG}: note: {n} image{'s are' if n != 1 else ' is'} not in the journal and shown as a placeholder: "
              f"{shown}", file=sys.stderr)  # fmt: skip


def show_formatted(args: argparse.Namespace) -> int:
    """``show`` with ``--format``: exit 0, 1 for a refusal (a bad id, the journal's own files), 2 for a usage error."""
    from journal import entry_export as export

    output = Path(args.output) if args.output else None
    fmt = args.format or (export.format_of(output) if output is not None else None)
    if fmt is None:
        return args.usage_error("--no-private and --force go with --format (html, markdown or pdf) or --output FILE")
    if args.json:
        return args.usage_error("--json and --format do not go together: choose one")
    if fmt == "pdf" and output is None:
        return args.usage_error("a PDF is written to a file: add --output FILE (e.g. --output entry.pdf)")
    private = "strip" if args.no_private else "show"
    with open_for_reading(args) as journal:
        entry = queries.get_entry(journal, args.id)
        if output is None:
            if fmt == "html":
                page = export.entry_page(journal, entry, private=private)
                sys.stdout.write(page.html + "\n")
                _note_left_out(page.left_out)
            else:
                sys.stdout.write(export.entry_markdown(journal, entry, private=private))
            return 0
        if fmt == "markdown":
            written = export.write_entry_markdown(journal, entry, output, force=args.force, private=private)
            images = f" and {len(written.images)} image{'s' if len(written.images) != 1 else ''} in attachments/"
            print(f"Wrote {output}{images if written.images else ''}.")
            if written.missing:
                _note_left_out(tuple(f"attachments/{name}" for name in written.missing))
            return 0
        write = export.write_entry_pdf if fmt == "pdf" else export.write_entry_html
        page = write(journal, entry, output, force=args.force, private=private)
    print(f"Wrote {output}.")
    _note_left_out(page.left_out)
    return 0
