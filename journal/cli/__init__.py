"""The ``trailbook`` command: with no sub-command it opens the desktop app; with one it runs the command line.

A thin layer over the core services. Exit codes: 0 success, 1 a user's mistake or a refusal (one line on stderr),
2 a usage error. Never a traceback for a user's mistake.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from journal.errors import TrailbookError

if TYPE_CHECKING:  # the desktop app's start passes through this module (wants_desktop): it imports only what it needs
    import argparse
    from collections.abc import Callable

    Handler = Callable[[argparse.Namespace], int | None]

PROG = "trailbook"


def _launch_desktop(argv: Sequence[str]) -> int:
    """Start the desktop app registered under the ``trailbook.gui`` entry point (the core never imports ``ui``)."""
    from importlib.metadata import entry_points

    found = list(entry_points(group="trailbook.gui"))
    if not found:
        print(
            f"{PROG}: error: the desktop app is not installed; use a sub-command (see {PROG} --help)", file=sys.stderr
        )
        return 1
    return int(found[0].load()(list(argv)) or 0)


def wants_desktop(argv: Sequence[str]) -> bool:
    """No sub-command given: nothing on the line but ``--home DIR`` (and Qt's own flags, such as ``-reverse``). An
    unknown ``--option`` is the command line's (its usage error: a typo never opens the window)."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--home":
            if rest:
                rest.pop(0)
            continue
        if arg.startswith("--home=") or (arg.startswith("-") and not arg.startswith("--") and arg not in ("-h", "-")):
            continue
        return False
    return True


def _take_unknown(args: argparse.Namespace, unknown: list[str], parser: argparse.ArgumentParser) -> None:
    """What argparse did not know. With no command: a usage error naming it. For ``search`` (``words_parser``): the
    query's words that look like options (``-docker``, ``-tag:mlops``: words to leave out) and those after them;
    ``-h`` asks for its help. Anything else, and an unknown ``--option`` anywhere, is the usage error argparse
    gives."""
    if getattr(args, "command", None) is None:  # (after what it did not know: a typo is named, not "COMMAND")
        parser.error(f"unrecognized arguments: {' '.join(unknown)}" if unknown else "a COMMAND is needed (see --help)")
    words = getattr(args, "words_parser", None)
    if words is not None:
        if "-h" in unknown:
            words.print_help()
            raise SystemExit(0)
        options = [a for a in unknown if a.startswith("--") and a != "--"]
        if options:
            words.error(f"unrecognized arguments: {' '.join(options)}")
        args.query = [*args.query, *unknown]
        if not args.query:
            words.error("the following arguments are required: QUERY")
    elif unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")


def resolve_handler(handler: str | Handler) -> Handler:
    """The function a parser names as ``"module:function"``, imported now: a command loads only its own handler's
    module (journal.cli.parser)."""
    from importlib import import_module

    if callable(handler):
        return handler
    module, _, name = handler.partition(":")
    found: Handler = getattr(import_module(module), name)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if wants_desktop(args_list):
        return _launch_desktop(args_list)
    from journal.cli.parser import build_parser

    parser = build_parser()
    args, unknown = parser.parse_known_args(args_list)
    _take_unknown(args, unknown, parser)
    try:
        code = int(resolve_handler(args.handler)(args) or 0)
        sys.stdout.flush()  # a reader that went away is met here, not in the interpreter's last flush (exit 120)
        return code
    except TrailbookError as exc:
        print(f"{PROG}: error: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); stop quietly, as other Unix tools do. What is still buffered goes to
        # /dev/null, so the interpreter's own flush at exit does not fail again (Python's documented recipe).
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0
