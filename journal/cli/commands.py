"""Handlers of the sub-commands that write: parse what the person typed, call the services, print the result.

The commands that only read live in ``journal.cli.read_commands``, which never loads the ORM this module needs.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from journal import entries as entry_service
from journal import tags as tag_service
from journal.cli.output import bold, short_id
from journal.db import Journal, open_journal
from journal.errors import (
    EntryChanged,
    EntryInTrash,
    InvalidInput,
    NotAFile,
    stale_edit_message,
    trashed_edit_message,
)

# Commands that only read never create a journal: a mistyped --home must not leave an empty journal behind.


def _open(args: argparse.Namespace, *, create: bool = False) -> Journal:
    return open_journal(getattr(args, "home", None), create=create, full_check=False)


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
    from journal.cli.publish_commands import apply_post_options, post_options_given

    with _open(args) as journal:
        entry = entry_service.get_entry(journal, args.id)
        if entry.in_trash:
            raise EntryInTrash(entry.id, entry)
        if post_options_given(args):  # the post's fields only: no editor
            entry = apply_post_options(journal, entry.id, args, version=entry.version)
            print(f"Saved the post details of {bold(entry.title)} ({short_id(entry.id)}).")
            return 0
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
        try:  # only over the version the editor opened: a change made meanwhile elsewhere is never overwritten
            entry_service.update_entry(journal, entry.id, body=body, expected_version=entry.version)
        except (EntryChanged, EntryInTrash) as exc:
            kept = _keep_refused_text(entry.id, data)
            message = stale_edit_message if isinstance(exc, EntryChanged) else trashed_edit_message
            raise InvalidInput(message(entry.id, kept)) from None
    print(f"Saved {bold(entry.title)} ({short_id(entry.id)}).")
    return 0


def _keep_refused_text(entry_id: str, data: bytes) -> Path:
    """A file outside the editor's temporary folder (which goes away) holding a text that could not be saved."""
    fd, name = tempfile.mkstemp(prefix=f"trailbook-{short_id(entry_id)}-", suffix=".md")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return Path(name)


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
        was_daily = entry_service.get_entry(journal, args.id).is_daily
        entry = entry_service.restore_entry(journal, args.id)
    if was_daily and not entry.is_daily:  # its day made another daily entry meanwhile (journal.entries)
        print(f"Restored {bold(entry.title)} as an ordinary entry: {entry.day.isoformat()} has a daily entry already.")
    else:
        print(f"Restored {bold(entry.title)}.")
    return 0


def cmd_empty_trash(args: argparse.Namespace) -> int:
    with _open(args) as journal:
        count = entry_service.empty_trash(journal)
    print(f"Deleted {count} entr{'y' if count == 1 else 'ies'} for good." if count else "The trash was already empty.")
    return 0
