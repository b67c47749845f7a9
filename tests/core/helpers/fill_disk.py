"""Child process of the reliability tests: saves until the file-size limit (RLIMIT_FSIZE) makes a write fail.

    fill_disk.py HOME

With SIGXFSZ ignored, a write past the limit fails with EFBIG, which SQLite reports as an I/O error. Prints one JSON
object: the ids saved before the limit, the error the failed save raised, whether earlier entries still read back,
and the id of a save made after the limit was lifted.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
from pathlib import Path


def main() -> None:
    home = Path(sys.argv[1])

    from journal.db import open_journal
    from journal.entries import create_entry, get_entry
    from journal.errors import TrailbookError

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    journal = open_journal(home, create=False)
    acked = [create_entry(journal, f"before the limit {i}").id for i in range(3)]
    biggest = max(p.stat().st_size for p in home.iterdir() if p.name.startswith("journal.db"))
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (biggest + 200_000, hard))
    error: dict[str, str] = {}
    for i in range(200):
        try:
            acked.append(create_entry(journal, f"big {i} " + "x" * 60_000).id)
        except TrailbookError as exc:
            error = {"type": type(exc).__name__, "message": exc.message, "attempt": str(i)}
            break
        except Exception as exc:  # reported to the test, which fails on it
            error = {"type": type(exc).__name__, "message": str(exc), "attempt": str(i)}
            break
    readable = all(get_entry(journal, entry_id).id == entry_id for entry_id in acked)
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    after = create_entry(journal, "after the limit was lifted").id
    journal.close()
    print(json.dumps({"acked": acked, "error": error, "readable": readable, "after": after}))


if __name__ == "__main__":
    main()
