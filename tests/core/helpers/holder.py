"""Child process of the reliability tests: holds a journal open the way the desktop app does, inside a transaction.

    holder.py HOME read     opens a read transaction (a snapshot) and keeps it open
    holder.py HOME write    takes the write lock (BEGIN IMMEDIATE) and keeps it

It prints "holding N" (the entry count it sees) once the transaction is active, then waits for a line on stdin; it then
prints "still N" (what the same transaction sees now), ends the transaction, prints "after N" and exits.
"""

from __future__ import annotations

import sys


def main() -> None:
    home, mode = sys.argv[1], sys.argv[2]

    from journal.db import open_journal

    journal = open_journal(home, create=False)
    con = journal.raw()
    con.execute("BEGIN IMMEDIATE" if mode == "write" else "BEGIN")
    count = con.execute("SELECT count(*) FROM entries").fetchone()[0]
    print(f"holding {count}", flush=True)
    sys.stdin.readline()
    print(f"still {con.execute('SELECT count(*) FROM entries').fetchone()[0]}", flush=True)
    con.execute("COMMIT")
    print(f"after {con.execute('SELECT count(*) FROM entries').fetchone()[0]}", flush=True)
    con.close()
    journal.close()


if __name__ == "__main__":
    main()
