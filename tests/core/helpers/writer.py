"""Child process of the reliability tests: writes entries through the core and acknowledges each one on stdout.

    writer.py HOME ROUND [COUNT]      creates entries forever (or COUNT of them), printing "ID INDEX" after each
                                      create_entry call has returned, i.e. after the commit

It prints "ready" once its imports are done and, when started with --wait, then waits for a line on stdin before it
opens the journal (a start barrier: concurrent writers open, or create, the journal at the same moment). Bodies are a
function of (round, index), so the parent can check them exactly.
"""

from __future__ import annotations

import sys


def body_for(round_no: int, index: int) -> str:
    """The exact text of entry ``index`` of writer ``round_no``: unicode, CRLF, and a size that varies."""
    return (
        f"# Round {round_no}, entry {index}\r\n\r\nnaïve café 👩\u200d💻 " + "lorem ipsum dolor " * (index % 97) + "\n"
    )


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--wait"]
    home, round_no = args[0], int(args[1])
    count = int(args[2]) if len(args) > 2 else None

    from journal.db import open_journal
    from journal.entries import create_entry

    print("ready", flush=True)
    if "--wait" in sys.argv:
        sys.stdin.readline()
    journal = open_journal(home)
    index = 0
    while count is None or index < count:
        entry = create_entry(journal, body_for(round_no, index), tags=[f"round-{round_no % 3}"])
        print(f"{entry.id} {index}", flush=True)
        index += 1
    journal.close()
    print("done", flush=True)


if __name__ == "__main__":
    main()
