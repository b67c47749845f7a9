"""``trailbook backup``: make a backup now, list the backups with their health, restore one.

``backup list`` and ``backup restore`` never open the journal as a journal: they are what a person runs when it is
damaged, empty or missing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from journal.errors import InvalidInput
from journal.paths import JournalPaths, resolve_home

HELP = "back up the journal, list its backups, or restore one"


def add_backup_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "backup",
        parents=[common],
        help=HELP,
        description="With no action: save a checked backup copy of the journal into its backups folder.",
    )
    p.set_defaults(handler=cmd_backup)
    p.add_argument("--to", metavar="FILE", help="write the copy to FILE instead (never onto the journal's own files)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    actions = p.add_subparsers(dest="backup_command", metavar="ACTION")
    a = actions.add_parser(
        "list", parents=[common], help="list the backups, newest first, each checked (quick_check) and counted"
    )
    a.add_argument("--json", action="store_true", help="print JSON instead of text")
    a.set_defaults(handler=cmd_backup_list)
    a = actions.add_parser(
        "restore",
        parents=[common],
        help="put a backup in place of the journal (the current file is kept aside, never deleted)",
    )
    a.add_argument("file", metavar="FILE", help="a backup file, or its name in the backups folder")
    a.set_defaults(handler=cmd_backup_restore)


def _paths(args: argparse.Namespace) -> JournalPaths:
    return JournalPaths(resolve_home(getattr(args, "home", None)))


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    value = size / 1000
    for unit in ("KB", "MB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def cmd_backup(args: argparse.Namespace) -> int:
    from journal.db import open_journal

    dest = None
    if args.to:
        from journal.outputs import check_output

        dest = Path(args.to).expanduser().absolute()
        if dest.is_dir():
            raise InvalidInput(f"{dest} is a folder; give a file name such as {dest / 'journal-copy.db'}")
        check_output(_paths(args), dest, force=args.force)
    with open_journal(getattr(args, "home", None), create=False, full_check=False) as journal:
        path = journal.backup("manual", dest)
    print(f"Backed up to {path}.")
    return 0


def cmd_backup_list(args: argparse.Namespace) -> int:
    from journal.backups import list_backups
    from journal.cli.output import dim, print_json

    paths = _paths(args)
    backups = list_backups(paths)
    if args.json:
        print_json([b.as_json() for b in backups])
        return 0
    if not backups:
        print(f"No backups in {paths.backups}. Make one with: trailbook backup")
        return 0
    for b in backups:
        when = b.created.astimezone().strftime("%Y-%m-%d %H:%M")
        entries = f"{b.entries:>6} entries" if b.entries is not None else " " * 14
        health = "ok" if b.healthy else f"NOT USABLE: {b.problem}"
        print(f"{when}  {b.kind:<14} {human_size(b.size):>10}  {entries}  {b.path.name}  {dim(health)}")
    print(dim("Restore one with: trailbook backup restore FILE"))
    return 0


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from journal.backups import find_backup, restore_backup
    from journal.instance import holding_journal

    paths = _paths(args)
    source = find_backup(paths, args.file)
    with holding_journal(paths):
        restored = restore_backup(paths, source)
    made = restored.backup.created.astimezone().strftime("%Y-%m-%d %H:%M")
    print(f"Restored the journal from {source} (made {made}, {restored.backup.entries} entries).")
    for kept in restored.kept_aside:
        print(f"Kept the previous file as {kept}")
    return 0
