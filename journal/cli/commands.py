"""Handlers of the sub-commands that write: parse what the person typed, call the services, print the result.

The commands that only read live in ``journal.cli.read_commands``, which never loads the ORM this module needs.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from journal import entries as entry_service
from journal import tags as tag_service
from journal.cli.output import bold, entry_json, print_json, short_id
from journal.dates import parse_day
from journal.db import Journal, open_journal
from journal.errors import InvalidInput, NotAFile, require_utf8

# Commands that only read never create a journal: a mistyped --home must not leave an empty journal behind.


def _open(args: argparse.Namespace, *, create: bool = False) -> Journal:
    return open_journal(getattr(args, "home", None), create=create, full_check=False)


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
    with _open(args, create=True) as journal:
        entry = entry_service.create_entry(
            journal, body, title=title, tags=[require_utf8(t, "a tag") for t in args.tag], day=day,
            private=args.private,
        )  # fmt: skip
    if args.json:
        print_json(entry_json(entry))
    else:
        print(entry.id)
    return 0


def _editor_command() -> list[str]:
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return shlex.split(value)
    for fallback in ("editor", "nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise InvalidInput("no editor found: set $VISUAL or $EDITOR (e.g. export EDITOR=nano)")


def cmd_edit(args: argparse.Namespace) -> int:
    with _open(args) as journal:
        entry = entry_service.get_entry(journal, args.id)
        with tempfile.TemporaryDirectory(prefix="trailbook-", ignore_cleanup_errors=True) as tmp:
            path = Path(tmp) / f"{short_id(entry.id)}.md"
            path.write_bytes(entry.body.encode("utf-8"))
            command = [*_editor_command(), str(path)]
            try:
                status = subprocess.call(command)
            except OSError as exc:
                raise InvalidInput(f"could not start the editor {command[0]!r}: {exc.strerror}") from None
            if status != 0:
                raise InvalidInput(f"the editor exited with status {status}; the entry was not changed")
            data = _read_edited(path)
        try:
            body = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"the edited text is not valid UTF-8 (offset {exc.start}); the entry was not changed"
            ) from None
        if body == entry.body:
            print("No changes.")
            return 0
        entry_service.update_entry(journal, entry.id, body=body)
    print(f"Saved {bold(entry.title)} ({short_id(entry.id)}).")
    return 0


def _read_edited(path: Path) -> bytes:
    """What the editor left in its file. An editor may delete the file, or leave a folder or a pipe in its place:
    each is a message, and the entry stays as it was."""
    from journal.fileio import read_regular_file

    try:
        return read_regular_file(path)[0]
    except FileNotFoundError:
        raise InvalidInput(
            f"the editor removed the file {path.name} instead of saving it; the entry was not changed"
        ) from None
    except NotAFile as exc:
        raise InvalidInput(f"the editor left {exc.kind} in place of {path.name}; the entry was not changed") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read what the editor saved ({exc.strerror}); the entry was not changed") from None


def cmd_tag_add(args: argparse.Namespace) -> int:
    with _open(args, create=True) as journal:
        area = tag_service.add_tag(journal, args.name, colour=args.colour, description=args.description)
    print(f"Added skill area {bold(area.name)}.")
    return 0


def cmd_tag_rename(args: argparse.Namespace) -> int:
    with _open(args) as journal:
        area = tag_service.rename_tag(journal, args.old, args.new)
    print(f"Renamed {args.old!r} to {bold(area.name)}.")
    return 0


def cmd_tag_merge(args: argparse.Namespace) -> int:
    if len(args.names) < 2:
        raise InvalidInput("merge needs at least one source and the area to merge into: tag merge SOURCE... INTO")
    *sources, into = args.names
    with _open(args) as journal:
        area = tag_service.merge_tags(journal, sources, into)
    print(f"Merged {', '.join(repr(s) for s in sources)} into {bold(area.name)}.")
    return 0


def cmd_tag_delete(args: argparse.Namespace) -> int:
    with _open(args) as journal:
        count = tag_service.delete_tag(journal, args.name)
    print(f"Deleted skill area {args.name!r} ({count} entries untagged; the entries are kept).")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with _open(args) as journal:
        entry = entry_service.trash_entry(journal, args.id)
    print(f"Moved {bold(entry.title)} to the trash. Restore it with: trailbook restore {short_id(entry.id)}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with _open(args) as journal:
        entry = entry_service.restore_entry(journal, args.id)
    print(f"Restored {bold(entry.title)}.")
    return 0


def cmd_empty_trash(args: argparse.Namespace) -> int:
    with _open(args) as journal:
        count = entry_service.empty_trash(journal)
    print(f"Deleted {count} entr{'y' if count == 1 else 'ies'} for good." if count else "The trash was already empty.")
    return 0
