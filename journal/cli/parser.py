"""The argument parser: every sub-command, its options and its handler.

A handler of ``list``, ``new`` and the other entry commands is named as ``"module:function"`` and imported only when
its command runs (``journal.cli.main``): building the parser loads no handler module, so ``--help``, ``--version`` and
the reading commands never pay for the ORM that the writing ones use.
"""

from __future__ import annotations

import argparse
import re

from journal import __version__
from journal.cli.backup_commands import add_backup_commands
from journal.cli.publish_commands import add_post_options, add_publish_commands
from journal.cli.roadmap_commands import add_roadmap_commands
from journal.transfer.tools import TOOLS

TOOL_NAMES = tuple(TOOLS)

PROG = "trailbook"
MAX_NUMBER = 1_000_000  # the largest count any option takes: far above any journal's size, far below SQLite's limit
_WHOLE_RE = re.compile(r"[+-]?[0-9]+")
READ = "journal.cli.read_commands:"  # plain sqlite3 reads, no ORM
WRITE = "journal.cli.commands:"
NEW = "journal.cli.new_command:"  # adds in plain SQL, no ORM
TRANSFER = "journal.cli.transfer_commands:"


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the journal folder (default: $TRAILBOOK_HOME, else your user data folder)",
    )
    return common


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Trailbook: a learning journal for your path into ML engineering. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument("--home", metavar="DIR", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")  # required: journal.cli.main says so

    def add(name: str, help_text: str, handler: str, **kw: object) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text, **kw)
        p.set_defaults(handler=handler)
        return p

    p = add("new", "add an entry (prints its id)", NEW + "cmd_new")
    p.add_argument("text", nargs="?", metavar="TEXT", help="the entry's markdown text, or - to read standard input")
    p.add_argument("--title", metavar="T", help="the title (default: the first heading or line)")
    p.add_argument("--tag", metavar="AREA", action="append", default=[], help="a skill area (repeatable)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the journal day (default: today)")
    p.add_argument("--private", action="store_true", help="keep it private: never published")
    add_post_options(p)
    _json(p)

    p = add("list", "list entries, newest first", READ + "cmd_list")
    p.add_argument("--tag", metavar="AREA", help="only entries with this skill area")
    p.add_argument("--since", metavar="D", help="from this day (YYYY-MM-DD, inclusive)")
    p.add_argument("--until", metavar="D", help="up to this day (inclusive)")
    p.add_argument(
        "--limit", metavar="N", type=WholeNumber(0), default=50, help="at most N entries (0 = all; default 50)"
    )
    p.add_argument("--trash", action="store_true", help="list the trash instead")
    _json(p)

    p = add("show", "show one entry", READ + "cmd_show")
    p.add_argument("id", metavar="ID", help="the entry's id or a unique prefix of it")
    _json(p)
    p.add_argument("--format", choices=("html", "markdown", "pdf"), help="the entry as a self-contained web page, "
                   "as markdown (with front matter) or as PDF (needs --output)")  # fmt: skip
    p.add_argument("--output", metavar="FILE", help="with --format: write FILE instead of printing (markdown: its "
                   "images are copied into attachments/ beside it)")  # fmt: skip
    p.add_argument("--no-private", action="store_true", help="with --format: leave out the private blocks")
    p.add_argument("--force", action="store_true", help="with --output: replace an existing file")
    p.set_defaults(usage_error=p.error)  # options that do not go together: usage, one line, exit 2

    p = add("edit", "edit an entry's text in $VISUAL/$EDITOR; saves on exit (with --summary, --category, --cover or "
            "--publish-date: sets those instead)", WRITE + "cmd_edit")  # fmt: skip
    p.add_argument("id", metavar="ID")
    add_post_options(p)

    # A word to leave out (-docker, -tag:mlops) looks like an option: search has no short option (no -h, which would
    # take -huggingface for -h uggingface), and what it does not know is a word of the query (journal.cli.main).
    p = add("search", "search entries (words, \"phrases\", prefix*, -word, tag:, -tag:, after:, before:, is:private)",
            READ + "cmd_search", add_help=False)  # fmt: skip
    p.add_argument("--help", action="help", help="show this help message and exit")
    p.add_argument("query", metavar="QUERY", nargs="*")
    p.set_defaults(words_parser=p)
    p.add_argument("--limit", metavar="N", type=WholeNumber(1), default=20, help="at most N results (default 20)")
    _json(p)

    tag = add("tag", "manage skill-area tags", READ + "cmd_tag_list")
    tag_sub = tag.add_subparsers(dest="tag_command", metavar="ACTION")
    t = tag_sub.add_parser("list", parents=[common], help="list skill areas with entry counts")
    t.set_defaults(handler=READ + "cmd_tag_list")
    _json(t)
    _json(tag)
    t = tag_sub.add_parser("add", parents=[common], help="add a skill area")
    t.add_argument("name", metavar="NAME")
    t.add_argument("--colour", "--color", metavar="#RRGGBB")
    t.add_argument("--description", metavar="TEXT", default="")
    t.set_defaults(handler=WRITE + "cmd_tag_add")
    t = tag_sub.add_parser("rename", parents=[common], help="rename a skill area")
    t.add_argument("old", metavar="OLD")
    t.add_argument("new", metavar="NEW")
    t.set_defaults(handler=WRITE + "cmd_tag_rename")
    t = tag_sub.add_parser("merge", parents=[common], help="merge skill areas: trailbook tag merge SOURCE... INTO")
    t.add_argument("names", metavar="NAME", nargs="+", help="one or more sources, then the area to merge into")
    t.set_defaults(handler=WRITE + "cmd_tag_merge")
    t = tag_sub.add_parser("delete", parents=[common], help="delete a skill area (its entries stay)")
    t.add_argument("name", metavar="NAME")
    t.set_defaults(handler=WRITE + "cmd_tag_delete")

    p = add("delete", "move an entry to the trash", WRITE + "cmd_delete")
    p.add_argument("id", metavar="ID")
    p = add("restore", "bring an entry back from the trash", WRITE + "cmd_restore")
    p.add_argument("id", metavar="ID")
    add("empty-trash", "delete the entries in the trash for good", WRITE + "cmd_empty_trash")

    p = add("export", "export the journal with its images: a .json document, a .zip (document and attachments/), "
            "or a folder of markdown files that opens as an Obsidian vault", TRANSFER + "cmd_export")  # fmt: skip
    p.add_argument("path", metavar="PATH")
    p.add_argument("--format", choices=("json", "markdown"), help="default: json for *.json and *.zip, else markdown")
    p.add_argument("--with-history", action="store_true", help="markdown: also write every earlier text (revisions)")
    p.add_argument("--force", action="store_true", help="replace an existing file (or an earlier export's files)")
    p = add("import", "import entries from Trailbook, jrnl, Day One, Obsidian, Notion, Joplin, Hugo, Jekyll or "
            "markdown files (same id = same entry; the newer one wins)", TRANSFER + "cmd_import")  # fmt: skip
    p.add_argument("path", metavar="PATH", help="a file, a folder or an archive; - reads JSON from standard input")
    p.add_argument("--from", dest="tool", choices=TOOL_NAMES, help="the tool that made PATH (default: recognised)")
    p.add_argument("--format", choices=("json", "markdown"), help="json: a Trailbook JSON document; markdown: notes")
    p.add_argument("--dry-run", action="store_true", help="report what would be imported; change nothing")
    p.add_argument("--details", action="store_true", help="list every file with what happened to it")
    _json(p)

    add_backup_commands(sub, common)
    p = add("check", "check the journal file for damage", READ + "cmd_check")
    add_roadmap_commands(sub, common)
    add_publish_commands(sub, common)
    return parser


class WholeNumber:
    """The argparse type of every integer option: a whole number in ``[low, high]``. A negative, zero where it means
    nothing, or a number past what SQLite holds (``--limit 99999999999999999999``) is a usage error naming the option
    and the range, never an ``OverflowError`` from deep inside a query. A test checks every integer option uses it."""

    def __init__(self, low: int, high: int = MAX_NUMBER) -> None:
        self.low, self.high = low, high

    def __call__(self, text: str) -> int:
        clean = text.strip().replace("_", "")
        # Length first: int() of a 5,000-digit string raises (Python's int max str digits), and such a number is
        # out of range anyway.
        if not _WHOLE_RE.fullmatch(clean) or len(clean.lstrip("+-").lstrip("0")) > len(str(self.high)):
            value = None
        else:
            value = int(clean)
        if value is None or not self.low <= value <= self.high:
            shown = text if len(text) <= 30 else text[:27] + "..."
            raise argparse.ArgumentTypeError(f"expected a whole number from {self.low} to {self.high}, got {shown!r}")
        return value

    def __repr__(self) -> str:
        return f"WholeNumber({self.low}, {self.high})"
