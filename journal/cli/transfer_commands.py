"""``trailbook import`` and ``trailbook export``: bring writing in from other tools, take all of it out.

Import recognises the source (``--from`` forces one), can be tried first (``--dry-run``) and reports every file
(``--json`` prints the whole report, ``--details`` lists every file in the text output). Both show a progress bar on a
terminal and stay quiet when their output is piped.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from journal.errors import InvalidInput
from journal.jobs import Job, Progress, run


class ProgressBar:
    """A one-line bar on a terminal (standard error), nothing at all when it is not one."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.shown = stream.isatty() and os.environ.get("TERM") != "dumb"
        self.last = ""

    def __call__(self, step: Progress) -> None:
        if not self.shown:
            return
        width = 30
        if step.total:
            filled = int(width * min(step.done, step.total) / step.total)
            line = f"\r[{'#' * filled}{'.' * (width - filled)}] {step.done}/{step.total} {step.message}"
        else:
            line = f"\r{step.message} {step.done or ''}"
        line = line[:100].ljust(len(self.last))
        if line != self.last:
            self.stream.write(line)
            self.stream.flush()
            self.last = line

    def done(self) -> None:
        if self.shown and self.last:
            self.stream.write("\r" + " " * len(self.last) + "\r")
            self.stream.flush()


def drive(job: Job[Any]) -> Any:
    bar = ProgressBar()
    try:
        return run(job, bar)
    finally:
        bar.done()


def _open(args: argparse.Namespace, *, create: bool = False):  # type: ignore[no-untyped-def]
    from journal.db import open_journal

    return open_journal(getattr(args, "home", None), create=create, full_check=False)


def cmd_export(args: argparse.Namespace) -> int:
    from journal.transfer.jsonfile import DOCUMENT_NAME, export_json
    from journal.transfer.markdownfiles import export_markdown

    if args.path == "-":
        raise InvalidInput("export writes a file or folder; give a path")
    lower = args.path.lower()
    fmt = args.format or ("json" if lower.endswith((".json", ".zip")) else "markdown")
    target = Path(args.path)
    with _open(args) as journal:
        if fmt == "json":
            folder = not lower.endswith((".json", ".zip"))
            if folder and target.is_dir() and any(target.iterdir()) and not (target / DOCUMENT_NAME).is_file():
                raise InvalidInput(f"{target} is a folder with other files; give a file name such as "
                                   f"{target / 'journal.zip'}, or an empty folder")  # fmt: skip
            result = drive(export_json(journal, target, force=args.force, folder=folder))
        else:
            result = drive(export_markdown(journal, target, force=args.force, with_history=args.with_history))
    also = f" and {result.images} image{'' if result.images == 1 else 's'}" if result.images else ""
    print(f"Exported {result} entr{'y' if result == 1 else 'ies'}{also} to {target}.")
    if result.left_out:
        what = f"{result.left_out} image{' is' if result.left_out == 1 else 's are'} not in {target.name}"
        print(f"trailbook: {what}: a .json file holds text only; export to a .zip to take them too", file=sys.stderr)
    for name in result.missing:
        print(f"trailbook: attachments/{name} is shown by an entry but missing from the journal", file=sys.stderr)
    return 0


def _dry_run_anywhere(args: argparse.Namespace, tool: str | None):  # type: ignore[no-untyped-def]
    """A dry run changes nothing, not even by creating the journal: with none there yet, it runs against an empty
    one in a temporary folder (what an import into a new journal would do)."""
    import tempfile

    from journal.errors import JournalNotFound
    from journal.transfer.importer import import_source

    try:
        with _open(args) as journal:
            return drive(import_source(journal, args.path, tool=tool, dry_run=True))
    except JournalNotFound as exc:
        if exc.home.exists() and any(exc.home.iterdir()):
            raise
    from journal.db import open_journal

    with tempfile.TemporaryDirectory(prefix="trailbook-dry-run-") as folder, open_journal(Path(folder)) as journal:
        return drive(import_source(journal, args.path, tool=tool, dry_run=True))


def cmd_import(args: argparse.Namespace) -> int:
    from journal.cli.output import print_json
    from journal.transfer.importer import import_source
    from journal.transfer.tools import TOOLS

    tool = args.tool or {"json": "trailbook", "markdown": "markdown"}.get(args.format or "")
    if args.path == "-" and tool not in (None, "trailbook", "jrnl", "dayone"):
        raise InvalidInput("standard input is read as JSON; use --format json")
    if args.format == "markdown" and args.path != "-":
        from journal.transfer.markdownfiles import written_by_trailbook

        tool = "trailbook" if written_by_trailbook(Path(args.path)) else "markdown"
    report = _dry_run_anywhere(args, tool) if args.dry_run else None
    if report is None:
        with _open(args, create=True) as journal:
            report = drive(import_source(journal, args.path, tool=tool, dry_run=args.dry_run))
    if args.json:
        print_json(report.as_dict())
    else:
        verb = "Would import" if report.dry_run else "Imported"
        print(f"{verb} ({TOOLS.get(report.tool, report.tool)}): {report.added} added, {report.updated} updated, "
              f"{report.unchanged} unchanged.")  # fmt: skip
        if report.attachments_added:
            print(f"  {report.attachments_added} image{'' if report.attachments_added == 1 else 's'} stored.")
        dated = report.dated_by_counts()
        if dated and report.tool != "trailbook":
            print("  Dated by: " + "; ".join(f"{rule} ({n})" for rule, n in sorted(dated.items(), key=lambda x: -x[1])))
        for source, change in report.repaired:
            print(f"  repaired {source}: {change}")
        for item in report.items:
            if args.details:
                print(f"  {item.status} {item.source}: {item.title} ({item.date}, {item.dated_by or 'its date'})")
            for note in item.notes:
                print(f"  note {item.source}: {note}")
    for source, reason in report.skipped:
        print(f"trailbook: skipped {source}: {reason}", file=sys.stderr)
    nothing_usable = report.skipped and not (report.added or report.updated or report.unchanged)
    return 1 if nothing_usable else 0
