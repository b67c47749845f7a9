"""Child process of the start-up tests: runs the command line, then writes the names of the top-level packages it
loaded, one a line, to the file named by ``$TRAILBOOK_MODULES_OUT``.

    modules_at_exit.py ARGS...     (the same ARGS as ``trailbook ARGS...``)
"""

from __future__ import annotations

import atexit
import os
import sys


def _report() -> None:
    with open(os.environ["TRAILBOOK_MODULES_OUT"], "w", encoding="utf-8") as out:
        out.write("\n".join(sorted({name.partition(".")[0] for name in sys.modules})))


if __name__ == "__main__":
    atexit.register(_report)  # after the command's own exit, so whatever it imported on the way out counts too
    from journal.cli import main

    sys.exit(main(sys.argv[1:]))
