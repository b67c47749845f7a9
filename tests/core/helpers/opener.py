"""Child process of the reliability tests: opens (creating) fresh journals in lock-step with a twin process.

opener.py PREFIX N     for i in 0..N-1: wait for a line on stdin, open PREFIX-i (creating it), add one entry,
                       print "ok i" or "error i TYPE: MESSAGE"
"""

from __future__ import annotations

import sys


def main() -> None:
    prefix, rounds = sys.argv[1], int(sys.argv[2])

    from journal.db import open_journal
    from journal.entries import create_entry

    print("ready", flush=True)
    for i in range(rounds):
        sys.stdin.readline()
        try:
            with open_journal(f"{prefix}-{i}") as journal:
                create_entry(journal, f"created in round {i}")
            print(f"ok {i}", flush=True)
        except Exception as exc:  # reported to the test, which fails on it
            print(f"error {i} {type(exc).__name__}: {exc}".replace("\n", " "), flush=True)


if __name__ == "__main__":
    main()
