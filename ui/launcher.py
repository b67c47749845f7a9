"""The ``trailbook`` command: the desktop app with no sub-command, else the command line.

It lives in ``ui`` (which may import the core) so the app starts without searching the installed packages for its
entry point; ``python -m journal`` keeps the core's own route (``journal.cli``), which finds the app that way.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # The cycle collector is off while the window starts (ui.app.main says why, and turns it back on at the window's
    # first event-loop turn); the command line has it back at once.
    gc.disable()
    try:
        from journal.cli import main as command_line
        from journal.cli import wants_desktop

        args = list(sys.argv[1:] if argv is None else argv)
        if wants_desktop(args):
            from ui.app import main as desktop

            return desktop(args)
    finally:
        gc.enable()
    return command_line(args)


if __name__ == "__main__":
    sys.exit(main())
